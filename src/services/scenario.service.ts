import type { Db, Tx } from '../store/client';
import type { Library, Scenario, ScenarioRevision } from '../generated/prisma/client';
import { CoreContext, HardwareSpec, ScenarioSpec } from '../core';
import { insertLibraryHardware } from '../store/hardware.store';
import type { LibraryHardwareRow } from '../store/library.store';
import * as scenarios from '../store/scenario.store';
import type { BoundedCount, ScenarioKeyset, ScenarioOrderKey, ScenarioOrderSpec, ScenarioQuery } from '../store/scenario.store';
import { accessLibrary, requireViewer, isUuid, LibraryAccess, readableLibraries, requireRole } from './access';
import { badInput, conflict, isDeletedLibrary, isNotFound, notFound } from './errors';
import { checkedWrite, checkHardwareChange, contextOf, contextOfRows, sameHardware, toHardwareRow } from './hardware.service';
import { checkAndSummarise, CheckedInput, hardwareKeysOf, specOf, tokenizerMethodOf } from './scenario.input';
import { checkText, TEXT_LIMITS } from './text';
import { checkNote, staleVersion } from './versions';
import type { Viewer } from './viewer';

export { checkInput, specOf } from './scenario.input';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

export type ScenarioWrite = ScenarioSpec & { tags?: string[] | null };

export interface ScenarioFilter {
  text?: string | null;
  tag?: string | null;
  tokenizerMethod?: string | null;
  minFlops?: number | null;
  maxFlops?: number | null;
  minCostUsd?: number | null;
  maxCostUsd?: number | null;
  hardware?: string | null;
}

/** The orders clients ask for (GraphQL's ScenarioOrderField) and the column each walks. */
export const ORDER_FIELDS = {
  NAME: 'name',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
  FLOPS: 'flops',
  COST_USD: 'costUsd',
  WALL_CLOCK_DAYS: 'wallClockDays',
  GPU_DAYS: 'gpuDays',
  // FLOPs over a constant (GPT-3's): the same order as FLOPS.
  RATIO_VS_GPT3: 'flops',
} as const satisfies Record<string, ScenarioOrderKey>;
export type ScenarioOrderField = keyof typeof ORDER_FIELDS;

export interface ScenarioOrder {
  field: ScenarioOrderField;
  direction?: 'ASC' | 'DESC' | null;
}

/** A filtered totalCount counts at most this many rows: past it, the count is this bound and totalCountIsExact is false. */
export const COUNT_BOUND = 10_000;

export interface ScenarioPage {
  rows: Scenario[];
  hasNextPage: boolean;
  /**
   * The library listed (when one was asked for), with its custom hardware: read by the access
   * check anyway, so the rows' `library` and `estimate` need no further statement.
   */
  library: { library: Library; hardware: LibraryHardwareRow[] } | null;
  /** Counted only when a client asks for totalCount (or totalCountIsExact), once. */
  totalCount: () => Promise<BoundedCount>;
  /** The cursor of a row of this page. */
  cursorOf: (row: Scenario) => string;
}

/** An order's name in its cursors: the field and direction asked for ("FLOPS:DESC"). */
const orderName = (o: ScenarioOrder | null | undefined) => (o ? `${o.field}:${o.direction ?? 'ASC'}` : null);

/**
 * Cursors are opaque to clients: base64url of the row's id (UUIDv7, so they sort by creation) in
 * the default order, `s:<id>`; with an orderBy, of the order, the row's key in it and its id,
 * `o:{"o":"FLOPS:DESC","k":1e24,"i":"<id>"}`, so a cursor of one order is refused by another.
 */
export function encodeCursor(id: string, order?: ScenarioOrder | null, key?: string | number | null): string {
  const name = orderName(order);
  if (!name) return Buffer.from(`s:${id}`).toString('base64url');
  return Buffer.from(`o:${JSON.stringify({ o: name, k: key ?? null, i: id })}`).toString('base64url');
}

