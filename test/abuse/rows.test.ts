/**
 * Over 300 lines: one case per path that could store an unestimable row.
 *
 * Every stored row stays estimable, and one bad row never nulls a page. No path writes a row that
 * cannot be estimated — an import with `__proto__`, `constructor` or `prototype` at any depth, an
 * input nested 100,000 levels deep, custom hardware removed or redefined under its scenarios (live,
 * deleted, or in their history), a restore onto hardware that is gone — each is refused naming the
 * field, and writes nothing. A row broken anyway (written straight into the database) answers its
 * own `estimate` with a null and an error, and every other row of the page with its estimate; a
 * value in it that its GraphQL type cannot show (`"gpuCount": "eight"`, a required field missing)
 * is that field's STORED_INPUT_INVALID error and null, up to `input` at most — never the row.
 * A library's trash is its members' business: to anyone else a deleted scenario does not exist.
 */
import { Client } from 'pg';
import { ADMIN_KEY, gql, GqlResponse, startTestServer, TestServer } from '../api/harness';
import { post } from './support';

let s: TestServer;
let pg: Client;
const q = (query: string, variables?: Record<string, unknown>, key: string | undefined = ADMIN_KEY) => gql(s.url, query, variables, key);
const ok = (r: GqlResponse) => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
};

const INPUT = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
const newLibrary = async (name: string, visibility = 'PRIVATE') =>
  ok(await q(`mutation($n: String!, $v: Visibility) { createLibrary(input: { name: $n, visibility: $v }) { id } }`, { n: name, v: visibility })).createLibrary
    .id as string;
const create = async (libraryId: string, input: Record<string, unknown>) =>
  ok(await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } })).createScenario as {
    id: string;
    version: number;
  };
const setHardware = (libraryId: string, input: Record<string, unknown>) =>
  q(`mutation($l: ID!, $i: HardwareInput!) { setLibraryHardware(libraryId: $l, input: $i) { key } }`, { l: libraryId, i: input });
const deleteHardware = (libraryId: string, key: string) =>
  q(`mutation($l: ID!, $k: String!) { deleteLibraryHardware(libraryId: $l, key: $k) }`, { l: libraryId, k: key });
