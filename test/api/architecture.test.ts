/**
 * model.architecture, model.encoders and training.recomputation over real HTTP (issue 17): an ad-hoc
 * estimate counted by operation, a saved scenario that keeps its architecture and encoders and
 * estimates from them on read, and bad ones refused as BAD_USER_INPUT naming the field, with nothing saved;
 * sweeps and ranges over their fields, with hardwareFlops among the outputs.
 */
import { isInputObjectType } from 'graphql';
import { ARCHITECTURE_KEYS, ENCODER_KEYS, estimate as coreEstimate, estimateRange, ScenarioSpec, sweep as coreSweep } from '../../src/core';
import { getSchema } from '../../resolvers/schema';
import { ADMIN_KEY, errorCode, gql, startTestServer, TestServer } from './harness';

/** DiT-XL/2 on 256² ImageNet images (Peebles & Xie 2023): 256 latent tokens per image, 118.6 GMACs forward. */
const DIT_XL_2 = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
const DIT_RUN = {
  name: 'DiT-XL/2, ImageNet 256²',
  model: { architecture: DIT_XL_2 },
  data: [{ kind: 'IMAGE', count: 1_281_167, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  training: { epochs: 1400, recomputation: 'FULL' },
  cluster: { hardware: 'a100-sxm-80gb', gpuCount: 256 },
};
const FIELDS = `flops hardwareFlops denseFlops attentionFlops gpuDays
  parameters { total perToken perContextToken perSample embeddingTables idleExperts }
  flopsBreakdown { component flops share } warnings { code field message }`;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const expectClose = (actual: number, expected: number, rel: number) => expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);

test('an ad-hoc estimate with an architecture is counted by operation: 2.37e11 FLOPs forward per 256² sample, the parameters derived', async () => {
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { ${FIELDS} } }`, { i: DIT_RUN });
  expect(r.errors).toBeUndefined();
  const e = r.data.estimate;
  const samples = 1_281_167 * 1400;
  expectClose(e.flops / (3 * samples), 2.37e11, 0.01);
  expect(e.hardwareFlops).toBeGreaterThan(e.flops); // FULL recomputation runs the blocks forward again
  expect(e.parameters).toMatchObject({ total: 674_834_720, perSample: 228_580_992, perContextToken: 0 });
  expect(e.flopsBreakdown.map((c: { component: string }) => c.component)).toEqual([
    'LINEAR',
    'ATTENTION',
    'CROSS_ATTENTION',
    'CONTEXT',
    'CONDITIONING',
    'EMBEDDINGS',
  ]);
  expectClose(
    e.flopsBreakdown.reduce((sum: number, c: { flops: number }) => sum + c.flops, 0),
    e.flops,
    1e-12,
  );
  // The same numbers as the core's own estimate: the API passes the input through.
  const core = coreEstimate(DIT_RUN as ScenarioSpec);
  expect(e.flops).toBe(core.flops.total);
  expect(e.hardwareFlops).toBe(core.flops.hardware);
  expect(e.gpuDays).toBe(core.cluster.gpuDays);
});

test('without an architecture the answer is 6·N·D as before, hardwareFlops = flops, all parameters per token', async () => {
  const input = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { ${FIELDS} } }`, { i: input });
  expect(r.errors).toBeUndefined();
  const e = r.data.estimate;
  expect(e.flops).toBe(6 * 1e9 * 2e10);
  expect(e.hardwareFlops).toBe(e.flops);
  expect(e.parameters).toEqual({ total: 1e9, perToken: 1e9, perContextToken: 0, perSample: 0, embeddingTables: 0, idleExperts: 0 });
  expect(e.flopsBreakdown).toEqual([{ component: 'LINEAR', flops: e.flops, share: 1 }]);
  const full = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops hardwareFlops } }`, {
    i: { ...input, training: { recomputation: 'FULL' } },
  });
  expect(full.data.estimate.flops).toBe(e.flops);
  expectClose(full.data.estimate.hardwareFlops, (4 / 3) * e.flops, 1e-15);
});

test('model.parameters is still required without an architecture: BAD_USER_INPUT naming it', async () => {
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, { i: { model: {}, data: [{ kind: 'TEXT', count: 1e9 }] } });
  expect(errorCode(r)).toBe('BAD_USER_INPUT');
  expect(r.errors![0].extensions!.field).toBe('model.parameters');
  expect(r.errors![0].message).toMatch(/model.parameters: is required/);
});

test('a parameter count far from the architecture’s is a warning naming both figures', async () => {
  const input = { ...DIT_RUN, model: { parameters: 3e9, architecture: DIT_XL_2 } };
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { warnings { code field message } } }`, { i: input });
  expect(r.errors).toBeUndefined();
  expect(r.data.estimate.warnings).toContainEqual({
    code: 'PARAMETERS_DISAGREE_WITH_ARCHITECTURE',
    field: 'model.parameters',
    message: expect.stringMatching(/model.parameters is 3e9 but model.architecture counts .*674,834,720/),
  });
});

