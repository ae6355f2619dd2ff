/** Small numeric and timing helpers shared by the bench's targets. */
import fs from 'node:fs';
import net from 'node:net';

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

export const median = (xs: number[]) => quantile(xs, 0.5);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `digits` significant digits, as a number (for the results file). */
export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
/** Milliseconds, monotonic. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
/** 12,345 (thousands separated), for the table. */
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x));
/** 3 significant digits with separators, for the table: 0.281, 24.6, 1,840. */
export const fig = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? int(x) : String(round(x, 3))) : String(x));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/**
 * CPU seconds (user + system) used so far by process `pid` and every process below it (the server's
 * embedded PostgreSQL runs as its children), from /proc (Linux); NaN elsewhere. Processes that have
 * ended are not counted: read it at phase boundaries, not across a restart.
 */
export function treeCpuSeconds(pid: number): number {
  if (process.platform !== 'linux') return NaN;
  const TICKS = 100; // USER_HZ, fixed at 100 on Linux for /proc/<pid>/stat
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The fields after the command name, which is in parentheses and may itself hold spaces.
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // it ended meanwhile
    }
  }
  let ticks = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    ticks += stats.get(p)?.ticks ?? 0;
    for (const [child, st] of stats) if (st.ppid === p) stack.push(child);
  }
  return ticks / TICKS;
}
