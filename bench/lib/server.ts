/**
 * The server as a process: `node dist/src/main.js` as the Docker image runs it (NODE_ENV=production,
 * no node flags), or `npm start`; their output, readiness, stopping, and memory.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { ADMIN_KEY } from './queries';
import { now, sleep } from './stats';

export const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');

export interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

export function serverEnv(dataDir: string, port: number, logLevel = 'info'): NodeJS.ProcessEnv {
  // NODE_ENV=production, as the Docker image: graphql-js and friends skip their development checks.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    FLOPSCOPE_DATA_DIR: dataDir,
    FLOPSCOPE_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: logLevel,
  };
  delete env.DATABASE_URL; // the embedded PostgreSQL, unless a caller says otherwise
  delete env.FLOPSCOPE_PG_PORT;
  delete env.NODE_OPTIONS; // whatever runs the bench, the server runs with no node flags
  return env;
}

/** `node [--require <preload>] <entry>` (the server's, by default) with the server's environment. */
export function spawnServer(
  dataDir: string,
  port: number,
  opts: { logLevel?: string; entry?: string; preload?: string; env?: NodeJS.ProcessEnv } = {},
): Server {
  const env = { ...serverEnv(dataDir, port, opts.logLevel), ...opts.env };
  const args = [...(opts.preload ? ['--require', opts.preload] : []), opts.entry ?? MAIN];
  return watch(spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }), port);
}

/** `npm <args>` with the npm running the bench (npm_execpath is set when the bench runs under npm). */
export function npmCommand(...args: string[]): [string, string[]] {
  const npm = process.env.npm_execpath;
  return npm && npm.endsWith('.js') ? [process.execPath, [npm, ...args]] : ['npm', args];
}

/** `npm start` in the project, in a process group of its own (npm, its shell, the server): stop it with stopGroup(). */
export function spawnNpmStart(dataDir: string, port: number): Server {
  const [cmd, args] = npmCommand('start');
  return watch(spawn(cmd, args, { cwd: PROJECT_ROOT, env: serverEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'], detached: true }), port);
}

/**
 * A server's output: its start and its latest lines. The server logs every request at info
 * level (~200 bytes each), which over a full run (millions of requests) would otherwise pile up
 * in this process.
 */
const OUTPUT_HEAD = 1 << 20;
const OUTPUT_TAIL = 1 << 18;

function watch(child: ChildProcess, port: number): Server {
  let head = '';
  let tail = '';
  let dropped = 0;
  const keep = (d: Buffer) => {
    const text = d.toString();
    if (head.length < OUTPUT_HEAD) head += text;
    else {
      tail += text;
      if (tail.length > 2 * OUTPUT_TAIL) {
        dropped += tail.length - OUTPUT_TAIL;
        tail = tail.slice(-OUTPUT_TAIL);
      }
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => (dropped ? `${head}\n[… ${dropped} characters of output left out …]\n${tail}` : head + tail);
  return { child, base: `http://127.0.0.1:${port}`, output, exited };
}

/** Polls /readyz until it answers 200; returns the milliseconds since `t0`. */
export async function waitReady(server: Server, t0: number, timeoutMs = 120_000): Promise<number> {
  let exited = false;
  server.exited.then(() => void (exited = true));
  while (now() - t0 < timeoutMs) {
    if (exited) throw new Error(`the server exited before it was ready:\n${server.output().slice(-4000)}`);
    try {
      const res = await fetch(`${server.base}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) return now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`the server was not ready in ${timeoutMs} ms:\n${server.output().slice(-4000)}`);
}

/** SIGTERM (the server's graceful stop), SIGKILL after 60 s. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 60_000);
  await server.exited;
  clearTimeout(timer);
}

/**
 * Stops everything a detached spawn started (SIGTERM to its process group, as Ctrl-C would) and
 * waits until all of it has exited: SIGKILL after 60 s, an error after 10 s more.
 */
export async function stopGroup(server: Server): Promise<void> {
  const group = server.child.pid!;
  const signal = (sig: NodeJS.Signals | 0) => {
    try {
      process.kill(-group, sig);
      return true;
    } catch {
      return false; // ESRCH: nothing left in the group
    }
  };
  signal('SIGTERM');
  const killAt = now() + 60_000;
  let killed = false;
  while (signal(0)) {
    if (!killed && now() > killAt) {
      signal('SIGKILL');
      killed = true;
    }
    if (killed && now() > killAt + 10_000) throw new Error(`process group ${group} did not exit after SIGKILL`);
    await sleep(20);
  }
}

/** Resident set size of a process, from /proc/<pid>/status (VmRSS), in bytes. */
export function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * The kernel's count of connections dropped because a listen queue was full (TcpExt
 * ListenOverflows, /proc/net/netstat): machine-wide, NaN where it cannot be read.
 */
export function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = lines[i].split(/\s+/);
    const values = lines[i + 1].split(/\s+/);
    return Number(values[names.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}
