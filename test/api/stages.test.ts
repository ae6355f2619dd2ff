/**
 * Training in stages over real HTTP (issue 17, parts 2 and 4): an ad-hoc staged estimate read stage by
 * stage, a saved scenario that keeps its stages and estimates them on read, impliedUtilization, and bad
 * stages refused as BAD_USER_INPUT naming the field, with nothing saved.
 */
import { estimate as coreEstimate, ScenarioSpec } from '../../src/core';
import { ADMIN_KEY, errorCode, gql, libraryWrites, ok, startTestServer, TestServer } from './harness';

/** A DiT trained as Movie Gen trains (Polyak et al. 2024): 256 px images on 1,536 GPUs, then 768 px 16 s clips on 6,144. */
const STAGED = {
  name: 'two stages',
  model: { architecture: { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 16 } },
  stages: [
    { name: '256 px images', data: [{ kind: 'IMAGE', steps: 10_000, batchSize: 1536, width: 256, height: 256 }], cluster: { gpuCount: 1536 } },
    { name: '768 px video', data: [{ kind: 'VIDEO', steps: 1000, batchSize: 6144, width: 768, height: 768, frames: 256 }], cluster: { gpuCount: 6144 } },
  ],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2 },
  cluster: { hardware: 'h100-sxm', utilization: 0.4 },
};
const STAGE_FIELDS = 'index name samples tokensPerSample tokens forwardFlopsPerSample flops hardwareFlops gpuDays wallClockDays costUsd energyMWh';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

test('an ad-hoc staged estimate: each stage on its own cluster, the totals their sums, the same figures as the core', async () => {
  const r = await gql(
    s.url,
    `query($i: ScenarioInput!) { estimate(input: $i) {
      tokens flops hardwareFlops gpuDays wallClockDays costUsd
      stages { ${STAGE_FIELDS} } breakdown { stage index kind tokensPerSequence }
      implied: impliedUtilization(gpuHours: 1e6)
    } }`,
    { i: STAGED },
  );
  expect(r.errors).toBeUndefined();
  const e = r.data.estimate;
  const core = coreEstimate(STAGED as ScenarioSpec);
  expect(e.stages).toEqual(core.stages);
  expect(e.stages.map((st: { name: string; tokensPerSample: number }) => [st.name, st.tokensPerSample])).toEqual([
    ['256 px images', 256],
    ['768 px video', 73_728],
  ]);
  expect(e.breakdown).toEqual([
    { stage: 0, index: 0, kind: 'IMAGE', tokensPerSequence: 256 },
    { stage: 1, index: 0, kind: 'VIDEO', tokensPerSequence: 73_728 },
  ]);
  const sum = (k: string) => e.stages.reduce((a: number, st: Record<string, number>) => a + st[k], 0);
  for (const k of ['tokens', 'flops', 'hardwareFlops', 'gpuDays', 'wallClockDays', 'costUsd']) expect(e[k]).toBe(sum(k));
  expect(e.stages[1].wallClockDays).toBe(e.stages[1].gpuDays / 6144);
  // Both stages on H100s: flops / (gpuHours · 3,600 · 989.4e12).
  expect(e.implied).toBeCloseTo(core.flops.total / (1e6 * 3600 * 989.4e12), 12);
});

test('a scenario without stages answers stages with one entry: itself', async () => {
  const input = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
  const r = await gql(
    s.url,
    `query($i: ScenarioInput!) { estimate(input: $i) { flops gpuDays stages { index name samples tokensPerSample flops gpuDays } } }`,
    {
      i: input,
    },
  );
  expect(r.errors).toBeUndefined();
  const e = r.data.estimate;
  expect(e.stages).toEqual([{ index: 0, name: null, samples: 2e10 / 2048, tokensPerSample: 2048, flops: e.flops, gpuDays: e.gpuDays }]);
});

