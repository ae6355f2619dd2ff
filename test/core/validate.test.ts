/**
 * resolveScenario: every input checked, every problem named by path, every default recorded.
 * Over 300 lines: one named case per validation rule, which is what a reviewer reads it for.
 */
import { ERROR_CODE, FlopscopeInputError, MAX_INPUT_DEPTH, ScenarioSpec, resolveScenario } from '../../src/core';
import { expectIssue, inputErrorOf } from './helpers';

const VALID: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [
    { kind: 'IMAGE', count: 1000, width: 512, height: 512 },
    { kind: 'VIDEO', count: 10, width: 640, height: 360, durationSeconds: 4, fps: 24 },
    { kind: 'TEXT', count: 1e9 },
  ],
};

/** A copy of VALID with `edit` applied to a deep clone. */
function broken(edit: (s: any) => void): ScenarioSpec {
  const s = JSON.parse(JSON.stringify(VALID));
  edit(s);
  return s;
}

describe('a valid scenario', () => {
  it('resolves with every default filled and recorded', () => {
    const r = resolveScenario(VALID);
    expect(r.tokenizer).toEqual({ method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 });
    expect(r.training).toEqual({ epochs: 1, attention: false, sequenceLength: 2048, recomputation: 'NONE' });
    expect(r.cluster).toEqual({ precision: 'BF16', gpuCount: 1, utilization: 0.4, pricePerGpuHour: 2.99, tdpWatts: 700, pue: 1.2 });
    expect(r.hardware.key).toBe('h100-sxm');
    expect(r.peakFlopsPerSecond).toBe(989.4e12);
    const assumed = Object.fromEntries(r.assumptions.map((a) => [a.field, a.value]));
    expect(assumed).toMatchObject({
      'tokenizer.method': 'LATENT',
      'tokenizer.patchSize': 2,
      'tokenizer.vaeSpatialFactor': 8,
      'tokenizer.vaeTemporalFactor': 4,
      'tokenizer.temporalPatchSize': 1,
      'training.epochs': 1,
      'training.attention': false,
      'training.sequenceLength': 2048,
      'cluster.hardware': 'h100-sxm',
      'cluster.precision': 'BF16',
      'cluster.gpuCount': 1,
      'cluster.utilization': 0.4,
      'cluster.pricePerGpuHour': 2.99,
      'cluster.pue': 1.2,
      'cluster.tdpWatts': 700,
    });
    for (const a of r.assumptions) expect(a.reason.length).toBeGreaterThan(10);
  });

  it('records only the defaults it used', () => {
    const r = resolveScenario({
      ...VALID,
      tokenizer: { method: 'PIXEL', patchSize: 14, temporalPatchSize: 2 },
      training: { epochs: 2, attention: false, sequenceLength: 4096 },
      cluster: { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 8, utilization: 0.5, pricePerGpuHour: 1, pue: 1.1 },
    });
    const fields = r.assumptions.map((a) => a.field);
    expect(fields).not.toEqual(expect.arrayContaining(['tokenizer.method']));
    for (const f of [
      'tokenizer.method',
      'tokenizer.patchSize',
      'tokenizer.vaeSpatialFactor',
      'training.epochs',
      'cluster.gpuCount',
      'cluster.pricePerGpuHour',
      'cluster.pue',
    ]) {
      expect(fields).not.toContain(f);
    }
    expect(fields).toContain('cluster.tdpWatts');
  });

  it('uses 16×16 patches for SEED_2024 and PIXEL and 3 channels for SEED_2024', () => {
    expect(resolveScenario({ ...VALID, tokenizer: { method: 'PIXEL' } }).tokenizer.patchSize).toBe(16);
    const seed = resolveScenario({ ...VALID, tokenizer: { method: 'SEED_2024' } });
    expect(seed.tokenizer.patchSize).toBe(16);
    expect(seed.data[0].channels).toBe(3);
    expect(seed.assumptions.map((a) => a.field)).toContain('data[0].channels');
  });

  it('accepts nulls for optional fields (as GraphQL sends them)', () => {
    const r = resolveScenario({
      name: null,
      description: null,
      model: { parameters: 5e8, layers: null, hiddenSize: null },
      data: [{ kind: 'TEXT', count: 1e9, width: null, height: null, channels: null, durationSeconds: null, fps: null }],
      tokenizer: null,
      training: { epochs: null, attention: null, sequenceLength: null },
      cluster: { hardware: null, precision: null, gpuCount: null, utilization: null, pricePerGpuHour: null, pue: null },
      ranges: null,
    });
    expect(r.cluster.utilization).toBe(0.4);
    expect(r.ignoredInputs).toEqual([]);
  });
});

