import type { Client, Db, Tx } from '../store/client';
import type { LibraryHardware } from '../generated/prisma/client';
import { deleteLibraryHardwareById, findLibraryHardware, hardwareOfLibraries, NewHardware, upsertLibraryHardware } from '../store/hardware.store';
import { libraryIsDeleted, lockLibraryWrites } from '../store/library.store';
import type { LibraryHardwareRow } from '../store/library.store';
import { inputsOnHardware, InputOnHardware } from '../store/scenario.store';
import { queueHardwareRebuild } from '../store/summary.store';
import { CoreContext, DEFAULT_HARDWARE_KEY, FlopscopeInputError, HardwareSpec, PRECISIONS, Precision } from '../core';
import { accessLibrary, requireViewer, requireRole } from './access';
import { badInput, coded, conflict, DomainError, notFound } from './errors';
import { checkInput, specOf } from './scenario.input';
import { checkText, TEXT_LIMITS } from './text';
import type { Viewer } from './viewer';

export interface HardwareInput {
  key: string;
  name: string;
  peakTflops: Partial<Record<Precision, number | null>>;
  memoryGB?: number | null;
  tdpWatts?: number | null;
  pricePerGpuHour?: number | null;
  source?: string | null;
}

const COLUMN: Record<Precision, 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8'> = { FP32: 'fp32', TF32: 'tf32', BF16: 'bf16', FP16: 'fp16', FP8: 'fp8' };

/** A stored row as the core's HardwareSpec. */
export function toHardwareSpec(row: LibraryHardware | LibraryHardwareRow): HardwareSpec {
  const peakTflops = Object.fromEntries(PRECISIONS.map((p) => [p, row[COLUMN[p]]])) as Record<Precision, number | null>;
  return {
    key: row.key,
    name: row.name,
    peakTflops,
    memoryGB: row.memoryGB,
    tdpWatts: row.tdpWatts,
    pricePerGpuHour: row.pricePerGpuHour,
    priceYear: null,
    source: row.source,
  };
}

/** The columns of a HardwareSpec (the inverse of toHardwareSpec), for a library's new row. */
export function toHardwareRow(spec: HardwareSpec): NewHardware {
  const { key, name, peakTflops: p, memoryGB, tdpWatts, pricePerGpuHour, source } = spec;
  return { key, name, fp32: p.FP32, tf32: p.TF32, bf16: p.BF16, fp16: p.FP16, fp8: p.FP8, memoryGB, tdpWatts, pricePerGpuHour, source };
}

/** Whether two definitions give the same estimates: every figure equal (names of sources aside). */
export function sameHardware(a: HardwareSpec, b: HardwareSpec): boolean {
  const figures = (h: HardwareSpec) => [h.key, h.name, ...PRECISIONS.map((p) => h.peakTflops[p]), h.memoryGB, h.tdpWatts, h.pricePerGpuHour];
  const fa = figures(a);
  return figures(b).every((v, i) => v === fa[i]);
}

function positiveOrNull(v: number | null | undefined, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1e12)
    throw badInput(field, `must be a positive finite number (at most 1e12), got ${String(v)}`);
  return v;
}

/** Checks a hardware definition; `path` prefixes field paths (e.g. `input`, `document.hardware[2]`). */
/** A checked definition (not yet stored) as the core's HardwareSpec. */
export function newHardwareSpec(row: NewHardware): HardwareSpec {
  return toHardwareSpec({ ...row, id: '', libraryId: '', createdAt: new Date(), updatedAt: new Date() } as LibraryHardware);
}

export function checkHardware(input: HardwareInput, path: string): NewHardware {
  if (typeof input?.key !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(input.key)) {
    throw badInput(`${path}.key`, 'key must be 1 to 64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');
  }
  const name = checkText(input.name, `${path}.name`, TEXT_LIMITS.name, { required: true })!;
  const source = checkText(input.source, `${path}.source`, TEXT_LIMITS.source) || 'defined by the library';
  const peaks = input.peakTflops ?? {};
  if (typeof peaks !== 'object') throw badInput(`${path}.peakTflops`, 'peakTflops must be an object of dense TFLOP/s per precision');
  for (const k of Object.keys(peaks))
    if (!PRECISIONS.includes(k as Precision)) throw badInput(`${path}.peakTflops.${k}`, `unknown precision; one of ${PRECISIONS.join(', ')}`);
  const row = {
    key: input.key,
    name,
    fp32: positiveOrNull(peaks.FP32, `${path}.peakTflops.FP32`),
    tf32: positiveOrNull(peaks.TF32, `${path}.peakTflops.TF32`),
    bf16: positiveOrNull(peaks.BF16, `${path}.peakTflops.BF16`),
    fp16: positiveOrNull(peaks.FP16, `${path}.peakTflops.FP16`),
    fp8: positiveOrNull(peaks.FP8, `${path}.peakTflops.FP8`),
    memoryGB: positiveOrNull(input.memoryGB, `${path}.memoryGB`),
    tdpWatts: positiveOrNull(input.tdpWatts, `${path}.tdpWatts`),
    pricePerGpuHour: positiveOrNull(input.pricePerGpuHour, `${path}.pricePerGpuHour`),
    source,
  };
  if ([row.fp32, row.tf32, row.bf16, row.fp16, row.fp8].every((p) => p === null))
    throw badInput(`${path}.peakTflops`, 'give at least one dense peak (TFLOP/s)');
  return row;
}

