/** A second start on the same data directory keeps everything (embedded PostgreSQL, real restart). */
import { Client } from 'pg';
import { PRESETS } from '../../src/core';
import { createPrisma } from '../../src/db/prisma';
import { ensureExamplesLibrary } from '../../src/services/library.service';
import { ADMIN_KEY, gql, startTestServer } from './harness';
import { removeDataDir, tempDataDir } from './process';

/** What a start does to the examples library, run again on the server's database (the server's own client lives in its GraphQL thread). */
async function ensureExamples(url: string) {
  const db = createPrisma(url, { poolSize: 1 });
  try {
    await ensureExamplesLibrary(db);
  } finally {
    await db.$disconnect();
  }
}

test('scenarios, versions and the examples library survive a restart on the same data directory', async () => {
  const dataDir = tempDataDir('flopscope-restart-');
  const first = await startTestServer({ dataDir });
  let id: string;
  let presets: number;
  try {
    const lib = await gql(first.url, `mutation { createLibrary(input: { name: "kept" }) { id } }`, undefined, ADMIN_KEY);
    const created = await gql(
      first.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      {
        input: { libraryId: lib.data.createLibrary.id, name: 'kept scenario', model: { parameters: 7e9 }, data: [{ kind: 'TEXT', count: 1e12 }] },
      },
      ADMIN_KEY,
    );
    id = created.data.createScenario.id;
    const upd = await gql(
      first.url,
      `mutation($id: ID!) { updateScenario(id: $id, expectedVersion: 1, input: { name: "kept v2", model: { parameters: 8e9 }, data: [{ kind: TEXT, count: 1e12 }] }) { version } }`,
      { id },
      ADMIN_KEY,
    );
    expect(upd.data.updateScenario.version).toBe(2);
    presets = (await gql(first.url, `{ library(id: "examples") { scenarios { totalCount } } }`)).data.library.scenarios.totalCount;
  } finally {
    await first.stop();
  }

  const second = await startTestServer({ dataDir, databaseUrl: first.databaseUrl });
  try {
    const r = await gql(second.url, `query($id: ID!) { scenario(id: $id) { name version estimate { flops } history { version } } }`, { id }, ADMIN_KEY);
    expect(r.errors).toBeUndefined();
    expect(r.data.scenario).toMatchObject({ name: 'kept v2', version: 2, history: [{ version: 2 }, { version: 1 }] });
    expect(r.data.scenario.estimate.flops).toBeCloseTo(6 * 8e9 * 1e12, -12);
    // presets are seeded once, not again on every start
    const again = await gql(second.url, `{ library(id: "examples") { scenarios { totalCount } } }`);
    expect(again.data.library.scenarios.totalCount).toBe(presets);
  } finally {
    await second.stop();
    removeDataDir(dataDir);
  }
});

test('a preset whose stored definition differs from the code is brought back as a new version on start', async () => {
  const s = await startTestServer();
  try {
    const c = new Client({ connectionString: s.app.db.url });
    await c.connect();
    try {
      // As if an older release had defined the GPT-3 preset differently.
      await c.query(`UPDATE scenarios SET input = jsonb_set(input, '{model,parameters}', '1e9'::jsonb), name = 'old name' WHERE 'preset:gpt-3' = ANY(tags)`);
    } finally {
      await c.end();
    }
    await ensureExamples(s.app.db.url);
    await ensureExamples(s.app.db.url); // and nothing more when nothing changed
    const r = await gql(
      s.url,
      `{ scenarios(libraryId: "examples", filter: { tag: "preset:gpt-3" }) { edges { node { name version input { model { parameters } } history { version } } } } }`,
    );
    const node = r.data.scenarios.edges[0].node;
    expect(node.name).not.toBe('old name');
    expect(node.input.model.parameters).toBe(175e9);
    expect(node.version).toBe(2);
    expect(node.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    const others = await gql(s.url, `{ scenarios(libraryId: "examples") { edges { node { version } } } }`);
    expect(others.data.scenarios.edges.filter((e: { node: { version: number } }) => e.node.version !== 1)).toHaveLength(1);
  } finally {
    await s.stop();
  }
});

test('a preset this release no longer defines is soft-deleted on start: out of the listings, its id and history kept', async () => {
  const s = await startTestServer();
  try {
    const c = new Client({ connectionString: s.app.db.url });
    await c.connect();
    let retiredId: string;
    try {
      // As if an older release had seeded the preset `sora-2024-latent`, which this one retired.
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO scenarios (id, library_id, name, description, tags, input, tokenizer_method, version, created_at, updated_at)
         SELECT gen_random_uuid(), library_id, 'Sora dataset, latent-space patches (corrected)', description,
                ARRAY['sora', 'preset:sora-2024-latent'], input, tokenizer_method, 1, now(), now()
         FROM scenarios WHERE 'preset:gpt-3' = ANY(tags) AND deleted_at IS NULL RETURNING id::text`,
      );
      retiredId = rows[0].id;
      await c.query(
        `INSERT INTO scenario_revisions (id, scenario_id, version, name, description, tags, input, created_at)
         SELECT gen_random_uuid(), id, 1, name, description, tags, input, created_at FROM scenarios WHERE id = $1::uuid`,
        [retiredId],
      );
      const listed = await gql(s.url, `{ scenarios(libraryId: "examples", filter: { tag: "preset:sora-2024-latent" }) { totalCount } }`);
      expect(listed.data.scenarios.totalCount).toBe(1);

      await ensureExamples(s.app.db.url);
      const state = await c.query<{ deleted: boolean; revisions: number }>(
        `SELECT deleted_at IS NOT NULL AS deleted, (SELECT count(*)::int FROM scenario_revisions WHERE scenario_id = $1::uuid) AS revisions
         FROM scenarios WHERE id = $1::uuid`,
        [retiredId],
      );
      expect(state.rows[0]).toEqual({ deleted: true, revisions: 1 });
      // Nothing else moved: every current preset is still live, at its version.
      const live = await c.query<{ tags: string[]; version: number }>(
        `SELECT tags, version FROM scenarios s JOIN libraries l ON l.id = s.library_id WHERE l.key = 'examples' AND s.deleted_at IS NULL`,
      );
      expect(live.rows.map((r) => r.tags.find((t) => t.startsWith('preset:'))).sort()).toEqual(PRESETS.map((p) => `preset:${p.key}`).sort());
      expect(live.rows.every((r) => r.version === 1)).toBe(true);

      // Up to date now: a second start writes nothing.
      const before = await c.query(`SELECT max(updated_at) AS t, count(*)::int AS n FROM scenarios`);
      await ensureExamples(s.app.db.url);
      expect((await c.query(`SELECT max(updated_at) AS t, count(*)::int AS n FROM scenarios`)).rows).toEqual(before.rows);
    } finally {
      await c.end();
    }
    const after = await gql(s.url, `{ scenarios(libraryId: "examples", filter: { tag: "preset:sora-2024-latent" }) { totalCount } }`);
    expect(after.data.scenarios.totalCount).toBe(0);
    const all = await gql(s.url, `{ library(id: "examples") { scenarios { totalCount } } }`);
    expect(all.data.library.scenarios.totalCount).toBe(PRESETS.length);
  } finally {
    await s.stop();
  }
});
