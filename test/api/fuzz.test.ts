/**
 * Over 300 lines: four generators and their invariants share one server and its bookkeeping.
 *
 * Bad input never hurts: fast-check throws 10,000 generated inputs per run at estimate,
 * createScenario, updateScenario and importLibrary over real HTTP — extreme floats, huge
 * integers, empty and huge strings, unknown enum values, deeply nested and wrong-typed JSON,
 * lone surrogates — and checks: no 5xx; every refusal is BAD_USER_INPUT naming a field; no
 * non-finite number in any response; and the database holds exactly the rows of the calls that
 * succeeded.
 */
import fc from 'fast-check';
import { Client } from 'pg';
import { ADMIN_KEY, gql, GqlResponse, startTestServer, TestServer } from './harness';

const RUNS = { estimate: 4000, create: 2500, update: 2000, import: 1500 };
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);

let s: TestServer;
let libraryId: string;
let fixedId: string;
beforeAll(async () => {
  s = await startTestServer();
  libraryId = (await gql(s.url, `mutation { createLibrary(input: { name: "fuzz" }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary.id;
  fixedId = (await gql(s.url, `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId, ...base() } }, ADMIN_KEY)).data
    .createScenario.id;
});
afterAll(async () => {
  await s?.stop();
});

function base(): Record<string, any> {
  return {
    name: 'fuzz base',
    model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
    data: [
      { kind: 'VIDEO', count: 1e6, width: 1280, height: 720, channels: 3, durationSeconds: 10, fps: 24 },
      { kind: 'IMAGE', count: 1e8, width: 512, height: 512 },
      { kind: 'TEXT', count: 1e11 },
    ],
    tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
    training: { epochs: 1, attention: true, sequenceLength: 4096 },
    cluster: { hardware: 'h100-sxm', precision: 'BF16', gpuCount: 1024, utilization: 0.4, pricePerGpuHour: 2.5, pue: 1.2 },
    ranges: [{ path: 'model.parameters', low: 1e9, high: 1e10 }],
  };
}

const PATHS = [
  'name',
  'model',
  'model.parameters',
  'model.layers',
  'model.hiddenSize',
  'data',
  'data.0',
  'data.0.kind',
  'data.0.count',
  'data.0.width',
  'data.0.height',
  'data.0.channels',
  'data.0.durationSeconds',
  'data.0.fps',
  'data.1.kind',
  'data.1.count',
  'data.1.width',
  'data.2.count',
  'data.2.kind',
  'tokenizer',
  'tokenizer.method',
  'tokenizer.patchSize',
  'tokenizer.temporalPatchSize',
  'tokenizer.vaeSpatialFactor',
  'tokenizer.vaeTemporalFactor',
  'training',
  'training.epochs',
  'training.attention',
  'training.sequenceLength',
  'cluster',
  'cluster.hardware',
  'cluster.precision',
  'cluster.gpuCount',
  'cluster.utilization',
  'cluster.pricePerGpuHour',
  'cluster.pue',
  'ranges',
  'ranges.0',
  'ranges.0.path',
  'ranges.0.low',
  'ranges.0.high',
  'tags',
  'description',
  'extra',
];

const nested: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(1),
    fc.array(tie('node'), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 2 }),
  ),
})).node;

const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    1.7976931348623157e308,
    5e-324,
    -5e-324,
    -0,
    0,
    -1,
    1,
    0.5,
    0.999999,
    1.0000001,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    1e21,
    1e300,
    3e9,
    16,
    1.5,
  ),
  fc.double(),
  fc.integer(),
  fc.nat({ max: 100000 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(250),
    'y'.repeat(20000),
    'IMAGE',
    'VIDEO',
    'TEXT',
    'AUDIO',
    'LATENT',
    'PIXEL',
    'SEED_2024',
    'latent',
    'FP8',
    'BF16',
    'INT4',
    'h100-sxm',
    'tpu-v4',
    'v100-sxm2',
    'nope',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '💥',
    'model.parameters',
    'data[0].count',
    'data[9].count',
    'cluster.gpuCount',
    '1e3',
    'NaN',
    'Infinity',
  ),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  nested,
);

/** One edit in about seven deletes its field; drawn by fast-check, so that a failure replays from its seed. */
const removes = fc.integer({ min: 0, max: 19 }).map((n) => n < 3);
const mutated = fc.array(fc.tuple(fc.constantFrom(...PATHS), weird, removes), { minLength: 1, maxLength: 4 }).map((edits) => {
  const input = base();
  for (const [path, value, remove] of edits) {
    const keys = path.split('.');
    let at: any = input;
    for (const k of keys.slice(0, -1)) {
      if (at === null || typeof at !== 'object') break;
      at = at[k];
    }
    if (at !== null && typeof at === 'object') {
      const last = keys[keys.length - 1];
      if (remove) delete at[last];
      else at[last] = value;
    }
  }
  return input;
});

const inputs = fc.oneof({ weight: 8, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: nested });

