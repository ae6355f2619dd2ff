/** A production-mode server process for the abuse tests, and what they measure of it. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';
import { ADMIN_KEY } from '../api/harness';
import { removeDataDir, ServerProcess, spawnServer, tempDataDir } from '../api/process';

export interface AbuseServer extends ServerProcess {
  base: string;
  /** The server's PostgreSQL, for seeding straight into it. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** `node dist/src/main.js` in production mode, as a process of its own, on a fresh embedded PostgreSQL this test starts. */
export async function startProductionServer(env: Record<string, string> = {}): Promise<AbuseServer> {
  const dataDir = tempDataDir('flopscope-abuse-');
  const pg = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  const server = await spawnServer({ NODE_ENV: 'production', LOG_LEVEL: 'info', FLOPSCOPE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: pg.url, ...env });
  return {
    ...server,
    base: server.url.replace('/graphql', ''),
    databaseUrl: pg.url,
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      await pg.stop();
      removeDataDir(dataDir);
    },
  };
}

/** The process's resident set, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** CPU seconds the process has used, user and system (Linux: /proc/<pid>/stat, in clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One POST of `body` (a string, sent as is), with a fresh connection; resolves with the status and the answer. */
export function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  from?: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `task(i)` for i < n with `concurrency` at a time. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

/** /healthz latencies (ms), one probe every `everyMs` until `until` resolves. */
export async function probeHealth(base: string, until: Promise<unknown>, everyMs = 50): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const t = performance.now();
    await fetch(`${base}/healthz`);
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return times;
}

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `clients` closed-loop clients POSTing `body` to `url` for `seconds`, in a process of their own (as
 * real clients are: the probe's timings must not include the load generator's work). Resolves with
 * the number of answers by status.
 */
export function flood(url: string, body: string, clients: number, seconds: number): Promise<Record<string, number>> {
  const script = `
    const http = require('node:http');
    const [url, body, clients, seconds] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const statuses = {};
    const end = Date.now() + seconds * 1000;
    const one = () => new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => { statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1; resolve(); });
      });
      req.on('error', () => { statuses.error = (statuses.error || 0) + 1; resolve(); });
      req.end(body);
    });
    const client = async () => { while (Date.now() < end) await one(); };
    Promise.all(Array.from({ length: clients }, client)).then(() => { process.stdout.write(JSON.stringify(statuses)); process.exit(0); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, url, body, String(clients), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood exited with ${code}`))));
  });
}
