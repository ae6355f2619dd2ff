/** Properties over wide, random inputs (fast-check). */
import fc from 'fast-check';
import {
  DATA_KINDS,
  EncoderSpec,
  FlopscopeInputError,
  HARDWARE_CATALOG,
  PRECISIONS,
  ScenarioSpec,
  TOKENIZATION_METHODS,
  chinchillaOptimal,
  daysForBudget,
  estimate,
  estimateRange,
  gpusForDeadline,
  inferenceEstimate,
  lazyEstimate,
  sweep,
} from '../../src/core';
import { FULL, FULL_STEPS, numbersIn } from './helpers';

const RUNS = { numRuns: 400 };

/** Positive doubles across the whole range, with the extremes pinned in. */
const anyPositive = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(5e-324, 1e-300, 1e300, 1.7e308),
  fc.double({ min: 0.5, max: 1e6, noNaN: true }),
);
const anyInteger = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 2 ** 53, 1e300), fc.integer({ min: 1, max: 2 ** 31 }));
const anyUnit = fc.oneof(fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }), fc.constantFrom(5e-324, 1, 0.4));

const anySource = fc.oneof(
  fc.record({ kind: fc.constant('IMAGE' as const), count: anyInteger, width: anyInteger, height: anyInteger, channels: anyInteger }),
  fc.record({
    kind: fc.constant('VIDEO' as const),
    count: anyInteger,
    width: anyInteger,
    height: anyInteger,
    durationSeconds: fc.oneof(anyPositive, fc.double({ min: 0.1, max: 600, noNaN: true })),
    fps: fc.oneof(anyPositive, fc.double({ min: 1, max: 120, noNaN: true })),
  }),
  fc.record({ kind: fc.constant('TEXT' as const), count: anyInteger }),
);
/** Sources of issue 17 besides: samples as steps × batchSize, clips as frames. */
const anyStageSource = fc.oneof(
  anySource,
  fc.record({ kind: fc.constant('IMAGE' as const), steps: anyInteger, batchSize: anyInteger, width: anyInteger, height: anyInteger }),
  fc.record({ kind: fc.constant('VIDEO' as const), steps: anyInteger, batchSize: anyInteger, width: anyInteger, height: anyInteger, frames: anyInteger }),
  fc.record({ kind: fc.constant('VIDEO' as const), count: anyInteger, width: anyInteger, height: anyInteger, frames: anyInteger }),
  fc.record({ kind: fc.constant('TEXT' as const), steps: anyInteger, batchSize: anyInteger }),
);

/** Valid-shaped scenarios over wide values (some combinations still fail validation, e.g. 0 frames). */
/** A frozen encoder by its size or by its forward FLOPs, sometimes precomputed. */
const anyEncoder = fc.oneof(
  fc.record(
    { name: fc.constant('T5-XXL'), parameters: anyPositive, tokensPerSample: anyPositive, precomputed: fc.boolean() },
    { requiredKeys: ['name', 'parameters', 'tokensPerSample'] },
  ),
  fc.record({ name: fc.constant('VAE'), forwardFlopsPerSample: anyPositive, precomputed: fc.boolean() }, { requiredKeys: ['name', 'forwardFlopsPerSample'] }),
);

