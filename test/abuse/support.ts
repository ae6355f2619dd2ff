/** A production-mode server process for the abuse tests, and what they measure of it. */
import fs from 'node:fs';
import http from 'node:http';
import { ADMIN_KEY } from '../api/harness';
import { removeDataDir, ServerProcess, spawnServer, tempDataDir } from '../api/process';

export interface AbuseServer extends ServerProcess {
  base: string;
  stop(): Promise<void>;
}

export async function startProductionServer(env: Record<string, string> = {}): Promise<AbuseServer> {
  const dataDir = tempDataDir('flopscope-abuse-');
  const server = await spawnServer({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    FLOPSCOPE_DATA_DIR: dataDir,
    FLOPSCOPE_ADMIN_KEY: ADMIN_KEY,
    DATABASE_URL: '',
    ...env,
  });
  return {
    ...server,
    base: server.url.replace('/graphql', ''),
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      removeDataDir(dataDir);
    },
  };
}

/** The process's resident set, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** One POST of `body` (a string, sent as is), with a fresh connection; resolves with the status and the answer. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
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
