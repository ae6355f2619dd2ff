/**
 * Libraries of any size in and out, as newline-delimited JSON (`GET /libraries/{id}/export`,
 * `POST /libraries/{id}/import`; server/stream.ts carries them over HTTP). The first line is the
 * export's header — `{"format":"flopscope.library","version":2,"library":{…},"hardware":[…]}` —
 * and every other line one scenario, `{"name","description","tags","input"}`: the document of
 * exportLibrary with its scenarios list taken out of it, one per line, so that neither side ever
 * holds the library in memory.
 */
import { FlopscopeInputError } from '../core';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/client';
import { hardwareOfLibrary, insertManyLibraryHardware } from '../store/hardware.store';
import { duplicatesOf, exportLines, hasEarlierScenarios } from '../store/stream.store';
import { insertScenariosWithRevisions } from '../store/bulk.store';
import { lockLibraryWrites } from '../store/library.store';
import { accessLibrary, requireRole, requireViewer } from './access';
import { badInput, coded, conflict, DomainError } from './errors';
import { checkHardwareChange, contextOf, contextOfRows, newHardwareSpec, toHardwareSpec } from './hardware.service';
import { checkMeta, specOf } from './scenario.service';
import { checkAndSummarise, StoredInput, tokenizerMethodOf } from './scenario.input';
import type { SummaryColumns } from '../store/scenario.store';
import { checkHeader, EXPORT_FORMAT, EXPORT_VERSION, hardwareToImport } from './transfer.service';
import type { Viewer } from './viewer';

/** Scenarios read per statement of an export, and written per pair of statements of an import (at most). */
const BATCH = 1000;

/**
 * An import's batch is also written once its lines reach this many characters. Prisma keeps the
 * text of its last 100 debug calls for its error reports, a raw statement's parameters included
 * (four calls a statement), and copies each statement on its way to the database: statements of
 * 1,000 rows of architecture inputs (3.9 MB each) held 100 MB there and exhausted the GraphQL
 * thread's heap. Measured by hand, 100,000 such rows into a fresh library: at 256 KB the server's
 * RSS peaked at 297 MB in 47 s, at 128 KB 279 MB in 71 s, at 64 KB 236 MB in 86 s.
 */
const BATCH_CHARS = 64 * 1024;

/** Where an export's text goes: `write` resolves when there is room for more (the client reads slower than the database). */
export interface TextSink {
  /** Called once, before the first write: the library is readable and the transfer begins. */
  begin(libraryName: string): void;
  write(text: string): Promise<void>;
}

/** The transfer ran past its deadline, or its client went away: what was begun stops, and an import rolls back. */
function stopped(signal: AbortSignal | undefined, what: 'export' | 'import'): void {
  if (!signal?.aborted) return;
  const reason = signal.reason === 'timeout' ? 'ran out of time' : 'was cancelled (the client went away)';
  throw new DomainError('TIMEOUT', what === 'import' ? `The import ${reason} and was rolled back: nothing was written` : `The export ${reason}`);
}

/**
 * Streams a library the viewer may read: its header, then its live scenarios in id order, read in
 * batches inside one read-only REPEATABLE READ transaction — a consistent snapshot however long
 * the client takes, up to `timeoutMs`. Resolves with the number of scenarios written.
 */
