/**
 * Fast seeding for the API tests (queries, lazy) and the benchmark (`npm run bench`): scenarios
 * written straight into PostgreSQL with one INSERT ... SELECT generate_series, not through the API
 * (100,000 rows in seconds). It lives with the tests, which own it; the bench imports it from here.
 *
 * Every row is a valid scenario: its input is one of the presets' inputs, normalised exactly as the
 * service stores it, with the parameter count varied per row where the preset gives one (so no two
 * neighbours are the same computation; a preset counted from its architecture is stored as it is). Ids are UUIDv7-shaped and ordered like the service's own (48-bit millisecond
 * timestamp first, version 7, RFC 4122 variant): row g gets the timestamp `base + g` ms, so ids
 * sort in insertion order and every seeded row sorts before anything the server creates later.
 * Each scenario gets its version-1 revision, as the service writes one.
 */
import type { Client } from 'pg';
import { lazyEstimate, PRESETS, ScenarioSpec } from '../../src/core';
import { normaliseInput, tokenizerMethodOf } from '../../src/services/scenario.input';
import { SUMMARY_STAMP, summaryOf } from '../../src/services/summary';

/** Whether every Estimate field can be computed for a scenario (daysForBudget needs a price, inference a media source). */
function everyFieldComputes(spec: ScenarioSpec): boolean {
  try {
    const e = lazyEstimate(spec);
    e.cluster();
    e.warnings();
    e.range();
    e.gpusForDeadline(90);
    e.chinchillaOptimal();
    e.inference({ steps: 50 });
    return e.daysForBudget(1e7) !== null;
  } catch {
    return false;
  }
}

/** The presets for which every Estimate field computes, so a list asking for all of them has no errors. */
const INPUTS = PRESETS.filter((p) => everyFieldComputes(p.input)).map((p) => normaliseInput(p.input));
const METHODS = INPUTS.map((i) => tokenizerMethodOf(i));

/** Each row's summary, as the service writes it: by input (g % inputs) and parameter step (g % 97), at (g % inputs) · 97 + g % 97. */
const VARIANTS = INPUTS.flatMap((input) =>
  Array.from({ length: 97 }, (_, m) => {
    const p = input.model?.parameters;
    const varied = typeof p === 'number' ? { ...input, model: { ...input.model, parameters: p * Number((1 + m / 100).toFixed(2)) } } : input;
    return summaryOf(varied as ScenarioSpec, {});
  }),
);
const SUMMARY_ARRAYS = [
  VARIANTS.map((v) => v.flops),
  VARIANTS.map((v) => v.costUsd),
  VARIANTS.map((v) => v.wallClockDays),
  VARIANTS.map((v) => v.gpuDays),
  VARIANTS.map((v) => v.ratioVsGPT3),
  VARIANTS.map((v) => v.hardware),
];

/** A UUIDv7-shaped id in SQL: ms timestamp (12 hex), '7', 3 hex, variant nibble, 15 hex. */
const UUIDV7_SQL = (ms: string, n: string, salt: string) =>
  `(lpad(to_hex(${ms}), 12, '0') || '7' || substr(md5(${salt}), 1, 3) || to_hex(8 + (${n}) % 4) || substr(md5(${salt}), 4, 15))::uuid`;

export interface SeedOptions {
  libraryId: string;
  /** Live scenarios. */
  count: number;
  /** Soft-deleted scenarios besides, spread evenly among the live ones (default none). */
  deleted?: number;
  /** Timestamp (ms since the epoch) of the first row's id; default: `count` + 1 s before now. */
  baseMs?: number;
  createdById?: string | null;
}

