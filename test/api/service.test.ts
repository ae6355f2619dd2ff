/**
 * The GraphQL service over real HTTP against a real PostgreSQL (embedded, or DATABASE_URL).
 * Over 300 lines: the contract's operations one after another, on one server.
 */
import { ADMIN_KEY, errorCode, gql, startTestServer, TestServer } from './harness';

/** The 2024 article's scenario, written out as a client would send it. */
const SEED_INPUT = {
  name: 'Sora (article, 2024)',
  model: { parameters: 3e9 },
  data: [
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024, channels: 3 },
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, channels: 3, durationSeconds: 30, fps: 60 },
  ],
  tokenizer: { method: 'SEED_2024', patchSize: 16 },
  training: { epochs: 1 },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'FP32', gpuCount: 10000, utilization: 1.0 },
};

const SMALL_INPUT = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 20e9 }],
  ...extra,
});

const within = (actual: number, expected: number, rel: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(rel);

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

describe('health', () => {
  test('GET /healthz and /readyz answer 200 while the database is up', async () => {
    const base = s.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('Query.estimate', () => {
  test('reproduces the seed article end to end (tokens 1.42561e14, 2.56609e24 FLOPs, 29,700 PF-days, 8.17x GPT-3, 152.3 days)', async () => {
    const r = await gql(
      s.url,
      `query($input: ScenarioInput!) { estimate(input: $input) {
      tokens flops pfDays ratioVsGPT3 wallClockDays warnings { code message } } }`,
      { input: SEED_INPUT },
    );
    expect(r.errors).toBeUndefined();
    const e = r.data.estimate;
    within(e.tokens, 1.42561e14, 1e-3);
    within(e.flops, 2.56609e24, 1e-3);
    within(e.pfDays, 29700, 1e-3);
    within(e.ratioVsGPT3, 8.17, 1e-3);
    within(e.wallClockDays, 152.3, 1e-3);
    const codes = e.warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['SEED_VIDEO_RESOLUTION_IGNORED', 'SEED_CHANNELS_COUNTED_AS_TOKENS']));
  });

  test('every Estimate field resolves, with the inverse questions, inference and ratioTo', async () => {
    const r = await gql(
      s.url,
      `query($input: ScenarioInput!) { estimate(input: $input) {
      tokens flops denseFlops attentionFlops attentionShare pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3
      chinchilla: ratioTo(reference: "chinchilla")
      hardware { key name peakTflops { FP32 BF16 } }
      breakdown { index kind tokens share tokensPerSequence }
      assumptions { field value reason }
      warnings { code message field }
      gpusForDeadline(days: 30) { gpuCount wallClockDays }
      daysForBudget(budgetUsd: 1000000) { affordableGpuHours daysAffordable fractionOfTraining wallClockDaysNeeded costUsd }
      chinchillaOptimal { computeFlops parameters tokens tokensPerParameter }
      inference(steps: 50, guidance: true) { tokensPerSample flopsPerSample gpuSecondsPerSample samplesToMatchTraining }
      range { flops { low expected high } }
    } }`,
      {
        input: {
          ...SEED_INPUT,
          tokenizer: { method: 'LATENT' },
          cluster: { hardware: 'h100-sxm', gpuCount: 4096 },
          ranges: [{ path: 'model.parameters', low: 1e9, high: 1e10 }],
        },
      },
    );
    expect(r.errors).toBeUndefined();
    const e = r.data.estimate;
    expect(e.hardware.key).toBe('h100-sxm');
    expect(e.breakdown).toHaveLength(2);
    expect(e.breakdown[0].share + e.breakdown[1].share).toBeCloseTo(1, 9);
    expect(e.gpusForDeadline.wallClockDays).toBeLessThanOrEqual(30);
    expect(e.chinchillaOptimal.tokensPerParameter).toBe(20);
    expect(e.range.flops.low).toBeLessThan(e.range.flops.expected);
    expect(e.range.flops.expected).toBeCloseTo(e.flops, -10);
    expect(e.assumptions.map((a: { field: string }) => a.field)).toEqual(expect.arrayContaining(['cluster.precision', 'cluster.utilization']));
    within(e.chinchilla, e.flops / 5.76e23, 1e-9);
    expect(r.raw).not.toMatch(/NaN|Infinity/);
  });

  test('bad input is a BAD_USER_INPUT naming the field, never a 500', async () => {
    const r = await gql(s.url, `query($input: ScenarioInput!) { estimate(input: $input) { flops } }`, {
      input: { ...SEED_INPUT, model: { parameters: -5 } },
    });
    expect(r.status).toBe(200);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('model.parameters');
    expect(r.raw).not.toMatch(/stacktrace|at .*\.ts:/);
  });

  test('an unknown enum value is refused before execution with HTTP 400', async () => {
    const r = await gql(s.url, `query($input: ScenarioInput!) { estimate(input: $input) { flops } }`, {
      input: { ...SEED_INPUT, tokenizer: { method: 'MAGIC' } },
    });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
  });

  test('a device with no published peak at the requested precision names both', async () => {
    const r = await gql(s.url, `query($input: ScenarioInput!) { estimate(input: $input) { flops } }`, {
      input: { ...SEED_INPUT, cluster: { hardware: 'v100-sxm2', precision: 'TF32' } },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('cluster.precision');
    expect(r.errors![0].message).toMatch(/v100/i);
  });
});

describe('catalogs', () => {
  test('hardware lists the whole catalog with dense peaks and sources', async () => {
    const r = await gql(s.url, `{ hardware { key name peakTflops { FP32 TF32 BF16 FP16 FP8 } memoryGB tdpWatts pricePerGpuHour source } }`);
    expect(r.errors).toBeUndefined();
    const keys = r.data.hardware.map((h: { key: string }) => h.key);
    expect(keys).toEqual(expect.arrayContaining(['a100-sxm-80gb', 'h100-sxm', 'b200', 'mi300x', 'tpu-v5p', 'gaudi3']));
    const h100 = r.data.hardware.find((h: { key: string }) => h.key === 'h100-sxm');
    expect(h100.peakTflops.BF16).toBe(989.4);
    expect(h100.source).toMatch(/datasheet/i);
  });

  test('referenceModels include GPT-3 at 3.14e23 FLOPs and 1x itself', async () => {
    const r = await gql(s.url, `{ referenceModels { key flops pfDays ratioVsGPT3 source } }`);
    const gpt3 = r.data.referenceModels.find((m: { key: string }) => m.key === 'gpt-3');
    expect(gpt3.flops).toBe(3.14e23);
    expect(gpt3.ratioVsGPT3).toBe(1);
    within(gpt3.pfDays, 3634, 1e-3);
  });
});

describe('libraries and scenarios', () => {
  test('the public "examples" library holds the presets, readable without a key', async () => {
    const r = await gql(
      s.url,
      `{ library(id: "examples") { id name visibility readOnly scenarios(first: 50) { totalCount edges { node { name tags estimate { flops ratioVsGPT3 } } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const lib = r.data.library;
    expect(lib.visibility).toBe('PUBLIC');
    expect(lib.readOnly).toBe(true);
    expect(lib.scenarios.totalCount).toBeGreaterThanOrEqual(6);
    const seed = lib.scenarios.edges.find((e: { node: { tags: string[] } }) => e.node.tags.includes('preset:sora-2024')).node;
    within(seed.estimate.flops, 2.56609e24, 1e-3);
    within(seed.estimate.ratioVsGPT3, 8.17, 1e-3);
  });

  test('writes need an API key; the examples library is read-only even for the admin', async () => {
    const noKey = await gql(s.url, `mutation { createLibrary(input: { name: "x" }) { id } }`);
    expect(errorCode(noKey)).toBe('UNAUTHENTICATED');
    const badKey = await gql(s.url, `{ hardware { key } }`, undefined, 'fsk_not_a_key');
    expect(badKey.status).toBe(401);
    expect(errorCode(badKey)).toBe('UNAUTHENTICATED');
    const examples = await gql(s.url, `{ library(id: "examples") { id } }`);
    const ro = await gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      {
        input: { libraryId: examples.data.library.id, ...SMALL_INPUT('nope') },
      },
      ADMIN_KEY,
    );
    expect(errorCode(ro)).toBe('FORBIDDEN');
  });

  test('create, read, update with expectedVersion, CONFLICT on a stale version, history, delete', async () => {
    const lib = await gql(s.url, `mutation { createLibrary(input: { name: "team", visibility: PRIVATE }) { id name visibility } }`, undefined, ADMIN_KEY);
    expect(lib.errors).toBeUndefined();
    const libraryId = lib.data.createLibrary.id;

    const created = await gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id version name tags input { model { parameters } } estimate { flops } } }`,
      { input: { libraryId, ...SMALL_INPUT('llm-1b', { tags: ['llm', 'draft'] }) } },
      ADMIN_KEY,
    );
    expect(created.errors).toBeUndefined();
    const sc = created.data.createScenario;
    expect(sc.version).toBe(1);
    expect(sc.tags).toEqual(['llm', 'draft']);
    within(sc.estimate.flops, 6 * 1e9 * 20e9, 1e-12);

    // private: invisible without a key
    const anon = await gql(s.url, `query($id: ID!) { scenario(id: $id) { id } }`, { id: sc.id });
    expect(anon.data.scenario).toBeNull();

    const upd = await gql(
      s.url,
      `mutation($id: ID!, $v: Int!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $input) { version input { model { parameters } } } }`,
      { id: sc.id, v: 1, input: SMALL_INPUT('llm-2b', { model: { parameters: 2e9 } }) },
      ADMIN_KEY,
    );
    expect(upd.errors).toBeUndefined();
    expect(upd.data.updateScenario.version).toBe(2);

    const stale = await gql(
      s.url,
      `mutation($id: ID!, $v: Int!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $input) { version } }`,
      { id: sc.id, v: 1, input: SMALL_INPUT('llm-9b', { model: { parameters: 9e9 } }) },
      ADMIN_KEY,
    );
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);

    const read = await gql(
      s.url,
      `query($id: ID!) { scenario(id: $id) { name version input { model { parameters } } library { id } createdBy { name } history { version input { name model { parameters } } author { name } } } }`,
      { id: sc.id },
      ADMIN_KEY,
    );
    expect(read.data.scenario).toMatchObject({
      name: 'llm-2b',
      version: 2,
      input: { model: { parameters: 2e9 } },
      library: { id: libraryId },
      createdBy: { name: 'admin' },
    });
    expect(read.data.scenario.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(read.data.scenario.history[1].input).toEqual({ name: 'llm-1b', model: { parameters: 1e9 } });

    const bad = await gql(
      s.url,
      `mutation($id: ID!, $v: Int!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $input) { version } }`,
      { id: sc.id, v: 2, input: { ...SMALL_INPUT('broken'), data: [{ kind: 'VIDEO', count: 10, width: 64, height: 64 }] } },
      ADMIN_KEY,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toMatch(/^input\.data\[0\]\.(durationSeconds|fps)$/);

    const del = await gql(s.url, `mutation($id: ID!) { deleteScenario(id: $id) }`, { id: sc.id }, ADMIN_KEY);
    expect(del.data.deleteScenario).toBe(true);
    const gone = await gql(s.url, `query($id: ID!) { scenario(id: $id) { id } }`, { id: sc.id }, ADMIN_KEY);
    expect(gone.data.scenario).toBeNull();
  });

  test('a saved scenario needs a name, and a library that exists; both refusals name the field', async () => {
    const lib = await gql(s.url, `mutation { createLibrary(input: { name: "names" }) { id } }`, undefined, ADMIN_KEY);
    const noName = await gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      { input: { libraryId: lib.data.createLibrary.id, ...SMALL_INPUT('  ') } },
      ADMIN_KEY,
    );
    expect(errorCode(noName)).toBe('BAD_USER_INPUT');
    expect(noName.errors![0].extensions!.field).toBe('input.name');
    const noLib = await gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      { input: { libraryId: '00000000-0000-7000-8000-000000000000', ...SMALL_INPUT('x') } },
      ADMIN_KEY,
    );
    expect(errorCode(noLib)).toBe('NOT_FOUND');
    const count = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib) { totalCount } }`, { lib: lib.data.createLibrary.id }, ADMIN_KEY);
    expect(count.data.scenarios.totalCount).toBe(0);
  });

  test('keyset pagination misses and repeats nothing while rows are inserted between pages; filters and totalCount', async () => {
    const lib = await gql(s.url, `mutation { createLibrary(input: { name: "paging", visibility: PUBLIC }) { id } }`, undefined, ADMIN_KEY);
    const libraryId = lib.data.createLibrary.id;
    const create = (name: string, extra: Record<string, unknown> = {}) =>
      gql(
        s.url,
        `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
        { input: { libraryId, ...SMALL_INPUT(name, extra) } },
        ADMIN_KEY,
      ).then((r) => {
        expect(r.errors).toBeUndefined();
        return r.data.createScenario.id as string;
      });
    const original: string[] = [];
    for (let i = 0; i < 23; i++) original.push(await create(`run ${i}`, i % 3 === 0 ? { tags: ['third'], tokenizer: { method: 'PIXEL' } } : {}));

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: any = await gql(
        s.url,
        `query($lib: ID!, $after: String) { scenarios(libraryId: $lib, first: 5, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { lib: libraryId, after },
      );
      expect(r.errors).toBeUndefined();
      seen.push(...r.data.scenarios.edges.map((e: { node: { id: string } }) => e.node.id));
      pages++;
      await create(`inserted while paging ${pages}`);
      if (!r.data.scenarios.pageInfo.hasNextPage) break;
      after = r.data.scenarios.pageInfo.endCursor;
      expect(pages).toBeLessThan(50);
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);

    const q = `query($lib: ID!, $filter: ScenarioFilter) { scenarios(libraryId: $lib, first: 100, filter: $filter) { totalCount edges { node { name } } } }`;
    const byTag = await gql(s.url, q, { lib: libraryId, filter: { tag: 'third' } });
    expect(byTag.data.scenarios.totalCount).toBe(8);
    const byMethod = await gql(s.url, q, { lib: libraryId, filter: { tokenizerMethod: 'PIXEL' } });
    expect(byMethod.data.scenarios.totalCount).toBe(8);
    const byText = await gql(s.url, q, { lib: libraryId, filter: { text: 'RUN 1' } });
    expect(byText.data.scenarios.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual([
      'run 1',
      'run 10',
      'run 11',
      'run 12',
      'run 13',
      'run 14',
      'run 15',
      'run 16',
      'run 17',
      'run 18',
      'run 19',
    ]);

    const tooBig = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib, first: 1001) { totalCount } }`, { lib: libraryId });
    expect(errorCode(tooBig)).toBe('BAD_USER_INPUT');
    expect(tooBig.errors![0].extensions!.field).toBe('first');
    const badCursor = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib, after: "garbage") { totalCount } }`, { lib: libraryId });
    expect(badCursor.errors![0].extensions!.field).toBe('after');
  });
});

describe('Query.sweep', () => {
  test('a 2-axis sweep returns a row-major columnar grid', async () => {
    const r = await gql(
      s.url,
      `query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points axes { path values } series { flops wallClockDays costUsd } } }`,
      {
        input: SMALL_INPUT('sweep'),
        axes: [
          { path: 'model.parameters', values: [1e9, 2e9, 4e9] },
          { path: 'cluster.gpuCount', from: 8, to: 64, steps: 4, scale: 'LOG' },
        ],
      },
    );
    expect(r.errors).toBeUndefined();
    const sw = r.data.sweep;
    expect(sw.points).toBe(12);
    expect(sw.series.flops).toHaveLength(12);
    expect(sw.axes[1].values).toEqual([8, 16, 32, 64]);
    // axis 0 outer: first 4 points share 1e9 parameters, and FLOPs do not depend on gpuCount
    expect(sw.series.flops.slice(0, 4)).toEqual(Array(4).fill(6 * 1e9 * 20e9));
    expect(sw.series.wallClockDays[0] / sw.series.wallClockDays[3]).toBeCloseTo(8, 9);
  });

  test('a grid over the cap is a clear error', async () => {
    const r = await gql(s.url, `query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points } }`, {
      input: SMALL_INPUT('sweep'),
      axes: [
        { path: 'model.parameters', from: 1e9, to: 1e10, steps: 200 },
        { path: 'cluster.utilization', from: 0.1, to: 0.6, steps: 200 },
      ],
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/40,?000/);
  });
});