test('a saved scenario keeps its architecture and recomputation, and estimates from them on read', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "architectures" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) {
      id version
      input { model { parameters architecture { family layers hiddenSize heads kvHeads outputChannels classes } } training { epochs recomputation } }
      estimate { flops hardwareFlops parameters { total } }
    } }`,
    { input: { libraryId, ...DIT_RUN } },
    ADMIN_KEY,
  );
  expect(created.errors).toBeUndefined();
  const sc = created.data.createScenario;
  expect(sc.input.model).toEqual({
    parameters: null,
    architecture: { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, kvHeads: null, outputChannels: 8, classes: 1000 },
  });
  expect(sc.input.training).toEqual({ epochs: 1400, recomputation: 'FULL' });
  const core = coreEstimate(DIT_RUN as ScenarioSpec);
  expect(sc.estimate).toEqual({ flops: core.flops.total, hardwareFlops: core.flops.hardware, parameters: { total: 674_834_720 } });

  const read = await gql(s.url, `query($id: ID!) { scenario(id: $id) { estimate { flops hardwareFlops } } }`, { id: sc.id }, ADMIN_KEY);
  expect(read.data.scenario.estimate).toEqual({ flops: core.flops.total, hardwareFlops: core.flops.hardware });
});

test('a bad architecture is refused as BAD_USER_INPUT naming the field, and nothing is saved', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "refused architectures" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const create = (architecture: Record<string, unknown>) =>
    gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      { input: { libraryId, ...DIT_RUN, model: { architecture } } },
      ADMIN_KEY,
    );
  const heads = await create({ ...DIT_XL_2, heads: 7 });
  expect(errorCode(heads)).toBe('BAD_USER_INPUT');
  expect(heads.errors![0].extensions!.field).toBe('input.model.architecture.heads');
  expect(heads.errors![0].message).toMatch(/must divide hiddenSize \(1152\)/);
  const kv = await create({ ...DIT_XL_2, kvHeads: 5 });
  expect(kv.errors![0].extensions!.field).toBe('input.model.architecture.kvHeads');
  const moe = await create({ ...DIT_XL_2, experts: 8, activeExperts: 9 });
  expect(moe.errors![0].extensions!.field).toBe('input.model.architecture.activeExperts');
  const family = await create({ ...DIT_XL_2, vocabSize: 32000 });
  expect(family.errors![0].extensions!.field).toBe('input.model.architecture.vocabSize');
  for (const r of [heads, kv, moe, family]) expect(r.data?.createScenario ?? null).toBeNull();

  const adHoc = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, {
    i: { ...DIT_RUN, model: { architecture: { ...DIT_XL_2, heads: 7 } } },
  });
  expect(errorCode(adHoc)).toBe('BAD_USER_INPUT');
  expect(adHoc.errors![0].extensions!.field).toBe('model.architecture.heads');

  const count = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib) { totalCount } }`, { lib: libraryId }, ADMIN_KEY);
  expect(count.data.scenarios.totalCount).toBe(0);
});

test('ArchitectureInput has exactly the fields the core accepts', async () => {
  const type = (await getSchema()).getType('ArchitectureInput');
  if (!isInputObjectType(type)) throw new Error('ArchitectureInput is not an input type');
  expect(Object.keys(type.getFields()).sort()).toEqual([...ARCHITECTURE_KEYS].sort());
});

/** T5 v1.1 XXL's encoder (4,762,310,656 parameters) on 512 tokens, and a VAE encoder given by its forward FLOPs, precomputed. */
const ENCODERS = [
  { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 },
  { name: 'VAE encoder', forwardFlopsPerSample: 1.1e12, precomputed: true },
];
const ENCODED_RUN = { ...DIT_RUN, model: { architecture: DIT_XL_2, encoders: ENCODERS } };