const deleteScenario = (id: string) => q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id });
const restoreScenario = (id: string, key: string | undefined = ADMIN_KEY) => q(`mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id }, key);

/** What a library holds: live and deleted scenarios (by name) and its hardware with its peaks. */
async function contents(libraryId: string) {
  const r = ok(
    await q(
      `query($l: ID!) { library(id: $l) {
        scenarios { totalCount edges { node { name } } }
        deletedScenarios { totalCount edges { node { name } } }
        hardware { key peakTflops { BF16 FP8 } pricePerGpuHour } } }`,
      { l: libraryId },
    ),
  ).library;
  return {
    live: r.scenarios.edges.map((e: any) => e.node.name),
    deleted: r.deletedScenarios.edges.map((e: any) => e.node.name),
    hardware: r.hardware,
  };
}

/** A row written straight into PostgreSQL, as no path of the API would write it. */
async function insertRow(libraryId: string, name: string, input: unknown, opts: { deleted?: boolean; tags?: string[] } = {}): Promise<string> {
  const res = await pg.query(
    `INSERT INTO scenarios (id, library_id, name, tags, input, tokenizer_method, version, created_at, updated_at, deleted_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb, 'LATENT', 1, now(), now(), CASE WHEN $5::boolean THEN now() END) RETURNING id`,
    [libraryId, name, opts.tags ?? [], JSON.stringify(input), opts.deleted ?? false],
  );
  return res.rows[0].id;
}

beforeAll(async () => {
  s = await startTestServer();
  pg = new Client({ connectionString: s.app.db.url });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await s?.stop();
});

describe('an import that would store an unestimable row is refused whole, naming the field', () => {
  const doc = (inputJson: string) =>
    // Parsed from text: `__proto__` is then an own key, as a client's JSON body gives it to the server.
    JSON.parse(
      `{"format":"flopscope.library","version":1,"hardware":[{"key":"imp-x","name":"Imp X","peakTflops":{"BF16":100}}],
        "scenarios":[{"name":"fine","input":${JSON.stringify(INPUT)}},{"name":"bad","input":${inputJson}}]}`,
    );
  const importInto = (libraryId: string, document: unknown) =>
    q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`, { l: libraryId, d: document });

  test.each([
    ['__proto__ in model', '{"model":{"parameters":1e9,"__proto__":{"junk":1}},"data":[{"kind":"TEXT","count":1e9}]}', 'model.__proto__'],
    ['__proto__ at the root of the input', '{"__proto__":{"junk":1},"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}]}', '__proto__'],
    ['__proto__ in a data source', '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9,"__proto__":{"kind":"IMAGE"}}]}', 'data[0].__proto__'],
    [
      'constructor in the cluster',
      '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}],"cluster":{"constructor":{"x":1}}}',
      'cluster.constructor',
    ],
    [
      'prototype in a range',
      '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}],"ranges":[{"path":"model.parameters","low":5e8,"high":2e9,"prototype":{}}]}',
      'ranges[0].prototype',
    ],
    [
      '__proto__ four levels down',
      '{"model":{"parameters":1e9,"x":{"y":{"__proto__":{"junk":1}}}},"data":[{"kind":"TEXT","count":1e9}]}',
      'model.x.y.__proto__',
    ],
  ])('%s', async (_name, inputJson, path) => {
    const lib = await newLibrary('import target');
    const r = await importInto(lib, doc(inputJson));
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `document.scenarios[1].input.${path}` });
    expect(r.errors?.[0]?.message).toMatch(/reserved/);
    expect(await contents(lib)).toEqual({ live: [], deleted: [], hardware: [] });
    // …and the listings of the library answer as before
    const list = await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { estimate { flops } } } } }`, { l: lib });
    expect(list.errors).toBeUndefined();
  });

  test('an input nested 100,000 levels deep: BAD_USER_INPUT naming the field, not a stack overflow', async () => {
    const lib = await newLibrary('deep import');
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const document = `{"format":"flopscope.library","version":1,"scenarios":[{"name":"deep","input":{"model":{"parameters":1e9,"extra":${deep}},"data":[{"kind":"TEXT","count":1e9}]}}]}`;
    // Written as text: too deep for JSON.stringify on this side, well within the body limit (600 KB).
    const query = 'mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }';
    const res = await post(s.url, `{"query":${JSON.stringify(query)},"variables":{"l":"${lib}","d":${document}}}`, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(res.status).toBeLessThan(500);
    const error = JSON.parse(res.body).errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.field).toMatch(/^document\.scenarios\[0\]\.input\.model\.extra(\.a)+$/);
    expect(error?.message).toMatch(/nested too deeply/);
    expect(await contents(lib)).toEqual({ live: [], deleted: [], hardware: [] });
    expect((await q(`{ __typename }`)).data.__typename).toBe('Query');
  });

  test('a GraphQL input cannot carry __proto__ either', async () => {
    const lib = await newLibrary('typed input');
    const i = JSON.parse(`{"libraryId":"${lib}","name":"x","model":{"parameters":1e9,"__proto__":{"junk":1}},"data":[{"kind":"TEXT","count":1e9}]}`);
    const r = await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/__proto__/);
    expect((await contents(lib)).live).toEqual([]);
  });
});

describe('custom hardware cannot be changed from under the scenarios that need it', () => {
  const ACME = { key: 'acme-x1', name: 'Acme X1', peakTflops: { BF16: 500, FP8: 1000 }, pricePerGpuHour: 1.5 };
  const onAcme = (name: string, precision = 'BF16') => ({ name, ...INPUT, cluster: { hardware: 'acme-x1', precision } });

  test('delete a scenario, then its hardware: refused (CONFLICT naming the scenario); restoring it still works', async () => {
    const lib = await newLibrary('delete then restore');
    ok(await setHardware(lib, ACME));
    const sc = await create(lib, onAcme('binned on acme'));
    ok(await deleteScenario(sc.id));
    const r = await deleteHardware(lib, 'acme-x1');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: sc.id, field: 'scenario.cluster.hardware' });
    expect(r.errors?.[0]?.message).toMatch(/1 scenario of this library/);
    expect(r.errors?.[0]?.message).toContain('"binned on acme"');
    expect((await contents(lib)).hardware.map((h: any) => h.key)).toEqual(['acme-x1']);
    ok(await restoreScenario(sc.id));
    const listed = ok(await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { name estimate { costUsd } } } } }`, { l: lib }));
    expect(listed.scenarios.edges.map((e: any) => e.node.name)).toEqual(['binned on acme']);
  });

  test('a scenario that used the hardware in an earlier version holds it too (its revision can be restored)', async () => {
    const lib = await newLibrary('history holds');
    ok(await setHardware(lib, ACME));
    const sc = await create(lib, onAcme('moved away'));
    ok(
      await q(`mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`, {
        id: sc.id,
        i: { name: 'moved away', ...INPUT },
      }),
    );
    const r = await deleteHardware(lib, 'acme-x1');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: sc.id });
    expect(r.errors?.[0]?.message).toContain('version 1');
    expect((await contents(lib)).hardware).toHaveLength(1);
  });

  test('redefined without a precision a scenario uses: refused, the definition unchanged', async () => {
    const lib = await newLibrary('drop FP8');
    ok(await setHardware(lib, ACME));
    await create(lib, onAcme('bf16'));
    const fp8 = await create(lib, onAcme('needs fp8', 'FP8'));
    const r = await setHardware(lib, { ...ACME, peakTflops: { BF16: 500 } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: fp8.id, field: 'scenario.cluster.precision' });
    expect(r.errors?.[0]?.message).toContain('"needs fp8"');
    expect((await contents(lib)).hardware).toEqual([{ key: 'acme-x1', peakTflops: { BF16: 500, FP8: 1000 }, pricePerGpuHour: 1.5 }]);
  });

  test('redefined with a peak of 1e-300 TFLOP/s (GPU-days would overflow): refused, the definition unchanged', async () => {
    const lib = await newLibrary('tiny peak');
    ok(await setHardware(lib, ACME));
    await create(lib, onAcme('a'));
    await create(lib, onAcme('b'));
    const r = await setHardware(lib, { ...ACME, peakTflops: { BF16: 1e-300, FP8: 1000 } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 2 });
    expect(r.errors?.[0]?.message).toMatch(/overflows/);
    expect((await contents(lib)).hardware[0].peakTflops).toEqual({ BF16: 500, FP8: 1000 });
  });

  test('a catalog key redefined so the default device loses a precision: refused for scenarios that name no hardware', async () => {
    const lib = await newLibrary('default device');
    const sc = await create(lib, { name: 'default h100 at FP8', ...INPUT, cluster: { precision: 'FP8' } });
    const r = await setHardware(lib, { key: 'h100-sxm', name: 'H100 (our contract)', peakTflops: { BF16: 989.4 }, pricePerGpuHour: 1 });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: sc.id, field: 'scenario.cluster.precision' });
    expect((await contents(lib)).hardware).toEqual([]);
  });

  test("a fork that brings its library's definition of a catalog key along is refused where it would break the target's scenarios", async () => {
    const source = await newLibrary('fork source');
    ok(await setHardware(source, { key: 'h100-sxm', name: 'H100 (BF16 only)', peakTflops: { BF16: 989.4 } }));
    const sc = await create(source, { name: 'on their h100', ...INPUT, cluster: { hardware: 'h100-sxm', precision: 'BF16' } });
    const target = await newLibrary('fork target');
    const mine = await create(target, { name: 'catalog h100 at FP8', ...INPUT, cluster: { precision: 'FP8' } });
    const r = await q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: sc.id, l: target });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: mine.id });
    expect(await contents(target)).toEqual({ live: ['catalog h100 at FP8'], deleted: [], hardware: [] });
  });

  test('changes that keep every scenario estimable go through', async () => {
    const lib = await newLibrary('fine changes');
    ok(await setHardware(lib, ACME));
    await create(lib, onAcme('on acme'));
    ok(await setHardware(lib, { ...ACME, pricePerGpuHour: 1.2, peakTflops: { BF16: 400, FP8: 900 } }));
    ok(await setHardware(lib, { key: 'unused', name: 'Unused', peakTflops: { FP32: 10 } }));
    ok(await deleteHardware(lib, 'unused'));
    expect((await contents(lib)).hardware).toEqual([{ key: 'acme-x1', peakTflops: { BF16: 400, FP8: 900 }, pricePerGpuHour: 1.2 }]);
  });

  test('restoring a deleted scenario whose hardware is gone anyway is BAD_USER_INPUT naming the field, and it stays deleted', async () => {
    const lib = await newLibrary('hardware gone');
    ok(await setHardware(lib, ACME));
    const sc = await create(lib, onAcme('orphan'));
    ok(await deleteScenario(sc.id));
    // Gone by a path the API refuses (straight in the database, as an older version allowed).
    await pg.query(`DELETE FROM library_hardware WHERE library_id = $1`, [lib]);
    const r = await restoreScenario(sc.id);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scenario.cluster.hardware' });
    expect(await contents(lib)).toMatchObject({ live: [], deleted: ['orphan'] });
  });

  test('rows whose stages are of any shape, written straight into the database, neither stop a hardware change nor hide a stage that needs it', async () => {
    const lib = await newLibrary('stages of every shape');
    ok(await setHardware(lib, ACME));
    ok(await setHardware(lib, { key: 'spare', name: 'Spare', peakTflops: { BF16: 100 } }));
    for (const [name, input] of [
      ['stages a string', { model: INPUT.model, stages: 'lots', cluster: { hardware: 'acme-x1' } }],
      ['stages an object', { model: INPUT.model, stages: { a: 1 } }],
      ['stages of odd items', { model: INPUT.model, stages: [1, 'x', [2], null, { cluster: 'c' }, { cluster: { hardware: 7 } }] }],
      ['input a list', [1, 2]],
      ['input a number', 5],
    ] as const) {
      await insertRow(lib, name, input);
    }
    // A staged row as a save writes it, but stored by hand: its stage 1 on acme-x1 at FP8.
    const staged = await insertRow(lib, 'stage 1 on acme at FP8', {
      model: INPUT.model,
      stages: [{ data: INPUT.data }, { data: INPUT.data, cluster: { hardware: 'acme-x1', precision: 'FP8' } }],
    });
    // The default device, with rows that name no hardware: read, not an error of the query.
    ok(await setHardware(lib, { key: 'h100-sxm', name: 'H100 (ours)', peakTflops: { BF16: 989.4, FP8: 1978.9 }, pricePerGpuHour: 2 }));
    ok(await deleteHardware(lib, 'h100-sxm'));
    ok(await deleteHardware(lib, 'spare'));
    const drop = await setHardware(lib, { ...ACME, peakTflops: { BF16: 500 } });
    expect(drop.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: staged, field: 'scenario.stages[1].cluster.precision' });
    const del = await deleteHardware(lib, 'acme-x1');
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: staged, field: 'scenario.stages[1].cluster.hardware' });
    expect((await contents(lib)).hardware.map((h: any) => h.key)).toEqual(['acme-x1']);
  });
});