export function decodeCursor(cursor: string, order?: ScenarioOrder | null): ScenarioKeyset {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const name = orderName(order);
  const wrongOrder = (made: string) =>
    badInput(
      'after',
      `after is a cursor of ${made === 'default' ? 'the default order (no orderBy)' : `orderBy ${made}`}, not of ${name ?? 'the default order (no orderBy)'}: page with the order it was made for, or start again without after`,
    );
  if (raw.startsWith('s:')) {
    const id = raw.slice(2);
    if (!isUuid(id)) throw badInput('after', 'after must be a cursor returned by this API');
    if (name) throw wrongOrder('default');
    return { value: id, id };
  }
  if (raw.startsWith('o:')) {
    let parsed: { o?: unknown; k?: unknown; i?: unknown } = {};
    try {
      parsed = JSON.parse(raw.slice(2)) as typeof parsed;
    } catch {
      // not a cursor of ours: refused below
    }
    const { o, k, i } = parsed;
    if (typeof o === 'string' && typeof i === 'string' && isUuid(i) && (k === null || typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))) {
      if (o !== name) throw wrongOrder(o);
      return { value: k, id: i };
    }
  }
  throw badInput('after', 'after must be a cursor returned by this API');
}

function checkBound(v: number | null | undefined, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(field, `${field} must be a finite number`);
  return v;
}

export interface ScenarioMeta {
  name: string;
  description: string | null;
  tags: string[];
}

export function checkMeta(input: { name?: unknown; description?: unknown; tags?: unknown }, path: string): ScenarioMeta {
  const name = checkText(input.name, `${path}.name`, TEXT_LIMITS.name, { required: true })!;
  const description = checkText(input.description, `${path}.description`, TEXT_LIMITS.description) || null;
  if (input.tags != null && !Array.isArray(input.tags)) throw badInput(`${path}.tags`, 'tags must be a list of strings');
  const raw = (input.tags ?? []) as unknown[];
  const tags = [...new Set(raw.map((t, i) => checkText(t, `${path}.tags[${i}]`, TEXT_LIMITS.tag, { required: true })!))];
  if (tags.length > TEXT_LIMITS.tags) throw badInput(`${path}.tags`, `at most ${TEXT_LIMITS.tags} tags`);
  return { name, description, tags };
}

/**
 * A live (or, with `deleted`, soft-deleted) scenario and the viewer's access to its library;
 * NOT_FOUND when unreadable. A library's trash is its members' (and the admin's) business: to
 * anyone else a deleted scenario, even of a public library, does not exist.
 */
async function load(
  db: Db,
  viewer: Viewer | null,
  id: string,
  opts: { deleted?: boolean; hardware?: boolean } = {},
): Promise<{ scenario: Scenario; access: LibraryAccess }> {
  const scenario = isUuid(id) ? await (opts.deleted ? scenarios.findDeletedScenario(db, id) : scenarios.findLiveScenario(db, id)) : null;
  if (!scenario) throw notFound('Scenario', id);
  const access = await accessLibrary(db, viewer, scenario.libraryId, { hardware: opts.hardware }).catch((e) => {
    // A member of a deleted library is told that it is deleted; anyone else learns of no scenario.
    throw isNotFound(e) && !isDeletedLibrary(e) ? notFound('Scenario', id) : e;
  });
  if (scenario.deletedAt && !seesTrash(access, viewer)) throw notFound('Scenario', id);
  return { scenario, access };
}

/** Whether the viewer may learn of the library's deleted scenarios: its members and the admin. */
function seesTrash(access: LibraryAccess, viewer: Viewer | null): boolean {
  return access.role !== null || viewer?.isAdmin === true;
}

export async function getScenario(db: Db, viewer: Viewer | null, id: string): Promise<Scenario> {
  return (await load(db, viewer, id)).scenario;
}

/**
 * One page, by keyset: `WHERE library_id = $1 AND deleted_at IS NULL AND id > $cursor ORDER BY id
 * LIMIT first + 1`, served by the index on (library_id, id) — a first page and a page deep into a
 * library of 100,000 cost the same. Listing one library costs two statements: the access check
 * (which brings the library's custom hardware along) and the page.
 */