const anyScenario: fc.Arbitrary<ScenarioSpec> = fc.record({
  model: fc.record(
    {
      parameters: anyPositive,
      layers: anyInteger,
      hiddenSize: anyInteger, // One scenario in three has encoders, whose 1e300-sized draws would otherwise leave few finite cases.
      encoders: fc.oneof(
        { arbitrary: fc.constant<EncoderSpec[]>([]), weight: 2 },
        { arbitrary: fc.array(anyEncoder, { minLength: 1, maxLength: 2 }), weight: 1 },
      ),
    },
    { requiredKeys: ['parameters', 'layers', 'hiddenSize'] },
  ),
  data: fc.array(anySource, { minLength: 1, maxLength: 3 }),
  tokenizer: fc.record(
    {
      method: fc.constantFrom(...TOKENIZATION_METHODS),
      patchSize: anyInteger,
      temporalPatchSize: anyInteger,
      vaeSpatialFactor: anyInteger,
      vaeTemporalFactor: anyInteger,
    },
    { requiredKeys: ['method'] },
  ),
  training: fc.record({ epochs: anyPositive, attention: fc.boolean(), sequenceLength: anyInteger }, { requiredKeys: [] }),
  cluster: fc.record(
    {
      hardware: fc.constantFrom(...HARDWARE_CATALOG.map((h) => h.key)),
      precision: fc.constantFrom(...PRECISIONS),
      gpuCount: anyInteger,
      utilization: anyUnit,
      pricePerGpuHour: anyPositive,
      pue: fc.oneof(
        fc.constant(1),
        anyPositive.map((x) => 1 + x),
      ),
    },
    { requiredKeys: ['hardware'] },
  ),
});

/** The same with those sources, given as `data` or trained in 1 to 3 stages, each with its own data and, sometimes, its own cluster. */
const anyStaged: fc.Arbitrary<ScenarioSpec> = anyScenario.chain((base) =>
  fc
    .array(
      fc.record(
        {
          data: fc.array(anyStageSource, { minLength: 1, maxLength: 2 }),
          cluster: fc.record(
            { gpuCount: anyInteger, utilization: anyUnit, hardware: fc.constantFrom(...HARDWARE_CATALOG.map((h) => h.key)) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['data'] },
      ),
      { minLength: 1, maxLength: 3 },
    )
    .chain((stages) => fc.constantFrom<ScenarioSpec>({ ...base, data: undefined, stages }, { ...base, data: stages[0].data })),
);

/** Runs `fn`; true when it returned only finite numbers, false when it threw a FlopscopeInputError. */
function finiteOrInputError(fn: () => unknown): boolean {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    if (err instanceof FlopscopeInputError) {
      expect(err.issues.length).toBeGreaterThan(0);
      return false;
    }
    throw err;
  }
  const bad = numbersIn(result).filter(([, v]) => !Number.isFinite(v));
  if (bad.length > 0) throw new Error(`non-finite outputs: ${JSON.stringify(bad.map(([p, v]) => `${p}=${v}`))}`);
  return true;
}

describe('properties', () => {
  it('doubling parameters doubles FLOPs (dense rule)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e15, noNaN: true }),
        fc.integer({ min: 1, max: 1e12 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (n, d, epochs) => {
          const spec = (parameters: number): ScenarioSpec => ({ model: { parameters }, data: [{ kind: 'TEXT', count: d }], training: { epochs } });
          return estimate(spec(2 * n)).flops.total === 2 * estimate(spec(n)).flops.total;
        },
      ),
      RUNS,
    );
  });

  it('more GPUs never lengthen wall-clock time', () => {
    fc.assert(
      fc.property(anyScenario, fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (spec, g, extra) => {
        const at = (gpuCount: number) => estimate({ ...spec, cluster: { ...spec.cluster, gpuCount } }).cluster.wallClockDays;
        let fewer: number;
        try {
          fewer = at(g);
        } catch (err) {
          return err instanceof FlopscopeInputError; // invalid combination: nothing to compare
        }
        return at(g + extra) <= fewer;
      }),
      RUNS,
    );
  });

  it('outputs are always finite, or the input is rejected (never NaN or Infinity), even at 1e300 and 5e-324', () => {
    let finite = 0;
    let rejected = 0;
    fc.assert(
      fc.property(anyScenario, (spec) => {
        const ok = finiteOrInputError(() => estimate(spec));
        if (ok) finite += 1;
        else rejected += 1;
        finiteOrInputError(() => estimateRange(estimate(spec)));
        finiteOrInputError(() => inferenceEstimate(estimate(spec)));
        finiteOrInputError(() => chinchillaOptimal(estimate(spec)));
        finiteOrInputError(() => gpusForDeadline(estimate(spec), 30));
        finiteOrInputError(() => daysForBudget(estimate(spec), 1e7));
        finiteOrInputError(() =>
          sweep(spec, [
            { path: 'model.parameters', values: [1, 1e300] },
            { path: 'cluster.utilization', values: [5e-324, 1] },
          ]),
        );
        return true;
      }),
      RUNS,
    );
    // Not vacuous: plenty of both outcomes.
    expect(finite).toBeGreaterThan(RUNS.numRuns / 10);
    expect(rejected).toBeGreaterThan(0);
  });

  it('with stages too: outputs are finite, or the input is rejected', () => {
    let finite = 0;
    fc.assert(
      fc.property(anyStaged, (spec) => {
        if (finiteOrInputError(() => estimate(spec))) finite += 1;
        finiteOrInputError(() => inferenceEstimate(estimate(spec)));
        finiteOrInputError(() => daysForBudget(estimate(spec), 1e7));
        finiteOrInputError(() => lazyEstimate(spec).impliedUtilization(1e6));
        finiteOrInputError(() => sweep(spec, [{ path: 'model.parameters', values: [1, 1e300] }]));
        return true;
      }),
      RUNS,
    );
    // Not vacuous. Wide draws leave few staged specs valid: 19 to 39 finite of 400 over seeds 1-40,
    // so the bound sits well under that spread (it was 20, and failed one seed in eight).
    expect(finite).toBeGreaterThan(RUNS.numRuns / 40);
  });

  it('ranges at the extremes: finite or rejected', () => {
    fc.assert(
      fc.property(anyPositive, anyPositive, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const mid = Math.min(high, Math.max(low, low / 2 + high / 2));
        finiteOrInputError(() =>
          estimateRange(
            estimate({
              model: { parameters: mid },
              data: [{ kind: 'TEXT', count: 1e12 }],
              ranges: [
                { path: 'model.parameters', low, high },
                { path: 'cluster.utilization', low: 5e-324, high: 1 },
              ],
            }),
          ),
        );
      }),
      RUNS,
    );
  });
});

