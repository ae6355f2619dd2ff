import { Prisma } from '../generated/prisma/client';
import type { Scenario, ScenarioRevision } from '../generated/prisma/client';
import type { ScenarioSpec } from '../core';
import type { Client, Tx } from './client';
import type { LibraryScope } from './library.store';

/** What a version of a scenario holds: its columns, and its input as stored (plain JSON, no name or description). */
export interface ScenarioContent {
  name: string;
  description: string | null;
  tags: string[];
  input: Omit<ScenarioSpec, 'name' | 'description'>;
}

/** A scenario's summary as its columns (src/services/summary.ts computes it): written with the row, in the same statement. */
export interface SummaryColumns {
  summaryFlops: number | null;
  summaryCostUsd: number | null;
  summaryWallClockDays: number | null;
  summaryGpuDays: number | null;
  summaryRatioVsGPT3: number | null;
  summaryHardware: string | null;
  summaryStamp: string;
}

const json = (input: ScenarioContent['input']) => input as unknown as Prisma.InputJsonObject;

/** A live scenario by id, or null. */
export async function findLiveScenario(db: Client, id: string): Promise<Scenario | null> {
  return db.scenario.findFirst({ where: { id, deletedAt: null } });
}

/** A soft-deleted scenario by id, or null. */
export async function findDeletedScenario(db: Client, id: string): Promise<Scenario | null> {
  return db.scenario.findFirst({ where: { id, deletedAt: { not: null } } });
}

/** Where a scenario, live or deleted, is kept and whether it is deleted; null when there is none. */
export async function findScenarioState(db: Client, id: string): Promise<Pick<Scenario, 'libraryId' | 'deletedAt'> | null> {
  return db.scenario.findFirst({ where: { id }, select: { deletedAt: true, libraryId: true } });
}

/** A scenario by id (it must exist: a row read or written in the same transaction). */
export async function scenarioById(db: Client, id: string): Promise<Scenario> {
  return db.scenario.findUniqueOrThrow({ where: { id } });
}

/** A listing: live or deleted scenarios, of one library or of the libraries in a scope, filtered. */
export interface ScenarioQuery {
  deleted: boolean;
  of: { libraryId: string } | { scope: LibraryScope };
  /** Part of the name, the description or a tag, in any case (the trigram index). */
  text?: string | null;
  tag?: string | null;
  tokenizerMethod?: string | null;
  minFlops?: number | null;
  maxFlops?: number | null;
  minCostUsd?: number | null;
  maxCostUsd?: number | null;
  hardware?: string | null;
}

/** The orders of a listing: a column and its direction; ties (and the default order) by id. */
export type ScenarioOrderKey = 'id' | 'name' | 'createdAt' | 'updatedAt' | 'flops' | 'costUsd' | 'wallClockDays' | 'gpuDays';
export interface ScenarioOrderSpec {
  key: ScenarioOrderKey;
  desc: boolean;
}

/** Each order's column; the summary's are nullable (a row that does not estimate sorts last, either way). */
const ORDER_COLUMN: Record<ScenarioOrderKey, { sql: Prisma.Sql; nullable: boolean; cast: Prisma.Sql }> = {
  id: { sql: Prisma.sql`s.id`, nullable: false, cast: Prisma.sql`uuid` },
  name: { sql: Prisma.sql`s.name`, nullable: false, cast: Prisma.sql`text` },
  createdAt: { sql: Prisma.sql`s.created_at`, nullable: false, cast: Prisma.sql`timestamptz` },
  updatedAt: { sql: Prisma.sql`s.updated_at`, nullable: false, cast: Prisma.sql`timestamptz` },
  flops: { sql: Prisma.sql`s.summary_flops`, nullable: true, cast: Prisma.sql`float8` },
  costUsd: { sql: Prisma.sql`s.summary_cost_usd`, nullable: true, cast: Prisma.sql`float8` },
  wallClockDays: { sql: Prisma.sql`s.summary_wall_clock_days`, nullable: true, cast: Prisma.sql`float8` },
  gpuDays: { sql: Prisma.sql`s.summary_gpu_days`, nullable: true, cast: Prisma.sql`float8` },
};

