import type { Db } from '../store/client';
import type { Prisma } from '../generated/prisma/client';
import type { CoreContext, HardwareSpec } from '../core';
import { hardwareOfLibrary, insertManyLibraryHardware } from '../store/hardware.store';
import type { NewHardware } from '../store/hardware.store';
import { liveScenariosNamed, liveScenariosOf } from '../store/scenario.store';
import { accessLibrary, requireViewer, requireRole } from './access';
import { insertScenariosWithRevisions } from '../store/bulk.store';
import { badInput, DomainError } from './errors';
import {
  checkedWrite,
  checkHardware,
  checkHardwareChange,
  contextOfRows,
  HardwareInput,
  newHardwareSpec,
  sameHardware,
  toHardwareSpec,
} from './hardware.service';
import { checkMeta, specOf } from './scenario.service';
import { checkAndSummarise, StoredInput, tokenizerMethodOf } from './scenario.input';
import type { SummaryColumns } from '../store/scenario.store';
import { canonical } from './diff';
import type { ImportBudget } from './import-budget';
import type { Viewer } from './viewer';

export const EXPORT_FORMAT = 'flopscope.library';
/**
 * The version exports are written in. 2: a scenario's input may carry what issue 17 added
 * (model.architecture, model.encoders, stages, training.recomputation, steps × batchSize, frames),
 * which a server that reads only version 1 must refuse rather than estimate without.
 */
export const EXPORT_VERSION = 2;
/**
 * Versions this server imports. A version-1 document's inputs are version-2 inputs that use none of
 * the new fields, and estimate exactly as they did (docs/operations.md, "Per library, through the API").
 */
export const IMPORT_VERSIONS: readonly number[] = [1, 2];
/** The most scenarios one importLibrary takes, and one exportLibrary answers; bigger libraries go through the streamed endpoints (stream.service.ts). */
export const MAX_IMPORT_SCENARIOS = 10_000;
export const MAX_EXPORT_SCENARIOS = 10_000;
/** Scenarios written per pair of statements. */
const IMPORT_BATCH = 1000;
/** An import's transaction may hold its connection this long (it needs well under a second per 1,000 scenarios). */
const IMPORT_TRANSACTION_MS = 30_000;
/** Scenarios checked between two yields of the thread (a few milliseconds of work). */
const IMPORT_CHECK_BATCH = 100;

/**
 * One versioned JSON document per library: its scenarios (live ones, latest version), custom
 * hardware and tags — not keys, members or history.
 */
export interface LibraryDocument {
  format: typeof EXPORT_FORMAT;
  /** EXPORT_VERSION when written; any of IMPORT_VERSIONS when read. */
  version: number;
  exportedAt: string;
  library: { name: string; description: string | null };
  hardware: Omit<HardwareSpec, 'priceYear'>[];
  scenarios: { name: string; description: string | null; tags: string[]; input: Record<string, unknown> }[];
}

