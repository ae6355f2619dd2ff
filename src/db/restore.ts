/**
 * Reading a backup file back (backup-format.ts): `verifyBackup` checks one whole (gzip, every
 * table's rows, the counts, the SHA-256) without a database; `restoreBackup` loads one into an
 * empty database.
 *
 * A restore: the backup's schema version is checked against the migrations this code has (a
 * backup from a newer schema is refused), the target must be empty (or --force-replace), the
 * migrations are applied up to the backup's version, then in ONE transaction every table is
 * locked, loaded with COPY FROM STDIN in dependency order (the app's own triggers held off: the
 * rows are copies, whatever a trigger derives is in them already; the indexes no constraint
 * needs dropped and built again after the load, in the same transaction), counted against the backup,
 * its sequences set, and committed only when the file's checksum matched. On any error —
 * truncated, corrupt, a row PostgreSQL refuses — it rolls back: nothing is half-restored. Then the
 * remaining migrations of this code are applied, as a server start would.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Logger } from '../logger';
import {
  appliedMigrations,
  appTables,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupHeader,
  BackupTable,
  BackupTrailer,
  COPY_SETTINGS,
  copySql,
  MAX_META_LINE,
  quoteIdent,
} from './backup-format';
import { listMigrations, migrate } from './migrate';

/** A refusal or failure said in one sentence for the operator (the CLI prints the message alone). */
export class BackupError extends Error {}

interface TableSink {
  write(chunk: Buffer): Promise<void>;
  /** Ends the table; resolves with the rows the database took (or null when it does not say). */
  end(): Promise<number | null>;
  /** Stops the table midway (a COPY in progress is failed, so the connection can roll back). */
  abort(e: Error): Promise<void>;
}

interface ParseHandlers {
  header?(h: BackupHeader): Promise<void>;
  table?(t: BackupTable): Promise<TableSink | null>;
  /** Bytes of the (compressed) file read so far. */
  progress?(p: { table: string | null; rows: number; fileBytes: number }): void;
}

export interface ParsedBackup {
  header: BackupHeader;
  trailer: BackupTrailer;
}

function gzipError(e: NodeJS.ErrnoException): BackupError {
  if (e.code === 'Z_BUF_ERROR') return new BackupError(`the backup file is truncated (${e.message}): it ends before its last byte`);
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return new BackupError(`the backup file is corrupt (${e.message})`);
  return e instanceof BackupError ? e : new BackupError((e as Error).message);
}

function parseMeta<T>(line: string, what: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`the backup file's ${what} is not JSON: ${what === 'header' ? 'this is not a flopscope backup' : 'the file is corrupt'}`);
  }
}

function checkHeader(h: BackupHeader): void {
  if (!h || h.format !== BACKUP_FORMAT) throw new BackupError(`this is not a flopscope backup (its first line has no "format":"${BACKUP_FORMAT}")`);
  if (h.version !== BACKUP_VERSION)
    throw new BackupError(
      `this backup is of format version ${JSON.stringify(h.version)}; this flopscope reads version ${BACKUP_VERSION}: use the flopscope that wrote it`,
    );
  if (!Array.isArray(h.migrations) || h.migrations.length === 0 || !Array.isArray(h.tables))
    throw new BackupError('the backup header has no migrations or tables: the file is corrupt');
}

/**
 * Streams a backup file through `handlers`, checking it whole: gzip intact, a header, each
 * table's rows, a trailer whose counts and SHA-256 match what was read, nothing after it.
 */
