/**
 * /healthz probes, as a load balancer or the kubelet sends them: one GET on a fresh connection at
 * a time, every `everyMs`, each timed from the connect to the end of the answer. A probe fails when
 * it gets no 200 within `timeoutMs`. With `keepAlive`, the probes share one kept-alive connection
 * instead: what the event loop answers, whatever new connections wait for.
 */
import http from 'node:http';
import { now, quantile, round, sleep } from './stats';

export interface ProbeSample {
  /** ms since t0 (by default, since the probing began), when the probe was sent. */
  at: number;
  ms: number;
  ok: boolean;
}

export interface Prober {
  samples: ProbeSample[];
  /** Stops probing; resolves once the probe in flight has answered. */
  stop(): Promise<ProbeSample[]>;
}

/** One probe: ms to a 200 from /healthz (on a fresh connection unless `agent` is given), or the reason it failed. */
export function probeOnce(base: string, timeoutMs: number, agent: http.Agent | false = false): Promise<{ ms: number; ok: boolean; error?: string }> {
  const t0 = now();
  return new Promise((resolve) => {
    const req = http.get(`${base}/healthz`, { agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: now() - t0, ok: res.statusCode === 200, ...(res.statusCode === 200 ? {} : { error: `status ${res.statusCode}` }) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ ms: now() - t0, ok: false, error: e.message }));
  });
}

/** Probes until stopped; `t0`: what a sample's `at` counts from (default now). */
export function probe(
  base: string,
  everyMs: number,
  opts: { timeoutMs?: number; keepAlive?: boolean; t0?: number; onFailure?: (error: string) => void } = {},
): Prober {
  const { timeoutMs = 10_000, onFailure, t0 = now() } = opts;
  const agent = opts.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const samples: ProbeSample[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const at = now() - t0;
      const r = await probeOnce(base, timeoutMs, agent);
      samples.push({ at, ms: r.ms, ok: r.ok });
      if (!r.ok) onFailure?.(r.error ?? 'failed');
      if (!stopping) await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      stopping = true;
      await loop;
      if (agent) agent.destroy();
      return samples;
    },
  };
}

/** p50, p99 and max of the probes that answered, and how many failed. */
export function probeSummary(samples: ProbeSample[]) {
  const ms = samples.filter((s) => s.ok).map((s) => s.ms);
  return {
    probes: samples.length,
    failed: samples.length - ms.length,
    p50Ms: round(quantile(ms, 0.5)),
    p99Ms: round(quantile(ms, 0.99)),
    maxMs: round(ms.length ? Math.max(...ms) : NaN),
  };
}