/** Where a page starts: after the row with this order key (a string, a number, an ISO time, or null) and id. */
export interface ScenarioKeyset {
  value: string | number | null;
  id: string;
}

/** The columns of `scenarios s` named as Prisma's Scenario model names them. */
const SCENARIO_COLUMNS = Prisma.sql`s.id::text AS "id", s.library_id::text AS "libraryId", s.name, s.description, s.tags, s.input,
  s.tokenizer_method AS "tokenizerMethod", s.version, s.created_by_id::text AS "createdById", s.created_at AS "createdAt",
  s.updated_at AS "updatedAt", s.deleted_at AS "deletedAt", s.forked_from_id::text AS "forkedFromId",
  s.summary_flops AS "summaryFlops", s.summary_cost_usd AS "summaryCostUsd", s.summary_wall_clock_days AS "summaryWallClockDays",
  s.summary_gpu_days AS "summaryGpuDays", s.summary_ratio_vs_gpt3 AS "summaryRatioVsGPT3", s.summary_hardware AS "summaryHardware",
  s.summary_stamp AS "summaryStamp"`;

/** A scope as SQL over `libraries l` (libraryScopeWhere's rule: deleted libraries are in no scope). */
function scopeSql(scope: LibraryScope): Prisma.Sql {
  if (scope.all) return Prisma.sql`l.deleted_at IS NULL`;
  if (scope.memberId === null) return Prisma.sql`l.deleted_at IS NULL AND l.visibility = 'PUBLIC'`;
  return Prisma.sql`l.deleted_at IS NULL AND (l.visibility = 'PUBLIC'
    OR EXISTS (SELECT 1 FROM library_members m WHERE m.library_id = l.id AND m.user_id = ${scope.memberId}::uuid))`;
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What a listing is of: its library (or scope), live or deleted — the leading columns of every index it walks. */
function baseWhere(q: ScenarioQuery): Prisma.Sql {
  const live = q.deleted ? Prisma.sql`s.deleted_at IS NOT NULL` : Prisma.sql`s.deleted_at IS NULL`;
  if ('libraryId' in q.of) return Prisma.sql`${live} AND s.library_id = ${q.of.libraryId}::uuid`;
  return Prisma.sql`${live} AND s.library_id IN (SELECT l.id FROM libraries l WHERE ${scopeSql(q.of.scope)})`;
}

/** A listing's filter (TRUE when none): each condition is served by an index of its own (docs/development.md, "Search, order and counts"). */
function filterWhere(q: ScenarioQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (q.text) parts.push(Prisma.sql`scenario_search_text(s.name, s.description, s.tags) ILIKE ${containing(q.text)}`);
  if (q.tag) parts.push(Prisma.sql`s.tags @> ARRAY[${q.tag}]::text[]`);
  if (q.tokenizerMethod) parts.push(Prisma.sql`s.tokenizer_method = ${q.tokenizerMethod}`);
  if (q.minFlops != null) parts.push(Prisma.sql`s.summary_flops >= ${q.minFlops}::float8`);
  if (q.maxFlops != null) parts.push(Prisma.sql`s.summary_flops <= ${q.maxFlops}::float8`);
  if (q.minCostUsd != null) parts.push(Prisma.sql`s.summary_cost_usd >= ${q.minCostUsd}::float8`);
  if (q.maxCostUsd != null) parts.push(Prisma.sql`s.summary_cost_usd <= ${q.maxCostUsd}::float8`);
  if (q.hardware) parts.push(Prisma.sql`s.summary_hardware = ${q.hardware}`);
  return parts.length > 0 ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

/** Whether a listing filters anything beyond its library and live/deleted. */
export function isFiltered(q: ScenarioQuery): boolean {
  return Boolean(q.text || q.tag || q.tokenizerMethod || q.hardware) || [q.minFlops, q.maxFlops, q.minCostUsd, q.maxCostUsd].some((v) => v != null);
}

/** The order key of a row, as its cursor carries it. */
export function orderKeyOf(row: Scenario, order: ScenarioOrderSpec): string | number | null {
  switch (order.key) {
    case 'id':
      return row.id;
    case 'name':
      return row.name;
    case 'createdAt':
      return row.createdAt.toISOString();
    case 'updatedAt':
      return row.updatedAt.toISOString();
    case 'flops':
      return row.summaryFlops;
    case 'costUsd':
      return row.summaryCostUsd;
    case 'wallClockDays':
      return row.summaryWallClockDays;
    case 'gpuDays':
      return row.summaryGpuDays;
  }
}

/**
 * Up to `take` rows of a listing in `order` after the keyset `after` (from the start when null): a
 * keyset page, `WHERE … AND (key, id) > ($key, $id) ORDER BY key, id LIMIT take`, served by the
 * library's index on (library_id, key, id) of live rows whichever page it is. A nullable key (the
 * summary's figures) sorts its nulls last in both directions: the rows with a figure, then those
 * without (by id), as two index ranges in one statement.
 *
 * A filtered page is looked for in two ways, so that neither a rare nor a common match costs a
 * scan of the library, whatever the planner's estimates: first among the next WINDOW rows in order
 * (a common term, tag or bound fills the page there); failing that, through the filter's own index
 * (trigram, tags, summary), the matches' keys sorted (a rare one has few).
 */
export async function scenarioPage(db: Client, q: ScenarioQuery, order: ScenarioOrderSpec, after: ScenarioKeyset | null, take: number): Promise<Scenario[]> {
  if (!isFiltered(q)) return orderedPage(db, baseWhere(q), order, after, take);
  const near = await windowPage(db, q, order, after, take);
  if (near.length === take) return near;
  return matchedPage(db, q, order, after, take);
}

/** Rows looked at in order before a filtered page goes by the filter's index instead. */
const WINDOW = 2_000;

const sortOf = (order: ScenarioOrderSpec) => ({
  col: ORDER_COLUMN[order.key],
  dir: order.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`,
  cmp: order.desc ? Prisma.sql`<` : Prisma.sql`>`,
});

/** The page by the order's index, every condition in `where`. */
async function orderedPage(db: Client, where: Prisma.Sql, order: ScenarioOrderSpec, after: ScenarioKeyset | null, take: number): Promise<Scenario[]> {
  const { col, dir, cmp } = sortOf(order);
  if (order.key === 'id') {
    const keyset = after ? Prisma.sql`AND s.id ${cmp} ${after.id}::uuid` : Prisma.empty;
    return db.$queryRaw<Scenario[]>`SELECT ${SCENARIO_COLUMNS} FROM scenarios s WHERE ${where} ${keyset} ORDER BY s.id ${dir} LIMIT ${take}::int`;
  }
  const k = col.sql;
  const keysetOf = (value: string | number, id: string) => Prisma.sql`AND (${k}, s.id) ${cmp} (${value}::${col.cast}, ${id}::uuid)`;
  if (!col.nullable) {
    const keyset = after ? keysetOf(after.value as string, after.id) : Prisma.empty;
    return db.$queryRaw<Scenario[]>`SELECT ${SCENARIO_COLUMNS} FROM scenarios s WHERE ${where} ${keyset} ORDER BY ${k} ${dir}, s.id ${dir} LIMIT ${take}::int`;
  }
  const nulls = Prisma.sql`SELECT ${SCENARIO_COLUMNS}, 1 AS part FROM scenarios s WHERE ${where} AND ${k} IS NULL
    ${after && after.value === null ? Prisma.sql`AND s.id ${cmp} ${after.id}::uuid` : Prisma.empty} ORDER BY s.id ${dir} LIMIT ${take}::int`;
  if (after && after.value === null) {
    const rows = await db.$queryRaw<(Scenario & { part: number })[]>`SELECT * FROM (${nulls}) n ORDER BY "id" ${dir}`;
    return rows.map(({ part: _p, ...row }) => row as Scenario);
  }
  const figures = Prisma.sql`SELECT ${SCENARIO_COLUMNS}, 0 AS part FROM scenarios s WHERE ${where} AND ${k} IS NOT NULL
    ${after ? keysetOf(after.value as number, after.id) : Prisma.empty} ORDER BY ${k} ${dir}, s.id ${dir} LIMIT ${take}::int`;
  const rows = await db.$queryRaw<(Scenario & { part: number })[]>`
    SELECT * FROM ((${figures}) UNION ALL (${nulls})) u
    ORDER BY part, ${Prisma.raw(`"${ORDER_ALIAS[order.key]}"`)} ${dir}, "id" ${dir} LIMIT ${take}::int`;
  return rows.map(({ part: _p, ...row }) => row as Scenario);
}

/**
 * The filtered page among the next WINDOW rows in order (of the figures, or of the nulls once the
 * cursor is among them): complete when it is full, since every row before the WINDOW-th was seen.
 */
async function windowPage(db: Client, q: ScenarioQuery, order: ScenarioOrderSpec, after: ScenarioKeyset | null, take: number): Promise<Scenario[]> {
  const { col, dir, cmp } = sortOf(order);
  const k = col.sql;
  const byId = order.key === 'id' || (col.nullable && after?.value === null);
  const zone = !col.nullable ? Prisma.empty : after?.value === null && after ? Prisma.sql`AND ${k} IS NULL` : Prisma.sql`AND ${k} IS NOT NULL`;
  const keyset = !after
    ? Prisma.empty
    : byId
      ? Prisma.sql`AND s.id ${cmp} ${after.id}::uuid`
      : Prisma.sql`AND (${k}, s.id) ${cmp} (${after.value}::${col.cast}, ${after.id}::uuid)`;
  const orderBy = byId ? Prisma.sql`s.id ${dir}` : Prisma.sql`${k} ${dir}, s.id ${dir}`;
  return db.$queryRaw<Scenario[]>`
    SELECT ${SCENARIO_COLUMNS} FROM (SELECT s.* FROM scenarios s WHERE ${baseWhere(q)} ${zone} ${keyset} ORDER BY ${orderBy} LIMIT ${WINDOW}::int) s
    WHERE ${filterWhere(q)} ORDER BY ${orderBy} LIMIT ${take}::int`;
}

/** The filtered page through the filter's index: the matches' (key, id) first (materialised: planned without the order), sorted, then their rows. */
async function matchedPage(db: Client, q: ScenarioQuery, order: ScenarioOrderSpec, after: ScenarioKeyset | null, take: number): Promise<Scenario[]> {
  const { col, dir, cmp } = sortOf(order);
  let keyset = Prisma.sql`TRUE`;
  if (after && order.key === 'id') keyset = Prisma.sql`m.id ${cmp} ${after.id}::uuid`;
  else if (after && after.value === null) keyset = Prisma.sql`m.k IS NULL AND m.id ${cmp} ${after.id}::uuid`;
  else if (after) {
    const past = Prisma.sql`(m.k, m.id) ${cmp} (${after.value}::${col.cast}, ${after.id}::uuid)`;
    keyset = col.nullable ? Prisma.sql`((m.k IS NOT NULL AND ${past}) OR m.k IS NULL)` : past;
  }
  return db.$queryRaw<Scenario[]>`
    WITH m AS MATERIALIZED (SELECT s.id, ${col.sql} AS k FROM scenarios s WHERE ${baseWhere(q)} AND ${filterWhere(q)}),
    top AS (SELECT m.id, m.k FROM m WHERE ${keyset} ORDER BY (m.k IS NULL), m.k ${dir}, m.id ${dir} LIMIT ${take}::int)
    SELECT ${SCENARIO_COLUMNS} FROM top JOIN scenarios s ON s.id = top.id ORDER BY (top.k IS NULL), top.k ${dir}, s.id ${dir}`;
}

const ORDER_ALIAS: Record<ScenarioOrderKey, string> = {
  id: 'id',
  name: 'name',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  flops: 'summaryFlops',
  costUsd: 'summaryCostUsd',
  wallClockDays: 'summaryWallClockDays',
  gpuDays: 'summaryGpuDays',
};

/** A count that stops at `bound`: exact below it, else `bound` as a lower bound. */
export interface BoundedCount {
  count: number;
  exact: boolean;
}

/**
 * How many rows a listing has, all pages together. Unfiltered live rows: the libraries' own
 * counters (libraries.live_scenarios, kept by triggers on scenarios), one row read whatever the
 * size. Otherwise counted up to `bound` matching rows and no further.
 */
export async function countScenarios(db: Client, q: ScenarioQuery, bound: number): Promise<BoundedCount> {
  if (!q.deleted && !isFiltered(q)) {
    const [row] =
      'libraryId' in q.of
        ? await db.$queryRaw<{ n: number }[]>`SELECT live_scenarios AS n FROM libraries WHERE id = ${q.of.libraryId}::uuid`
        : await db.$queryRaw<{ n: number }[]>`SELECT coalesce(sum(l.live_scenarios), 0)::int AS n FROM libraries l WHERE ${scopeSql(q.of.scope)}`;
    return { count: Number(row?.n ?? 0), exact: true };
  }
  const result = (n: number) => (n > bound ? { count: bound, exact: false } : { count: n, exact: true });
  // First the matches among the first COUNT_WINDOW rows (by the library's index): a common filter passes the bound there, and a small library is all there.
  const [near] = await db.$queryRaw<{ n: number; seen: number }[]>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM (SELECT s.* FROM scenarios s WHERE ${baseWhere(q)} ORDER BY s.id LIMIT ${COUNT_WINDOW}::int) s
              WHERE ${filterWhere(q)} LIMIT ${bound + 1}::int) t) AS n,
           (SELECT count(*)::int FROM (SELECT 1 FROM scenarios s WHERE ${baseWhere(q)} LIMIT ${COUNT_WINDOW}::int) w) AS seen`;
  if (near.n > bound || near.seen < COUNT_WINDOW) return result(near.n);
  // Else by the filter's own index: the matches are rarer than one in COUNT_WINDOW / bound.
  const [row] = await db.$queryRaw<{ n: number }[]>`
    WITH m AS MATERIALIZED (SELECT 1 FROM scenarios s WHERE ${baseWhere(q)} AND ${filterWhere(q)} LIMIT ${bound + 1}::int) SELECT count(*)::int AS n FROM m`;
  return result(Number(row?.n ?? 0));
}

/** Rows a filtered count looks at in order before it goes by the filter's index. */
const COUNT_WINDOW = 50_000;

/** The live scenarios of a library, by id (the first `take`). */
export async function liveScenariosOf(db: Client, libraryId: string, take?: number): Promise<Scenario[]> {
  return db.scenario.findMany({ where: { libraryId, deletedAt: null }, orderBy: { id: 'asc' }, take });
}

/** The live scenarios of a library with their version's content (no order). */
export async function liveScenarioVersions(
  db: Client,
  libraryId: string,
): Promise<Pick<Scenario, 'id' | 'version' | 'name' | 'description' | 'tags' | 'input'>[]> {
  return db.scenario.findMany({
    where: { libraryId, deletedAt: null },
    select: { id: true, version: true, name: true, description: true, tags: true, input: true },
  });
}

/** The content of a library's live scenarios, by the (library_id, …) index: one short read (no order). */
export async function liveScenarioContents(db: Client, libraryId: string): Promise<Pick<Scenario, 'name' | 'description' | 'tags' | 'input'>[]> {
  return db.$queryRaw<Pick<Scenario, 'name' | 'description' | 'tags' | 'input'>[]>`
    SELECT name, description, tags, input FROM scenarios WHERE library_id = ${libraryId}::uuid AND deleted_at IS NULL`;
}

/** The live scenarios of a library named one of `names` (name and input only): one read by the (library_id, …) index, in no order. */
export async function liveScenariosNamed(db: Client, libraryId: string, names: readonly string[]): Promise<Pick<Scenario, 'name' | 'input'>[]> {
  if (names.length === 0) return [];
  return db.$queryRaw<Pick<Scenario, 'name' | 'input'>[]>`
    SELECT name, input FROM scenarios WHERE library_id = ${libraryId}::uuid AND deleted_at IS NULL AND name = ANY(${[...new Set(names)]}::text[])`;
}

/** A stored input that runs on some hardware: a scenario's (live or deleted), or one of its earlier revisions'. */
export interface InputOnHardware {
  /** The scenario's id, or the revision's. */
  id: string;
  scenarioId: string;
  name: string;
  version: number;
  /** Whether this is an earlier revision (the scenario's current version is its own row). */
  revision: boolean;
  input: Prisma.JsonValue;
}

/**
 * Whether the stored input `input` (a jsonb column) runs on the accelerator `key` somewhere — or,
 * with `orUnset`, somewhere names no hardware (and so runs on the default one). A scenario given
 * with `stages` runs each stage on the stage's `cluster.hardware`, else on the scenario's (a stage
 * inherits what it does not set; docs/model.md, "Stages"); one without runs on the scenario's. The
 * test is made per stage, on the stages array as stored, so a row that is not what a save writes
 * (stages not a list, a stage not an object) is read as far as it goes and never fails the query:
 * such a row already fails to estimate, and checkHardwareChange lets those be.
 */
function runsOn(input: Prisma.Sql, key: string, orUnset: boolean): Prisma.Sql {
  // The CASE's two conditions are safe on any jsonb, so their order does not matter; `[{}]` is one
  // stage that sets nothing: the scenario's own cluster.
  const stages = Prisma.sql`CASE WHEN jsonb_typeof(${input}->'stages') = 'array' AND ${input}->'stages' <> '[]'::jsonb THEN ${input}->'stages' ELSE '[{}]'::jsonb END`;
  const hardware = Prisma.sql`coalesce(st.stage #>> '{cluster,hardware}', ${input} #>> '{cluster,hardware}')`;
  return Prisma.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${stages}) AS st(stage)
    WHERE ${hardware} = ${key} OR (${orUnset}::boolean AND ${hardware} IS NULL))`;
}

/**
 * One page (by id, after `after`) of a library's stored inputs that run on the accelerator `key` in
 * any stage (runsOn) — or, with `orUnset`, name no hardware in some stage (and so run it on the
 * default one): its scenarios, live and deleted, or (`revisions`) the earlier revisions of its
 * scenarios, which can be restored.
 */
export async function inputsOnHardware(
  db: Client,
  q: { libraryId: string; key: string; orUnset: boolean; revisions: boolean },
  after: string | null,
  take: number,
): Promise<InputOnHardware[]> {
  const { libraryId, key, orUnset } = q;
  if (!q.revisions) {
    return db.$queryRaw<InputOnHardware[]>`
      SELECT id, id AS "scenarioId", name, version, false AS revision, input FROM scenarios
      WHERE library_id = ${libraryId}::uuid AND (${after}::uuid IS NULL OR id > ${after}::uuid)
        AND ${runsOn(Prisma.sql`input`, key, orUnset)}
      ORDER BY id LIMIT ${take}::int`;
  }
  return db.$queryRaw<InputOnHardware[]>`
    SELECT r.id, r.scenario_id AS "scenarioId", r.name, r.version, true AS revision, r.input
    FROM scenario_revisions r JOIN scenarios s ON s.id = r.scenario_id
    WHERE s.library_id = ${libraryId}::uuid AND r.version <> s.version AND (${after}::uuid IS NULL OR r.id > ${after}::uuid)
      AND ${runsOn(Prisma.sql`r.input`, key, orUnset)}
    ORDER BY r.id LIMIT ${take}::int`;
}

/** Inserts a scenario at version 1 with its first revision (two statements: run it in a transaction). */
export async function insertScenarioWithRevision(
  tx: Tx,
  row: ScenarioContent & { libraryId: string; tokenizerMethod: string; authorId: string | null; forkedFromId: string | null; summary: SummaryColumns },
): Promise<Scenario> {
  const { libraryId, name, description, tags, tokenizerMethod, authorId, forkedFromId, summary } = row;
  const input = json(row.input);
  const scenario = await tx.scenario.create({
    data: { libraryId, name, description, tags, input, tokenizerMethod, createdById: authorId, forkedFromId, ...summary },
  });
  await tx.scenarioRevision.create({ data: { scenarioId: scenario.id, version: 1, name, description, tags, input, authorId } });
  return scenario;
}

/**
 * Writes a live scenario's next version — only if its version is still `expectedVersion`, checked
 * and bumped in one UPDATE (concurrent writers serialise on the row lock). Returns how many rows
 * it changed: 0 when the version moved on or the scenario is gone.
 */
export async function updateScenarioIfVersion(
  db: Client,
  id: string,
  expectedVersion: number,
  content: ScenarioContent & { tokenizerMethod: string; summary: SummaryColumns },
): Promise<number> {
  const { name, description, tags, tokenizerMethod, summary } = content;
  const res = await db.scenario.updateMany({
    where: { id, version: expectedVersion, deletedAt: null },
    data: { name, description, tags, input: json(content.input), tokenizerMethod, version: { increment: 1 }, ...summary },
  });
  return res.count;
}

/** Sets a scenario's content and version outright (the examples library follows the code's presets). */
export async function setScenarioVersion(
  db: Client,
  id: string,
  version: number,
  content: ScenarioContent & { tokenizerMethod: string; summary: SummaryColumns },
): Promise<Scenario> {
  const { name, description, tags, tokenizerMethod, summary } = content;
  return db.scenario.update({ where: { id }, data: { name, description, tags, input: json(content.input), tokenizerMethod, version, ...summary } });
}

/** A live scenario's current version, or null when there is no live scenario `id`. */
export async function liveScenarioVersion(db: Client, id: string): Promise<number | null> {
  const row = await db.scenario.findFirst({ where: { id, deletedAt: null }, select: { version: true } });
  return row?.version ?? null;
}

/** Records a version of a scenario in its history. */
export async function insertRevision(
  db: Client,
  scenarioId: string,
  version: number,
  content: ScenarioContent,
  authorId: string | null,
  note: string | null = null,
): Promise<ScenarioRevision> {
  const { name, description, tags } = content;
  return db.scenarioRevision.create({ data: { scenarioId, version, name, description, tags, input: json(content.input), authorId, note } });
}

/** The notes of versions of scenarios, by (scenario, version): one read by the unique index, in no order. */
export async function revisionNotes(
  db: Client,
  keys: readonly { scenarioId: string; version: number }[],
): Promise<{ scenarioId: string; version: number; note: string | null }[]> {
  if (keys.length === 0) return [];
  return db.scenarioRevision.findMany({
    where: { OR: keys.map((k) => ({ scenarioId: k.scenarioId, version: k.version })) },
    select: { scenarioId: true, version: true, note: true },
  });
}

/** A version of a scenario with its author (who saved it and when), or null. */
export async function revisionWithAuthor(
  db: Client,
  scenarioId: string,
  version: number,
): Promise<(ScenarioRevision & { author: { id: string; name: string } | null }) | null> {
  return db.scenarioRevision.findUnique({
    where: { scenarioId_version: { scenarioId, version } },
    include: { author: { select: { id: true, name: true } } },
  });
}

export async function findRevision(db: Client, scenarioId: string, version: number): Promise<ScenarioRevision | null> {
  return db.scenarioRevision.findUnique({ where: { scenarioId_version: { scenarioId, version } } });
}

/** A scenario's history, newest first, with each revision's author. */
export async function revisionsWithAuthors(db: Client, scenarioId: string): Promise<(ScenarioRevision & { author: { id: string; name: string } | null })[]> {
  return db.scenarioRevision.findMany({ where: { scenarioId }, orderBy: { version: 'desc' }, include: { author: { select: { id: true, name: true } } } });
}

/** Marks a live scenario deleted; returns how many rows it changed (0 or 1). */
export async function softDeleteScenario(db: Client, id: string): Promise<number> {
  const res = await db.scenario.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
  return res.count;
}

/** Brings a soft-deleted scenario back with its summary as of now; returns how many rows it changed (0 or 1). */
export async function undeleteScenario(db: Client, id: string, summary: SummaryColumns): Promise<number> {
  const res = await db.scenario.updateMany({ where: { id, deletedAt: { not: null } }, data: { deletedAt: null, ...summary } });
  return res.count;
}

/** Removes a soft-deleted scenario and its history for good; returns how many scenarios went (0 or 1). */
export async function purgeDeletedScenario(db: Client, id: string): Promise<number> {
  const res = await db.scenario.deleteMany({ where: { id, deletedAt: { not: null } } });
  return res.count;
}
