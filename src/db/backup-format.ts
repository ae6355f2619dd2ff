/**
 * The backup file (`npm run backup`): gzip of
 *
 *   line 1     the header: {"format":"flopscope.backup","version":1,"createdAt",…,"migrations":[…],"tables":[{"name","columns"}…]}
 *   per table  its rows in PostgreSQL's COPY text format (one row a line), then a line `\.`
 *   last line  the trailer: {"end":"flopscope.backup","rows":{table: n},"sequences":[…],"sha256"}
 *
 * `sha256` is the hash of every uncompressed byte before the trailer; gzip's own CRC covers the
 * compressed stream. A COPY text row cannot be the two characters `\.` (a backslash is always
 * written `\\`), so that line ends a table unambiguously. Tables are in dependency order: a
 * table's rows come after those of every table it references.
 */
import type { ClientBase } from 'pg';

export const BACKUP_FORMAT = 'flopscope.backup';
export const BACKUP_VERSION = 1;
/** The table migrate.ts keeps: recreated by the migrations on restore, never copied. */
export const MIGRATIONS_TABLE = '_prisma_migrations';
/** A header or trailer line longer than this is not one (the file is not a backup). */
export const MAX_META_LINE = 16 * 1024 * 1024;

export interface BackupTable {
  name: string;
  /** The columns copied, in order (generated columns are left out: PostgreSQL computes them again). */
  columns: string[];
}

export interface BackupSequence {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The PostgreSQL server it was taken from, e.g. "18.4". */
  postgres: string;
  /** The migrations applied to the database it was taken from, in order: its schema version is the last. */
  migrations: string[];
  tables: BackupTable[];
}

export interface BackupTrailer {
  end: typeof BACKUP_FORMAT;
  rows: Record<string, number>;
  sequences: BackupSequence[];
  sha256: string;
}

/** Session settings under which COPY text reads back exactly as it was written (as pg_dump sets them). */
export const COPY_SETTINGS = [
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  'SET LOCAL extra_float_digits = 1',
  'SET LOCAL statement_timeout = 0',
  'SET LOCAL idle_in_transaction_session_timeout = 0',
];

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The app's tables: every ordinary table of the current schema (public, unless the connection
 * says otherwise) but the migrations' own and those an extension owns; other schemas (a job
 * queue's) are not the app's data. In dependency order, then by name.
 */
export async function appTables(client: ClientBase): Promise<BackupTable[]> {
  const { rows: tables } = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind = 'r' AND c.relname <> $1
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`,
    [MIGRATIONS_TABLE],
  );
  const { rows: columns } = await client.query<{ oid: number; name: string }>(
    `SELECT attrelid::int AS oid, attname AS name FROM pg_attribute
      WHERE attrelid = ANY($1::oid[]) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attrelid, attnum`,
    [tables.map((t) => t.oid)],
  );
  const { rows: refs } = await client.query<{ from: number; to: number }>(
    `SELECT conrelid::int AS "from", confrelid::int AS "to" FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::oid[]) AND conrelid <> confrelid`,
    [tables.map((t) => t.oid)],
  );
  const ordered: typeof tables = [];
  const placed = new Set<number>();
  const oids = new Set(tables.map((t) => t.oid));
  while (ordered.length < tables.length) {
    const next =
      tables.find((t) => !placed.has(t.oid) && refs.every((r) => r.from !== t.oid || placed.has(r.to) || !oids.has(r.to))) ??
      tables.find((t) => !placed.has(t.oid))!; // a cycle of references: its rows must come in one order or another
    ordered.push(next);
    placed.add(next.oid);
  }
  return ordered.map((t) => ({ name: t.name, columns: columns.filter((c) => c.oid === t.oid).map((c) => c.name) }));
}

/** The migrations applied (finished, not rolled back), in order; null when the database has none. */
export async function appliedMigrations(client: ClientBase): Promise<string[] | null> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [MIGRATIONS_TABLE]);
  if (!exists.rows[0].t) return null;
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${quoteIdent(MIGRATIONS_TABLE)} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** The sequences of the current schema with their values (read now: a sequence is not transactional, so this is at least what the rows used). */
export async function appSequences(client: ClientBase): Promise<BackupSequence[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const out: BackupSequence[] = [];
  for (const { name } of rows) {
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quoteIdent(name)}`);
    out.push({ name, lastValue: v[0].last_value, isCalled: v[0].is_called });
  }
  return out;
}

/** The copy statement of one table, out or in. */
export const copySql = (t: BackupTable, dir: 'TO STDOUT' | 'FROM STDIN') => `COPY ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) ${dir}`;
