/**
 * Export format version 2 (issue 17): exports are version 2, a version-1 document still imports
 * and every one of its scenarios estimates exactly as the same input does when computed directly,
 * and a document of a version this server does not read is refused whole, naming document.version.
 * Over real HTTP, into a real database (docs/operations.md, "Per library, through the API").
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CoreContext, estimate as coreEstimate, estimateRange, HardwareSpec, ScenarioSpec } from '../../src/core';
import { ADMIN_KEY, errorCode, gql, libraryWrites, ok, startTestServer, TestServer } from './harness';

/** A version-1 export, as a server before architectures and stages wrote it: the seed article, four more, one custom device. */
const V1 = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'library-v1.json'), 'utf8'));
/** Every output of an estimate a client can ask for, compared field by field. */
const ESTIMATE = `tokens flops hardwareFlops denseFlops attentionFlops attentionShare pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3
  breakdown { index kind tokens share tokensPerSequence }
  flopsBreakdown { component flops share }
  stages { index samples tokens forwardFlopsPerSample flops hardwareFlops gpuDays wallClockDays costUsd energyMWh }
  warnings { code field message } assumptions { field value reason }`;
const RANGE = 'range { flops { low expected high } gpuDays { low expected high } costUsd { low expected high } }';

let s: TestServer;
const q = (query: string, variables?: Record<string, unknown>) => gql(s.url, query, variables, ADMIN_KEY);
const { newLibrary } = libraryWrites(q);
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const importInto = (libraryId: string, document: unknown) =>
  q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`, { l: libraryId, d: document });
const scenariosOf = async (libraryId: string, fields: string) =>
  ok(await q(`query($l: ID!) { scenarios(libraryId: $l, first: 100) { edges { node { name ${fields} } } } }`, { l: libraryId })).scenarios.edges.map(
    (e: { node: unknown }) => e.node,
  ) as Record<string, any>[];

/** The fixture's device as the core takes it. */
const TPU_X: HardwareSpec = { ...V1.hardware[0], priceYear: null };
const CTX: CoreContext = { customHardware: [TPU_X] };
const upper = (c: string) => c.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase();

test('a version-1 document imports, and each scenario estimates exactly as its input does computed directly', async () => {
  const lib = await newLibrary('imported from version 1');
  const res = await importInto(lib, V1);
  expect(res.errors).toBeUndefined();
  expect(res.data.importLibrary).toEqual({ scenarios: 5, hardware: 1 });
  const rows = await scenariosOf(lib, `input { model { parameters } } estimate { ${ESTIMATE} }`);
  expect(rows.map((r) => r.name).sort()).toEqual(V1.scenarios.map((x: { name: string }) => x.name).sort());
  for (const doc of V1.scenarios) {
    const row = rows.find((r) => r.name === doc.name) as Record<string, any>;
    const e = coreEstimate({ ...doc.input, name: doc.name } as ScenarioSpec, CTX);
    const got = row.estimate;
    expect([got.tokens, got.flops, got.hardwareFlops, got.denseFlops, got.attentionFlops, got.attentionShare]).toEqual([
      e.tokens.total,
      e.flops.total,
      e.flops.hardware,
      e.flops.dense,
      e.flops.attention,
      e.flops.attentionShare,
    ]);
    expect([got.pfDays, got.gpuDays, got.gpuHours, got.wallClockDays, got.costUsd, got.energyMWh, got.ratioVsGPT3]).toEqual([
      e.cluster.pfDays,
      e.cluster.gpuDays,
      e.cluster.gpuHours,
      e.cluster.wallClockDays,
      e.cluster.costUsd,
      e.cluster.energyMWh,
      e.ratioVsGPT3,
    ]);
    expect(got.breakdown).toEqual(
      e.tokens.sources.map(({ index, kind, tokens, share, tokensPerSequence }) => ({ index, kind, tokens, share, tokensPerSequence })),
    );
    expect(got.flopsBreakdown).toEqual(e.flops.components.map((c) => ({ ...c, component: upper(c.component) })));
    expect(got.stages).toEqual(e.stages.map(({ name: _n, tokensPerSample: _t, ...st }) => st));
    expect(got.warnings).toEqual(e.warnings.map((w) => ({ code: w.code, field: w.field ?? null, message: w.message })));
    expect(got.assumptions).toEqual(e.assumptions.map((a) => ({ ...a, value: String(a.value) })));
    // No version-1 input names what version 2 added: the breakdown has no encoders, one stage.
    expect(got.flopsBreakdown.map((c: { component: string }) => c.component)).not.toContain('ENCODERS');
    expect(got.stages).toHaveLength(1);
  }
  // The seed article still reproduces (docs/article.md): 2.56609e24 FLOPs, 152.3 days on 10,000 A100s.
  const seed = rows.find((r) => r.name === 'Sora compute, 2024 article (as written)')?.estimate;
  expect(Math.abs(seed.flops / 2.56609e24 - 1)).toBeLessThan(1e-5);
  expect(Math.abs(seed.wallClockDays / 152.3 - 1)).toBeLessThan(1e-3);
});

test('the ranges of a version-1 scenario are exact as before', async () => {
  const lib = await newLibrary('version 1 ranges');
  ok(await importInto(lib, V1));
  const doc = V1.scenarios.find((x: { input: { ranges?: unknown } }) => x.input.ranges);
  const row = (await scenariosOf(lib, `estimate { ${RANGE} }`)).find((r) => r.name === doc.name) as Record<string, any>;
  const r = estimateRange(coreEstimate(doc.input as ScenarioSpec, CTX));
  expect(row.estimate.range).toEqual({ flops: r.flops, gpuDays: r.gpuDays, costUsd: r.costUsd });
});

test('exports are version 2 and carry what version 2 added; they import into another library and estimate the same', async () => {
  const source = await newLibrary('version 2 export');
  const dit = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
  const input = {
    name: 'DiT-XL/2 in two stages, with a frozen encoder',
    model: { architecture: dit, encoders: [{ name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 }] },
    stages: [
      { name: '256 px', data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }] },
      { name: '512 px', data: [{ kind: 'IMAGE', steps: 100, batchSize: 64, width: 512, height: 512 }], training: { recomputation: 'FULL' } },
    ],
    tokenizer: { method: 'LATENT', patchSize: 2 },
  };
  ok(await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: source, ...input } }));
  const doc = ok(await q(`query($l: ID!) { exportLibrary(id: $l) }`, { l: source })).exportLibrary;
  expect(doc).toMatchObject({ format: 'flopscope.library', version: 2 });
  const { name: _n, ...stored } = input;
  expect(doc.scenarios[0].input).toEqual(stored);
  const target = await newLibrary('version 2 import');
  expect(ok(await importInto(target, doc)).importLibrary).toEqual({ scenarios: 1, hardware: 0 });
  const fields = 'estimate { flops hardwareFlops gpuDays flopsBreakdown { component flops } stages { name flops } }';
  expect(await scenariosOf(target, fields)).toEqual(await scenariosOf(source, fields));
  const e = coreEstimate(input as ScenarioSpec);
  expect((await scenariosOf(target, fields))[0].estimate.flops).toBe(e.flops.total);
});

test.each<[string, unknown, RegExp]>([
  ['a future version', 3, /unsupported version 3; this server reads versions 1 and 2 \(it writes 2\)/],
  ['version 0', 0, /unsupported version 0; this server reads versions 1 and 2/],
  ['a version as a string', '2', /unsupported version "2"; this server reads versions 1 and 2/],
  ['no version', undefined, /no version; this server reads versions 1 and 2/],
])('a document of %s is BAD_USER_INPUT naming document.version, listing the versions read, and nothing is saved', async (_n, version, message) => {
  const lib = await newLibrary(`refused version ${String(version)}`);
  const r = await importInto(lib, { ...V1, version });
  expect(errorCode(r)).toBe('BAD_USER_INPUT');
  expect(r.errors?.[0]?.extensions?.field).toBe('document.version');
  expect(r.errors?.[0]?.message).toMatch(message);
  const after = ok(await q(`query($l: ID!) { library(id: $l) { scenarios { totalCount } hardware { key } } }`, { l: lib }));
  expect(after.library).toEqual({ scenarios: { totalCount: 0 }, hardware: [] });
});