export async function libraryHardware(db: Client, libraryIds: readonly string[]): Promise<Map<string, HardwareSpec[]>> {
  const rows = await hardwareOfLibraries(db, libraryIds);
  const out = new Map<string, HardwareSpec[]>(libraryIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.libraryId)!.push(toHardwareSpec(r));
  return out;
}

/** The library's custom hardware as the core's context, now (inside a transaction: as that transaction sees it). */
export async function contextOf(db: Client, libraryId: string): Promise<CoreContext> {
  return { customHardware: (await libraryHardware(db, [libraryId])).get(libraryId) ?? [] };
}

/** The context of a library read with its hardware (accessLibrary's `{ hardware: true }`). */
export function contextOfRows(rows: readonly (LibraryHardware | LibraryHardwareRow)[]): CoreContext {
  return { customHardware: rows.map(toHardwareSpec) };
}

/** Whether two lists of a library's hardware (by key, as the store orders them) give the same estimates. */
function sameHardwareList(a: readonly HardwareSpec[], b: readonly HardwareSpec[]): boolean {
  return a.length === b.length && a.every((h, i) => sameHardware(h, b[i]));
}

/**
 * Runs `write` in one transaction that first takes the library's write lock (src/db/locks.ts), so
 * that a check it makes and the write it allows see the same scenarios and the same hardware: a
 * hardware change and a scenario save that race are serialised, and the second is checked against
 * what the first wrote. EVERY write of a library's scenarios or custom hardware goes through here
 * (or checkedWrite). Writes of hardware take the lock exclusive (the default); writes of scenarios
 * only, shared, so they run side by side (a script filling a library from many connections is not
 * serialised). A transaction takes one library's lock and no other advisory lock after it, so
 * there is no order to get wrong. A write that loses a race on a constraint anyway is a CONFLICT.
 */
export async function libraryWrite<T>(
  db: Db,
  libraryId: string,
  write: (tx: Tx) => Promise<T>,
  opts: { timeout?: number; lock?: 'shared' | 'exclusive' } = {},
): Promise<T> {
  const { lock = 'exclusive', ...tx } = opts;
  return coded(
    db.$transaction(async (t) => {
      await lockLibraryWrites(t, libraryId, lock);
      // deleteLibrary takes the lock exclusive: a write that waited for it finds the library deleted.
      if (await libraryIsDeleted(t, libraryId)) {
        throw new DomainError('NOT_FOUND', `Library ${libraryId} was deleted meanwhile: nothing was written`, { id: libraryId, deleted: true });
      }
      return write(t);
    }, tx),
  );
}

/**
 * libraryWrite for a write that `check` allows given the library's hardware (a scenario's input:
 * checkInput). The check runs first outside the lock, on `before` (the hardware the access check
 * read), so its computation holds no connection (a long check may be async, to yield its thread); inside the lock the hardware is read again, and
 * only if it changed meanwhile is the check run again on it. `write` gets what the check returned.
 * The lock is shared unless `writesHardware(checked)` says the write also defines hardware (a fork
 * that brings a device along, an import with new devices); should the check under a shared lock
 * come to need that, the write is a CONFLICT to try again (the hardware changed meanwhile).
 */
export async function checkedWrite<C, T>(
  db: Db,
  libraryId: string,
  before: CoreContext,
  check: (ctx: CoreContext) => C | Promise<C>,
  write: (tx: Tx, checked: C) => Promise<T>,
  opts: { timeout?: number; writesHardware?: (checked: C) => boolean } = {},
): Promise<T> {
  const { writesHardware = () => false, ...tx } = opts;
  let checked = await check(before);
  const lock = writesHardware(checked) ? 'exclusive' : 'shared';
  return libraryWrite(
    db,
    libraryId,
    async (t) => {
      const now = await contextOf(t, libraryId);
      if (!sameHardwareList(before.customHardware ?? [], now.customHardware ?? [])) {
        checked = await check(now);
        if (lock === 'shared' && writesHardware(checked))
          throw conflict("The library's hardware changed while this was saved; try again", { reason: 'CHANGED_MEANWHILE' });
      }
      return write(t, checked);
    },
    { ...tx, lock },
  );
}

