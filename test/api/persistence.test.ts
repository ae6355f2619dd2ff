/** A second start on the same data directory keeps everything (embedded PostgreSQL, real restart). */
import { Client } from 'pg';
import { createPrisma } from '../../src/db/prisma';
import { ensureExamplesLibrary } from '../../src/services/library.service';
import { ADMIN_KEY, gql, startTestServer } from './harness';
import { removeDataDir, tempDataDir } from './process';

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
    const db = createPrisma(s.app.db.url, { poolSize: 1 });
    try {
      await ensureExamplesLibrary(db);
      await ensureExamplesLibrary(db); // and nothing more when nothing changed
    } finally {
      await db.$disconnect();
    }
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