test('impliedUtilization refuses a bad gpuHours as BAD_USER_INPUT naming it, and the rest of the estimate still answers', async () => {
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops impliedUtilization(gpuHours: 0) } }`, { i: STAGED });
  expect(errorCode(r)).toBe('BAD_USER_INPUT');
  expect(r.errors![0].extensions!.field).toBe('gpuHours');
  expect(r.data.estimate.flops).toBeGreaterThan(0);
  expect(r.data.estimate.impliedUtilization).toBeNull();
});

test('a saved staged scenario keeps its stages and estimates them on read', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "stages" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) {
      id input { data { kind } stages { name data { kind steps batchSize frames count } cluster { gpuCount } } }
      estimate { flops stages { name gpuDays } }
    } }`,
    { input: { libraryId, ...STAGED } },
    ADMIN_KEY,
  );
  expect(created.errors).toBeUndefined();
  const sc = created.data.createScenario;
  expect(sc.input.data).toBeNull();
  expect(sc.input.stages).toEqual([
    { name: '256 px images', data: [{ kind: 'IMAGE', steps: 10_000, batchSize: 1536, frames: null, count: null }], cluster: { gpuCount: 1536 } },
    { name: '768 px video', data: [{ kind: 'VIDEO', steps: 1000, batchSize: 6144, frames: 256, count: null }], cluster: { gpuCount: 6144 } },
  ]);
  const core = coreEstimate(STAGED as ScenarioSpec);
  expect(sc.estimate.flops).toBe(core.flops.total);
  const read = await gql(s.url, `query($id: ID!) { scenario(id: $id) { estimate { flops stages { name gpuDays } } } }`, { id: sc.id }, ADMIN_KEY);
  expect(read.data.scenario.estimate).toEqual(sc.estimate);
  expect(read.data.scenario.estimate.stages.map((st: { gpuDays: number }) => st.gpuDays)).toEqual(core.stages.map((st) => st.gpuDays));
});