export async function parseBackup(file: string, handlers: ParseHandlers = {}): Promise<ParsedBackup> {
  let input: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  } catch (e) {
    throw new BackupError(`cannot read the backup file ${file}: ${(e as Error).message}`);
  }
  const gunzip = zlib.createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  const hash = crypto.createHash('sha256');
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  let tableIndex = -1;
  let sink: TableSink | null = null;
  let rows = 0;
  const counted: Record<string, number> = {};
  let carry: Buffer | null = null;

  const startTable = async (i: number) => {
    tableIndex = i;
    rows = 0;
    sink = header!.tables[i] ? ((await handlers.table?.(header!.tables[i])) ?? null) : null;
  };
  const endTable = async () => {
    const t = header!.tables[tableIndex];
    const ending = sink;
    sink = null;
    const taken = ending ? await ending.end() : null;
    if (taken !== null && taken !== rows) throw new BackupError(`table ${t.name}: the file has ${rows} rows, the database took ${taken}`);
    counted[t.name] = rows;
    await startTable(tableIndex + 1);
  };

  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      let pos = 0;
      while (pos < buf.length) {
        if (trailer) throw new BackupError('the backup file goes on after its trailer: it is corrupt');
        const inTable = header !== null && tableIndex < header.tables.length;
        if (!inTable) {
          // the header, or the trailer: one JSON line
          const nl = buf.indexOf(10, pos);
          if (nl < 0) {
            if (buf.length - pos > MAX_META_LINE)
              throw new BackupError(header ? 'the backup trailer is too long: the file is corrupt' : 'this is not a flopscope backup (no header line)');
            carry = buf.subarray(pos);
            break;
          }
          const line = buf.toString('utf8', pos, nl);
          if (!header) {
            hash.update(buf.subarray(pos, nl + 1));
            const h = parseMeta<BackupHeader>(line, 'header');
            checkHeader(h);
            header = h;
            await handlers.header?.(h);
            await startTable(0);
          } else {
            trailer = parseMeta<BackupTrailer>(line, 'trailer');
            if (trailer.end !== BACKUP_FORMAT) throw new BackupError('the backup file has a line where its trailer should be that is not one: it is corrupt');
          }
          pos = nl + 1;
          continue;
        }
        // rows of the current table, up to the line `\.`
        const segment = pos;
        let line = pos;
        let ended = false;
        let nl = -1;
        for (nl = buf.indexOf(10, line); nl !== -1; nl = buf.indexOf(10, line)) {
          if (nl - line === 2 && buf[line] === 0x5c && buf[line + 1] === 0x2e) {
            ended = true;
            break;
          }
          rows++;
          line = nl + 1;
        }
        if (line > segment) {
          const part = buf.subarray(segment, line);
          hash.update(part);
          if (sink) await (sink as TableSink).write(part);
        }
        if (!ended) {
          if (line < buf.length) carry = buf.subarray(line);
          break;
        }
        hash.update(buf.subarray(line, nl + 1));
        pos = nl + 1;
        await endTable();
      }
      handlers.progress?.({ table: header && tableIndex < header.tables.length ? header.tables[tableIndex].name : null, rows, fileBytes: input.bytesRead });
    }
  } catch (e) {
    const error = gzipError(e as NodeJS.ErrnoException);
    const active = sink as TableSink | null;
    sink = null;
    if (active) await active.abort(error);
    throw error;
  } finally {
    input.destroy();
  }
  if (!header) throw new BackupError('the backup file is empty: this is not a flopscope backup');
  if (!trailer) {
    const where = tableIndex < header.tables.length ? `in the rows of table ${header.tables[tableIndex].name}` : 'before its trailer';
    throw new BackupError(`the backup file is truncated: it ends ${where}`);
  }
  const digest = hash.digest('hex');
  if (digest !== trailer.sha256) throw new BackupError(`the backup file is corrupt: its SHA-256 is ${digest}, its trailer says ${trailer.sha256}`);
  for (const t of header.tables)
    if (trailer.rows?.[t.name] !== counted[t.name])
      throw new BackupError(`table ${t.name}: the file has ${counted[t.name]} rows, its trailer says ${trailer.rows?.[t.name]}`);
  return { header, trailer };
}

/** Checks a backup file whole without a database. */
export function verifyBackup(file: string, onProgress?: ParseHandlers['progress']): Promise<ParsedBackup> {
  return parseBackup(file, { progress: onProgress });
}

export interface RestoreOptions {
  /** Replace whatever the database holds (in the same transaction: on an error it keeps it). */
  forceReplace?: boolean;
  log: Logger;
  onProgress?: ParseHandlers['progress'];
}

export interface RestoreResult extends ParsedBackup {
  /** Migrations of this code applied after the data (the backup was of an older schema). */
  upgraded: string[];
  replaced: boolean;
  ms: number;
}

