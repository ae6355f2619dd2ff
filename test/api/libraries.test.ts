/**
 * Shared libraries: history and restore, soft delete / restore / purge, fork, custom hardware,
 * and export/import round trips (with malformed documents rejected whole).
 */
import { ADMIN_KEY, gql, GqlResponse, startTestServer, TestServer } from './harness';

let s: TestServer;
const q = (query: string, variables?: Record<string, unknown>, key = ADMIN_KEY) => gql(s.url, query, variables, key);
const ok = (r: GqlResponse) => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
};
const newLibrary = async (name: string) =>
  ok(await q(`mutation($n: String!) { createLibrary(input: { name: $n }) { id } }`, { n: name })).createLibrary.id as string;
const create = async (libraryId: string, input: Record<string, unknown>) =>
  ok(await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } })).createScenario;
const update = (id: string, v: number, input: Record<string, unknown>) =>
  q(`mutation($id: ID!, $v: Int!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $i) { version } }`, { id, v, i: input });

const TEXT = (name: string, parameters: number) => ({ name, model: { parameters }, data: [{ kind: 'TEXT', count: 1e12 }] });

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

test('every change writes a revision; restoring one brings it back as a new version', async () => {
  const lib = await newLibrary('history');
  const sc = await create(lib, { ...TEXT('v1', 1e9), tags: ['a'] });
  ok(await update(sc.id, 1, { ...TEXT('v2', 2e9), tags: ['b'] }));
  ok(await update(sc.id, 2, TEXT('v3', 3e9)));
  const restored = ok(
    await q(`mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 1, expectedVersion: 3) { version name tags input { model { parameters } } } }`, {
      id: sc.id,
    }),
  );
  expect(restored.restoreScenarioRevision).toEqual({ version: 4, name: 'v1', tags: ['a'], input: { model: { parameters: 1e9 } } });
  const h = ok(
    await q(`query($id: ID!) { scenario(id: $id) { history { version createdAt author { name } input { name model { parameters } } } } }`, { id: sc.id }),
  );
  expect(h.scenario.history.map((r: any) => [r.version, r.input.name, r.input.model.parameters, r.author.name])).toEqual([
    [4, 'v1', 1e9, 'admin'],
    [3, 'v3', 3e9, 'admin'],
    [2, 'v2', 2e9, 'admin'],
    [1, 'v1', 1e9, 'admin'],
  ]);
  const stale = await q(`mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 2, expectedVersion: 3) { version } }`, { id: sc.id });
  expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 4 });
  const missing = await q(`mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 99) { version } }`, { id: sc.id });
  expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
});