test('a saved scenario keeps its encoders and estimates with them on read: 2 · 4.76e9 · 512 FLOPs per sample, the VAE precomputed', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "encoders" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId, ...ENCODED_RUN } },
    ADMIN_KEY,
  );
  expect(created.errors).toBeUndefined();
  const read = await gql(
    s.url,
    `query($id: ID!) { scenario(id: $id) {
      input { model { encoders { name parameters tokensPerSample forwardFlopsPerSample precomputed } } }
      estimate { flops hardwareFlops gpuDays flopsBreakdown { component flops share } stages { flops forwardFlopsPerSample } }
    } }`,
    { id: created.data.createScenario.id },
    ADMIN_KEY,
  );
  expect(read.errors).toBeUndefined();
  const { input, estimate } = read.data.scenario;
  expect(input.model.encoders).toEqual([
    { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512, forwardFlopsPerSample: null, precomputed: null },
    { name: 'VAE encoder', parameters: null, tokensPerSample: null, forwardFlopsPerSample: 1.1e12, precomputed: true },
  ]);
  const samples = 1_281_167 * 1400;
  const without = coreEstimate(DIT_RUN as ScenarioSpec);
  expectClose(estimate.flops - without.flops.total, 2 * 4_762_310_656 * 512 * samples, 1e-12);
  expect(estimate.flopsBreakdown.at(-1)).toEqual({ component: 'ENCODERS', flops: 2 * 4_762_310_656 * 512 * samples, share: expect.any(Number) });
  expectClose(
    estimate.flopsBreakdown.reduce((sum: number, c: { share: number }) => sum + c.share, 0),
    1,
    1e-12,
  );
  const core = coreEstimate(ENCODED_RUN as ScenarioSpec);
  expect([estimate.flops, estimate.hardwareFlops, estimate.gpuDays]).toEqual([core.flops.total, core.flops.hardware, core.cluster.gpuDays]);
  expect(estimate.stages).toEqual([{ flops: core.stages[0].flops, forwardFlopsPerSample: core.stages[0].forwardFlopsPerSample }]);
  // The model's forward pass, without the encoders' (up to the rounding of (flops − encoders) / 3 · samples).
  expectClose(estimate.stages[0].forwardFlopsPerSample, without.stages[0].forwardFlopsPerSample, 1e-12);
});

test('a bad encoder is refused as BAD_USER_INPUT naming the field, and nothing is saved', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "refused encoders" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const create = (encoders: Record<string, unknown>[]) =>
    gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      { input: { libraryId, ...DIT_RUN, model: { architecture: DIT_XL_2, encoders } } },
      ADMIN_KEY,
    );
  const sizes = await create([ENCODERS[0], { name: 'CLIP-L' }]);
  expect(errorCode(sizes)).toBe('BAD_USER_INPUT');
  expect(sizes.errors![0].extensions!.field).toBe('input.model.encoders[1].forwardFlopsPerSample');
  expect(sizes.errors![0].message).toMatch(/required unless parameters and tokensPerSample .* or forwardFlopsPerPixel/);
  const zero = await create([{ ...ENCODERS[0], parameters: 0 }]);
  expect(zero.errors![0].extensions!.field).toBe('input.model.encoders[0].parameters');
  const unnamed = await create([{ ...ENCODERS[0], name: '' }]);
  expect(unnamed.errors![0].extensions!.field).toBe('input.model.encoders[0].name');
  const many = await create(Array.from({ length: 17 }, () => ENCODERS[0]));
  expect(many.errors![0].extensions!.field).toBe('input.model.encoders');
  for (const r of [sizes, zero, unnamed, many]) expect(r.data?.createScenario ?? null).toBeNull();
  // GraphQL itself refuses an encoder without a name (EncoderInput.name is String!), before flopscope sees it.
  const typed = await create([{ parameters: 1e9, tokensPerSample: 77 }]);
  expect(errorCode(typed)).toBe('BAD_USER_INPUT');
  expect(typed.errors![0].message).toMatch(/name/);

  const count = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib) { totalCount } }`, { lib: libraryId }, ADMIN_KEY);
  expect(count.data.scenarios.totalCount).toBe(0);
});

/** Wan-VAE's encoder, 5,002,856 FLOPs per input pixel per frame (docs/references.md), on the DiT run's 256² images. */
const WAN_VAE = { name: 'Wan-VAE encoder', forwardFlopsPerPixel: 5_002_856 };

test('a saved encoder given forwardFlopsPerPixel reads back as given and costs forwardFlopsPerPixel × 256 × 256 per image', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "vae encoders" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const spec = { ...DIT_RUN, model: { architecture: DIT_XL_2, encoders: [ENCODERS[0], WAN_VAE] } };
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId, ...spec } },
    ADMIN_KEY,
  );
  expect(created.errors).toBeUndefined();
  const read = await gql(
    s.url,
    `query($id: ID!) { scenario(id: $id) {
      input { model { encoders { name parameters tokensPerSample forwardFlopsPerSample forwardFlopsPerPixel precomputed } } }
      estimate { flops hardwareFlops flopsBreakdown { component flops } stages { flops } }
    } }`,
    { id: created.data.createScenario.id },
    ADMIN_KEY,
  );
  expect(read.errors).toBeUndefined();
  const { input, estimate } = read.data.scenario;
  expect(input.model.encoders).toEqual([
    { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512, forwardFlopsPerSample: null, forwardFlopsPerPixel: null, precomputed: null },
    { name: 'Wan-VAE encoder', parameters: null, tokensPerSample: null, forwardFlopsPerSample: null, forwardFlopsPerPixel: 5_002_856, precomputed: null },
  ]);
  const samples = 1_281_167 * 1400;
  const encoders = (2 * 4_762_310_656 * 512 + 5_002_856 * 256 * 256) * samples;
  expectClose(estimate.flopsBreakdown.at(-1).flops, encoders, 1e-12);
  expectClose(estimate.flops - coreEstimate(DIT_RUN as ScenarioSpec).flops.total, encoders, 1e-12);
  const core = coreEstimate(spec as ScenarioSpec);
  expect([estimate.flops, estimate.hardwareFlops, estimate.stages[0].flops]).toEqual([core.flops.total, core.flops.hardware, core.stages[0].flops]);
});

test('an encoder that gives two ways of its cost is refused as BAD_USER_INPUT naming the field, and nothing is saved', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "two ways" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const create = (encoder: Record<string, unknown>) =>
    gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      { input: { libraryId, ...DIT_RUN, model: { architecture: DIT_XL_2, encoders: [encoder] } } },
      ADMIN_KEY,
    );
  const perSample = await create({ ...WAN_VAE, forwardFlopsPerSample: 3.3e11 });
  const bySize = await create({ ...WAN_VAE, parameters: 1.27e8, tokensPerSample: 1 });
  for (const r of [perSample, bySize]) {
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('input.model.encoders[0].forwardFlopsPerPixel');
    expect(r.errors![0].message).toMatch(/give exactly one way of the encoder's cost/);
    expect(r.data?.createScenario ?? null).toBeNull();
  }
  const count = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib) { totalCount } }`, { lib: libraryId }, ADMIN_KEY);
  expect(count.data.scenarios.totalCount).toBe(0);
});

