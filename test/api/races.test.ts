/**
 * Writes that race are serialised per library, and every loser is told why with a code. Two
 * servers share one PostgreSQL (so the serialisation is the database's, not one process's): a
 * hardware change and a scenario save that need opposite things never both land, so every stored
 * row still estimates afterwards; two writers of the same unique thing, or of a row another one
 * removes, get CONFLICT (or NOT_FOUND when the row is really gone) — never INTERNAL_SERVER_ERROR,
 * also when the other writer is not the API (a transaction held open in the database itself).
 */
import { Client } from 'pg';
import { ADMIN_KEY, gql, GqlResponse, libraryWrites, ok, startTestServer, TestServer } from './harness';

let a: TestServer;
let b: TestServer;
/** Alternates between the two servers, so concurrent requests run in two processes' worth of pools. */
let turn = 0;
const q = (query: string, variables?: Record<string, unknown>) => gql((turn++ % 2 === 0 ? a : b).url, query, variables, ADMIN_KEY);
/** The first error's code and field, or 'ok'. */
const outcome = (r: GqlResponse) => (r.errors ? { code: r.errors[0].extensions?.code, field: r.errors[0].extensions?.field } : 'ok');

const INPUT = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
const ROUNDS = 20;

const { newLibrary, setHardware, deleteHardware, createScenario } = libraryWrites(q);
const updateScenario = (id: string, expectedVersion: number, input: Record<string, unknown>) =>
  q(`mutation($id: ID!, $v: Int!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $i) { version } }`, {
    id,
    v: expectedVersion,
    i: input,
  });