test('delete is soft: listed as deleted, restorable, then purged for good by an owner', async () => {
  const lib = await newLibrary('bin');
  const sc = await create(lib, TEXT('binned', 1e9));
  ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: sc.id }));
  const listed = ok(await q(`query($l: ID!) { library(id: $l) { scenarios { totalCount } deletedScenarios { edges { node { id } } } } }`, { l: lib }));
  expect(listed.library.scenarios.totalCount).toBe(0);
  expect(listed.library.deletedScenarios.edges.map((e: any) => e.node.id)).toEqual([sc.id]);
  const live = await q(`mutation($id: ID!) { purgeScenario(id: $id) }`, { id: sc.id });
  expect(live.errors).toBeUndefined(); // deleted: purge allowed
  const gone = await q(`mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id: sc.id });
  expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

  const kept = await create(lib, TEXT('kept', 1e9));
  const notDeleted = await q(`mutation($id: ID!) { purgeScenario(id: $id) }`, { id: kept.id });
  expect(notDeleted.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: kept.id }));
  const back = ok(await q(`mutation($id: ID!) { restoreScenario(id: $id) { id version history { version } } }`, { id: kept.id }));
  expect(back.restoreScenario).toMatchObject({ id: kept.id, version: 1, history: [{ version: 1 }] });
});

test('fork copies a readable scenario into a library you can edit and remembers its origin', async () => {
  const a = await newLibrary('origin');
  const b = await newLibrary('fork target');
  const src = await create(a, TEXT('original', 7e9));
  const f = ok(
    await q(
      `mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l, name: "my copy") { id name version library { id } forkedFrom { id name } estimate { flops } history { version } } }`,
      { id: src.id, l: b },
    ),
  );
  expect(f.forkScenario).toMatchObject({
    name: 'my copy',
    version: 1,
    library: { id: b },
    forkedFrom: { id: src.id, name: 'original' },
    history: [{ version: 1 }],
  });
  expect(f.forkScenario.estimate.flops).toBeCloseTo(6 * 7e9 * 1e12, -12);
  // the fork is independent: changing it leaves the original alone
  ok(await update(f.forkScenario.id, 1, TEXT('my copy', 8e9)));
  const orig = ok(await q(`query($id: ID!) { scenario(id: $id) { version input { model { parameters } } } }`, { id: src.id }));
  expect(orig.scenario).toEqual({ version: 1, input: { model: { parameters: 7e9 } } });
});

test('forking a scenario that runs on custom hardware brings the definition along; a conflicting one is refused', async () => {
  const a = await newLibrary('fork hw source');
  const b = await newLibrary('fork hw target');
  const c = await newLibrary('fork hw conflict');
  const def = (price: number) => `{ key: "acme-z", name: "Acme Z", peakTflops: { BF16: 400 }, tdpWatts: 450, pricePerGpuHour: ${price} }`;
  ok(await q(`mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: ${def(1.25)}) { key } }`, { l: a }));
  ok(await q(`mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: ${def(9.99)}) { key } }`, { l: c }));
  const src = await create(a, { ...TEXT('on acme', 1e9), cluster: { hardware: 'acme-z', gpuCount: 8 } });
  const f = ok(
    await q(
      `mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { estimate { costUsd gpuHours } library { hardware { key pricePerGpuHour } } } }`,
      { id: src.id, l: b },
    ),
  );
  expect(f.forkScenario.library.hardware).toEqual([{ key: 'acme-z', pricePerGpuHour: 1.25 }]);
  expect(f.forkScenario.estimate.costUsd).toBeCloseTo(1.25 * f.forkScenario.estimate.gpuHours, 6);
  const clash = await q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: src.id, l: c });
  expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'libraryId' });
  const none = ok(await q(`query($l: ID!) { library(id: $l) { scenarios { totalCount } } }`, { l: c }));
  expect(none.library.scenarios.totalCount).toBe(0);
});

test('custom hardware: usable by its library only, and a catalog key can carry a negotiated price', async () => {
  const lib = await newLibrary('hw');
  const other = await newLibrary('no hw');
  ok(
    await q(
      `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "acme-x1", name: "Acme X1", peakTflops: { BF16: 500, FP8: 1000 }, tdpWatts: 500, pricePerGpuHour: 1.5, source: "Acme sales deck" }) { key } }`,
      { l: lib },
    ),
  );
  ok(
    await q(
      `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "h100-sxm", name: "H100 (our contract)", peakTflops: { BF16: 989.4 }, tdpWatts: 700, pricePerGpuHour: 1.0 }) { key } }`,
      { l: lib },
    ),
  );
  const input = (hardware: string) => ({ ...TEXT(`on ${hardware}`, 1e9), cluster: { hardware, precision: 'BF16', gpuCount: 10, utilization: 0.5 } });
  const acme = await create(lib, input('acme-x1'));
  const h100 = await create(lib, input('h100-sxm'));
  const r = ok(
    await q(
      `query($a: ID!, $h: ID!) { a: scenario(id: $a) { estimate { gpuHours costUsd hardware { name } } } h: scenario(id: $h) { estimate { gpuHours costUsd } } }`,
      { a: acme.id, h: h100.id },
    ),
  );
  // 6·N·D = 6e21 FLOPs at 500 TFLOP/s · 0.5 → 2.4e7 s = 6,666.7 GPU-hours at $1.50
  expect(r.a.estimate.gpuHours).toBeCloseTo(6e21 / (500e12 * 0.5) / 3600, 3);
  expect(r.a.estimate.costUsd).toBeCloseTo(1.5 * r.a.estimate.gpuHours, 3);
  expect(r.a.estimate.hardware.name).toBe('Acme X1');
  expect(r.h.estimate.costUsd).toBeCloseTo(1.0 * r.h.estimate.gpuHours, 3); // the negotiated $1.00, not the catalog's $2.99

  const elsewhere = await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: other, ...input('acme-x1') } });
  expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.cluster.hardware' });
  const inUse = await q(`mutation($l: ID!) { deleteLibraryHardware(libraryId: $l, key: "acme-x1") }`, { l: lib });
  expect(inUse.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  const bad = await q(`mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "Bad Key", name: "x", peakTflops: { BF16: 1 } }) { key } }`, {
    l: lib,
  });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.key' });
  const noPeak = await q(`mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "empty", name: "x", peakTflops: {} }) { key } }`, { l: lib });
  expect(noPeak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.peakTflops' });
});

describe('export and import', () => {
  const ESTIMATE = `edges { node { name tags input { model { parameters } } estimate { tokens flops pfDays gpuDays wallClockDays costUsd energyMWh ratioVsGPT3 warnings { code } } } }`;

  test('a round trip into another library gives identical estimates (custom hardware and tags included)', async () => {
    const src = await newLibrary('export me');
    ok(
      await q(
        `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "tpu-x", name: "TPU X", peakTflops: { BF16: 700 }, tdpWatts: 400, pricePerGpuHour: 2.2 }) { key } }`,
        { l: src },
      ),
    );
    await create(src, { ...TEXT('llm', 7e9), tags: ['llm'], cluster: { hardware: 'tpu-x', gpuCount: 256 } });
    await create(src, {
      name: 'video',
      tags: ['video', 'latent'],
      model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
      data: [{ kind: 'VIDEO', count: 1e6, width: 1280, height: 720, durationSeconds: 10, fps: 24 }],
      training: { attention: true },
    });
    const gone = await create(src, TEXT('deleted one', 1e9));
    ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: gone.id }));

    const doc = ok(await q(`query($l: ID!) { exportLibrary(id: $l) }`, { l: src })).exportLibrary;
    expect(doc).toMatchObject({ format: 'flopscope.library', version: 2 });
    expect(doc.scenarios.map((x: any) => x.name)).toEqual(['llm', 'video']);
    expect(JSON.stringify(doc)).not.toMatch(/fsk_|apiKey|members/);

    const dst = await newLibrary('import here');
    const res = ok(await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`, { l: dst, d: doc }));
    expect(res.importLibrary).toEqual({ scenarios: 2, hardware: 1 });
    const list = async (l: string) => ok(await q(`query($l: ID!) { scenarios(libraryId: $l) { ${ESTIMATE} } }`, { l })).scenarios.edges.map((e: any) => e.node);
    expect(await list(dst)).toEqual(await list(src));
  });

  test('the document may also be written inline, variables included; anything but an object is refused', async () => {
    const lib = await newLibrary('inline');
    const inline = ok(
      await q(
        `mutation($l: ID!, $v: Int!) { importLibrary(libraryId: $l, document: {
      format: "flopscope.library", version: $v, hardware: [], scenarios: [{ name: "inline", tags: ["a"], input: { model: { parameters: 7e9 }, data: [{ kind: "TEXT", count: 1.4e12 }] } }]
    }) { scenarios } }`,
        { l: lib, v: 1 },
      ),
    );
    expect(inline.importLibrary).toEqual({ scenarios: 1 });
    const imported = ok(await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { name tags input { model { parameters } } } } } }`, { l: lib }));
    expect(imported.scenarios.edges.map((e: any) => e.node)).toEqual([{ name: 'inline', tags: ['a'], input: { model: { parameters: 7e9 } } }]);

    for (const [doc, shown] of [
      ['a string', 'a string'],
      [[1, 2], '1,2'],
      [3, '3'],
    ] as const) {
      const r = await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l: lib, d: doc });
      expect(r.data).toBeUndefined();
      expect(r.errors?.[0]?.message).toContain(`JSONObject cannot represent non-object value: ${shown}`);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const literal = await q(`mutation($l: ID!) { importLibrary(libraryId: $l, document: [1, 2]) { scenarios } }`, { l: lib });
    expect(literal.errors?.[0]?.message).toContain('JSONObject cannot represent non-object value: [1, 2]');
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test.each([
    ['not the format', { format: 'something else', version: 1, scenarios: [] }, 'document.format'],
    ['a future version', { format: 'flopscope.library', version: 3, scenarios: [] }, 'document.version'],
    ['scenarios not a list', { format: 'flopscope.library', version: 1, scenarios: 'x' }, 'document.scenarios'],
    [
      'a scenario without a name',
      { format: 'flopscope.library', version: 1, scenarios: [{ input: { model: { parameters: 1 }, data: [{ kind: 'TEXT', count: 1 }] } }] },
      'document.scenarios[0].name',
    ],
    [
      'an invalid input in the second scenario',
      {
        format: 'flopscope.library',
        version: 1,
        scenarios: [
          { name: 'fine', tags: [], input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }] } },
          { name: 'bad', tags: [], input: { model: { parameters: -1 }, data: [{ kind: 'TEXT', count: 1e9 }] } },
        ],
      },
      'document.scenarios[1].input.model.parameters',
    ],
    [
      'unknown hardware',
      {
        format: 'flopscope.library',
        version: 1,
        scenarios: [{ name: 'x', input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }], cluster: { hardware: 'nope' } } }],
      },
      'document.scenarios[0].input.cluster.hardware',
    ],
    [
      'bad hardware',
      { format: 'flopscope.library', version: 1, hardware: [{ key: 'ok-key', name: 'x', peakTflops: { BF16: -3 } }], scenarios: [] },
      'document.hardware[0].peakTflops.BF16',
    ],
    [
      'a wrong-typed tag',
      {
        format: 'flopscope.library',
        version: 1,
        scenarios: [{ name: 'x', tags: [42], input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }] } }],
      },
      'document.scenarios[0].tags[0]',
    ],
  ])('a document with %s is rejected whole, naming the field', async (_what, doc, field) => {
    const lib = await newLibrary('strict');
    const r = await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l: lib, d: doc });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = ok(await q(`query($l: ID!) { library(id: $l) { scenarios { totalCount } hardware { key } } }`, { l: lib }));
    expect(after.library).toEqual({ scenarios: { totalCount: 0 }, hardware: [] });
  });
});