describe('a page with one broken row answers every other row, and the broken one with a null estimate and its error', () => {
  let lib: string;
  const TAG = 'broken-page';
  const good = ['good 1', 'good 2', 'good 3'];
  beforeAll(async () => {
    lib = await newLibrary('broken rows');
    await create(lib, { name: good[0], tags: [TAG], ...INPUT });
    await insertRow(lib, 'unknown field', { ...INPUT, model: { parameters: 1e9, junk: 1 } }, { tags: [TAG] });
    await create(lib, { name: good[1], tags: [TAG], ...INPUT });
    // an existing row made unestimable in place
    const spoilt = await create(lib, { name: 'spoilt in place', tags: [TAG], ...INPUT });
    await pg.query(`UPDATE scenarios SET input = jsonb_set(input, '{cluster}', '{"hardware": "gone-device"}') WHERE id = $1`, [spoilt.id]);
    await create(lib, { name: good[2], tags: [TAG], ...INPUT });
    const binned = await create(lib, { name: 'deleted good', tags: [TAG], ...INPUT });
    ok(await deleteScenario(binned.id));
    await insertRow(lib, 'deleted broken', { ...INPUT, data: [{ kind: 'GIF', count: 1 }] }, { deleted: true, tags: [TAG] });
  });

  /** Rows by name: the estimate's flops, or null; and the errors, by the row's name and the path's tail. */
  function read(r: GqlResponse, connection: (data: any) => any) {
    expect(r.status).toBe(200);
    const edges: any[] = connection(r.data).edges;
    const rows = Object.fromEntries(edges.map((e) => [e.node.name, e.node.estimate?.flops ?? null]));
    const errors = (r.errors ?? []).map((e) => {
      const path = e.path ?? [];
      const index = path[path.indexOf('edges') + 1] as unknown as number;
      return { row: edges[index].node.name, tail: path.slice(path.indexOf('node') + 1).join('.'), code: e.extensions?.code, field: e.extensions?.field };
    });
    // The rows written straight into the database have random ids: their place in the page varies.
    return { rows, errors: errors.sort((a, b) => a.row.localeCompare(b.row)) };
  }
  const FLOPS = 6 * 1e9 * 2e10;

  test('the library listing', async () => {
    const r = await q(`query($l: ID!) { library(id: $l) { scenarios { edges { node { name estimate { flops } } } } } }`, { l: lib });
    const { rows, errors } = read(r, (d) => d.library.scenarios);
    expect(rows).toEqual({ [good[0]]: FLOPS, 'unknown field': null, [good[1]]: FLOPS, 'spoilt in place': null, [good[2]]: FLOPS });
    expect(errors).toEqual([
      { row: 'spoilt in place', tail: 'estimate', code: 'BAD_USER_INPUT', field: 'cluster.hardware' },
      { row: 'unknown field', tail: 'estimate', code: 'BAD_USER_INPUT', field: 'model.junk' },
    ]);
  });

  test('the global scenarios listing', async () => {
    const r = await q(`query($t: String!) { scenarios(filter: { tag: $t }) { edges { node { name estimate { flops } } } } }`, { t: TAG });
    const { rows, errors } = read(r, (d) => d.scenarios);
    expect(rows).toEqual({ [good[0]]: FLOPS, 'unknown field': null, [good[1]]: FLOPS, 'spoilt in place': null, [good[2]]: FLOPS });
    expect(errors.map((e) => [e.row, e.tail, e.code])).toEqual([
      ['spoilt in place', 'estimate', 'BAD_USER_INPUT'],
      ['unknown field', 'estimate', 'BAD_USER_INPUT'],
    ]);
  });

  test('deletedScenarios', async () => {
    const r = await q(`query($l: ID!) { library(id: $l) { deletedScenarios { edges { node { name estimate { flops } } } } } }`, { l: lib });
    const { rows, errors } = read(r, (d) => d.library.deletedScenarios);
    expect(rows).toEqual({ 'deleted good': FLOPS, 'deleted broken': null });
    expect(errors).toEqual([{ row: 'deleted broken', tail: 'estimate', code: 'BAD_USER_INPUT', field: 'data[0].kind' }]);
  });

  test('a non-null Estimate field that fails (FLOPs overflow) stops at estimate: the row and the page stay', async () => {
    const other = await newLibrary('overflow row');
    await create(other, { name: 'fine', ...INPUT });
    await insertRow(other, 'overflows', { model: { parameters: 1e200 }, data: [{ kind: 'TEXT', count: 1e200 }] });
    const r = await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { name estimate { tokens flops } } } } }`, { l: other });
    expect(r.status).toBe(200);
    const nodes = r.data.scenarios.edges.map((e: any) => e.node);
    expect(nodes).toEqual([
      { name: 'fine', estimate: { tokens: 2e10, flops: FLOPS } },
      { name: 'overflows', estimate: null },
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].path).toEqual(['scenarios', 'edges', 1, 'node', 'estimate', 'flops']);
    expect(r.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a stored input with a value of the wrong type shows what it can: its row, the rest of its input, and the rest of the page', () => {
  let lib: string;
  let eight: string;
  let noKind: string;
  const FLOPS = 6 * 1e9 * 2e10;
  const FIELDS = `id name input { model { parameters } data { kind count } cluster { hardware gpuCount } } estimate { flops }`;
  beforeAll(async () => {
    lib = await newLibrary('wrongly typed rows');
    await create(lib, { name: 'good', ...INPUT, cluster: { gpuCount: 8 } });
    eight = await insertRow(lib, 'gpuCount "eight"', { ...INPUT, cluster: { hardware: 'h100-sxm', gpuCount: 'eight' } });
    // A required field null (`count` may be null: a source can give steps × batchSize instead; `kind` may not).
    noKind = await insertRow(lib, 'kind null', { ...INPUT, data: [{ kind: null, count: 2e10 }] });
    await insertRow(lib, 'data not a list', { ...INPUT, data: 'lots' });
    await insertRow(lib, 'model missing', { data: INPUT.data });
    // its history too: a revision written the same way
    await pg.query(
      `INSERT INTO scenario_revisions (id, scenario_id, version, name, tags, input, created_at) VALUES (gen_random_uuid(), $1, 1, 'kind null', '{}', $2::jsonb, now())`,
      [noKind, JSON.stringify({ ...INPUT, data: [{ kind: null, count: 2e10 }] })],
    );
  });

  /** The page's rows by name, and its errors as (row, path below the node, code, field). */
  function byRow(r: GqlResponse, edges: any[]) {
    const rows = Object.fromEntries(edges.map((e) => [e.node.name, e.node]));
    const errors = (r.errors ?? [])
      .map((e) => {
        const path = e.path ?? [];
        const index = path[path.indexOf('edges') + 1] as unknown as number;
        return [edges[index].node.name, path.slice(path.indexOf('node') + 1).join('.'), e.extensions?.code, e.extensions?.field];
      })
      .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
    return { rows, errors };
  }

  test("the listing: every row, with its input shown but for the wrong values, and each bad one's estimate its own error", async () => {
    const r = await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { ${FIELDS} } } } }`, { l: lib });
    expect(r.status).toBe(200);
    const { rows, errors } = byRow(r, r.data.scenarios.edges);
    expect(Object.keys(rows).sort()).toEqual(['data not a list', 'good', 'gpuCount "eight"', 'kind null', 'model missing']);
    expect(rows.good).toMatchObject({ input: { model: { parameters: 1e9 }, cluster: { gpuCount: 8 } }, estimate: { flops: FLOPS } });
    // a nullable field that cannot be shown is null; the rest of the input stands
    expect(rows['gpuCount "eight"']).toMatchObject({
      id: eight,
      input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }], cluster: { hardware: 'h100-sxm', gpuCount: null } },
      estimate: null,
    });
    // a required one takes with it the nearest nullable field (`data` may be null: a scenario can give stages instead)…
    expect(rows['kind null']).toEqual({ id: noKind, name: 'kind null', input: { model: { parameters: 1e9 }, data: null, cluster: null }, estimate: null });
    expect(rows['data not a list']).toMatchObject({ input: { model: { parameters: 1e9 }, data: null }, estimate: null });
    // …up to its input (input is nullable for that), never the row or the page
    expect(rows['model missing']).toMatchObject({ input: null, estimate: null });
    expect(errors).toEqual([
      ['data not a list', 'estimate', 'BAD_USER_INPUT', 'data'],
      ['data not a list', 'input.data', 'STORED_INPUT_INVALID', 'data'],
      ['gpuCount "eight"', 'estimate', 'BAD_USER_INPUT', 'cluster.gpuCount'],
      ['gpuCount "eight"', 'input.cluster.gpuCount', 'STORED_INPUT_INVALID', 'cluster.gpuCount'],
      ['kind null', 'estimate', 'BAD_USER_INPUT', 'data[0].kind'],
      ['kind null', 'input.data.0.kind', 'STORED_INPUT_INVALID', 'data[0].kind'],
      ['model missing', 'estimate', 'BAD_USER_INPUT', 'model'],
      ['model missing', 'input.model', 'STORED_INPUT_INVALID', 'model'],
    ]);
  });

  test('scenario(id) and its history: the scenario, not null; the revision, with its data null', async () => {
    const r = await q(`query($id: ID!) { scenario(id: $id) { ${FIELDS} history { version input { data { kind count } } } } }`, { id: noKind });
    expect(r.status).toBe(200);
    expect(r.data.scenario).toEqual({
      id: noKind,
      name: 'kind null',
      input: { model: { parameters: 1e9 }, data: null, cluster: null },
      estimate: null,
      history: [{ version: 1, input: { data: null } }],
    });
    expect(r.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.field]).sort()).toEqual([
      ['scenario.estimate', 'BAD_USER_INPUT', 'data[0].kind'],
      ['scenario.history.0.input.data.0.kind', 'STORED_INPUT_INVALID', 'data[0].kind'],
      ['scenario.input.data.0.kind', 'STORED_INPUT_INVALID', 'data[0].kind'],
    ]);
  });
});

describe("a library's trash is for its members", () => {
  test('a non-member restoring or purging a deleted scenario of a public library gets NOT_FOUND, as for an id that never existed', async () => {
    const lib = await newLibrary('public with trash', 'PUBLIC');
    const sc = await create(lib, { name: 'binned', ...INPUT });
    ok(await deleteScenario(sc.id));
    const stranger = ok(await q(`mutation { createUser(name: "stranger") { apiKey } }`)).createUser.apiKey as string;
    const viewer = ok(await q(`mutation { createUser(name: "viewer") { apiKey user { id } } }`)).createUser;
    ok(await q(`mutation($l: ID!, $u: ID!) { addLibraryMember(libraryId: $l, userId: $u, role: VIEWER) { role } }`, { l: lib, u: viewer.user.id }));
    const random = '01900000-0000-7000-8000-000000000000';

    for (const id of [sc.id, random]) {
      const restore = await restoreScenario(id, stranger);
      expect(restore.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const purge = await q(`mutation($id: ID!) { purgeScenario(id: $id) }`, { id }, stranger);
      expect(purge.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // a member learns of it (and is told what role it takes)
    expect((await restoreScenario(sc.id, viewer.apiKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await contents(lib)).deleted).toEqual(['binned']);
  });
});