/** Editors define (or redefine) an accelerator for their library's scenarios. */
export async function setLibraryHardware(db: Db, viewer: Viewer | null, libraryId: string, input: HardwareInput): Promise<HardwareSpec> {
  requireViewer(viewer, 'Defining hardware');
  const access = await accessLibrary(db, viewer, libraryId);
  requireRole(access, viewer, 'EDITOR', 'Defining hardware');
  const row = checkHardware(input, 'input');
  const spec = newHardwareSpec(row);
  const saved = await libraryWrite(db, access.library.id, async (tx) => {
    await checkHardwareChange(tx, access.library.id, row.key, spec, 'redefined so');
    return upsertLibraryHardware(tx, access.library.id, row);
  });
  return toHardwareSpec(saved);
}

/**
 * Refused while a scenario of the library (live, deleted, or an earlier revision) needs it (see
 * checkHardwareChange); NOT_FOUND when the library has no such device (also when another removal
 * took it first).
 */
export async function deleteLibraryHardware(db: Db, viewer: Viewer | null, libraryId: string, key: string): Promise<boolean> {
  requireViewer(viewer, 'Removing hardware');
  const access = await accessLibrary(db, viewer, libraryId);
  requireRole(access, viewer, 'EDITOR', 'Removing hardware');
  return libraryWrite(db, access.library.id, async (tx) => {
    const existing = await findLibraryHardware(tx, access.library.id, key);
    if (!existing) throw notFound('Hardware', key);
    await checkHardwareChange(tx, access.library.id, key, null, 'removed');
    // Removed meanwhile by a write outside the lock (the database itself): gone all the same.
    if ((await deleteLibraryHardwareById(tx, existing.id)) === 0) throw notFound('Hardware', key);
    return true;
  });
}

/** Stored inputs re-validated per batch: one page of rows, then the event loop is free again. */
const CHECK_BATCH = 500;

/**
 * A change of the library's accelerator `key` (to `next`, or removed: null, which falls back to
 * the catalog's device of that key if there is one) is refused with a CONFLICT when a scenario of
 * the library that estimates now would not estimate after it — its live or deleted row, or any of
 * its earlier revisions (which can be restored) — so no change of hardware can leave a row that
 * breaks a listing. Every stored input that runs on `key` (or names no hardware, when `key` is the
 * default device) is checked with the new definition, exactly as a save checks it. `change` says
 * what happens to it, for the message ("removed", "redefined so", …). It runs inside libraryWrite's
 * transaction, before the change it allows: no scenario can be written between the two.
 */
export async function checkHardwareChange(tx: Tx, libraryId: string, key: string, next: HardwareSpec | null, change: string): Promise<void> {
  const current = (await libraryHardware(tx, [libraryId])).get(libraryId) ?? [];
  const before = current.find((h) => h.key === key);
  if (before && next && sameHardware(before, next)) return;
  const ctxBefore: CoreContext = { customHardware: current };
  const ctxAfter: CoreContext = { customHardware: [...current.filter((h) => h.key !== key), ...(next ? [next] : [])] };
  const failing = new Set<string>();
  let first: { row: InputOnHardware; error: FlopscopeInputError } | null = null;
  // The same input (a revision only renamed, say) is checked once.
  const verdicts = new Map<string, FlopscopeInputError | null>();
  const breaks = (input: unknown): FlopscopeInputError | null => {
    const text = JSON.stringify(input) ?? 'null';
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = failsWith(input, ctxAfter);
      // Only what the change breaks: an input that fails today already fails every listing alike.
      if (verdict && failsWith(input, ctxBefore)) verdict = null;
      verdicts.set(text, verdict);
    }
    return verdict;
  };
  for (const revisions of [false, true]) {
    let after: string | null = null;
    for (;;) {
      const page = await inputsOnHardware(tx, { libraryId, key, orUnset: key === DEFAULT_HARDWARE_KEY, revisions }, after, CHECK_BATCH);
      for (const row of page) {
        const error = breaks(row.input);
        if (!error) continue;
        failing.add(row.scenarioId);
        first ??= { row, error };
      }
      if (page.length < CHECK_BATCH) break;
      after = page[page.length - 1].id;
    }
  }
  // Allowed: the summaries of the scenarios it changes are rebuilt once this commits (summary.queue.ts).
  if (!first) return queueHardwareRebuild(tx, libraryId, key);
  const n = failing.size;
  const { row, error } = first;
  const which = `"${row.name}" (${row.scenarioId}${row.revision ? `, its version ${row.version}` : ''})`;
  throw conflict(
    `${n} scenario${n === 1 ? '' : 's'} of this library (live, deleted or in their history) would no longer estimate if hardware "${key}" were ${change}: ` +
      `${which} would fail with ${error.message}. Change or purge ${n === 1 ? 'it' : 'them'} first (an earlier revision counts: it can be restored)`,
    { scenarios: n, scenarioId: row.scenarioId, field: error.field },
  );
}

/** The error a stored input fails with under `ctx`, or null when it estimates. */
function failsWith(input: unknown, ctx: CoreContext): FlopscopeInputError | null {
  try {
    checkInput(specOf({ name: '', description: null, input }), 'scenario', ctx);
    return null;
  } catch (e) {
    if (e instanceof FlopscopeInputError) return e;
    throw e;
  }
}