describe('invalid input: one FlopscopeInputError naming each field and what is allowed', () => {
  it.each<[string, (s: any) => void, string, RegExp]>([
    [
      'zero parameters',
      (s) => {
        s.model.parameters = 0;
      },
      'model.parameters',
      /must be a positive finite number, got 0/,
    ],
    [
      'NaN parameters',
      (s) => {
        s.model.parameters = NaN;
      },
      'model.parameters',
      /got NaN/,
    ],
    [
      'infinite parameters',
      (s) => {
        s.model.parameters = Infinity;
      },
      'model.parameters',
      /got Infinity/,
    ],
    [
      'parameters as a string',
      (s) => {
        s.model.parameters = '3e9';
      },
      'model.parameters',
      /got the string "3e9"/,
    ],
    [
      'missing parameters',
      (s) => {
        delete s.model.parameters;
      },
      'model.parameters',
      /is required/,
    ],
    [
      'missing model',
      (s) => {
        delete s.model;
      },
      'model',
      /is required/,
    ],
    [
      'fractional layers',
      (s) => {
        s.model.layers = 2.5;
      },
      'model.layers',
      /positive integer, got 2.5/,
    ],
    [
      'negative hidden size',
      (s) => {
        s.model.hiddenSize = -8;
      },
      'model.hiddenSize',
      /positive integer, got -8/,
    ],
    [
      'no data',
      (s) => {
        s.data = [];
      },
      'data',
      /at least one data source/,
    ],
    [
      'data not a list',
      (s) => {
        s.data = { kind: 'TEXT' };
      },
      'data',
      /must be a list/,
    ],
    [
      'unknown kind',
      (s) => {
        s.data[1].kind = 'AUDIO';
      },
      'data[1].kind',
      /one of IMAGE, VIDEO, TEXT; got the string "AUDIO"/,
    ],
    [
      'missing kind',
      (s) => {
        delete s.data[2].kind;
      },
      'data[2].kind',
      /is required/,
    ],
    [
      'fractional count',
      (s) => {
        s.data[2].count = 1.5;
      },
      'data[2].count',
      /positive integer, got 1.5/,
    ],
    [
      'zero count',
      (s) => {
        s.data[0].count = 0;
      },
      'data[0].count',
      /positive integer, got 0/,
    ],
    [
      'image without width',
      (s) => {
        delete s.data[0].width;
      },
      'data[0].width',
      /required for IMAGE sources/,
    ],
    [
      'fractional width',
      (s) => {
        s.data[1].width = 640.5;
      },
      'data[1].width',
      /positive integer, got 640.5/,
    ],
    [
      'zero height',
      (s) => {
        s.data[0].height = 0;
      },
      'data[0].height',
      /positive integer/,
    ],
    [
      'zero channels',
      (s) => {
        s.data[0].channels = 0;
      },
      'data[0].channels',
      /positive integer/,
    ],
    [
      'video without fps',
      (s) => {
        delete s.data[1].fps;
      },
      'data[1].fps',
      /required for VIDEO sources/,
    ],
    [
      'video without duration',
      (s) => {
        delete s.data[1].durationSeconds;
      },
      'data[1].durationSeconds',
      /required for VIDEO/,
    ],
    [
      'a clip of no frames',
      (s) => {
        s.data[1].durationSeconds = 0.01;
        s.data[1].fps = 24;
      },
      'data[1].fps',
      /at least 1 frame.*gives 0/,
    ],
    [
      '-Infinity fps',
      (s) => {
        s.data[1].fps = -Infinity;
      },
      'data[1].fps',
      /got -Infinity/,
    ],
    [
      'unknown method',
      (s) => {
        s.tokenizer = { method: 'BPE' };
      },
      'tokenizer.method',
      /SEED_2024, PIXEL, LATENT/,
    ],
    [
      'zero patch size',
      (s) => {
        s.tokenizer = { patchSize: 0 };
      },
      'tokenizer.patchSize',
      /positive integer/,
    ],
    [
      'fractional VAE factor',
      (s) => {
        s.tokenizer = { vaeSpatialFactor: 7.5 };
      },
      'tokenizer.vaeSpatialFactor',
      /positive integer/,
    ],
    [
      'zero temporal VAE factor',
      (s) => {
        s.tokenizer = { vaeTemporalFactor: 0 };
      },
      'tokenizer.vaeTemporalFactor',
      /positive integer/,
    ],
    [
      'zero epochs',
      (s) => {
        s.training = { epochs: 0 };
      },
      'training.epochs',
      /positive finite number, got 0/,
    ],
    [
      'attention as a string',
      (s) => {
        s.training = { attention: 'yes' };
      },
      'training.attention',
      /true or false/,
    ],
    [
      'attention without layers',
      (s) => {
        s.training = { attention: true };
      },
      'model.layers',
      /required when training.attention is true/,
    ],
    [
      'fractional sequence length',
      (s) => {
        s.training = { sequenceLength: 2048.5 };
      },
      'training.sequenceLength',
      /positive integer/,
    ],
    [
      'unknown hardware',
      (s) => {
        s.cluster = { hardware: 'h100' };
      },
      'cluster.hardware',
      /unknown hardware "h100"; valid keys: v100-sxm2, a100-sxm-80gb, h100-sxm/,
    ],
    [
      'hardware not a string',
      (s) => {
        s.cluster = { hardware: 100 };
      },
      'cluster.hardware',
      /hardware key/,
    ],
    [
      'unknown precision',
      (s) => {
        s.cluster = { precision: 'INT4' };
      },
      'cluster.precision',
      /FP32, TF32, BF16, FP16, FP8/,
    ],
    [
      'a precision the device lacks',
      (s) => {
        s.cluster = { hardware: 'tpu-v4', precision: 'FP32' };
      },
      'cluster.precision',
      /Google TPU v4 \(tpu-v4\) has no published FP32 peak; choose one of BF16$/,
    ],
    [
      'FP8 on an A100',
      (s) => {
        s.cluster = { hardware: 'a100-sxm-80gb', precision: 'FP8' };
      },
      'cluster.precision',
      /NVIDIA A100 SXM 80GB .* no published FP8 peak/,
    ],
    [
      'zero GPUs',
      (s) => {
        s.cluster = { gpuCount: 0 };
      },
      'cluster.gpuCount',
      /positive integer, got 0/,
    ],
    [
      'fractional GPUs',
      (s) => {
        s.cluster = { gpuCount: 1.5 };
      },
      'cluster.gpuCount',
      /positive integer/,
    ],
    [
      'utilization above 1',
      (s) => {
        s.cluster = { utilization: 1.2 };
      },
      'cluster.utilization',
      /in \(0, 1\], got 1.2/,
    ],
    [
      'zero utilization',
      (s) => {
        s.cluster = { utilization: 0 };
      },
      'cluster.utilization',
      /in \(0, 1\], got 0/,
    ],
    [
      'PUE below 1',
      (s) => {
        s.cluster = { pue: 0.9 };
      },
      'cluster.pue',
      /≥ 1, got 0.9/,
    ],
    [
      'negative price',
      (s) => {
        s.cluster = { pricePerGpuHour: -2 };
      },
      'cluster.pricePerGpuHour',
      /positive/,
    ],
    [
      'a misspelt field',
      (s) => {
        s.cluster = { gpucount: 8 };
      },
      'cluster.gpucount',
      /not a known field; allowed here: hardware, precision, gpuCount/,
    ],
    [
      'a misspelt root field',
      (s) => {
        s.trainng = {};
      },
      'trainng',
      /not a known field/,
    ],
    [
      'a long name',
      (s) => {
        s.name = 'x'.repeat(201);
      },
      'name',
      /at most 200 characters, got 201/,
    ],
    [
      'a long description',
      (s) => {
        s.description = 'x'.repeat(10_001);
      },
      'description',
      /at most 10000 characters/,
    ],
    [
      'a numeric name',
      (s) => {
        s.name = 42;
      },
      'name',
      /must be a string/,
    ],
    [
      'training not an object',
      (s) => {
        s.training = 3;
      },
      'training',
      /must be an object/,
    ],
  ])('%s → %s', (_name, edit, path, message) => {
    const err = inputErrorOf(() => resolveScenario(broken(edit)));
    expect(err.code).toBe(ERROR_CODE);
    expect(ERROR_CODE).toBe('BAD_USER_INPUT');
    expect(err.field).toBe(path);
    expect(err.issues[0].message).toMatch(message);
    expect(err.message).toContain(path);
  });

  it('collects every problem at once, in input order', () => {
    const err = inputErrorOf(() =>
      resolveScenario(
        broken((s) => {
          s.model.parameters = -1;
          s.data[0].width = 0;
          s.data[1].kind = 'GIF';
          s.cluster = { utilization: 2, hardware: 'nope' };
        }),
      ),
    );
    expect(err.issues.map((i) => i.path)).toEqual(['model.parameters', 'data[0].width', 'data[1].kind', 'cluster.hardware', 'cluster.utilization']);
    expect(err.field).toBe('model.parameters');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('FlopscopeInputError');
  });

  it('rejects a non-object scenario', () => {
    for (const bad of [null, undefined, 42, 'scenario', []]) {
      expect(inputErrorOf(() => resolveScenario(bad as unknown as ScenarioSpec)).field).toBe('scenario');
    }
  });

  it('checks custom hardware it is asked to use', () => {
    const broken0 = {
      key: 'mine',
      name: 'Mine',
      peakTflops: { FP32: 0, TF32: null, BF16: null, FP16: null, FP8: null },
      memoryGB: null,
      tdpWatts: -5,
      pricePerGpuHour: null,
      source: 'x',
    };
    const err = inputErrorOf(() => resolveScenario({ ...VALID, cluster: { hardware: 'mine', precision: 'FP32' } }, { customHardware: [broken0] }));
    expect(err.issues.map((i) => i.path)).toEqual(['cluster.hardware', 'cluster.hardware']);
    expect(err.issues[0].message).toMatch(/invalid FP32 peak/);
    expect(err.issues[1].message).toMatch(/invalid tdpWatts/);
    expect(err).toBeInstanceOf(FlopscopeInputError);
  });
});

