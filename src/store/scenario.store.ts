import { Prisma } from '../generated/prisma/client';
import type { Scenario, ScenarioRevision } from '../generated/prisma/client';
import type { ScenarioSpec } from '../core';
import type { Client, Tx } from './client';
import { LibraryScope, libraryScopeWhere } from './library.store';

/** What a version of a scenario holds: its columns, and its input as stored (plain JSON, no name or description). */
export interface ScenarioContent {
  name: string;
  description: string | null;
  tags: string[];
  input: Omit<ScenarioSpec, 'name' | 'description'>;
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
  /** Part of the name, in any case. */
  nameContains?: string | null;
  tag?: string | null;
  tokenizerMethod?: string | null;
}

function scenarioWhere(q: ScenarioQuery): Prisma.ScenarioWhereInput {
  const where: Prisma.ScenarioWhereInput = { deletedAt: q.deleted ? { not: null } : null };
  if ('libraryId' in q.of) where.libraryId = q.of.libraryId;
  else where.library = libraryScopeWhere(q.of.scope);
  if (q.nameContains) where.name = { contains: q.nameContains, mode: 'insensitive' };
  if (q.tag) where.tags = { has: q.tag };
  if (q.tokenizerMethod) where.tokenizerMethod = q.tokenizerMethod;
  return where;
}

/**
 * Up to `take` rows of a listing after the id `after` (from the start when null), by id: a keyset
 * page, `WHERE library_id = $1 AND deleted_at IS NULL AND id > $cursor ORDER BY id LIMIT take`.
 */
export async function scenarioPage(db: Client, q: ScenarioQuery, after: string | null, take: number): Promise<Scenario[]> {
  const where = scenarioWhere(q);
  const page = after ? { ...where, id: { gt: after } } : where;
  return db.scenario.findMany({ where: page, orderBy: { id: 'asc' }, take });
}

/** How many rows a listing has, all pages together. */
export async function countScenarios(db: Client, q: ScenarioQuery): Promise<number> {
  return db.scenario.count({ where: scenarioWhere(q) });
}

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
  row: ScenarioContent & { libraryId: string; tokenizerMethod: string; authorId: string | null; forkedFromId: string | null },
): Promise<Scenario> {
  const { libraryId, name, description, tags, tokenizerMethod, authorId, forkedFromId } = row;
  const input = json(row.input);
  const scenario = await tx.scenario.create({
    data: { libraryId, name, description, tags, input, tokenizerMethod, createdById: authorId, forkedFromId },
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
  content: ScenarioContent & { tokenizerMethod: string },
): Promise<number> {
  const { name, description, tags, tokenizerMethod } = content;
  const res = await db.scenario.updateMany({
    where: { id, version: expectedVersion, deletedAt: null },
    data: { name, description, tags, input: json(content.input), tokenizerMethod, version: { increment: 1 } },
  });
  return res.count;
}

/** Sets a scenario's content and version outright (the examples library follows the code's presets). */
export async function setScenarioVersion(db: Client, id: string, version: number, content: ScenarioContent & { tokenizerMethod: string }): Promise<Scenario> {
  const { name, description, tags, tokenizerMethod } = content;
  return db.scenario.update({ where: { id }, data: { name, description, tags, input: json(content.input), tokenizerMethod, version } });
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

/** Brings a soft-deleted scenario back; returns how many rows it changed (0 or 1). */
export async function undeleteScenario(db: Client, id: string): Promise<number> {
  const res = await db.scenario.updateMany({ where: { id, deletedAt: { not: null } }, data: { deletedAt: null } });
  return res.count;
}

/** Removes a soft-deleted scenario and its history for good; returns how many scenarios went (0 or 1). */
export async function purgeDeletedScenario(db: Client, id: string): Promise<number> {
  const res = await db.scenario.deleteMany({ where: { id, deletedAt: { not: null } } });
  return res.count;
}