export async function exportLibraryStream(
  db: Db,
  viewer: Viewer | null,
  libraryId: string,
  sink: TextSink,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<{ scenarios: number }> {
  const { library } = await accessLibrary(db, viewer, libraryId);
  return coded(
    db.$transaction(
      async (tx) => {
        const hardware = (await hardwareOfLibrary(tx, library.id)).map((h) => {
          const { priceYear: _p, ...spec } = toHardwareSpec(h);
          return spec;
        });
        const header = {
          format: EXPORT_FORMAT,
          version: EXPORT_VERSION,
          exportedAt: new Date().toISOString(),
          library: { name: library.name, description: library.description },
          hardware,
        };
        sink.begin(library.name);
        await sink.write(`${JSON.stringify(header)}\n`);
        let after: string | null = null;
        let count = 0;
        for (;;) {
          stopped(opts.signal, 'export');
          const rows = await exportLines(tx, library.id, after, BATCH);
          if (rows.length === 0) break;
          count += rows.length;
          after = rows[rows.length - 1].id;
          await sink.write(`${rows.map((r) => r.line).join('\n')}\n`);
          if (rows.length < BATCH) break;
        }
        return { scenarios: count };
      },
      { isolationLevel: 'RepeatableRead', timeout: opts.timeoutMs, maxWait: 10_000 },
    ),
  );
}

export type Duplicates = 'SKIP' | 'COPY';

export interface ImportProgress {
  /** Lines read so far (the header included). */
  lines: number;
  /** Scenarios written so far (in the transaction: none of them visible before the commit). */
  scenarios: number;
  /** Lines skipped as duplicates of scenarios already in the library. */
  skipped: number;
}

/** A line's error, with its line number (1 is the header) and the field it is about. */
function atLine(e: unknown, line: number): unknown {
  const at = (field: unknown) => `line ${line}${typeof field === 'string' && field !== 'line' ? ` (${field})` : ''}`;
  if (e instanceof FlopscopeInputError) return new DomainError('BAD_USER_INPUT', `${at(e.field)}: ${e.message}`, { line, field: e.field, issues: e.issues });
  if (e instanceof DomainError && e.code === 'BAD_USER_INPUT')
    return new DomainError('BAD_USER_INPUT', `${at(e.extensions.field)}: ${e.message}`, { ...e.extensions, line });
  return e;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line's JSON, or BAD_USER_INPUT saying which line is not JSON. */
function parseLine(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badInput('line', `is not JSON (${what}; one JSON object per line)`);
  }
}

/**
 * Imports a stream of lines (`lines` yields each line's text, empty lines dropped) into a library
 * the viewer can edit. The header is checked first; then everything is written in ONE transaction
 * under the library's write lock — every line checked as importLibrary checks a scenario, a
 * thousand written at a time — so a bad line anywhere (its number and field in the error), a
 * client that leaves or a deadline passed rolls it all back: nothing is written. A scenario that
 * the library already holds (same name, same input) is skipped, or copied with `COPY`.
 */
export async function importLibraryStream(
  db: Db,
  viewer: Viewer | null,
  libraryId: string,
  lines: AsyncIterable<string>,
  opts: { duplicates: Duplicates; timeoutMs: number; signal?: AbortSignal; progress?: (p: ImportProgress) => void },
): Promise<{ scenarios: number; skipped: number; hardware: number }> {
  requireViewer(viewer, 'Importing into a library');
  const access = await accessLibrary(db, viewer, libraryId, { hardware: true });
  const author = requireRole(access, viewer, 'EDITOR', 'Importing into a library');
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw badInput('line', 'line 1: the stream is empty; its first line must be the export header');
  let hardware: unknown[];
  try {
    hardware = checkHeader(
      parseLine(first.value, 'the export header'),
      'header',
      `the export header, {"format":"${EXPORT_FORMAT}","version":${EXPORT_VERSION},…}`,
    );
  } catch (e) {
    throw atLine(e, 1);
  }
  // New devices take the library's lock exclusive, as importLibrary does; scenarios alone, shared.
  const before = hardwareToImport(hardware, contextOfRows(access.hardware ?? []), 'header.hardware');
  const lock = before.newHardware.length > 0 ? 'exclusive' : 'shared';

  return coded(
    db.$transaction(
      async (tx) => {
        await lockLibraryWrites(tx, access.library.id, lock);
        // Under the lock the library's hardware cannot change: checked once more against what it is now.
        let prepared: ReturnType<typeof hardwareToImport>;
        try {
          prepared = hardwareToImport(hardware, await contextOf(tx, access.library.id), 'header.hardware');
        } catch (e) {
          throw atLine(e, 1);
        }
        if (lock === 'shared' && prepared.newHardware.length > 0)
          throw conflict("The library's hardware changed while the import began; try again", { reason: 'CHANGED_MEANWHILE' });
        for (const row of prepared.newHardware) await checkHardwareChange(tx, access.library.id, row.key, newHardwareSpec(row), 'imported so');
        if (prepared.newHardware.length > 0) await insertManyLibraryHardware(tx, access.library.id, prepared.newHardware);

        // Into a library with no earlier scenarios nothing can be a duplicate: no row is looked up. (The
        // lookups would be planned from statistics that know nothing of the rows this import adds:
        // each would read them all.)
        const lookUp = opts.duplicates === 'SKIP' && (await hasEarlierScenarios(tx, access.library.id));
        const progress: ImportProgress = { lines: 1, scenarios: 0, skipped: 0 };
        let batch: { meta: ReturnType<typeof checkMeta>; stored: StoredInput; summary: SummaryColumns }[] = [];
        let batchChars = 0;
        const flush = async () => {
          stopped(opts.signal, 'import');
          const skip = lookUp
            ? await duplicatesOf(
                tx,
                access.library.id,
                batch.map((r) => ({ name: r.meta.name, input: r.stored })),
              )
            : new Set<number>();
          const rows = batch
            .filter((_, i) => !skip.has(i))
            .map((r) => ({ ...r.meta, input: r.stored, tokenizerMethod: tokenizerMethodOf(r.stored), summary: r.summary }));
          await insertScenariosWithRevisions(tx, access.library.id, author.userId, rows);
          progress.scenarios += rows.length;
          progress.skipped += skip.size;
          batch = [];
          batchChars = 0;
          opts.progress?.({ ...progress });
        };
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          const line = ++progress.lines;
          try {
            const s = parseLine(next.value, 'a scenario');
            if (!isObject(s)) throw badInput('scenario', 'must be an object {"name","description","tags","input"}');
            const meta = checkMeta(s as never, 'scenario');
            if (!isObject(s.input)) throw badInput('scenario.input', 'must be an object (a ScenarioInput without name)');
            const { stored, summary } = checkAndSummarise(
              specOf({ name: meta.name, description: meta.description, input: s.input as Prisma.JsonValue }),
              'scenario.input',
              prepared.ctx,
            );
            batch.push({ meta, stored, summary });
            batchChars += next.value.length;
          } catch (e) {
            throw atLine(e, line);
          }
          if (batch.length === BATCH || batchChars >= BATCH_CHARS) await flush();
        }
        await flush();
        stopped(opts.signal, 'import');
        return { scenarios: progress.scenarios, skipped: progress.skipped, hardware: prepared.newHardware.length };
      },
      { timeout: opts.timeoutMs, maxWait: 10_000 },
    ),
  );
}