/** Restores `file` into the database at `databaseUrl` (see the file comment). */
export async function restoreBackup(databaseUrl: string, file: string, opts: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const known = listMigrations().map((m) => m.name);
  const client = new Client({ connectionString: databaseUrl, application_name: 'flopscope restore' });
  client.on('error', () => undefined);
  await client.connect();
  let inTransaction = false;
  let replaced = false;
  let triggered: string[] = [];
  let deferredIndexes: string[] = [];
  try {
    const parsed = await parseBackup(file, {
      progress: opts.onProgress,
      header: async (h) => {
        const unknown = h.migrations.filter((m) => !known.includes(m));
        if (unknown.length)
          throw new BackupError(
            `this backup is from a newer flopscope: its schema has migration ${unknown[unknown.length - 1]}, which this code does not know (its last is ${known[known.length - 1]}). Upgrade flopscope, then restore`,
          );
        const target = await appliedMigrations(client);
        const ahead = (target ?? []).filter((m) => !h.migrations.includes(m));
        const others = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        if (others.rows[0].n > 0)
          throw new BackupError(`${others.rows[0].n} other connection(s) to this database (a flopscope server?): stop every server that uses it, then restore`);
        const filled = await nonEmptyTables(client);
        if (filled.length && !opts.forceReplace)
          throw new BackupError(
            `the database is not empty (${filled.join(', ')}): restore into an empty database (a new data directory, or a new external database), or pass --force-replace to replace everything in it`,
          );
        if (ahead.length)
          throw new BackupError(
            `the database's schema is newer than the backup's (it has migration ${ahead[ahead.length - 1]}; the backup's last is ${h.migrations[h.migrations.length - 1]}): restore into a new, empty database`,
          );
        await migrate(databaseUrl, opts.log, { upTo: h.migrations[h.migrations.length - 1] });
        await client.query('BEGIN');
        inTransaction = true;
        for (const s of COPY_SETTINGS) await client.query(s);
        await client.query("SET LOCAL lock_timeout = '30s'");
        const tables = await appTables(client);
        const names = tables.map((t) => quoteIdent(t.name)).join(', ');
        if (tables.length) await client.query(`LOCK TABLE ${names} IN ACCESS EXCLUSIVE MODE`);
        for (const t of h.tables) {
          const there = tables.find((x) => x.name === t.name);
          if (!there) throw new BackupError(`the backup has table ${t.name}, which the schema at migration ${h.migrations[h.migrations.length - 1]} does not`);
          const missing = t.columns.filter((c) => !there.columns.includes(c));
          if (missing.length) throw new BackupError(`table ${t.name} of the backup has column(s) ${missing.join(', ')}, which the schema does not`);
        }
        if ((await nonEmptyTables(client)).length) {
          if (!opts.forceReplace) throw new BackupError('the database was written to meanwhile: stop every server that uses it, then restore');
          await client.query(`TRUNCATE ${names}`);
          replaced = true;
        }
        const { rows } = await client.query<{ name: string }>(
          `SELECT DISTINCT c.relname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
            WHERE NOT g.tgisinternal AND c.relname = ANY($1::text[]) AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
          [h.tables.map((t) => t.name)],
        );
        triggered = rows.map((r) => r.name);
        for (const t of triggered) await client.query(`ALTER TABLE ${quoteIdent(t)} DISABLE TRIGGER USER`);
        // Indexes that no constraint needs are built once after the load rather than row by row during it (as pg_restore does).
        const idx = await client.query<{ name: string; def: string }>(
          `SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
            WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY t.relname, ic.relname`,
          [h.tables.map((t) => t.name)],
        );
        deferredIndexes = idx.rows.map((r) => r.def);
        for (const r of idx.rows) await client.query(`DROP INDEX ${r.name}`);
      },
      table: async (t) => copySink(client, t),
    });
    const { header, trailer } = parsed;
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    for (const def of deferredIndexes) await client.query(def);
    for (const t of header.tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(t.name)}`);
      if (Number(rows[0].n) !== trailer.rows[t.name])
        throw new BackupError(`table ${t.name}: ${rows[0].n} rows after the restore, the backup has ${trailer.rows[t.name]}`);
    }
    for (const s of trailer.sequences ?? []) await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoteIdent(s.name), s.lastValue, s.isCalled]);
    for (const t of triggered) await client.query(`ALTER TABLE ${quoteIdent(t)} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    inTransaction = false;
    await client.query(`ANALYZE ${header.tables.map((t) => quoteIdent(t.name)).join(', ')}`);
    const upgraded = await migrate(databaseUrl, opts.log);
    return { ...parsed, upgraded, replaced, ms: Date.now() - started };
  } catch (e) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    const message = e instanceof BackupError ? e.message : `the restore failed: ${(e as Error).message}`;
    throw new BackupError(inTransaction || e instanceof BackupError ? `${message}. Nothing was restored` : message);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The app's tables that hold a row (each checked with one index or heap probe). */
async function nonEmptyTables(client: Client): Promise<string[]> {
  const out: string[] = [];
  for (const t of await appTables(client)) {
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(t.name)}) AS any`);
    if (rows[0].any) out.push(t.name);
  }
  return out;
}

function copySink(client: Client, t: BackupTable): TableSink {
  const stream = client.query(copyFrom(copySql(t, 'FROM STDIN')));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => undefined);
  const refused = (e: unknown) => new BackupError(`table ${t.name}: PostgreSQL refused its rows: ${(e as Error).message}`);
  return {
    async write(chunk) {
      try {
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      } catch (e) {
        throw refused(e);
      }
    },
    async end() {
      stream.end();
      try {
        await done;
      } catch (e) {
        throw refused(e);
      }
      return stream.rowCount;
    },
    async abort(e) {
      stream.destroy(e);
      await done.catch(() => undefined);
    },
  };
}