describe('the shape of the input, checked before any field is read', () => {
  /** An input as a JSON document gives it: `__proto__` is then an own key, as in an imported library. */
  const fromJson = (text: string): ScenarioSpec => JSON.parse(text);

  it.each([
    ['__proto__ in model', '{"model":{"parameters":1e9,"__proto__":{"junk":1}},"data":[{"kind":"TEXT","count":1e9}]}', 'model.__proto__'],
    ['__proto__ at the root', '{"__proto__":{"x":1},"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}]}', '__proto__'],
    ['constructor in a data source', '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9,"constructor":{"name":"x"}}]}', 'data[0].constructor'],
    ['prototype in the cluster', '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}],"cluster":{"prototype":1}}', 'cluster.prototype'],
    [
      '__proto__ three levels down',
      '{"model":{"parameters":1e9},"data":[{"kind":"TEXT","count":1e9}],"ranges":[{"path":"model.parameters","low":1,"high":2e9,"x":{"__proto__":{}}}]}',
      'ranges[0].x.__proto__',
    ],
  ])('refuses %s, naming the path', (_name, text, path) => {
    const spec = fromJson(text);
    const err = inputErrorOf(() => resolveScenario(spec));
    expect(err.code).toBe(ERROR_CODE);
    expect(err.issues).toEqual([{ path, message: expect.stringMatching(/reserved/) }]);
  });

  it('refuses an input nested far too deeply, in a few steps and without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const spec = { model: { parameters: 1e9, extra: deep }, data: [{ kind: 'TEXT', count: 1e9 }] } as unknown as ScenarioSpec;
    const err = inputErrorOf(() => resolveScenario(spec));
    expect(err.issues).toHaveLength(1);
    expect(err.field).toBe(['model', 'extra', ...Array(MAX_INPUT_DEPTH - 2).fill('a')].join('.'));
    expect(err.issues[0].message).toMatch(/nested too deeply/);
    const lists = { model: { parameters: 1e9 }, data: JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) } as unknown as ScenarioSpec;
    expect(inputErrorOf(() => resolveScenario(lists)).field).toMatch(/^data(\[0\]){31}$/);
  });

  it('accepts a realistic input; a field nested as deep as allowed is only an unknown field', () => {
    expect(() => resolveScenario(VALID)).not.toThrow();
    // model (level 1), extra (2), …: the innermost object at level 31, the deepest allowed
    let deep: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 2; i++) deep = { a: deep };
    const err = inputErrorOf(() => resolveScenario({ ...VALID, model: { parameters: 1e9, extra: deep } } as unknown as ScenarioSpec));
    expect(err.issues.map((i) => [i.path, i.message.slice(0, 20)])).toEqual([['model.extra', 'is not a known field']]);
  });
});

