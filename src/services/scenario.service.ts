import type { Db } from '../db/prisma';
import type { Prisma, Scenario, ScenarioRevision } from '../generated/prisma/client';
import { FlopscopeInputError, resolveScenario, ScenarioSpec } from '../core';
import { assertCanWrite, canRead, readableLibraries } from './access';
import { badInput, conflict, notFound } from './errors';
import { getLibrary, isUuid } from './library.service';
import { normaliseInput, tokenizerMethodOf } from './scenario.input';
import type { Viewer } from './viewer';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

export type ScenarioWrite = ScenarioSpec & { tags?: string[] | null };

export interface ScenarioFilter {
  text?: string | null;
  tag?: string | null;
  tokenizerMethod?: string | null;
}

export interface ScenarioPage {
  rows: Scenario[];
  hasNextPage: boolean;
  /** Counted only when a client asks for totalCount. */
  totalCount: () => Promise<number>;
}

/** Cursors are opaque to clients: base64url of the row's id (UUIDv7, so they sort by creation). */
export const encodeCursor = (id: string) => Buffer.from(`s:${id}`).toString('base64url');
export function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = raw.startsWith('s:') ? raw.slice(2) : '';
  if (!isUuid(id)) throw badInput('after', 'after must be a cursor returned by this API');
  return id;
}

function checkMeta(input: ScenarioWrite, path: string): { name: string; description: string | null; tags: string[] } {
  const name = (input.name ?? '').trim();
  if (name.length === 0) throw badInput(`${path}.name`, 'name is required to save a scenario (1 to 200 characters)');
  if (name.length > 200) throw badInput(`${path}.name`, 'name must be at most 200 characters');
  if (input.description && input.description.length > 10000) throw badInput(`${path}.description`, 'description must be at most 10,000 characters');
  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()))];
  if (tags.length > 50) throw badInput(`${path}.tags`, 'at most 50 tags');
  tags.forEach((t, i) => {
    if (t.length === 0 || t.length > 100) throw badInput(`${path}.tags[${i}]`, 'a tag must be 1 to 100 characters');
  });
  return { name, description: input.description ?? null, tags };
}

/** Validates with the core's rules (the same an estimate applies), so nothing invalid is stored. */
function checkInput(input: ScenarioWrite, path: string) {
  const stored = normaliseInput(input);
  try {
    resolveScenario({ ...stored, name: input.name ?? null, description: input.description ?? null });
  } catch (e) {
    if (e instanceof FlopscopeInputError) throw new FlopscopeInputError(e.issues.map((i) => ({ ...i, path: `${path}.${i.path}` })));
    throw e;
  }
  return stored;
}

export async function getScenario(db: Db, viewer: Viewer | null, id: string): Promise<Scenario> {
  const scenario = isUuid(id) ? await db.scenario.findFirst({ where: { id, deletedAt: null }, include: { library: true } }) : null;
  if (!scenario || !canRead(scenario.library, viewer)) throw notFound('Scenario', id);
  const { library: _l, ...row } = scenario;
  return row;
}

export async function listScenarios(
  db: Db,
  viewer: Viewer | null,
  args: { libraryId?: string | null; first?: number | null; after?: string | null; filter?: ScenarioFilter | null },
): Promise<ScenarioPage> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput('first', `first must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  const where: Prisma.ScenarioWhereInput = { deletedAt: null };
  if (args.libraryId) {
    const library = await getLibrary(db, viewer, args.libraryId);
    where.libraryId = library.id;
  } else {
    where.library = readableLibraries(viewer);
  }
  const f = args.filter;
  if (f?.text) where.name = { contains: f.text, mode: 'insensitive' };
  if (f?.tag) where.tags = { has: f.tag };
  if (f?.tokenizerMethod) where.tokenizerMethod = f.tokenizerMethod;
  const page = args.after ? { ...where, id: { gt: decodeCursor(args.after) } } : where;
  const rows = await db.scenario.findMany({ where: page, orderBy: { id: 'asc' }, take: first + 1 });
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    totalCount: () => db.scenario.count({ where }),
  };
}

export async function createScenario(db: Db, viewer: Viewer | null, { libraryId, ...input }: ScenarioWrite & { libraryId: string }): Promise<Scenario> {
  const library = await getLibrary(db, viewer, libraryId);
  const author = assertCanWrite(library, viewer);
  const meta = checkMeta(input, 'input');
  const stored = checkInput(input, 'input');
  return db.$transaction(async (tx) => {
    const scenario = await tx.scenario.create({
      data: { libraryId: library.id, ...meta, input: stored as Prisma.InputJsonValue, tokenizerMethod: tokenizerMethodOf(stored), createdById: author.userId },
    });
    await tx.scenarioRevision.create({ data: { scenarioId: scenario.id, version: 1, ...meta, input: stored as Prisma.InputJsonValue, authorId: author.userId } });
    return scenario;
  });
}

/**
 * Optimistic concurrency: the update lands only if the stored version still equals
 * `expectedVersion` (checked and bumped in one UPDATE); otherwise CONFLICT with the current version.
 */
export async function updateScenario(db: Db, viewer: Viewer | null, id: string, expectedVersion: number, input: ScenarioWrite): Promise<Scenario> {
  const current = await getScenario(db, viewer, id);
  const library = await getLibrary(db, viewer, current.libraryId);
  const author = assertCanWrite(library, viewer);
  const meta = checkMeta(input, 'input');
  const stored = checkInput(input, 'input');
  return db.$transaction(async (tx) => {
    const updated = await tx.scenario.updateMany({
      where: { id, version: expectedVersion, deletedAt: null },
      data: { ...meta, input: stored as Prisma.InputJsonValue, tokenizerMethod: tokenizerMethodOf(stored), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      const now = await tx.scenario.findFirst({ where: { id, deletedAt: null }, select: { version: true } });
      if (!now) throw notFound('Scenario', id);
      throw conflict(`Scenario ${id} is at version ${now.version}, not ${expectedVersion}: reload it and apply your change again`, { currentVersion: now.version, expectedVersion });
    }
    const scenario = await tx.scenario.findUniqueOrThrow({ where: { id } });
    await tx.scenarioRevision.create({ data: { scenarioId: id, version: scenario.version, ...meta, input: stored as Prisma.InputJsonValue, authorId: author.userId } });
    return scenario;
  });
}

/** Soft delete: the row stays (restorable) but no query returns it. */
export async function deleteScenario(db: Db, viewer: Viewer | null, id: string): Promise<boolean> {
  const current = await getScenario(db, viewer, id);
  const library = await getLibrary(db, viewer, current.libraryId);
  assertCanWrite(library, viewer);
  const res = await db.scenario.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
  return res.count === 1;
}

export async function scenarioHistory(db: Db, scenarioId: string): Promise<(ScenarioRevision & { author: { id: string; name: string } | null })[]> {
  return db.scenarioRevision.findMany({ where: { scenarioId }, orderBy: { version: 'desc' }, include: { author: { select: { id: true, name: true } } } });
}

/** Rebuilds the core's input from a stored row. */
export function specOf(row: Pick<Scenario, 'name' | 'description' | 'input'>): ScenarioSpec {
  return { ...(row.input as unknown as ScenarioSpec), name: row.name, description: row.description };
}
