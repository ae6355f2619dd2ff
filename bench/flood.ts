/**
 * A flood, as an entry of its own (run by lib/child.ts; the health step's): `clients` closed-loop
 * keep-alive connections POSTing one request for `seconds`. At the end each client waits for the
 * answer it is owed and then stops, as a well-behaved client does: none leaves a request behind
 * (autocannon's closing of its connections at the end would). Answers are not read, only counted
 * by status.
 */
import http from 'node:http';
import { childMain } from './lib/child';
import type { Shape } from './lib/load';
import { now, quantile, round } from './lib/stats';

export interface FloodConfig {
  base: string;
  shape: Shape;
  clients: number;
  seconds: number;
}

export interface FloodResult {
  requests: number;
  statuses: Record<string, number>;
  /** Answers other than 200, and socket errors. */
  failed: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

childMain<FloodConfig, FloodResult>(async (c, stopped, begun) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c.clients });
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(c.shape.body)), ...c.shape.headers };
  const statuses: Record<string, number> = {};
  const ms: number[] = [];
  let stop = false;
  void stopped.then(() => (stop = true));
  const t0 = now();
  const end = t0 + c.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = now();
      const req = http.request(`${c.base}/graphql`, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          ms.push(now() - t);
          resolve();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        statuses[`error ${e.code ?? e.message}`] = (statuses[`error ${e.code ?? e.message}`] ?? 0) + 1;
        resolve();
      });
      req.end(c.shape.body);
    });
  const client = async () => {
    while (!stop && now() < end) await one();
  };
  const running = Promise.all(Array.from({ length: c.clients }, client));
  begun();
  await running;
  agent.destroy();
  const requests = Object.values(statuses).reduce((n, x) => n + x, 0);
  return {
    requests,
    statuses,
    failed: requests - (statuses['200'] ?? 0),
    p50Ms: round(quantile(ms, 0.5)),
    p99Ms: round(quantile(ms, 0.99)),
    seconds: round((now() - t0) / 1000),
  };
});
