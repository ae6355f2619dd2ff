/**
 * Applies prisma/migrations/<name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same SHA-256
 * checksum of the file), so Prisma's own CLI agrees with us on a connected machine.
 * (Prisma 7's migrate needs a native schema engine that cannot be downloaded here.)
 *
 * A session-level advisory lock serialises concurrent starts: two API processes starting
 * together against one database apply each migration once. A database that is up to date (every
 * start but the first after an upgrade) is checked with one read, without the lock.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logger';
import { PROJECT_ROOT } from '../paths';
import { ADVISORY_LOCKS } from './locks';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Whether every migration is recorded as applied, unchanged (false when the table is missing). */
async function allApplied(client: Client, migrations: Migration[]): Promise<boolean> {
  try {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return migrations.every((m) => rows.some((r) => r.migration_name === m.name && r.checksum === m.checksum));
  } catch (e) {
    if ((e as { code?: string }).code === '42P01') return false; // undefined_table: a new database
    throw e;
  }
}

/**
 * Brings the database up to date. `upTo` (a migration name) stops after that one — used by the
 * test that proves an upgraded database ends up identical to a fresh one.
 */
export async function migrate(databaseUrl: string, log: Logger, opts: { upTo?: string; dir?: string } = {}): Promise<string[]> {
  const migrations = listMigrations(opts.dir);
  const client = new Client({ connectionString: databaseUrl });
  // A connection lost mid-way fails the pending query (and so the start), not the process.
  client.on('error', () => undefined);
  await client.connect();
  const applied: string[] = [];
  let locked = false;
  try {
    // Every start of an up-to-date database: one read, no lock, no DDL.
    if (!opts.upTo && (await allApplied(client, migrations))) return applied;
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations.toString()]);
    locked = true;
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    for (const m of migrations) {
      const records = rows.filter((r) => r.migration_name === m.name && r.rolled_back_at === null);
      const done = records.find((r) => r.finished_at !== null);
      if (done) {
        if (done.checksum !== m.checksum) log.warn({ migration: m.name }, 'migration.sql changed after it was applied');
      } else if (records.length > 0) {
        throw new Error(
          `migration ${m.name} failed earlier and was not rolled back; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${m.name})`,
        );
      } else {
        const id = crypto.randomUUID();
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
          id,
          m.checksum,
          m.name,
        ]);
        try {
          await client.query('BEGIN');
          await client.query(m.sql);
          await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, String((e as Error).message)]);
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
        }
        applied.push(m.name);
        log.info({ migration: m.name }, 'migration applied');
      }
      if (opts.upTo === m.name) break;
    }
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
  return applied;
}