describe('ranges', () => {
  const withRanges = (ranges: unknown): ScenarioSpec => ({ ...VALID, cluster: { gpuCount: 64 }, ranges: ranges as ScenarioSpec['ranges'] });

  it("accepts rangeable paths around the scenario's value", () => {
    const r = resolveScenario(
      withRanges([
        { path: 'model.parameters', low: 5e8, high: 2e9 },
        { path: 'data[2].count', low: 1e9, high: 1e9 },
        { path: 'cluster.utilization', low: 0.3, high: 0.5 },
        { path: 'cluster.gpuCount', low: 32, high: 128 },
        { path: 'cluster.pricePerGpuHour', low: 2, high: 4 },
      ]),
    );
    expect(r.ranges).toHaveLength(5);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      'a path that cannot be ranged',
      [{ path: 'training.epochs', low: 1, high: 2 }],
      'ranges[0].path',
      /must be one of model.parameters, model.architecture.layers/,
    ],
    ['a source that does not exist', [{ path: 'data[7].count', low: 1, high: 2 }], 'ranges[0].path', /has 3 data sources/],
    ['low above the value', [{ path: 'model.parameters', low: 2e9, high: 3e9 }], 'ranges[0].low', /≤ the scenario's model.parameters \(1e9\)/],
    ['high below the value', [{ path: 'model.parameters', low: 1e8, high: 5e8 }], 'ranges[0].high', /≥ the scenario's/],
    ['low above high', [{ path: 'model.parameters', low: 3e9, high: 2e9 }], 'ranges[0].low', /≤ high/],
    ['a zero low', [{ path: 'model.parameters', low: 0, high: 2e9 }], 'ranges[0].low', /positive/],
    ['a NaN high', [{ path: 'model.parameters', low: 1e9, high: NaN }], 'ranges[0].high', /got NaN/],
    ['utilization above 1', [{ path: 'cluster.utilization', low: 0.3, high: 1.5 }], 'ranges[0].high', /in \(0, 1\]/],
    ['fractional GPUs', [{ path: 'cluster.gpuCount', low: 32.5, high: 128 }], 'ranges[0].low', /positive integer/],
    [
      'a duplicate',
      [
        { path: 'model.parameters', low: 5e8, high: 2e9 },
        { path: 'model.parameters', low: 5e8, high: 2e9 },
      ],
      'ranges[1].path',
      /duplicates ranges\[0\]/,
    ],
    ['more than 8', Array.from({ length: 9 }, () => ({ path: 'model.parameters', low: 1e9, high: 1e9 })), 'ranges', /at most 8/],
    ['not a list', { path: 'model.parameters' }, 'ranges', /must be a list/],
  ])('rejects %s', (_name, ranges, path, message) => {
    expect(expectIssue(() => resolveScenario(withRanges(ranges)), path)).toMatch(message);
  });

  it('cannot range a price the hardware does not have', () => {
    const spec: ScenarioSpec = {
      ...VALID,
      cluster: { hardware: 'v100-sxm2', precision: 'FP16' },
      ranges: [{ path: 'cluster.pricePerGpuHour', low: 1, high: 2 }],
    };
    expect(expectIssue(() => resolveScenario(spec), 'ranges[0].path')).toMatch(/no catalog price; set cluster.pricePerGpuHour/);
  });
});