const importInto = (libraryId: string, document: unknown) =>
  q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`, { l: libraryId, d: document });

/** Every scenario of the library, live and deleted, with its estimate's flops and the errors of the page. */
async function everyEstimate(libraryId: string) {
  const r = await q(
    `query($l: ID!) { library(id: $l) {
      scenarios(first: 1000) { edges { node { name estimate { flops } } } }
      deletedScenarios(first: 1000) { edges { node { name estimate { flops } } } } } }`,
    { l: libraryId },
  );
  const nodes = [...r.data.library.scenarios.edges, ...r.data.library.deletedScenarios.edges].map((e: any) => e.node);
  return { nodes, errors: r.errors ?? [] };
}

/**
 * Runs `sql` in a transaction of its own that stays open until `request` is waiting on one of its
 * locks, then commits it: the other writer lands between the request's check and its write.
 */
async function landsMeanwhile(sql: string, params: unknown[], request: () => Promise<GqlResponse>): Promise<GqlResponse> {
  const other = new Client({ connectionString: a.app.db.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(sql, params);
    const answer = request();
    const until = Date.now() + 8000;
    while ((await other.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await other.query('COMMIT');
    return await answer;
  } finally {
    await other.end();
  }
}

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ databaseUrl: a.app.db.url, dataDir: a.dataDir });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('a hardware change and a scenario save that race: one wins, the other is refused, every row still estimates', () => {
  test(`deleteLibraryHardware against createScenario and updateScenario onto that hardware, ${ROUNDS} rounds`, async () => {
    const lib = await newLibrary('delete against save');
    const moving = ok(await createScenario(lib, { name: 'moves onto each device', ...INPUT })).createScenario;
    let version: number = moving.version;
    const rounds: { del: unknown; create: unknown; update: unknown }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const key = `race-${round}`;
      ok(await setHardware(lib, { key, name: `Race ${round}`, peakTflops: { BF16: 100 } }));
      const onIt = { ...INPUT, cluster: { hardware: key } };
      const [del, create, update] = await Promise.all([
        deleteHardware(lib, key),
        createScenario(lib, { name: `created on ${key}`, ...onIt }),
        updateScenario(moving.id, version, { name: `moved onto ${key}`, ...onIt }),
      ]);
      if (!update.errors) version = update.data.updateScenario.version;
      rounds.push({ del: outcome(del), create: outcome(create), update: outcome(update) });
    }
    const refusedSave = { code: 'BAD_USER_INPUT', field: 'input.cluster.hardware' };
    for (const r of rounds) {
      // Either the device went and both saves were refused naming it, or a save landed and the removal was refused.
      if (r.del === 'ok') expect(r).toEqual({ del: 'ok', create: refusedSave, update: refusedSave });
      else {
        expect(r.del).toEqual({ code: 'CONFLICT', field: 'scenario.cluster.hardware' });
        expect([r.create, r.update]).toContain('ok');
        for (const save of [r.create, r.update]) if (save !== 'ok') expect(save).toEqual(refusedSave);
      }
    }
    const { nodes, errors } = await everyEstimate(lib);
    expect(errors).toEqual([]);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.estimate?.flops).toBe(6 * 1e9 * 2e10);
  }, 120_000);

  test(`setLibraryHardware dropping a precision against createScenario at that precision, ${ROUNDS} rounds`, async () => {
    const lib = await newLibrary('redefine against save');
    const rounds: { set: unknown; create: unknown }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const key = `dual-${round}`;
      ok(await setHardware(lib, { key, name: `Dual ${round}`, peakTflops: { BF16: 100, FP8: 200 } }));
      const [set, create] = await Promise.all([
        setHardware(lib, { key, name: `Dual ${round}`, peakTflops: { BF16: 100 } }),
        createScenario(lib, { name: `fp8 on ${key}`, ...INPUT, cluster: { hardware: key, precision: 'FP8' } }),
      ]);
      rounds.push({ set: outcome(set), create: outcome(create) });
    }
    for (const r of rounds) {
      expect([
        { set: 'ok', create: { code: 'BAD_USER_INPUT', field: 'input.cluster.precision' } },
        { set: { code: 'CONFLICT', field: 'scenario.cluster.precision' }, create: 'ok' },
      ]).toContainEqual(r);
    }
    const { errors } = await everyEstimate(lib);
    expect(errors).toEqual([]);
  }, 120_000);
  test(`deleteLibraryHardware against createScenario of a staged scenario whose stage 1 alone runs on that hardware, ${ROUNDS / 2} rounds`, async () => {
    const lib = await newLibrary('delete against staged save');
    const rounds: { del: unknown; create: unknown }[] = [];
    for (let round = 0; round < ROUNDS / 2; round++) {
      const key = `stage-${round}`;
      ok(await setHardware(lib, { key, name: `Stage ${round}`, peakTflops: { BF16: 100 } }));
      const staged = { model: INPUT.model, stages: [{ data: INPUT.data }, { data: INPUT.data, cluster: { hardware: key } }] };
      const [del, create] = await Promise.all([deleteHardware(lib, key), createScenario(lib, { name: `stage 1 on ${key}`, ...staged })]);
      rounds.push({ del: outcome(del), create: outcome(create) });
    }
    for (const r of rounds) {
      expect([
        { del: 'ok', create: { code: 'BAD_USER_INPUT', field: 'input.stages[1].cluster.hardware' } },
        { del: { code: 'CONFLICT', field: 'scenario.stages[1].cluster.hardware' }, create: 'ok' },
      ]).toContainEqual(r);
    }
    const { errors } = await everyEstimate(lib);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('two writers of one unique thing, or of a row another removes: CONFLICT or NOT_FOUND, never INTERNAL_SERVER_ERROR', () => {
  test('an import and setLibraryHardware defining the same new key at once: one definition, the other writer refused naming why', async () => {
    for (let round = 0; round < ROUNDS / 2; round++) {
      const lib = await newLibrary(`same key ${round}`);
      const doc = {
        format: 'flopscope.library',
        version: 1,
        hardware: [{ key: 'twin', name: 'Twin (imported)', peakTflops: { BF16: 300, FP8: 600 } }],
        scenarios: [{ name: 'imported on twin at FP8', input: { ...INPUT, cluster: { hardware: 'twin', precision: 'FP8' } } }],
      };
      const [imported, set] = await Promise.all([importInto(lib, doc), setHardware(lib, { key: 'twin', name: 'Twin (set)', peakTflops: { BF16: 400 } })]);
      // Whichever came second is refused: the import finds "twin" defined differently, or the
      // redefinition would take FP8 from the imported scenario.
      expect([
        { imported: 'ok', set: { code: 'CONFLICT', field: 'scenario.cluster.precision' } },
        { imported: { code: 'BAD_USER_INPUT', field: 'document.hardware[0].key' }, set: 'ok' },
      ]).toContainEqual({ imported: outcome(imported), set: outcome(set) });
      const hw = ok(await q(`query($l: ID!) { library(id: $l) { hardware { key name } } }`, { l: lib })).library.hardware;
      expect(hw).toEqual([{ key: 'twin', name: imported.errors ? 'Twin (set)' : 'Twin (imported)' }]);
      expect((await everyEstimate(lib)).errors).toEqual([]);
    }
  }, 120_000);

  test('forks that bring the same definition along into one library at once: every fork lands, one definition', async () => {
    const source = await newLibrary('fork source');
    ok(await setHardware(source, { key: 'carried', name: 'Carried', peakTflops: { BF16: 250 } }));
    const sc = ok(await createScenario(source, { name: 'on carried', ...INPUT, cluster: { hardware: 'carried' } })).createScenario;
    for (let round = 0; round < ROUNDS / 4; round++) {
      const target = await newLibrary(`fork target ${round}`);
      const forks = await Promise.all(
        Array.from({ length: 4 }, () => q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: sc.id, l: target })),
      );
      expect(forks.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
      const hw = ok(await q(`query($l: ID!) { library(id: $l) { hardware { key } } }`, { l: target })).library.hardware;
      expect(hw).toEqual([{ key: 'carried' }]);
    }
  }, 120_000);

  test('two removals of one device at once: one true, the other NOT_FOUND (it is gone)', async () => {
    const lib = await newLibrary('double delete');
    for (let round = 0; round < ROUNDS; round++) {
      const key = `once-${round}`;
      ok(await setHardware(lib, { key, name: `Once ${round}`, peakTflops: { BF16: 100 } }));
      const both = await Promise.all([deleteHardware(lib, key), deleteHardware(lib, key)]);
      expect(both.map(outcome).sort()).toEqual([{ code: 'NOT_FOUND', field: undefined }, 'ok'].sort());
    }
  }, 120_000);

  test('a device stored in the database between the check and the write of an import: CONFLICT naming the unique fields, nothing written', async () => {
    const lib = await newLibrary('stored meanwhile');
    const doc = {
      format: 'flopscope.library',
      version: 1,
      hardware: [{ key: 'late', name: 'Late (imported)', peakTflops: { BF16: 300 } }],
      scenarios: [{ name: 'imported on late', input: { ...INPUT, cluster: { hardware: 'late' } } }],
    };
    const r = await landsMeanwhile(
      `INSERT INTO library_hardware (id, library_id, key, name, bf16, source, updated_at) VALUES (gen_random_uuid(), $1, 'late', 'Late (by hand)', 100, 'by hand', now())`,
      [lib],
      () => importInto(lib, doc),
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNIQUE', fields: ['libraryId', 'key'] });
    expect(r.errors?.[0]?.message).toMatch(/the same hardware key in this library meanwhile: nothing was written/);
    const after = ok(await q(`query($l: ID!) { library(id: $l) { hardware { name } scenarios { totalCount } } }`, { l: lib })).library;
    expect(after).toEqual({ hardware: [{ name: 'Late (by hand)' }], scenarios: { totalCount: 0 } });
  });

  test('a device removed in the database between the check and the removal: NOT_FOUND, as it is gone', async () => {
    const lib = await newLibrary('removed meanwhile');
    ok(await setHardware(lib, { key: 'going', name: 'Going', peakTflops: { BF16: 100 } }));
    const r = await landsMeanwhile(`DELETE FROM library_hardware WHERE library_id = $1 AND key = 'going'`, [lib], () => deleteHardware(lib, 'going'));
    expect(outcome(r)).toEqual({ code: 'NOT_FOUND', field: undefined });
  });

  test('restoreScenario against purgeScenario of one deleted scenario: each says what happened, with a code', async () => {
    const lib = await newLibrary('restore against purge');
    for (let round = 0; round < ROUNDS; round++) {
      const sc = ok(await createScenario(lib, { name: `binned ${round}`, ...INPUT })).createScenario;
      ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: sc.id }));
      const [restore, purge] = await Promise.all([
        q(`mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id: sc.id }),
        q(`mutation($id: ID!) { purgeScenario(id: $id) }`, { id: sc.id }),
      ]);
      const state = ok(await q(`query($id: ID!) { scenario(id: $id) { id } }`, { id: sc.id })).scenario;
      if (state) {
        // restored: the purge found a live scenario (refused, or answered false: nothing purged)
        expect(restore.errors).toBeUndefined();
        expect(purge.errors === undefined ? purge.data.purgeScenario : purge.errors[0].extensions?.code).not.toBe(true);
        if (purge.errors) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(purge.errors[0].extensions?.code);
      } else {
        // purged: the restore is told the scenario is gone
        expect(purge.data?.purgeScenario).toBe(true);
        expect(['NOT_FOUND', 'CONFLICT']).toContain(restore.errors?.[0]?.extensions?.code);
      }
    }
  }, 120_000);
});