test('EncoderInput has exactly the fields the core accepts', async () => {
  const type = (await getSchema()).getType('EncoderInput');
  if (!isInputObjectType(type)) throw new Error('EncoderInput is not an input type');
  expect(Object.keys(type.getFields()).sort()).toEqual([...ENCODER_KEYS].sort());
});

test('sweeps and ranges over architecture and encoder fields answer hardwareFlops too, as the core computes them', async () => {
  const axes = [
    { path: 'model.architecture.layers', values: [14, 28] },
    { path: 'model.encoders[0].tokensPerSample', from: 128, to: 512, steps: 3 },
  ];
  const r = await gql(
    s.url,
    `query($i: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $i, axes: $axes) { points series { flops hardwareFlops gpuDays } } }`,
    { i: ENCODED_RUN, axes },
  );
  expect(r.errors).toBeUndefined();
  const core = coreSweep(ENCODED_RUN as ScenarioSpec, axes);
  expect(r.data.sweep.points).toBe(6);
  expect(r.data.sweep.series).toEqual({ flops: core.series.flops, hardwareFlops: core.series.hardwareFlops, gpuDays: core.series.gpuDays });
  // FULL recomputation: every point executes more than its model FLOPs.
  r.data.sweep.series.hardwareFlops.forEach((h: number, k: number) => expect(h).toBeGreaterThan(r.data.sweep.series.flops[k]));

  const ranges = [
    { path: 'model.architecture.hiddenSize', low: 1024, high: 1152 },
    { path: 'data[0].width', low: 128, high: 256 },
  ];
  const ranged = await gql(
    s.url,
    `query($i: ScenarioInput!) { estimate(input: $i) { range { flops { low expected high } hardwareFlops { low expected high } } } }`,
    {
      i: { ...ENCODED_RUN, ranges },
    },
  );
  expect(ranged.errors).toBeUndefined();
  const expected = estimateRange(coreEstimate({ ...ENCODED_RUN, ranges } as ScenarioSpec));
  expect(ranged.data.estimate.range).toEqual({ flops: expected.flops, hardwareFlops: expected.hardwareFlops });
});
