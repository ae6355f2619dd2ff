/**
 * What every step runs against: the real server on a fresh temp data dir, its PostgreSQL, two
 * public libraries of 1,000 and 100,000 scenarios (and 50 soft-deleted in each) written straight
 * into PostgreSQL (test/support/seed.ts), a library for the soak's writes, and the free-execution
 * server (started when a step first asks for it). cleanup() undoes all of it, whatever failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { seedScenarios } from '../../test/support/seed';
import { FreeExecution } from './free-execution';
import { check } from './load';
import type { Durations } from './options';
import { clusterOf, Cluster, isRunning, pgUrl, runningPgPort, runPgCtl } from './postgres';
import { AS_ADMIN, Q } from './queries';
import { Server, spawnServer, stopGroup, stopServer, waitReady } from './server';
import { freePort, log, now } from './stats';

export const SMALL_LIBRARY = 1_000;
export const DELETED_PER_LIBRARY = 50;

export interface Setup {
  dataDir: string;
  /** The real server; a step may replace it (memory restarts it, start stops it). */
  server: Server;
  cluster: Cluster;
  databaseUrl: string;
  small: string;
  big: string;
  soak: string;
  free: FreeExecution;
  /** A detached `npm start` running now, if any (stopped by cleanup). */
  npmStarted: Server | null;
}

/** What a step gets. */
export interface Context {
  s: Setup;
  p: Durations;
}

async function createLibrary(base: string, name: string): Promise<string> {
  return (await check(base, { body: Q.createLibrary(name), headers: AS_ADMIN })).createLibrary.id;
}

/** The server on a fresh data dir, its libraries created, and seeded when `seed`. */
export async function setup(p: Durations, seed: boolean, onReady: (s: Setup) => void): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-bench-'));
  fs.chmodSync(dataDir, 0o755); // so that, as root, the postgres user can keep its cluster here
  log(`starting the server on a fresh data dir ${dataDir} (initdb, migrations, presets)`);
  const server = spawnServer(dataDir, await freePort());
  // Known to cleanup() from here on, even if the start fails.
  const partial = { dataDir, server, npmStarted: null } as unknown as Setup;
  onReady(partial);
  const ms = await waitReady(server, now());
  log(`ready in ${Math.round(ms)} ms (first start)`);
  const cluster = clusterOf(dataDir);
  const databaseUrl = pgUrl(cluster, runningPgPort(cluster));
  const s: Setup = Object.assign(partial, {
    cluster,
    databaseUrl,
    small: await createLibrary(server.base, `bench ${SMALL_LIBRARY}`),
    big: await createLibrary(server.base, `bench ${p.bigLibrary}`),
    soak: await createLibrary(server.base, 'bench soak'),
    free: new FreeExecution(dataDir, databaseUrl),
  });
  if (!seed) {
    log('no library is seeded: the selected steps do not read them');
    return s;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t = now();
    // The big library first, so the small one's rows are the newer ones in the shared table.
    // Each library also holds soft-deleted scenarios, spread through it (restorable, listed by deletedScenarios).
    await seedScenarios(client, { libraryId: s.big, count: p.bigLibrary, deleted: DELETED_PER_LIBRARY, baseMs: Date.now() - 10 * 86_400_000 });
    await seedScenarios(client, { libraryId: s.small, count: SMALL_LIBRARY, deleted: DELETED_PER_LIBRARY, baseMs: Date.now() - 86_400_000 });
    log(`seeded ${p.bigLibrary + SMALL_LIBRARY + 2 * DELETED_PER_LIBRARY} scenarios (and their revisions) in ${Math.round(now() - t)} ms`);
    await client.query('VACUUM ANALYZE scenarios');
  } finally {
    await client.end();
  }
  return s;
}

/** Stops what the bench started and removes the data dir (unless `keep`). */
export async function cleanup(s: Setup | null, keep: boolean): Promise<void> {
  if (!s) return;
  if (s.npmStarted) await stopGroup(s.npmStarted).catch(() => undefined);
  await s.free?.stop().catch(() => undefined);
  await stopServer(s.server).catch(() => undefined);
  if (keep) {
    log(`kept the data dir ${s.dataDir}`);
    return;
  }
  let cluster: Cluster | null = s.cluster ?? null;
  try {
    cluster ??= clusterOf(s.dataDir);
  } catch {
    // the server never got as far as a cluster
  }
  // A PostgreSQL left running by an interrupted step would hold the cluster: stop it first.
  try {
    if (cluster && isRunning(cluster)) runPgCtl(['stop', '-D', cluster.dir, '-m', 'immediate', '-w']);
  } catch {
    // not running
  }
  if (cluster && cluster.root !== s.dataDir) fs.rmSync(cluster.root, { recursive: true, force: true });
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}