/** Inserts `count` live (and `deleted` soft-deleted) scenarios with their first revisions into a library; returns the first and last ids. */
export async function seedScenarios(client: Client, opts: SeedOptions): Promise<{ first: string; last: string }> {
  const deleted = opts.deleted ?? 0;
  const total = opts.count + deleted;
  // Every `step`-th row, up to `deleted` of them, is soft-deleted.
  const step = deleted > 0 ? Math.floor(total / deleted) : total + 1;
  const base = opts.baseMs ?? Date.now() - total - 1000;
  const inputs = INPUTS.map((i) => JSON.stringify(i));
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO scenarios (id, library_id, name, description, tags, input, tokenizer_method, version, created_by_id, created_at, updated_at, deleted_at,
          summary_flops, summary_cost_usd, summary_wall_clock_days, summary_gpu_days, summary_ratio_vs_gpt3, summary_hardware, summary_stamp)
       SELECT ${UUIDV7_SQL('$5::bigint + g', 'g', 'g::text || $1::text')},
              $1::uuid,
              'bench scenario ' || g,
              NULL,
              ARRAY['bench', 'group-' || (g % 10)],
              CASE WHEN ($3::jsonb[])[1 + g % $6::int] #>> '{model,parameters}' IS NULL THEN ($3::jsonb[])[1 + g % $6::int]
                   ELSE jsonb_set(($3::jsonb[])[1 + g % $6::int], '{model,parameters}',
                        to_jsonb(((($3::jsonb[])[1 + g % $6::int] #>> '{model,parameters}')::float8 * (1 + (g % 97) / 100.0)))) END,
              ($4::text[])[1 + g % $6::int],
              1,
              $7::uuid,
              to_timestamp(($5::bigint + g) / 1000.0),
              to_timestamp(($5::bigint + g) / 1000.0),
              CASE WHEN g % $8::int = 0 AND g <= $9::int * $8::int THEN now() END,
              ($10::float8[])[1 + (g % $6::int) * 97 + g % 97], ($11::float8[])[1 + (g % $6::int) * 97 + g % 97],
              ($12::float8[])[1 + (g % $6::int) * 97 + g % 97], ($13::float8[])[1 + (g % $6::int) * 97 + g % 97],
              ($14::float8[])[1 + (g % $6::int) * 97 + g % 97], ($15::text[])[1 + (g % $6::int) * 97 + g % 97], $16::text
       FROM generate_series(1, $2::int) AS g`,
      [opts.libraryId, total, inputs, METHODS, base, inputs.length, opts.createdById ?? null, step, deleted, ...SUMMARY_ARRAYS, SUMMARY_STAMP],
    );
    await client.query(
      `INSERT INTO scenario_revisions (id, scenario_id, version, name, description, tags, input, author_id, created_at)
       SELECT gen_random_uuid(), s.id, 1, s.name, s.description, s.tags, s.input, s.created_by_id, s.created_at
       FROM scenarios s WHERE s.library_id = $1::uuid
         AND NOT EXISTS (SELECT 1 FROM scenario_revisions r WHERE r.scenario_id = s.id)`,
      [opts.libraryId],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  await client.query('ANALYZE scenarios');
  await client.query('ANALYZE scenario_revisions');
  const { rows } = await client.query<{ first: string; last: string }>(
    `SELECT (SELECT id::text FROM scenarios WHERE library_id = $1::uuid ORDER BY id LIMIT 1) AS first,
            (SELECT id::text FROM scenarios WHERE library_id = $1::uuid ORDER BY id DESC LIMIT 1) AS last`,
    [opts.libraryId],
  );
  return rows[0];
}

/** The id of the scenario at 0-based position `offset` of a library in keyset order (for deep-page cursors). */
export async function idAt(client: Client, libraryId: string, offset: number): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    'SELECT id::text FROM scenarios WHERE library_id = $1::uuid AND deleted_at IS NULL ORDER BY id OFFSET $2 LIMIT 1',
    [libraryId, offset],
  );
  if (!rows[0]) throw new Error(`library ${libraryId} has no scenario at position ${offset}`);
  return rows[0].id;
}

/** The API's cursor for a scenario id. */
export { encodeCursor as cursorOf } from '../../src/services/scenario.service';
