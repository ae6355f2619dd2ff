/**
 * The background rebuild of scenario summaries (src/services/summary.ts), as jobs of graphile-worker,
 * a job queue kept in PostgreSQL itself: every API process runs a worker, they share the jobs (each
 * job is taken by one of them, SKIP LOCKED), and a job a crash interrupted is retried by whichever
 * worker is left. Three tasks:
 *
 * - `summaries_plan` (queued by every process at start, once per stamp): finds the live scenarios
 *   whose summary another core (or none) computed, and queues one `summaries_batch` per 1,000.
 * - `summaries_batch` {from, stamp}: rebuilds the next 1,000 such rows from `from` on.
 * - `summaries_hardware` {libraryId, key, after}: queued in the transaction that changes a library's
 *   accelerator; rebuilds its scenarios that run on that key, 1,000 a job, each job queueing the next.
 *
 * A job estimates its rows in a worker thread of its own (piscina, one thread, at the sweeps' lower
 * CPU priority, gone after 30 s idle), so the GraphQL thread only reads and writes them; should that
 * thread fail to start, 100 rows at a time in the GraphQL thread with a yield between. It writes
 * them under the library's write lock (shared): a hardware change waits for it and queues its own
 * rebuild after it. While a rebuild runs, a row keeps its old summary and sorts by it.
 */
import path from 'node:path';
import { Logger, run, Runner, Task } from 'graphile-worker';
import { Piscina } from 'piscina';
import { COMPUTE_HEAP_MB, heapLimits } from '../compute/heap';
import { PROJECT_ROOT } from '../paths';
import type { SummaryColumns } from '../store/scenario.store';
import type { Logger as AppLogger } from '../logger';
import type { Db } from '../store/client';
import { lockLibraryWrites } from '../store/library.store';
import { inputsOnHardware } from '../store/scenario.store';
import { queueStaleBatches, staleScenarios, SummarySource, writeSummaries } from '../store/summary.store';
import { CoreContext, DEFAULT_HARDWARE_KEY, ScenarioSpec } from '../core';
import { contextOf } from './hardware.service';
import { specOf } from './scenario.input';
import { SUMMARY_STAMP, summaryColumns, summaryOf } from './summary';

/** Scenarios per job. */
export const SUMMARY_BATCH = 1_000;
/** Estimates between two yields of the thread. */
const CHUNK = 100;

const yieldThread = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The compiled worker (as the compute pool's: JavaScript, also under ts-jest). */
const WORKER = path.join(PROJECT_ROOT, 'dist', 'src', 'compute', 'sweep.worker.js');

type Summarise = (specs: ScenarioSpec[], ctx: CoreContext) => Promise<SummaryColumns[]>;

/** In the GraphQL thread, a chunk at a time. */
const inline: Summarise = async (specs, ctx) => {
  const out: SummaryColumns[] = [];
  for (let i = 0; i < specs.length; i++) {
    if (i > 0 && i % CHUNK === 0) await yieldThread();
    out.push(summaryColumns(summaryOf(specs[i], ctx)));
  }
  return out;
};

/** Rebuilds the summaries of `rows` (any libraries), each library's under its write lock; returns how many were written. */
async function rebuild(db: Db, rows: SummarySource[], summarise: Summarise): Promise<number> {
  const byLibrary = new Map<string, SummarySource[]>();
  for (const r of rows) byLibrary.set(r.libraryId, [...(byLibrary.get(r.libraryId) ?? []), r]);
  let written = 0;
  for (const [libraryId, of] of byLibrary) {
    written += await db.$transaction(
      async (tx) => {
        await lockLibraryWrites(tx, libraryId, 'shared');
        const ctx: CoreContext = await contextOf(tx, libraryId);
        const summaries = await summarise(
          of.map((r) => specOf({ name: r.name, description: null, input: r.input })),
          ctx,
        );
        return writeSummaries(
          tx,
          of.map((r, i) => ({ id: r.id, version: r.version, summary: summaries[i] })),
        );
      },
      { timeout: 60_000 },
    );
  }
  return written;
}

function tasks(db: Db, log: AppLogger, summarise: Summarise): Record<string, Task> {
  return {
    summaries_plan: async (payload) => {
      const { stamp } = payload as { stamp: string };
      const jobs = await queueStaleBatches(db, stamp, SUMMARY_BATCH);
      if (jobs > 0) log.info({ stamp, jobs }, 'scenario summaries: rebuilding those of another version');
    },
    summaries_batch: async (payload) => {
      const { from, stamp } = payload as { from: string; stamp: string };
      // A job of an older stamp (queued before an upgrade) has nothing left to do: the new plan covers it.
      if (stamp !== SUMMARY_STAMP) return;
      await rebuild(db, await staleScenarios(db, stamp, from, SUMMARY_BATCH), summarise);
    },
    summaries_hardware: async (payload, helpers) => {
      const { libraryId, key, after = null } = payload as { libraryId: string; key: string; after?: string | null };
      const page = await inputsOnHardware(db, { libraryId, key, orUnset: key === DEFAULT_HARDWARE_KEY, revisions: false }, after, SUMMARY_BATCH);
      const ids = page.map((r) => r.id);
      const live =
        ids.length > 0
          ? await db.scenario.findMany({
              where: { id: { in: ids }, deletedAt: null },
              select: { id: true, libraryId: true, version: true, name: true, input: true },
            })
          : [];
      await rebuild(db, live, summarise);
      if (page.length === SUMMARY_BATCH) {
        await helpers.addJob('summaries_hardware', { libraryId, key, after: page[page.length - 1].id }, { queueName: `summaries:${libraryId}` });
      }
    },
  };
}

export interface SummaryQueue {
  stop(): Promise<void>;
}

/**
 * Starts this process's worker (its own small pool of connections, LISTEN for new jobs) and queues
 * the plan of the current stamp. `concurrency` jobs at once (1: the rebuild is background work).
 */
export async function startSummaryQueue(
  db: Db,
  databaseUrl: string,
  log: AppLogger,
  opts: { concurrency?: number; pollInterval?: number; heapMb?: number } = {},
): Promise<SummaryQueue> {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error') log.error({ queue: 'summaries' }, message);
    else if (level === 'warning') log.warn({ queue: 'summaries' }, message);
  });
  const pool = new Piscina({ filename: WORKER, minThreads: 0, maxThreads: 1, idleTimeout: 30_000, resourceLimits: heapLimits(opts.heapMb ?? COMPUTE_HEAP_MB) });
  let pooled = true;
  const summarise: Summarise = async (specs, ctx) => {
    if (pooled) {
      try {
        return (await pool.run({ specs, ctx, stamp: SUMMARY_STAMP }, { name: 'summaryTask' })) as SummaryColumns[];
      } catch (e) {
        pooled = false;
        log.warn({ err: e }, 'scenario summaries: the worker thread failed; computing them in the GraphQL thread, a chunk at a time');
      }
    }
    return inline(specs, ctx);
  };
  const runner: Runner = await run({
    connectionString: databaseUrl,
    maxPoolSize: 2,
    concurrency: opts.concurrency ?? 1,
    pollInterval: opts.pollInterval ?? 2_000,
    noHandleSignals: true,
    logger,
    taskList: tasks(db, log, summarise),
  });
  await runner.addJob('summaries_plan', { stamp: SUMMARY_STAMP }, { jobKey: `summaries_plan:${SUMMARY_STAMP}` });
  return {
    async stop() {
      await runner.stop();
      await pool.close({ force: true });
    },
  };
}