const notNumbers = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, '1', 'NaN', true, {}, [], [1]);
const nonPositive = fc.oneof(fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, -1));
const nonInteger = fc.double({ min: 1e-6, max: 1e9, noNaN: true }).filter((x) => !Number.isInteger(x));
const badPositive = fc.oneof(notNumbers, nonPositive);
const badInteger = fc.oneof(notNumbers, nonPositive, nonInteger);
const badEnum = (allowed: readonly string[]) =>
  fc.oneof(
    fc.string().filter((s) => !allowed.includes(s)),
    fc.constantFrom<unknown>(1, true, {}, 'bf16', 'image'),
  );
const missing = fc.constant(undefined);

/** [path, bad values] for every input; `undefined` means the field is removed (required fields only). */
const MUTATIONS: [string, fc.Arbitrary<unknown>][] = [
  ['model.parameters', fc.oneof(badPositive, missing)],
  ['model.layers', badInteger],
  ['model.hiddenSize', badInteger],
  ['data[0].kind', fc.oneof(badEnum(DATA_KINDS), missing)],
  ['data[0].count', fc.oneof(badInteger, missing)],
  ['data[0].width', fc.oneof(badInteger, missing)],
  ['data[0].height', fc.oneof(badInteger, missing)],
  ['data[0].channels', badInteger],
  ['data[1].durationSeconds', fc.oneof(badPositive, missing)],
  ['data[1].fps', fc.oneof(badPositive, missing)],
  ['data[2].count', fc.oneof(badInteger, missing)],
  ['tokenizer.method', badEnum(TOKENIZATION_METHODS)],
  ['tokenizer.patchSize', badInteger],
  ['tokenizer.temporalPatchSize', badInteger],
  ['tokenizer.vaeSpatialFactor', badInteger],
  ['tokenizer.vaeTemporalFactor', badInteger],
  ['training.epochs', badPositive],
  ['training.attention', fc.constantFrom<unknown>('true', 1, 0, {}, [])],
  ['training.sequenceLength', badInteger],
  [
    'cluster.hardware',
    fc.oneof(
      fc.string().filter((s) => !HARDWARE_CATALOG.some((h) => h.key === s)),
      fc.constantFrom<unknown>(1, {}, true),
    ),
  ],
  ['cluster.precision', badEnum(PRECISIONS)],
  ['cluster.gpuCount', badInteger],
  ['cluster.utilization', fc.oneof(badPositive, fc.double({ min: 1.000001, max: 1e300, noNaN: true }))],
  ['cluster.pricePerGpuHour', badPositive],
  ['cluster.pue', fc.oneof(notNumbers, fc.double({ min: -1e300, max: 0.999999, noNaN: true }))],
  ['name', fc.oneof(fc.string({ minLength: 201, maxLength: 300 }), fc.constantFrom<unknown>(1, {}, true))],
];

