import { v7 as uuidv7 } from 'uuid';
import type { Tx } from './client';
import type { ScenarioContent, SummaryColumns } from './scenario.store';

export type NewScenario = ScenarioContent & { tokenizerMethod: string; summary: SummaryColumns };

/**
 * Inserts scenarios at version 1 with their first revisions: ONE statement for a whole batch,
 * inside the caller's transaction. The rows travel as six arrays (unnest), not as thousands of
 * bind parameters, and each first revision copies its scenario's row as inserted (RETURNING), so
 * nothing depends on the order rows come back in. Each row's summary goes in the same statement. Ids are UUIDv7, as Prisma's @default(uuid(7))
 * makes them, so that a batch keeps its order in id-ordered pages.
 */
export async function insertScenariosWithRevisions(tx: Tx, libraryId: string, authorId: string | null, rows: NewScenario[]): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map(() => uuidv7());
  const names = rows.map((r) => r.name);
  const descriptions = rows.map((r) => r.description);
  // text[] per row cannot be one rectangular array: each row's tags go as a JSON list.
  const tags = rows.map((r) => JSON.stringify(r.tags));
  const inputs = rows.map((r) => JSON.stringify(r.input));
  const methods = rows.map((r) => r.tokenizerMethod);
  const col = <K extends keyof SummaryColumns>(k: K) => rows.map((r) => r.summary[k]);
  return tx.$executeRaw`
    WITH batch AS (
      SELECT * FROM unnest(${ids}::uuid[], ${names}::text[], ${descriptions}::text[], ${tags}::jsonb[], ${inputs}::jsonb[], ${methods}::text[],
          ${col('summaryFlops')}::float8[], ${col('summaryCostUsd')}::float8[], ${col('summaryWallClockDays')}::float8[], ${col('summaryGpuDays')}::float8[],
          ${col('summaryRatioVsGPT3')}::float8[], ${col('summaryHardware')}::text[], ${col('summaryStamp')}::text[])
        AS b(id, name, description, tags, input, tokenizer_method, flops, cost, wall, gpu_days, ratio, hardware, stamp)
    ), inserted AS (
      INSERT INTO scenarios (id, library_id, name, description, tags, input, tokenizer_method, created_by_id,
        summary_flops, summary_cost_usd, summary_wall_clock_days, summary_gpu_days, summary_ratio_vs_gpt3, summary_hardware, summary_stamp)
      SELECT id, ${libraryId}::uuid, name, description, ARRAY(SELECT jsonb_array_elements_text(tags)), input, tokenizer_method, ${authorId}::uuid,
        flops, cost, wall, gpu_days, ratio, hardware, stamp
      FROM batch
      RETURNING id, name, description, tags, input, created_by_id, created_at
    )
    INSERT INTO scenario_revisions (id, scenario_id, version, name, description, tags, input, author_id, created_at)
    SELECT gen_random_uuid(), id, 1, name, description, tags, input, created_by_id, created_at FROM inserted`;
}