export async function listScenarios(
  db: Db,
  viewer: Viewer | null,
  args: {
    libraryId?: string | null;
    first?: number | null;
    after?: string | null;
    filter?: ScenarioFilter | null;
    orderBy?: ScenarioOrder | null;
    deleted?: boolean;
    /** The library is read as deletedLibraries gave it: listed even though it is deleted (to its members and the admin only). */
    ofDeletedLibrary?: boolean;
  },
): Promise<ScenarioPage> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput('first', `first must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  let of: ScenarioQuery['of'];
  let library: ScenarioPage['library'] = null;
  if (args.libraryId) {
    const access = await accessLibrary(db, viewer, args.libraryId, { hardware: true, deleted: args.ofDeletedLibrary ? 'any' : undefined });
    if (args.deleted) requireRole(access, viewer, 'EDITOR', 'Listing deleted scenarios');
    of = { libraryId: access.library.id };
    library = { library: access.library, hardware: access.hardware ?? [] };
  } else {
    of = { scope: readableLibraries(viewer) };
  }
  const f = args.filter;
  const query: ScenarioQuery = {
    deleted: args.deleted ?? false,
    of,
    text: checkText(f?.text, 'filter.text', TEXT_LIMITS.search),
    tag: checkText(f?.tag, 'filter.tag', TEXT_LIMITS.tag),
    tokenizerMethod: f?.tokenizerMethod,
    minFlops: checkBound(f?.minFlops, 'filter.minFlops'),
    maxFlops: checkBound(f?.maxFlops, 'filter.maxFlops'),
    minCostUsd: checkBound(f?.minCostUsd, 'filter.minCostUsd'),
    maxCostUsd: checkBound(f?.maxCostUsd, 'filter.maxCostUsd'),
    hardware: checkText(f?.hardware, 'filter.hardware', TEXT_LIMITS.name),
  };
  const orderBy = args.orderBy ?? null;
  if (orderBy && !(orderBy.field in ORDER_FIELDS)) throw badInput('orderBy.field', `orderBy.field must be one of ${Object.keys(ORDER_FIELDS).join(', ')}`);
  const order: ScenarioOrderSpec = orderBy ? { key: ORDER_FIELDS[orderBy.field], desc: orderBy.direction === 'DESC' } : { key: 'id', desc: false };
  const after = args.after ? decodeCursor(args.after, orderBy) : null;
  if (after && order.key !== 'id') {
    const numeric = order.key === 'flops' || order.key === 'costUsd' || order.key === 'wallClockDays' || order.key === 'gpuDays';
    const time = order.key === 'createdAt' || order.key === 'updatedAt';
    const fits = numeric ? typeof after.value !== 'string' : typeof after.value === 'string' && (!time || !Number.isNaN(Date.parse(after.value)));
    if (!fits) throw badInput('after', 'after must be a cursor returned by this API');
  }
  const rows = await scenarios.scenarioPage(db, query, order, after, first + 1);
  let counted: Promise<BoundedCount> | null = null;
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    library,
    totalCount: () => (counted ??= scenarios.countScenarios(db, query, COUNT_BOUND)),
    cursorOf: (row) => encodeCursor(row.id, orderBy, scenarios.orderKeyOf(row, order)),
  };
}

/** Inserts a scenario at version 1 with its first revision, inside the caller's transaction. */
export async function insertScenario(
  tx: Tx,
  libraryId: string,
  meta: ScenarioMeta,
  { stored, summary }: CheckedInput,
  authorId: string | null,
  forkedFromId: string | null = null,
): Promise<Scenario> {
  return scenarios.insertScenarioWithRevision(tx, {
    libraryId,
    ...meta,
    input: stored,
    tokenizerMethod: tokenizerMethodOf(stored),
    authorId,
    forkedFromId,
    summary,
  });
}

/**
 * Saving checks the input against the library's hardware and writes it in one transaction under
 * the library's write lock (checkedWrite), so a hardware change racing the save cannot leave a row
 * that does not estimate: whichever comes second is checked against what the first wrote.
 */
export async function createScenario(db: Db, viewer: Viewer | null, { libraryId, ...input }: ScenarioWrite & { libraryId: string }): Promise<Scenario> {
  requireViewer(viewer, 'Saving scenarios');
  const access = await accessLibrary(db, viewer, libraryId, { hardware: true });
  const author = requireRole(access, viewer, 'EDITOR', 'Saving scenarios');
  const meta = checkMeta(input, 'input');
  return checkedWrite(
    db,
    access.library.id,
    contextOfRows(access.hardware ?? []),
    (ctx) => checkAndSummarise(input, 'input', ctx),
    (tx, stored) => insertScenario(tx, access.library.id, meta, stored, author.userId),
  );
}

/**
 * Writes a new version — only if the stored version still equals `expectedVersion`, checked and
 * bumped in one UPDATE (concurrent writers serialise on the row lock; the loser sees 0 rows) —
 * and its revision (with its note), inside the caller's transaction. A stale version is a CONFLICT
 * that says what the client needs to merge (staleVersion).
 */
async function writeVersion(
  tx: Tx,
  id: string,
  expectedVersion: number,
  meta: ScenarioMeta,
  { stored, summary }: CheckedInput,
  authorId: string,
  note: string | null,
): Promise<Scenario> {
  const content = { ...meta, input: stored };
  const updated = await scenarios.updateScenarioIfVersion(tx, id, expectedVersion, { ...content, tokenizerMethod: tokenizerMethodOf(stored), summary });
  if (updated === 0) throw await staleVersion(tx, id, expectedVersion);
  const scenario = await scenarios.scenarioById(tx, id);
  await scenarios.insertRevision(tx, id, scenario.version, content, authorId, note);
  return scenario;
}

/** Replaces a scenario's name, description, tags and input with `input` (what it leaves out is cleared), as a new version carrying `note`. */
export async function updateScenario(
  db: Db,
  viewer: Viewer | null,
  id: string,
  expectedVersion: number,
  input: ScenarioWrite,
  note?: string | null,
): Promise<Scenario> {
  requireViewer(viewer, 'Changing scenarios');
  const { scenario, access } = await load(db, viewer, id, { hardware: true });
  const author = requireRole(access, viewer, 'EDITOR', 'Changing scenarios');
  const meta = checkMeta(input, 'input');
  const checkedNote = checkNote(note);
  return checkedWrite(
    db,
    scenario.libraryId,
    contextOfRows(access.hardware ?? []),
    (ctx) => checkAndSummarise(input, 'input', ctx),
    (tx, stored) => writeVersion(tx, id, expectedVersion, meta, stored, author.userId, checkedNote),
  );
}

/** Brings an old revision back as a new version (history is never rewritten), carrying `note`. */
export async function restoreScenarioRevision(
  db: Db,
  viewer: Viewer | null,
  id: string,
  version: number,
  expectedVersion?: number | null,
  note?: string | null,
): Promise<Scenario> {
  requireViewer(viewer, 'Restoring revisions');
  const { scenario, access } = await load(db, viewer, id, { hardware: true });
  const author = requireRole(access, viewer, 'EDITOR', 'Restoring revisions');
  const checkedNote = checkNote(note);
  const revision = await scenarios.findRevision(db, id, version);
  if (!revision) throw badInput('version', `scenario ${id} has no version ${version}; it has 1 to ${scenario.version}`);
  const meta = { name: revision.name, description: revision.description, tags: revision.tags };
  return checkedWrite(
    db,
    scenario.libraryId,
    contextOfRows(access.hardware ?? []),
    (ctx) => checkAndSummarise(specOf(revision), 'revision', ctx),
    (tx, stored) => writeVersion(tx, id, expectedVersion ?? scenario.version, meta, stored, author.userId, checkedNote),
  );
}

/** Soft delete: the row and its history stay, restorable by an editor until an owner purges it. */
export async function deleteScenario(db: Db, viewer: Viewer | null, id: string): Promise<boolean> {
  requireViewer(viewer, 'Deleting scenarios');
  const { access } = await load(db, viewer, id);
  requireRole(access, viewer, 'EDITOR', 'Deleting scenarios');
  return (await scenarios.softDeleteScenario(db, id)) === 1;
}

/**
 * Un-deletes a scenario — only if it can still be estimated with the library's hardware as it is
 * now (a BAD_USER_INPUT naming the field otherwise), so a restore never brings back a row that
 * would fail every listing it is in. Purged meanwhile: NOT_FOUND; restored meanwhile: CONFLICT.
 */
export async function restoreScenario(db: Db, viewer: Viewer | null, id: string): Promise<Scenario> {
  requireViewer(viewer, 'Restoring scenarios');
  const { scenario, access } = await load(db, viewer, id, { deleted: true, hardware: true });
  requireRole(access, viewer, 'EDITOR', 'Restoring scenarios');
  return checkedWrite(
    db,
    scenario.libraryId,
    contextOfRows(access.hardware ?? []),
    (ctx) => checkAndSummarise(specOf(scenario), 'scenario', ctx),
    async (tx, { summary }) => {
      if ((await scenarios.undeleteScenario(tx, id, summary)) === 0) {
        if (!(await scenarios.findScenarioState(tx, id))) throw notFound('Scenario', id);
        throw conflict(`Scenario ${id} was restored meanwhile: it is not deleted any more`, { id, reason: 'CHANGED_MEANWHILE' });
      }
      return scenarios.scenarioById(tx, id);
    },
  );
}

/** Owners remove a deleted scenario for good, with its history. Live scenarios must be deleted first. */
export async function purgeScenario(db: Db, viewer: Viewer | null, id: string): Promise<boolean> {
  requireViewer(viewer, 'Purging scenarios');
  const live = isUuid(id) ? await scenarios.findScenarioState(db, id) : null;
  if (!live) throw notFound('Scenario', id);
  const access = await accessLibrary(db, viewer, live.libraryId).catch((e) => {
    throw isNotFound(e) && !isDeletedLibrary(e) ? notFound('Scenario', id) : e;
  });
  if (live.deletedAt && !seesTrash(access, viewer)) throw notFound('Scenario', id);
  requireRole(access, viewer, 'OWNER', 'Purging scenarios');
  if (!live.deletedAt) throw badInput('id', 'only a deleted scenario can be purged: delete it first');
  return (await scenarios.purgeDeletedScenario(db, id)) === 1;
}

/**
 * Copies a readable scenario into a library the viewer can edit, remembering its origin. Every
 * accelerator its own library defines that the input names — the scenario's `cluster.hardware`
 * and each stage's (hardwareKeysOf) — comes along (unless the target library already has one by
 * that key: then the fork is refused unless both definitions are the same, rather than estimated
 * on different figures).
 */
export async function forkScenario(db: Db, viewer: Viewer | null, id: string, libraryId: string, name?: string | null): Promise<Scenario> {
  requireViewer(viewer, 'Forking scenarios');
  const { scenario } = await load(db, viewer, id);
  const target = await accessLibrary(db, viewer, libraryId, { hardware: true });
  const author = requireRole(target, viewer, 'EDITOR', 'Forking into a library');
  const meta = checkMeta({ name: name ?? scenario.name, description: scenario.description, tags: scenario.tags }, 'name');
  const spec = specOf(scenario);
  const keys = hardwareKeysOf(spec);
  const sourceHardware = keys.length > 0 ? ((await contextOf(db, scenario.libraryId)).customHardware ?? []) : [];
  const theirs = sourceHardware.filter((h) => keys.includes(h.key));
  // Against the target's hardware as its write lock finds it: two forks bringing one definition along at once store it once.
  const prepare = (targetCtx: CoreContext) => {
    const carried: HardwareSpec[] = [];
    for (const def of theirs) {
      const mine = targetCtx.customHardware?.find((h) => h.key === def.key);
      if (!mine) carried.push(def);
      else if (!sameHardware(def, mine)) {
        throw badInput('libraryId', `both libraries define hardware "${def.key}", differently; rename one of them before forking`);
      }
    }
    const ctx = carried.length > 0 ? { customHardware: [...(targetCtx.customHardware ?? []), ...carried] } : targetCtx;
    return { carried, checked: checkAndSummarise(spec, 'scenario', ctx) };
  };
  return checkedWrite(
    db,
    target.library.id,
    contextOfRows(target.hardware ?? []),
    prepare,
    async (tx, { carried, checked }) => {
      for (const def of carried) {
        // A carried definition of a catalog key replaces the catalog's device for the target's scenarios too.
        await checkHardwareChange(tx, target.library.id, def.key, def, 'brought in by this fork');
        await insertLibraryHardware(tx, target.library.id, toHardwareRow(def));
      }
      return insertScenario(tx, target.library.id, meta, checked, author.userId, scenario.id);
    },
    { writesHardware: ({ carried }) => carried.length > 0 },
  );
}

export async function scenarioHistory(db: Db, scenarioId: string): Promise<(ScenarioRevision & { author: { id: string; name: string } | null })[]> {
  return scenarios.revisionsWithAuthors(db, scenarioId);
}
