/**
 * The migration runner: a fresh database and one upgraded step by step (with data in it) end up
 * with identical schemas; `_prisma_migrations` is written as Prisma writes it; two runners
 * started together apply each migration once.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/db/embedded';
import { listMigrations, migrate } from '../../src/db/migrate';
import { removeDataDir, tempDataDir } from './process';

const log = createLogger('silent');
let pg: EmbeddedPostgres;
const dataDir = tempDataDir('flopscope-migrate-');

async function createDb(name: string): Promise<string> {
  const c = new Client({ connectionString: pg.url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return pg.url.replace(/\/flopscope$/, `/${name}`);
}

/** Tables, columns, indexes, constraints and enums: everything a migration can change. */
async function describeSchema(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const q = async (sql: string) => JSON.stringify((await c.query(sql)).rows);
  const parts = [
    await q(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, ordinal_position FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    ),
    await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    await q(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`),
    await q(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`),
  ];
  await c.end();
  return parts.join('\n');
}

beforeAll(async () => {
  pg = await startEmbeddedPostgres(dataDir, log);
});
afterAll(async () => {
  await pg?.stop();
  removeDataDir(dataDir);
});

test('there are at least two migrations, in Prisma folder layout, with a lock file', () => {
  const dir = path.join(__dirname, '..', '..', 'prisma', 'migrations');
  expect(fs.readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')).toMatch(/provider = "postgresql"/);
  const names = listMigrations().map((m) => m.name);
  expect(names.length).toBeGreaterThanOrEqual(2);
  for (const n of names) expect(n).toMatch(/^\d{14}_[a-z0-9_]+$/);
});

test('a fresh database and an upgraded one (with data in between) end up identical', async () => {
  const names = listMigrations().map((m) => m.name);
  const fresh = await createDb('fresh');
  const upgraded = await createDb('upgraded');
  expect(await migrate(fresh, log)).toEqual(names);

  expect(await migrate(upgraded, log, { upTo: names[0] })).toEqual([names[0]]);
  const c = new Client({ connectionString: upgraded });
  await c.connect();
  await c.query(`INSERT INTO libraries (id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'old')`);
  await c.query(
    `INSERT INTO scenarios (id, library_id, name, input, tokenizer_method) VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 'old', '{}', 'LATENT')`,
  );
  await c.end();
  expect(await migrate(upgraded, log)).toEqual(names.slice(1));
  expect(await migrate(upgraded, log)).toEqual([]); // idempotent

  expect(await describeSchema(upgraded)).toBe(await describeSchema(fresh));
});

test('_prisma_migrations holds what prisma migrate deploy writes: SHA-256 checksums, finished rows', async () => {
  const url = await createDb('ledger');
  await migrate(url, log);
  const c = new Client({ connectionString: url });
  await c.connect();
  const rows = (
    await c.query('SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')
  ).rows;
  await c.end();
  const expected = listMigrations().map((m) => ({
    migration_name: m.name,
    checksum: crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(__dirname, '..', '..', 'prisma', 'migrations', m.name, 'migration.sql')))
      .digest('hex'),
  }));
  expect(rows.map((r) => ({ migration_name: r.migration_name, checksum: r.checksum }))).toEqual(expected);
  for (const r of rows) {
    expect(r.finished_at).toBeInstanceOf(Date);
    expect(r.rolled_back_at).toBeNull();
    expect(r.applied_steps_count).toBe(1);
  }
});

test('two runners starting together apply each migration exactly once (advisory lock)', async () => {
  const url = await createDb('race');
  const [a, b] = await Promise.all([migrate(url, log), migrate(url, log)]);
  expect([...a, ...b].sort()).toEqual(listMigrations().map((m) => m.name));
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
  await c.end();
  expect(rows[0].n).toBe(listMigrations().length);
});

test('an up-to-date database is checked with one read, without waiting for the migration lock; a changed migration still takes it', async () => {
  const url = await createDb('uptodate');
  await migrate(url, log);
  // Another process holds the migration lock (say, one that is migrating): an up-to-date start does not wait for it.
  const holder = new Client({ connectionString: url });
  await holder.connect();
  const lockKey = BigInt('0x666c6f7073636f70').toString();
  await holder.query('SELECT pg_advisory_lock($1)', [lockKey]);
  try {
    const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<string>((r) => setTimeout(() => r(`still waiting after ${ms} ms`), ms))]);
    await expect(within(migrate(url, log), 3000)).resolves.toEqual([]);
    // A migration recorded with another checksum (its file edited after it was applied) goes the long way: it waits for the lock.
    await holder.query(`UPDATE "_prisma_migrations" SET checksum = 'edited' WHERE migration_name = $1`, [listMigrations()[0].name]);
    let settled = false;
    const waiting = migrate(url, log).finally(() => void (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await holder.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    await expect(waiting).resolves.toEqual([]); // it only warns about the edited file, as before
  } finally {
    await holder.end();
  }
});