/** The response invariants every call must keep. */
function checkResponse(r: GqlResponse) {
  if (r.status >= 500) throw new Error(`HTTP ${r.status}: ${r.raw.slice(0, 300)}`);
  for (const e of r.errors ?? []) {
    const code = e.extensions?.code;
    if (code !== 'BAD_USER_INPUT') throw new Error(`unexpected code ${code}: ${e.message}`);
    if (typeof e.extensions?.field !== 'string' || e.extensions.field.length === 0) throw new Error(`BAD_USER_INPUT without a field: ${e.message}`);
  }
  const finite = (v: unknown): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number in ${r.raw.slice(0, 200)}`);
    if (Array.isArray(v)) v.forEach(finite);
    else if (v && typeof v === 'object') Object.values(v).forEach(finite);
  };
  finite(r.data);
  if (/\b(NaN|-?Infinity)\b/.test(r.raw.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw new Error('NaN/Infinity literal in the response');
}

const stats = { creates: 0, updates: 0, imported: 0 };

test(`estimate: ${RUNS.estimate} generated inputs (seed ${SEED})`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const r = await gql(
        s.url,
        `query($i: ScenarioInput!) { estimate(input: $i) { tokens flops pfDays gpuDays wallClockDays costUsd energyMWh ratioVsGPT3 attentionShare warnings { code } range { flops { low expected high } } } }`,
        { i: input },
      );
      checkResponse(r);
    }),
    { numRuns: RUNS.estimate, seed: SEED },
  );
});

test(`createScenario: ${RUNS.create} generated inputs`, async () => {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const i = input && typeof input === 'object' && !Array.isArray(input) ? { ...input, libraryId } : input;
      const r = await gql(
        s.url,
        `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version estimate { flops costUsd } } }`,
        { i },
        ADMIN_KEY,
      );
      checkResponse(r);
      if (r.data?.createScenario) {
        expect(r.errors).toBeUndefined(); // what is saved can be estimated
        stats.creates++;
      }
    }),
    { numRuns: RUNS.create, seed: SEED + 1 },
  );
});

test(`updateScenario: ${RUNS.update} generated inputs`, async () => {
  let version = 1;
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const r = await gql(
        s.url,
        `mutation($id: ID!, $v: Int!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $i) { version estimate { flops } } }`,
        { id: fixedId, v: version, i: input },
        ADMIN_KEY,
      );
      checkResponse(r);
      if (r.data?.updateScenario) {
        expect(r.errors).toBeUndefined();
        version = r.data.updateScenario.version;
        stats.updates++;
      }
    }),
    { numRuns: RUNS.update, seed: SEED + 2 },
  );
});

test(`importLibrary: ${RUNS.import} generated documents`, async () => {
  const documents = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(inputs, { maxLength: 3 }).map((list) => ({
        format: 'flopscope.library',
        version: 1,
        hardware: [],
        scenarios: list.map((i: any) =>
          i && typeof i === 'object' && !Array.isArray(i)
            ? { name: i.name, tags: i.tags ?? [], description: null, input: { ...i, name: undefined, tags: undefined } }
            : i,
        ),
      })),
    },
    { weight: 2, arbitrary: fc.record({ format: weird, version: weird, hardware: weird, scenarios: weird }) },
    {
      weight: 2,
      arbitrary: fc.record({
        format: fc.constant('flopscope.library'),
        version: fc.constant(1),
        hardware: fc.array(fc.record({ key: weird, name: weird, peakTflops: fc.oneof(weird, fc.record({ BF16: weird, FP8: weird })) }), { maxLength: 2 }),
        scenarios: fc.constant([]),
      }),
    },
  );
  await fc.assert(
    fc.asyncProperty(documents, async (doc) => {
      const r = await gql(
        s.url,
        `mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios hardware } }`,
        { l: libraryId, d: doc },
        ADMIN_KEY,
      );
      checkResponse(r);
      if (r.data?.importLibrary) stats.imported += r.data.importLibrary.scenarios;
    }),
    { numRuns: RUNS.import, seed: SEED + 3 },
  );
});

test('the database holds exactly the rows of the calls that succeeded', async () => {
  expect(stats.creates).toBeGreaterThan(0);
  expect(stats.updates).toBeGreaterThan(0);
  const c = new Client({ connectionString: s.app.db.url });
  await c.connect();
  try {
    const scenarios = await c.query('SELECT count(*)::int AS n, sum(version)::int AS versions FROM scenarios WHERE library_id = $1', [libraryId]);
    const revisions = await c.query('SELECT count(*)::int AS n FROM scenario_revisions r JOIN scenarios s ON s.id = r.scenario_id WHERE s.library_id = $1', [
      libraryId,
    ]);
    const fixed = await c.query('SELECT version FROM scenarios WHERE id = $1', [fixedId]);
    expect(scenarios.rows[0].n).toBe(1 + stats.creates + stats.imported);
    expect(fixed.rows[0].version).toBe(1 + stats.updates);
    expect(revisions.rows[0].n).toBe(scenarios.rows[0].versions);
  } finally {
    await c.end();
  }
});