test('bad stages are refused as BAD_USER_INPUT naming the field, and nothing is saved', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "refused stages" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const create = (input: Record<string, unknown>) =>
    gql(s.url, `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`, { input: { libraryId, ...STAGED, ...input } }, ADMIN_KEY);
  const [video] = [STAGED.stages[1]];
  const zeroSteps = await create({ stages: [STAGED.stages[0], { ...video, data: [{ ...video.data[0], steps: 0 }] }] });
  expect(errorCode(zeroSteps)).toBe('BAD_USER_INPUT');
  expect(zeroSteps.errors![0].extensions!.field).toBe('input.stages[1].data[0].steps');
  const both = await create({ data: [{ kind: 'TEXT', count: 1e9 }] });
  expect(both.errors![0].extensions!.field).toBe('input.data');
  expect(both.errors![0].message).toMatch(/either data or stages, not both/);
  const empty = await create({ stages: [] });
  expect(empty.errors![0].extensions!.field).toBe('input.stages');
  const countAndSteps = await create({ stages: [{ ...video, data: [{ ...video.data[0], count: 5 }] }] });
  expect(countAndSteps.errors![0].extensions!.field).toBe('input.stages[0].data[0].count');
  const framesAndFps = await create({ stages: [{ ...video, data: [{ ...video.data[0], fps: 16 }] }] });
  expect(framesAndFps.errors![0].extensions!.field).toBe('input.stages[0].data[0].fps');
  for (const r of [zeroSteps, both, empty, countAndSteps, framesAndFps]) expect(r.data?.createScenario ?? null).toBeNull();

  const adHoc = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, {
    i: { ...STAGED, stages: [{ data: [{ kind: 'TEXT', steps: 10 }] }] },
  });
  expect(errorCode(adHoc)).toBe('BAD_USER_INPUT');
  expect(adHoc.errors![0].extensions!.field).toBe('stages[0].data[0].batchSize');

  const count = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib) { totalCount } }`, { lib: libraryId }, ADMIN_KEY);
  expect(count.data.scenarios.totalCount).toBe(0);
});

describe("a stage's own cluster counts wherever the hardware a scenario needs is decided", () => {
  const q = (query: string, variables?: Record<string, unknown>) => gql(s.url, query, variables, ADMIN_KEY);
  const { newLibrary, setHardware, deleteHardware, createScenario } = libraryWrites(q);
  const create = async (libraryId: string, input: Record<string, unknown>) =>
    ok(await createScenario(libraryId, input)).createScenario as { id: string; version: number };
  const hardwareOf = async (libraryId: string) =>
    ok(await q(`query($l: ID!) { library(id: $l) { hardware { key peakTflops { BF16 FP8 } pricePerGpuHour } } }`, { l: libraryId })).library.hardware;

  const MY_GPU = { key: 'my-gpu', name: 'My GPU', peakTflops: { BF16: 400, FP8: 800 }, tdpWatts: 500, pricePerGpuHour: 1.75 };
  /** Stage 0 on the scenario's H100s; stage 1 on the library's own my-gpu at FP8 (only stage 1 names it). */
  const ON_MY_GPU = (name: string) => ({
    name,
    model: { parameters: 1e9 },
    stages: [
      { name: 'text on h100', data: [{ kind: 'TEXT', count: 2e10 }] },
      { name: 'text on my-gpu', data: [{ kind: 'TEXT', steps: 1000, batchSize: 512 }], cluster: { hardware: 'my-gpu', precision: 'FP8', gpuCount: 64 } },
    ],
    cluster: { hardware: 'h100-sxm', gpuCount: 128 },
  });

  test('removing custom hardware only a stage uses is refused, as for the scenario’s own; so is dropping the precision the stage uses', async () => {
    const lib = await newLibrary('stage holds hardware');
    ok(await setHardware(lib, MY_GPU));
    const sc = await create(lib, ON_MY_GPU('my-gpu in stage 1'));
    const del = await deleteHardware(lib, 'my-gpu');
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: sc.id, field: 'scenario.stages[1].cluster.hardware' });
    expect(del.errors?.[0]?.message).toContain('"my-gpu in stage 1"');
    const redefine = await setHardware(lib, { ...MY_GPU, peakTflops: { BF16: 400 } });
    expect(redefine.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      scenarios: 1,
      scenarioId: sc.id,
      field: 'scenario.stages[1].cluster.precision',
    });
    expect(await hardwareOf(lib)).toEqual([{ key: 'my-gpu', peakTflops: { BF16: 400, FP8: 800 }, pricePerGpuHour: 1.75 }]);
    const read = ok(await q(`query($id: ID!) { scenario(id: $id) { estimate { stages { costUsd } } } }`, { id: sc.id }));
    expect(read.scenario.estimate.stages[1].costUsd).toBeGreaterThan(0);
  });

  test('a stage holds its hardware while deleted or in an earlier revision too, and a catalog key a stage names counts for that stage', async () => {
    const lib = await newLibrary('stage holds hardware, deleted and in history');
    ok(await setHardware(lib, MY_GPU));
    const binned = await create(lib, ON_MY_GPU('deleted, my-gpu in stage 1'));
    ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: binned.id }));
    const del = await deleteHardware(lib, 'my-gpu');
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: binned.id, field: 'scenario.stages[1].cluster.hardware' });
    ok(await q(`mutation($id: ID!) { purgeScenario(id: $id) }`, { id: binned.id }));

    const moved = await create(lib, ON_MY_GPU('moved off my-gpu'));
    const { stages, ...rest } = ON_MY_GPU('moved off my-gpu');
    ok(
      await q(`mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`, {
        id: moved.id,
        i: { ...rest, stages: [stages[0], { ...stages[1], cluster: { gpuCount: 64 } }] },
      }),
    );
    const held = await deleteHardware(lib, 'my-gpu');
    expect(held.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: moved.id, field: 'scenario.stages[1].cluster.hardware' });
    expect(held.errors?.[0]?.message).toContain('version 1');

    // Stage 1 on the catalog's H100 at FP8 while the scenario runs on my-gpu: the library's H100 without FP8 would break stage 1.
    const h100 = await newLibrary('stage on a catalog key');
    ok(await setHardware(h100, MY_GPU));
    const fp8 = await create(h100, {
      name: 'h100 fp8 in stage 1',
      model: { parameters: 1e9 },
      stages: [{ data: [{ kind: 'TEXT', count: 2e10 }] }, { data: [{ kind: 'TEXT', count: 2e10 }], cluster: { hardware: 'h100-sxm', precision: 'FP8' } }],
      cluster: { hardware: 'my-gpu' },
    });
    const shadow = await setHardware(h100, { key: 'h100-sxm', name: 'H100 (BF16 only)', peakTflops: { BF16: 989.4 } });
    expect(shadow.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarios: 1, scenarioId: fp8.id, field: 'scenario.stages[1].cluster.precision' });
    expect((await hardwareOf(h100)).map((h: { key: string }) => h.key)).toEqual(['my-gpu']);
  });

  test('a fork brings along the custom hardware a stage uses, and estimates in its new library as in its own', async () => {
    const source = await newLibrary('stage fork source');
    const target = await newLibrary('stage fork target');
    ok(await setHardware(source, MY_GPU));
    const sc = await create(source, ON_MY_GPU('forked with its stages'));
    const ESTIMATE = `estimate { flops costUsd stages { name gpuDays costUsd } }`;
    const fork = await q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id library { id } ${ESTIMATE} } }`, { id: sc.id, l: target });
    expect(fork.errors).toBeUndefined();
    expect(fork.data.forkScenario.library.id).toBe(target);
    const original = ok(await q(`query($id: ID!) { scenario(id: $id) { ${ESTIMATE} } }`, { id: sc.id })).scenario.estimate;
    expect(fork.data.forkScenario.estimate).toEqual(original);
    expect(await hardwareOf(target)).toEqual([{ key: 'my-gpu', peakTflops: { BF16: 400, FP8: 800 }, pricePerGpuHour: 1.75 }]);
    // and there it holds the definition it brought
    const del = await deleteHardware(target, 'my-gpu');
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarioId: fork.data.forkScenario.id });

    // A target that defines the stage's key differently: refused, as for the scenario's own hardware.
    const clash = await newLibrary('stage fork clash');
    ok(await setHardware(clash, { ...MY_GPU, pricePerGpuHour: 9.99 }));
    const refused = await q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: sc.id, l: clash });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'libraryId' });
    const none = ok(await q(`query($l: ID!) { library(id: $l) { scenarios { totalCount } } }`, { l: clash }));
    expect(none.library.scenarios.totalCount).toBe(0);
  });

  test('an exported library whose stages use custom hardware of their own imports, and estimates as it did', async () => {
    const source = await newLibrary('stage export');
    ok(await setHardware(source, MY_GPU));
    ok(await setHardware(source, { key: 'unused-gpu', name: 'Unused', peakTflops: { BF16: 100 } }));
    await create(source, ON_MY_GPU('staged on my-gpu'));
    await create(source, { ...STAGED, name: 'two stages on h100' });
    const doc = ok(await q(`query($l: ID!) { exportLibrary(id: $l) }`, { l: source })).exportLibrary;
    expect(doc.scenarios.map((x: { input: { stages?: unknown[] } }) => x.input.stages?.length)).toEqual([2, 2]);
    const target = await newLibrary('stage import');
    const imported = await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`, { l: target, d: doc });
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importLibrary).toEqual({ scenarios: 2, hardware: 2 });
    const list = async (l: string) => {
      const r = await q(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { name estimate { flops costUsd stages { name gpuDays costUsd } } } } } }`, {
        l,
      });
      expect(r.errors).toBeUndefined();
      return r.data.scenarios.edges.map((e: { node: unknown }) => e.node);
    };
    const there = await list(target);
    expect(there).toEqual(await list(source));
    expect(there.map((n: { estimate: { stages: unknown[] } }) => n.estimate.stages.length)).toEqual([2, 2]);
    // the imported scenario holds the hardware only its stage uses
    const del = await deleteHardware(target, 'my-gpu');
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'scenario.stages[1].cluster.hardware' });

    // A document whose definition of a catalog key would take from a target's stage the precision it uses: refused whole.
    const held = await newLibrary('stage import, catalog key held by a stage');
    const mine = await create(held, {
      name: 'h100 fp8 in stage 1',
      model: { parameters: 1e9 },
      stages: [{ data: [{ kind: 'TEXT', count: 2e10 }] }, { data: [{ kind: 'TEXT', count: 2e10 }], cluster: { hardware: 'h100-sxm', precision: 'FP8' } }],
      cluster: { hardware: 'a100-sxm-80gb' },
    });
    const shadow = { ...doc, hardware: [...doc.hardware, { key: 'h100-sxm', name: 'H100 (BF16 only)', peakTflops: { BF16: 989.4 } }] };
    const refused = await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l: held, d: shadow });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', scenarioId: mine.id, field: 'scenario.stages[1].cluster.precision' });
    expect(await hardwareOf(held)).toEqual([]);
    expect((await list(held)).map((n: { name: string }) => n.name)).toEqual(['h100 fp8 in stage 1']);
  });

  test('the tokenizerMethod filter reads the first stage’s method (its own, else the scenario’s, else the default)', async () => {
    const lib = await newLibrary('stage tokenizer filter');
    const image = (method?: string) => ({ data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }], ...(method ? { tokenizer: { method } } : {}) });
    const staged = (name: string, first: string | undefined, second: string | undefined, scenario?: string) => ({
      name,
      model: { parameters: 1e9 },
      stages: [image(first), image(second)],
      ...(scenario ? { tokenizer: { method: scenario } } : {}),
    });
    await create(lib, staged('pixel first, latent second', 'PIXEL', 'LATENT', 'LATENT'));
    await create(lib, staged('scenario seed, stage 1 pixel', undefined, 'PIXEL', 'SEED_2024'));
    await create(lib, staged('no method anywhere', undefined, undefined));
    await create(lib, { name: 'unstaged pixel', model: { parameters: 1e9 }, ...image('PIXEL') });
    const names = async (method: string) => {
      const r = ok(
        await q(`query($l: ID!, $m: TokenizationMethod) { scenarios(libraryId: $l, filter: { tokenizerMethod: $m }) { edges { node { name } } } }`, {
          l: lib,
          m: method,
        }),
      );
      return r.scenarios.edges.map((e: { node: { name: string } }) => e.node.name).sort();
    };
    expect(await names('PIXEL')).toEqual(['pixel first, latent second', 'unstaged pixel']);
    expect(await names('SEED_2024')).toEqual(['scenario seed, stage 1 pixel']);
    expect(await names('LATENT')).toEqual(['no method anywhere']);
  });
});
