import { Prisma } from '../generated/prisma/client';
import type { Client } from './client';
import type { SummaryColumns } from './scenario.store';

/** A live scenario as a rebuild reads it: enough to estimate it and to write its summary only if it is still that version. */
export interface SummarySource {
  id: string;
  libraryId: string;
  version: number;
  name: string;
  input: Prisma.JsonValue;
}

/** The job queue's schema (graphile-worker's own tables and functions: src/services/summary.queue.ts starts it). */
export const QUEUE_SCHEMA = 'graphile_worker';

/**
 * Queues the rebuild of a library's summaries of scenarios that run on the accelerator `key`, in
 * the caller's transaction: it is queued exactly when the change that needs it commits. One queue
 * per library, so its rebuilds run one after another in the order of its changes.
 */
export async function queueHardwareRebuild(tx: Client, libraryId: string, key: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM graphile_worker.add_job('summaries_hardware', json_build_object('libraryId', ${libraryId}::text, 'key', ${key}::text),
    queue_name := ${`summaries:${libraryId}`}, job_key := ${`summaries_hardware:${libraryId}:${key}`})`;
}

/**
 * Queues one batch job per `batch` live scenarios whose summary is stamped otherwise than `stamp`
 * (or not at all): each names the id it starts from. One statement, walking the primary key once.
 */
export async function queueStaleBatches(db: Client, stamp: string, batch: number): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH stale AS (
      SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM scenarios WHERE deleted_at IS NULL AND summary_stamp IS DISTINCT FROM ${stamp}
    ), queued AS (
      SELECT graphile_worker.add_job('summaries_batch', json_build_object('from', id::text, 'stamp', ${stamp}::text),
        job_key := 'summaries_batch:' || ${stamp} || ':' || id::text) FROM stale WHERE rn % ${batch}::int = 0
    )
    SELECT count(*)::int AS n FROM queued`;
  return Number(rows[0]?.n ?? 0);
}

/** Up to `take` live scenarios from id `from` on (inclusive) whose summary is not stamped `stamp`, by id. */
export async function staleScenarios(db: Client, stamp: string, from: string, take: number): Promise<SummarySource[]> {
  return db.$queryRaw<SummarySource[]>`
    SELECT id::text AS id, library_id::text AS "libraryId", version, name, input FROM scenarios
    WHERE deleted_at IS NULL AND id >= ${from}::uuid AND summary_stamp IS DISTINCT FROM ${stamp}
    ORDER BY id LIMIT ${take}::int`;
}

/** Writes summaries of scenarios still at the version they were computed from (a save meanwhile wrote its own): one statement. */
export async function writeSummaries(db: Client, rows: { id: string; version: number; summary: SummaryColumns }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof SummaryColumns>(k: K) => rows.map((r) => r.summary[k]);
  return db.$executeRaw`
    UPDATE scenarios s SET summary_flops = u.flops, summary_cost_usd = u.cost, summary_wall_clock_days = u.wall, summary_gpu_days = u.gpu_days,
      summary_ratio_vs_gpt3 = u.ratio, summary_hardware = u.hardware, summary_stamp = u.stamp
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.version)}::int[], ${col('summaryFlops')}::float8[], ${col('summaryCostUsd')}::float8[],
      ${col('summaryWallClockDays')}::float8[], ${col('summaryGpuDays')}::float8[], ${col('summaryRatioVsGPT3')}::float8[], ${col('summaryHardware')}::text[],
      ${col('summaryStamp')}::text[]) AS u(id, version, flops, cost, wall, gpu_days, ratio, hardware, stamp)
    WHERE s.id = u.id AND s.version = u.version AND s.deleted_at IS NULL`;
}