export async function exportLibrary(db: Db, viewer: Viewer | null, libraryId: string): Promise<LibraryDocument> {
  const { library } = await accessLibrary(db, viewer, libraryId);
  const [hardware, scenarios] = await Promise.all([hardwareOfLibrary(db, library.id), liveScenariosOf(db, library.id, MAX_EXPORT_SCENARIOS + 1)]);
  if (scenarios.length > MAX_EXPORT_SCENARIOS) {
    throw new DomainError(
      'RESPONSE_TOO_LARGE',
      `The library holds more than ${MAX_EXPORT_SCENARIOS} scenarios, more than one exportLibrary answer carries: stream it with GET /libraries/${library.id}/export (newline-delimited JSON; npm run export)`,
      { limit: 'maxExportScenarios', max: MAX_EXPORT_SCENARIOS, endpoint: `/libraries/${library.id}/export` },
    );
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    library: { name: library.name, description: library.description },
    hardware: hardware.map((h) => {
      const { priceYear: _p, ...spec } = toHardwareSpec(h);
      return spec;
    }),
    scenarios: scenarios.map((s) => ({ name: s.name, description: s.description, tags: s.tags, input: s.input as Record<string, unknown> })),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What an import does with a scenario the target library already holds (a live one with the same name and the same input). */
export type ImportDuplicates = 'SKIP' | 'COPY';

/** What an import wrote: scenarios created, devices added, and scenarios left out as duplicates. */
export interface ImportOutcome {
  scenarios: number;
  hardware: number;
  skipped: number;
}

/** A scenario's identity for duplicates: its name and its stored input as canonical JSON. */
const duplicateKey = (name: string, input: unknown) => `${name}\u0000${canonical(input)}`;

/**
 * An export's header checked — its format, a version this server reads, a list of hardware — as
 * `path` (`document` in importLibrary, `line 1` of a streamed import); its hardware list.
 */
export function checkHeader(doc: unknown, path: string, what: string): unknown[] {
  if (!isObject(doc)) throw badInput(path, `must be ${what}`);
  if (doc.format !== EXPORT_FORMAT) throw badInput(`${path}.format`, `must be "${EXPORT_FORMAT}"`);
  if (typeof doc.version !== 'number' || !IMPORT_VERSIONS.includes(doc.version)) {
    const shown = doc.version === undefined ? 'no version' : `unsupported version ${JSON.stringify(doc.version)?.slice(0, 40)}`;
    throw badInput(`${path}.version`, `${shown}; this server reads versions ${IMPORT_VERSIONS.join(' and ')} (it writes ${EXPORT_VERSION})`);
  }
  const hardware = doc.hardware ?? [];
  if (!Array.isArray(hardware)) throw badInput(`${path}.hardware`, 'must be a list');
  return hardware;
}

/**
 * An export's hardware against the target library's (`existing`): the devices to add, and the
 * context the scenarios are checked in. A device the library already defines alike is kept; one it
 * defines differently is refused (`path[i].key`).
 */
export function hardwareToImport(hardware: readonly unknown[], existing: CoreContext, path: string): { newHardware: NewHardware[]; ctx: CoreContext } {
  const byKey = new Map((existing.customHardware ?? []).map((h) => [h.key, h]));
  const newHardware: NewHardware[] = [];
  const seen = new Set<string>();
  hardware.forEach((h, i) => {
    if (!isObject(h)) throw badInput(`${path}[${i}]`, 'must be an object');
    const row = checkHardware(h as unknown as HardwareInput, `${path}[${i}]`);
    if (seen.has(row.key)) throw badInput(`${path}[${i}].key`, `"${row.key}" appears twice`);
    seen.add(row.key);
    const spec = newHardwareSpec(row);
    const mine = byKey.get(row.key);
    if (mine) {
      if (!sameHardware(mine, spec)) {
        throw badInput(`${path}[${i}].key`, `the target library already defines "${row.key}" differently; rename or remove one of them`);
      }
      return;
    }
    newHardware.push(row);
    byKey.set(row.key, spec);
  });
  return { newHardware, ctx: { customHardware: [...byKey.values()] } };
}

/**
 * Imports a document into a library the viewer can edit. Everything is checked before anything
 * is written, and the writes run in one transaction under the library's write lock (checkedWrite:
 * checked again there if the library's hardware changed meanwhile): a bad document is rejected
 * whole, with the path of the first problem (`document.scenarios[3].input.model.parameters`).
 * With `onDuplicate` SKIP (the default) a scenario the library already holds live — the same name
 * and the same input — is not written again, so importing one document twice creates nothing the
 * second time; COPY writes it anyway.
 */
export async function importLibrary(
  db: Db,
  viewer: Viewer | null,
  libraryId: string,
  document: unknown,
  signal?: AbortSignal,
  onDuplicate: ImportDuplicates = 'SKIP',
  budget?: ImportBudget,
): Promise<ImportOutcome> {
  const importer = requireViewer(viewer, 'Importing into a library');
  const access = await accessLibrary(db, viewer, libraryId, { hardware: true });
  const author = requireRole(access, viewer, 'EDITOR', 'Importing into a library');
  const doc = document;
  const hardware = checkHeader(doc, 'document', 'a JSON object exported by exportLibrary');
  const scenarios = (doc as Record<string, unknown>).scenarios;
  if (!Array.isArray(scenarios)) throw badInput('document.scenarios', 'must be a list');
  if (scenarios.length > MAX_IMPORT_SCENARIOS) {
    throw badInput(
      'document.scenarios',
      `at most ${MAX_IMPORT_SCENARIOS} scenarios per importLibrary; stream bigger libraries to POST /libraries/${access.library.id}/import (newline-delimited JSON; npm run import)`,
    );
  }

  // The key's share of the database's writes (import-budget.ts): the rows about to be written are
  // taken in the transaction, once duplicates are known, and given back if it does not commit.
  const budgetKey = `key:${importer.apiKeyId}`;
  let taken = 0;
  let committed = false;

  // The checks, then one transaction in batches: between them (and before the commit) a request
  // that ran out of time stops, so the transaction rolls back and its TIMEOUT means nothing was written.
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new DomainError('TIMEOUT', 'The import ran out of time and was rolled back: nothing was written');
  };

  /** The document checked against the library's hardware `existing`: the devices to add and the scenarios as stored. */
  const prepare = async (existing: CoreContext) => {
    const { newHardware, ctx } = hardwareToImport(hardware, existing, 'document.hardware');
    const rows: { meta: ReturnType<typeof checkMeta>; stored: StoredInput; summary: SummaryColumns }[] = [];
    for (let i = 0; i < scenarios.length; i++) {
      // Thousands of checks are long synchronous work: between batches the thread serves other requests.
      if (i > 0 && i % IMPORT_CHECK_BATCH === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        stopIfCancelled();
      }
      const s: unknown = scenarios[i];
      const path = `document.scenarios[${i}]`;
      if (!isObject(s)) throw badInput(path, 'must be an object');
      const meta = checkMeta(s as never, path);
      if (!isObject(s.input)) throw badInput(`${path}.input`, 'must be an object (a ScenarioInput without name)');
      const { stored, summary } = checkAndSummarise(
        specOf({ name: meta.name, description: meta.description, input: s.input as Prisma.JsonValue }),
        `${path}.input`,
        ctx,
      );
      rows.push({ meta, stored, summary });
    }
    return { newHardware, rows };
  };

  try {
    const outcome = await checkedWrite(
      db,
      access.library.id,
      contextOfRows(access.hardware ?? []),
      prepare,
      async (tx, { newHardware, rows }) => {
        // A new device that shadows a catalog key must not break the library's own scenarios.
        for (const row of newHardware) await checkHardwareChange(tx, access.library.id, row.key, newHardwareSpec(row), 'imported so');
        if (newHardware.length > 0) await insertManyLibraryHardware(tx, access.library.id, newHardware);
        // SKIP: a scenario the library already holds live (same name, same input as stored) is left out —
        // compared with the library as the import found it, so a document's own repeats are all written.
        let kept = rows;
        if (onDuplicate === 'SKIP' && rows.length > 0) {
          const held = await liveScenariosNamed(
            tx,
            access.library.id,
            rows.map((r) => r.meta.name),
          );
          const keys = new Set(held.map((h) => duplicateKey(h.name, h.input)));
          kept = rows.filter((r) => !keys.has(duplicateKey(r.meta.name, r.stored)));
        }
        await budget?.take(budgetKey, kept.length);
        taken = kept.length;
        for (let i = 0; i < kept.length; i += IMPORT_BATCH) {
          stopIfCancelled();
          const batch = kept
            .slice(i, i + IMPORT_BATCH)
            .map((r) => ({ ...r.meta, input: r.stored, tokenizerMethod: tokenizerMethodOf(r.stored), summary: r.summary }));
          await insertScenariosWithRevisions(tx, access.library.id, author.userId, batch);
        }
        stopIfCancelled();
        return { scenarios: kept.length, hardware: newHardware.length, skipped: rows.length - kept.length };
      },
      { timeout: IMPORT_TRANSACTION_MS, writesHardware: ({ newHardware }) => newHardware.length > 0 },
    );
    committed = true;
    return outcome;
  } finally {
    if (!committed) await budget?.giveBack(budgetKey, taken);
  }
}
