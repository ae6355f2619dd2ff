/**
 * Backup and restore of the whole store (issue 19, item 5), with the real CLI (`node
 * dist/src/cli/backup.js`, what `npm run backup` / `npm run restore` run) against the real
 * PostgreSQL: the embedded one, or — when DATABASE_URL is set, as harness.ts honours it — an
 * external server, each target then a new database on it.
 *
 * Written through the API: users and keys (one revoked), libraries with members and custom
 * hardware, scenarios with several versions and notes, a deleted scenario, a deleted library, a
 * fork. Backed up while a writer keeps creating scenarios; restored into an empty target; a server
 * started on it must give back every acknowledged write (API reads, and every table row for row),
 * and the writer's scenarios as a prefix of what it was told was written (one snapshot).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { listMigrations, migrate } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { ADMIN_KEY, gql, ok, startTestServer, TestServer } from './harness';
import { removeDataDir, tempDataDir } from './process';

const CLI = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'backup.js');
const EXTERNAL = process.env.DATABASE_URL || null;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-backup-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a process, on the database `env` names (DATABASE_URL, or FLOPSCOPE_DATA_DIR alone). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.FLOPSCOPE_ADMIN_KEY;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

interface Target {
  env: Record<string, string>;
  /** The rows of each app table, read straight from its database (the server not running). */
  counts(): Promise<Record<string, number>>;
  start(): Promise<TestServer>;
  remove(): Promise<void>;
}

/** A new, empty place to restore into: a data directory, or a database on the external server. */
async function newTarget(): Promise<Target> {
  if (EXTERNAL) {
    const name = `flopscope_restore_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: EXTERNAL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(EXTERNAL);
    u.pathname = `/${name}`;
    const url = u.toString();
    return { env: { DATABASE_URL: url }, counts: () => tableCounts(url), start: () => startTestServer({ databaseUrl: url }), remove: () => dropDatabase(name) };
  }
  const dataDir = tempDataDir('flopscope-restore-');
  return {
    env: { FLOPSCOPE_DATA_DIR: dataDir },
    counts: async () => {
      const pg = await startEmbeddedPostgres(dataDir, createLogger('silent'));
      try {
        return await tableCounts(pg.url);
      } finally {
        await pg.stop();
      }
    },
    start: () => startTestServer({ dataDir }),
    remove: async () => removeDataDir(dataDir),
  };
}

async function dropDatabase(name: string) {
  const admin = new Client({ connectionString: EXTERNAL! });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** Every row of every app table as text, ordered: what "the same store" means, row for row. */
async function dump(url: string, skipLibrary?: string): Promise<Record<string, string[]>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query<{ t: string }>(
      `SELECT relname AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> '_prisma_migrations' ORDER BY 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { t } of tables) {
      const where =
        skipLibrary && t === 'scenarios'
          ? `WHERE library_id <> '${skipLibrary}'`
          : skipLibrary && t === 'scenario_revisions'
            ? `WHERE scenario_id NOT IN (SELECT id FROM scenarios WHERE library_id = '${skipLibrary}')`
            : '';
      // A library's live-scenario counter moves with its scenarios: the writer's, like its rows, is left out.
      const row =
        skipLibrary && t === 'libraries'
          ? `(SELECT x.*, CASE WHEN x.id = '${skipLibrary}' THEN NULL ELSE x.live_scenarios END AS live_scenarios_compared FROM "${t}" x)`
          : null;
      const select = row
        ? `SELECT (row_to_json(y)::jsonb - 'live_scenarios')::text AS r FROM ${row} y`
        : `SELECT row_to_json(x)::text AS r FROM "${t}" x ${where}`;
      const { rows } = await c.query<{ r: string }>(`${select} ORDER BY 1`);
      out[t] = rows.map((r) => r.r);
    }
    return out;
  } finally {
    await c.end();
  }
}