function setPath(target: any, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((o, k) => o[k], target);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

/** Every value `bad` draws, set at `path` of `base`, is refused naming `path` (and, alone wrong, as the field). */
function refusedAt(base: unknown, path: string, bad: fc.Arbitrary<unknown>, opts: { field: boolean }) {
  fc.assert(
    fc.property(bad, (value) => {
      const spec = JSON.parse(JSON.stringify(base));
      setPath(spec, path, value);
      try {
        estimate(spec);
      } catch (err) {
        if (!(err instanceof FlopscopeInputError)) throw err;
        // attention=true without layers/hiddenSize also names them; the mutated field must come first or be listed
        expect(err.issues.map((i) => i.path)).toContain(path);
        if (opts.field) expect(err.field).toBe(path);
        return true;
      }
      throw new Error(`${path} = ${String(value)} was accepted`);
    }),
    { numRuns: 60 },
  );
}

describe("invalid input is always rejected with the bad field's path", () => {
  it.each(MUTATIONS)('%s', (path, bad) => refusedAt(FULL, path, bad, { field: true }));

  it('the mutated base scenario is itself valid', () => {
    expect(estimate(FULL).flops.total).toBeGreaterThan(0);
  });

  // Issue 17: FULL_STEPS's data[3] is a VIDEO source of steps × batchSize clips of `frames`.
  it.each<[string, fc.Arbitrary<unknown>]>([
    ['data[3].steps', fc.oneof(badInteger, missing)],
    ['data[3].batchSize', fc.oneof(badInteger, missing)],
    ['data[3].frames', badInteger],
  ])('%s', (path, bad) => refusedAt(FULL_STEPS, path, bad, { field: false }));

  // Issue 17: frozen encoders, one by its size, one by its forward FLOPs.
  const WITH_ENCODERS = {
    ...FULL,
    model: {
      ...FULL.model,
      encoders: [
        { name: 'T5-XXL', parameters: 4.76e9, tokensPerSample: 512 },
        { name: 'VAE', forwardFlopsPerSample: 1e12 },
        { name: 'Wan-VAE', forwardFlopsPerPixel: 5e6 },
      ],
    },
  };
  it.each<[string, fc.Arbitrary<unknown>]>([
    ['model.encoders[0].name', fc.oneof(fc.constantFrom<unknown>(1, true, {}, [], '', '  '), fc.string({ minLength: 201, maxLength: 300 }), missing)],
    ['model.encoders[0].parameters', fc.oneof(badPositive, missing)],
    ['model.encoders[0].tokensPerSample', fc.oneof(badPositive, missing)],
    ['model.encoders[1].forwardFlopsPerSample', fc.oneof(badPositive, missing)],
    ['model.encoders[1].precomputed', fc.constantFrom<unknown>('true', 1, 0, {}, [])],
    ['model.encoders[2].forwardFlopsPerPixel', badPositive],
  ])('%s', (path, bad) => refusedAt(WITH_ENCODERS, path, bad, { field: true }));
});
