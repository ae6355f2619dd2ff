import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');
/** What `npm start` runs: the build of what is missing, then MAIN in the same process. */
export const START = path.join(__dirname, '..', '..', 'scripts', 'start.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * `node dist/src/main.js` (or `entry`, e.g. START) as a real process, on a free port; resolves
 * once it logs that it is serving.
 */
export function spawnServer(env: Record<string, string>, timeoutMs = 60000, entry = MAIN): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)".*"msg":"flopscope is serving"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${out}`));
    });
  });
}

/** Where the embedded PostgreSQL keeps a data dir's cluster (elsewhere when the postgres user cannot reach it). */
export function clusterRoot(dataDir: string): string {
  const loc = path.join(dataDir, 'postgres-location.txt');
  return fs.existsSync(loc) ? fs.readFileSync(loc, 'utf8').trim() : dataDir;
}

/**
 * A fresh data directory for a test. By default readable by the `postgres` OS user (mode 755),
 * so the embedded cluster lives inside it; `{ private: true }` keeps mkdtemp's 700, which sends
 * the cluster to the root-only fallback location (the case of a checkout under /root).
 */
export function tempDataDir(prefix: string, opts: { private?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!opts.private) fs.chmodSync(dir, 0o755);
  return dir;
}

/** Removes a test's data directory and its cluster wherever it lives. Call once its servers have stopped. */
export function removeDataDir(dir: string): void {
  const root = clusterRoot(dir);
  if (root !== dir) fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