/** The schema's indexes and constraints as PostgreSQL defines them: a restore must give them all back. */
async function schemaOf(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ d: string }>(
      `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
    );
    return rows.map((r) => r.d);
  } finally {
    await c.end();
  }
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const d = await dump(url);
  return Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.length]));
}

const TEXT = (name: string, parameters: number) => ({ name, model: { parameters }, data: [{ kind: 'TEXT', count: 2e10 }] });
const SCENARIO = `id name version description tags library { id } forkedFrom { id } history { version note author { id } input { model { parameters } } }
  estimate { flops costUsd gpuDays wallClockDays tokens }`;

let source: TestServer;
let sourceEnv: Record<string, string>;
const as = (key: string) => (query: string, variables?: Record<string, unknown>) => gql(source.url, query, variables, key);
const admin = as(ADMIN_KEY);
const users: Record<string, { id: string; key: string }> = {};
let revokedKey = '';
let writerLibrary = '';
const ids: Record<string, string> = {};
let before: Record<string, string[]>;
let fullBackup = '';

beforeAll(async () => {
  source = await startTestServer();
  sourceEnv = EXTERNAL ? { DATABASE_URL: source.databaseUrl! } : { FLOPSCOPE_DATA_DIR: source.dataDir };
  for (const name of ['owner', 'editor', 'viewer']) {
    const d = ok(await admin(`mutation($n: String!) { createUser(name: $n) { user { id } apiKey } }`, { n: name }));
    users[name] = { id: d.createUser.user.id, key: d.createUser.apiKey };
  }
  const owner = as(users.owner.key);
  const spare = ok(await owner(`mutation { createApiKey(name: "spare") { apiKey id } }`)).createApiKey;
  ok(await owner(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: spare.id }));
  revokedKey = spare.apiKey;
  const lib = async (name: string, visibility = 'PRIVATE') =>
    ok(await owner(`mutation($n: String!, $v: Visibility) { createLibrary(input: { name: $n, visibility: $v }) { id } }`, { n: name, v: visibility }))
      .createLibrary.id as string;
  ids.team = await lib('team');
  ids.other = await lib('other', 'PUBLIC');
  ids.gone = await lib('deleted library');
  writerLibrary = await lib('writer');
  for (const [u, role] of [
    ['editor', 'EDITOR'],
    ['viewer', 'VIEWER'],
  ])
    ok(
      await owner(`mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
        l: ids.team,
        u: users[u].id,
        r: role,
      }),
    );
  ok(
    await owner(
      `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "acme-z", name: "Acme Z", peakTflops: { BF16: 400, FP8: 800 }, memoryGB: 96, tdpWatts: 450, pricePerGpuHour: 1.25, source: "our contract" }) { key } }`,
      { l: ids.team },
    ),
  );
  const editor = as(users.editor.key);
  const create = async (key: string, libraryId: string, input: Record<string, unknown>) =>
    ok(await as(key)(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } })).createScenario
      .id as string;
  ids.versions = await create(users.editor.key, ids.team, {
    ...TEXT('three versions', 1e9),
    tags: ['llm', 'v'],
    description: 'quotes \' " \\ tabs\tand\nnewlines, ünïcode ✓',
    cluster: { hardware: 'acme-z', precision: 'BF16', gpuCount: 64, utilization: 0.4 },
  });
  for (const [v, p, note] of [
    [1, 2e9, 'bigger'],
    [2, 3e9, null],
  ] as const)
    ok(
      await editor(
        `mutation($id: ID!, $v: Int!, $i: ScenarioInput!, $n: String) { updateScenario(id: $id, expectedVersion: $v, input: $i, note: $n) { version } }`,
        {
          id: ids.versions,
          v,
          i: { ...TEXT('three versions', p), tags: ['llm'], cluster: { hardware: 'acme-z', precision: 'BF16', gpuCount: 64 } },
          n: note,
        },
      ),
    );
  ids.deleted = await create(users.owner.key, ids.team, TEXT('deleted scenario', 5e8));
  ok(await owner(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: ids.deleted }));
  ids.fork = ok(
    await owner(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l, name: "the fork") { id } }`, { id: ids.versions, l: ids.other }),
  ).forkScenario.id;
  ids.inGone = await create(users.owner.key, ids.gone, TEXT('in a deleted library', 1e9));
  ok(await owner(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: ids.gone }));
  // Another schema's table (as a job queue keeps its own): not the app's data, left out of a backup.
  const c = new Client({ connectionString: source.app.db.url });
  await c.connect();
  await c.query(`CREATE SCHEMA other_schema; CREATE TABLE other_schema.jobs (id int); INSERT INTO other_schema.jobs VALUES (1)`);
  await c.end();
  before = await dump(source.app.db.url, writerLibrary);
});

afterAll(async () => {
  await source?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** What the API says of the fixed part of the store, read with `key`s of the users. */
async function apiView(url: string) {
  const q = (key: string, query: string, variables?: Record<string, unknown>) => gql(url, query, variables, key);
  const owner = users.owner.key;
  return {
    me: ok(await q(users.editor.key, `{ me { id name isAdmin apiKeys { id name prefix revokedAt } } }`)),
    revoked: (await q(revokedKey, `{ me { id } }`)).errors?.[0]?.extensions?.code ?? 'accepted',
    team: ok(
      await q(
        owner,
        `query($l: ID!) { library(id: $l) { name visibility members { role user { id name } } hardware { key name memoryGB tdpWatts pricePerGpuHour source peakTflops { BF16 FP8 } }
          scenarios(first: 50) { totalCount edges { node { ${SCENARIO} } } } deletedScenarios(first: 10) { edges { node { id name } } } } }`,
        { l: ids.team },
      ),
    ),
    fork: ok(await q(owner, `query($id: ID!) { scenario(id: $id) { ${SCENARIO} } }`, { id: ids.fork })),
    viewerSees: ok(await q(users.viewer.key, `query($id: ID!) { scenario(id: $id) { name version } }`, { id: ids.versions })),
    deletedLibraries: ok(await q(owner, `{ deletedLibraries { id name } }`)),
    users: ok(await q(ADMIN_KEY, `{ users { id name } }`)),
  };
}

test('a backup taken while a writer runs restores into an empty target with every acknowledged write, and the server there serves it', async () => {
  const view = await apiView(source.url);
  expect(view.team.library.members).toHaveLength(3); // the owner, an editor, a viewer
  expect(view.team.library.scenarios.edges[0].node.history).toHaveLength(3);
  expect(view.revoked).toBe('UNAUTHENTICATED');

  // The writer: one scenario after another, each recorded once the server acknowledged it.
  const acked: string[] = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const r = await gql(
        source.url,
        `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`,
        { i: { libraryId: writerLibrary, ...TEXT(`written ${i}`, 1e9 + i) } },
        users.owner.key,
      );
      acked.push(ok(r).createScenario.id);
    }
  })();
  while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));
  const ackedBefore = acked.length;
  const file = path.join(work, 'store.flopscope-backup.gz');
  const backup = await cli(['backup', file], sourceEnv);
  const ackedAfter = acked.length;
  writing = false;
  await writer;
  expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/fail|error/i) });
  expect(backup.stdout).toMatch(/^backed up to .* schema \d+_\w+: users 4, api_keys 5, libraries 5, .*scenarios \d+/);
  expect(ackedAfter).toBeGreaterThan(ackedBefore); // the writer really did write during the backup
  fullBackup = file;

  const header = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[0]);
  expect(header.tables.map((t: { name: string }) => t.name).sort()).toEqual(Object.keys(before).sort());
  expect(header.migrations).toEqual(listMigrations().map((m) => m.name));

  const verify = await cli(['backup', '--verify', file], {});
  expect(verify.code).toBe(0);
  expect(verify.stdout).toMatch(/the backup is whole/);

  const target = await newTarget();
  try {
    const restore = await cli(['restore', file], target.env);
    expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/fail|error/i) });
    expect(restore.stdout).toMatch(/^restored .* users 4, api_keys 5, libraries 5/);
    const restored = await target.start();
    try {
      // Every table, row for row, as it was before the writer started (the writer's library apart).
      expect(await dump(restored.app.db.url, writerLibrary)).toEqual(before);
      // Every index (those dropped for the load built again) and constraint, as defined on the source.
      expect(await schemaOf(restored.app.db.url)).toEqual(await schemaOf(source.app.db.url));
      // The API gives back the same: members, hardware, history, estimates, keys that still authenticate (and the revoked one still refused).
      expect(await apiView(restored.url)).toEqual(view);
      // The writer's scenarios: every one acknowledged before the backup started, and then a prefix of the rest (one snapshot, no gaps).
      const got = ok(
        await gql(
          restored.url,
          `query($l: ID!) { library(id: $l) { scenarios(first: 1000) { edges { node { id } } } } }`,
          { l: writerLibrary },
          users.owner.key,
        ),
      ).library.scenarios.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(got.length).toBeGreaterThanOrEqual(ackedBefore);
      expect(got).toEqual(acked.slice(0, got.length));
      // It takes writes again, as its users.
      const next = await gql(
        restored.url,
        `mutation($id: ID!) { updateScenario(id: $id, expectedVersion: 3, input: { name: "three versions", model: { parameters: 4e9 }, data: [{ kind: TEXT, count: 2e10 }] }) { version } }`,
        { id: ids.versions },
        users.editor.key,
      );
      expect(ok(next).updateScenario.version).toBe(4);
    } finally {
      await restored.stop();
    }
  } finally {
    await target.remove();
  }
});

/** The backup, unzipped, changed by `edit`, zipped again: with `rehash` its checksum is made to match. */
function rewrite(file: string, out: string, edit: (text: string) => string, rehash: boolean) {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  lines.pop(); // the empty string after the last newline
  const trailer = JSON.parse(lines.pop()!);
  const body = `${edit(lines.join('\n'))}\n`;
  if (rehash) trailer.sha256 = crypto.createHash('sha256').update(body).digest('hex');
  fs.writeFileSync(out, zlib.gzipSync(`${body}${JSON.stringify(trailer)}\n`));
}

test('a truncated or corrupt file, a newer schema, a non-empty database: refused with a clear message, and nothing is written', async () => {
  expect(fullBackup).not.toBe('');
  const bytes = fs.readFileSync(fullBackup);
  const flip = Math.floor(bytes.length * 0.7);
  const target = await newTarget();
  try {
    const cases: [string, (f: string) => void, RegExp][] = [
      ['truncated', (f) => fs.writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.6))), /the backup file is truncated/],
      ['truncated in its first line', (f) => fs.writeFileSync(f, bytes.subarray(0, 40)), /the backup file is truncated/],
      [
        'a flipped byte',
        (f) => fs.writeFileSync(f, Buffer.concat([bytes.subarray(0, flip), Buffer.from([bytes[flip] ^ 0xff]), bytes.subarray(flip + 1)])),
        /corrupt|truncated|PostgreSQL refused/,
      ],
      ['a row changed, gzip intact', (f) => rewrite(fullBackup, f, (t) => t.replace('three versions', 'three versionz'), false), /corrupt: its SHA-256/],
      [
        'a row PostgreSQL refuses',
        (f) => rewrite(fullBackup, f, (t) => t.replace(/\t(EDITOR|VIEWER)\t/, '\tBOSS\t'), true),
        /table library_members: PostgreSQL refused its rows/,
      ],
      [
        'a newer schema',
        (f) => rewrite(fullBackup, f, (t) => t.replace('"migrations":[', '"migrations":["29990101000000_from_the_future",'), true),
        /newer flopscope.*29990101000000_from_the_future.*Upgrade flopscope/,
      ],
      ['not a backup', (f) => fs.writeFileSync(f, zlib.gzipSync('{"hello":1}\n')), /not a flopscope backup/],
    ];
    for (const [what, make, message] of cases) {
      const f = path.join(work, `${what.replace(/\W+/g, '-')}.gz`);
      make(f);
      const r = await cli(['restore', f], target.env);
      expect({ what, code: r.code }).toEqual({ what, code: 1 });
      expect({ what, stderr: r.stderr.trim() }).toEqual({ what, stderr: expect.stringMatching(message) });
      expect(r.stderr).toMatch(/Nothing was restored/);
      expect(r.stdout).toBe('');
      if (what.startsWith('truncated') || what === 'a flipped byte') expect((await cli(['backup', '--verify', f], {})).code).toBe(1);
    }
    // Nothing half-restored: the target holds no row, and the whole file then restores into it.
    const empty = await target.counts();
    expect(Object.keys(empty)).toEqual(Object.keys(before)); // the migrations ran (to the backup's schema), and then:
    expect(Object.values(empty).every((n) => n === 0)).toBe(true);
    const good = await cli(['restore', fullBackup], target.env);
    expect(good.code).toBe(0);

    // Now it is not empty: a second restore is refused (and names --force-replace), and replaces with it.
    const again = await cli(['restore', fullBackup], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the database is not empty \(users, api_keys, libraries.*--force-replace.*Nothing was restored/s);
    const replaced = await cli(['restore', fullBackup, '--force-replace'], target.env);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/replacing what the database held/);
    const server = await target.start();
    try {
      const counts = await tableCounts(server.app.db.url);
      expect(counts.users).toBe(4);
      expect(counts.library_members).toBe(before.library_members.length);
    } finally {
      await server.stop();
    }
  } finally {
    await target.remove();
  }
});

test('a backup of an older schema is restored at its own version, then migrated to the latest', async () => {
  const known = listMigrations().map((m) => m.name);
  const [previous, last] = known.slice(-2);
  // A database really at the schema before the last migration, with a library and a scenario in
  // it written as a server of that schema stored them (on the source's PostgreSQL, beside it).
  const name = `flopscope_older_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: source.app.db.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(source.app.db.url);
  u.pathname = `/${name}`;
  const olderUrl = u.toString();
  const older = path.join(work, 'older-schema.gz');
  const target = await newTarget();
  try {
    await migrate(olderUrl, createLogger('silent'), { upTo: previous });
    const c = new Client({ connectionString: olderUrl });
    await c.connect();
    const input = { model: { parameters: 7e9 }, data: [{ kind: 'TEXT', count: 2e12 }], cluster: { hardware: 'h100-sxm', gpuCount: 1024 } };
    await c.query(`INSERT INTO users (id, name, is_admin) VALUES ('01a23000-0000-7000-8000-000000000001', 'old admin', true)`);
    await c.query(`INSERT INTO libraries (id, name, visibility) VALUES ('01a23000-0000-7000-8000-000000000002', 'old library', 'PUBLIC')`);
    await c.query(
      `INSERT INTO scenarios (id, library_id, name, input, tokenizer_method) VALUES ('01a23000-0000-7000-8000-000000000003', '01a23000-0000-7000-8000-000000000002', 'old 7B', $1, 'LATENT')`,
      [JSON.stringify(input)],
    );
    await c.end();
    const backup = await cli(['backup', older], { DATABASE_URL: olderUrl });
    expect(backup.code).toBe(0);

    const r = await cli(['restore', older], target.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`schema ${previous}; then migrated to ${last}`);
    const server = await target.start();
    try {
      const read = ok(await gql(server.url, `{ scenario(id: "01a23000-0000-7000-8000-000000000003") { name library { name } estimate { flops } } }`));
      expect(read.scenario).toEqual({ name: 'old 7B', library: { name: 'old library' }, estimate: { flops: 6 * 7e9 * 2e12 } });
    } finally {
      await server.stop();
    }
  } finally {
    await target.remove();
    const cleanup = new Client({ connectionString: source.app.db.url });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
    await cleanup.end();
  }
});

test('a restore onto the database of a running server is refused, and it keeps serving', async () => {
  const r = await cli(['restore', fullBackup, '--force-replace'], sourceEnv);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    EXTERNAL ? /other connection\(s\) to this database.*stop every server/ : /a flopscope server is running on .*: stop it, then restore/,
  );
  expect(ok(await admin(`{ users { id } }`)).users).toHaveLength(4);
});

test('bad usage exits 2 with the usage', async () => {
  for (const args of [['backup'], ['restore', 'a', 'b'], ['backup', 'f', '--force-replace'], ['restore', 'f', '--verify'], ['save', 'f']]) {
    const r = await cli(args, {});
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.stderr).toMatch(/usage: npm run backup -- FILE/);
  }
  const none = await cli(['backup', path.join(work, 'x.gz')], { FLOPSCOPE_DATA_DIR: path.join(work, 'no-such-dir') });
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/no embedded database in .*nothing to back up/);
  expect(fs.existsSync(path.join(work, 'no-such-dir'))).toBe(false);
});
