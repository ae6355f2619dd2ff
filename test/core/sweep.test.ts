/**
 * Sweeps: one or two inputs over a grid, returned as columns in row-major order.
 * Over 300 lines: every sweepable path is checked against fresh estimates, with and without stages, beside the named cases.
 */
import { OUTPUTS, ScenarioSpec, SWEEPABLE_PATHS, axisValues, estimate, sweep } from '../../src/core';
import { FULL, FULL_STEPS, expectClose, expectIssue, inputErrorOf } from './helpers';

const BASE: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [
    { kind: 'IMAGE', count: 1e6, width: 512, height: 512 },
    { kind: 'VIDEO', count: 1e4, width: 640, height: 360, durationSeconds: 4, fps: 24 },
    { kind: 'TEXT', count: 1e9 },
  ],
  cluster: { hardware: 'h100-sxm', gpuCount: 8 },
};

describe('sweep', () => {
  it('returns a row-major grid: point k = i0 × n1 + i1, each equal to a fresh estimate', () => {
    const params = [5e8, 1e9, 2e9];
    const gpus = [8, 64];
    const s = sweep(BASE, [
      { path: 'model.parameters', values: params },
      { path: 'cluster.gpuCount', values: gpus },
    ]);
    expect(s.points).toBe(6);
    expect(s.axes).toEqual([
      { path: 'model.parameters', values: params },
      { path: 'cluster.gpuCount', values: gpus },
    ]);
    for (const key of Object.keys(s.series) as (keyof typeof s.series)[]) expect(s.series[key]).toHaveLength(6);
    params.forEach((p, i0) =>
      gpus.forEach((g, i1) => {
        const k = i0 * gpus.length + i1;
        const e = estimate({ ...BASE, model: { parameters: p }, cluster: { hardware: 'h100-sxm', gpuCount: g } });
        expect(s.series.tokens[k]).toBe(e.tokens.total);
        expect(s.series.flops[k]).toBe(e.flops.total);
        expect(s.series.pfDays[k]).toBe(e.cluster.pfDays);
        expect(s.series.gpuDays[k]).toBe(e.cluster.gpuDays);
        expect(s.series.gpuHours[k]).toBe(e.cluster.gpuHours);
        expect(s.series.wallClockDays[k]).toBe(e.cluster.wallClockDays);
        expect(s.series.costUsd[k]).toBe(e.cluster.costUsd);
        expect(s.series.energyMWh[k]).toBe(e.cluster.energyMWh);
        expect(s.series.ratioVsGPT3[k]).toBe(e.ratioVsGPT3);
      }),
    );
    // The outer axis moves slowest: FLOPs repeat in pairs, wall-clock alternates.
    expect(s.series.flops[0]).toBe(s.series.flops[1]);
    expect(s.series.flops[2]).toBe(2 * s.series.flops[0]);
    expect(s.series.wallClockDays[0]).toBe(8 * s.series.wallClockDays[1]);
  });

  it('returns one full column per output of OUTPUTS, in that order', () => {
    const s = sweep(BASE, [
      { path: 'model.parameters', values: [5e8, 1e9] },
      { path: 'cluster.pricePerGpuHour', values: [1, 2, 3] },
    ]);
    expect(Object.keys(s.series)).toEqual([...OUTPUTS]);
    for (const o of OUTPUTS) {
      expect(s.series[o]).toHaveLength(6);
      for (let k = 0; k < 6; k++) expect(typeof s.series[o][k]).toBe('number'); // every point filled, none left a hole
    }
  });

  it('sweeps tokenizer and data inputs (tokens change point by point)', () => {
    const s = sweep({ ...BASE, data: [BASE.data![1]] }, [
      { path: 'data[0].fps', values: [12, 24] },
      { path: 'tokenizer.patchSize', values: [1, 2] },
    ]);
    // 640×360 → latent 80×45; p=1: 3,600 patches, p=2: 40 × 23 = 920. 4 s × 12 fps = 48 frames → 12 latent; × 24 fps → 24
    expect(s.series.tokens).toEqual([1e4 * 12 * 3600, 1e4 * 12 * 920, 1e4 * 24 * 3600, 1e4 * 24 * 920]);
  });

  it('generates LINEAR and LOG ranges with both ends included', () => {
    expect(sweep(BASE, [{ path: 'cluster.utilization', from: 0.2, to: 0.5, steps: 4 }]).axes[0].values.map((v) => +v.toFixed(12))).toEqual([
      0.2, 0.3, 0.4, 0.5,
    ]);
    const log = sweep(BASE, [{ path: 'model.parameters', from: 1e8, to: 1e10, steps: 3, scale: 'LOG' }]).axes[0].values;
    expect(log[0]).toBe(1e8);
    expectClose(log[1], 1e9, 1e-12);
    expect(log[2]).toBe(1e10);
  });

  it('rounds integer inputs and merges repeats (LOG 1..10 in 10 steps → 8 distinct GPU counts)', () => {
    // 10^(k/9): 1, 1.29, 1.67, 2.15, 2.78, 3.59, 4.64, 5.99, 7.74, 10 → 1, 1, 2, 2, 3, 4, 5, 6, 8, 10
    const s = sweep(BASE, [{ path: 'cluster.gpuCount', from: 1, to: 10, steps: 10, scale: 'LOG' }]);
    expect(s.axes[0].values).toEqual([1, 2, 3, 4, 5, 6, 8, 10]);
    expect(s.points).toBe(8);
    expect(axisValues(1, 3, 5, 'LINEAR', true)).toEqual([1, 2, 3]); // 1, 1.5→2, 2, 2.5→3, 3
  });

  it('gives null cost points when the device has no price', () => {
    const s = sweep({ ...BASE, cluster: { hardware: 'gb200' } }, [{ path: 'cluster.gpuCount', values: [1, 2] }]);
    expect(s.series.costUsd).toEqual([null, null]);
    const priced = sweep({ ...BASE, cluster: { hardware: 'gb200' } }, [{ path: 'cluster.pricePerGpuHour', values: [5, 10] }]);
    expect(priced.series.costUsd[1]).toBe(2 * (priced.series.costUsd[0] as number));
  });

  it('caps the grid, saying the count and the cap', () => {
    const msg = expectIssue(
      () =>
        sweep(BASE, [
          { path: 'model.parameters', from: 1e8, to: 1e10, steps: 200 },
          { path: 'cluster.utilization', from: 0.1, to: 1, steps: 100 },
        ]),
      'sweep.axes',
    );
    expect(msg).toMatch(/200 × 100 = 20000 points; the cap is 10000/);
    expect(
      sweep(
        BASE,
        [
          { path: 'model.parameters', from: 1e8, to: 1e10, steps: 200 },
          { path: 'cluster.utilization', from: 0.1, to: 1, steps: 100 },
        ],
        undefined,
        { maxPoints: 20_000 },
      ).points,
    ).toBe(20_000);
    expect(expectIssue(() => sweep(BASE, [{ path: 'model.parameters', from: 1, to: 2, steps: 1e9 }]), 'sweep.axes[0].steps')).toMatch(/capped at 10000/);
    expectIssue(() => sweep(BASE, [{ path: 'model.parameters', values: [1e9] }], undefined, { maxPoints: 0 }), 'sweep.maxPoints');
  });

  it.each<[string, unknown, string, RegExp]>([
    ['no axes', [], 'sweep.axes', /1 or 2 axes/],
    [
      'three axes',
      [
        { path: 'model.parameters', values: [1] },
        { path: 'cluster.gpuCount', values: [1] },
        { path: 'cluster.pue', values: [1] },
      ],
      'sweep.axes',
      /1 or 2 axes, got 3/,
    ],
    ['an unknown path', [{ path: 'model.size', values: [1] }], 'sweep.axes[0].path', /must be one of model.parameters/],
    ['a field a TEXT source lacks', [{ path: 'data[2].width', values: [1] }], 'sweep.axes[0].path', /data\[2\] is a TEXT source, which has no width/],
    ['a missing source', [{ path: 'data[9].count', values: [1] }], 'sweep.axes[0].path', /3 data sources/],
    [
      'the same path twice',
      [
        { path: 'cluster.pue', values: [1] },
        { path: 'cluster.pue', values: [2] },
      ],
      'sweep.axes[1].path',
      /already swept/,
    ],
    ['values and from/to together', [{ path: 'cluster.pue', values: [1], from: 1, to: 2, steps: 2 }], 'sweep.axes[0]', /either values or from\/to\/steps/],
    ['neither values nor from/to', [{ path: 'cluster.pue' }], 'sweep.axes[0]', /needs values/],
    [
      'a fractional GPU count',
      [{ path: 'cluster.gpuCount', values: [8, 8.5] }],
      'sweep.axes[0].values[1]',
      /cluster.gpuCount must be a positive integer, got 8.5/,
    ],
    ['a utilization above 1', [{ path: 'cluster.utilization', values: [0.5, 0.9, 1.1] }], 'sweep.axes[0].values[2]', /in \(0, 1\]/],
    ['a NaN value', [{ path: 'model.parameters', values: [NaN] }], 'sweep.axes[0].values[0]', /got NaN/],
    ['an empty list', [{ path: 'model.parameters', values: [] }], 'sweep.axes[0].values', /non-empty/],
    ['a fractional integer end', [{ path: 'model.layers', from: 1.5, to: 8, steps: 4 }], 'sweep.axes[0].from', /positive integer/],
    ['zero steps', [{ path: 'model.parameters', from: 1, to: 8, steps: 0 }], 'sweep.axes[0].steps', /positive integer/],
    ['an unknown scale', [{ path: 'model.parameters', from: 1, to: 8, steps: 2, scale: 'CUBIC' }], 'sweep.axes[0].scale', /LINEAR, LOG/],
  ])('rejects %s', (_n, axes, path, message) => {
    expect(expectIssue(() => sweep(BASE, axes as never), path)).toMatch(message);
  });

  describe('over an architecture’s fields and frozen encoders', () => {
    const dit = { family: 'DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
    const DIT_RUN: ScenarioSpec = {
      model: { architecture: dit, encoders: [{ name: 'T5-XXL encoder', parameters: 4.76e9, tokensPerSample: 512 }] },
      data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }],
      training: { recomputation: 'FULL' },
      cluster: { hardware: 'h100-sxm', gpuCount: 64 },
    };

    it('sweeps model.architecture.layers, and hardwareFlops is its own column (FULL recomputation: above flops)', () => {
      const s = sweep(DIT_RUN, [{ path: 'model.architecture.layers', values: [14, 28, 56] }]);
      [14, 28, 56].forEach((layers, k) => {
        const e = estimate({ ...DIT_RUN, model: { ...DIT_RUN.model, architecture: { ...dit, layers } } });
        expect([s.series.flops[k], s.series.hardwareFlops[k]]).toEqual([e.flops.total, e.flops.hardware]);
        expect(s.series.hardwareFlops[k]).toBeGreaterThan(s.series.flops[k]);
      });
    });

    it('sweeps an encoder’s tokens: 2 · 4.76e9 · T more FLOPs per sample, on each of 256,000 samples', () => {
      const s = sweep(DIT_RUN, [{ path: 'model.encoders[0].tokensPerSample', values: [256, 512] }]);
      expectClose(s.series.flops[1] - s.series.flops[0], 2 * 4.76e9 * 256 * 256_000, 1e-9);
    });

    it.each<[string, ScenarioSpec, unknown, string, RegExp]>([
      [
        'an architecture field without an architecture',
        BASE,
        [{ path: 'model.architecture.layers', values: [2] }],
        'sweep.axes[0].path',
        /no model.architecture/,
      ],
      ['a field the family does not use', DIT_RUN, [{ path: 'model.architecture.contextTokens', values: [77] }], 'sweep.axes[0].path', /is not used by DIT/],
      [
        'a hidden size the heads do not divide',
        DIT_RUN,
        [{ path: 'model.architecture.hiddenSize', values: [1152, 1000] }],
        'sweep.axes[0].values[1]',
        /does not fit the architecture: model.architecture.heads must divide hiddenSize \(1000\)/,
      ],
      [
        'a generated hidden size the heads do not divide',
        DIT_RUN,
        [{ path: 'model.architecture.hiddenSize', from: 1024, to: 2000, steps: 3 }],
        'sweep.axes[0].steps',
        /gives model.architecture.hiddenSize = 1,512, which.*list the values instead/,
      ],
      [
        'model.parameters beside an architecture',
        DIT_RUN,
        [{ path: 'model.parameters', values: [1e9] }],
        'sweep.axes[0].path',
        /counted from model.architecture/,
      ],
      ['an encoder that does not exist', DIT_RUN, [{ path: 'model.encoders[1].parameters', values: [1e9] }], 'sweep.axes[0].path', /has 1 encoder/],
      [
        'the forward FLOPs of an encoder given by its size',
        DIT_RUN,
        [{ path: 'model.encoders[0].forwardFlopsPerSample', values: [1e12] }],
        'sweep.axes[0].path',
        /gives parameters and tokensPerSample, not forwardFlopsPerSample/,
      ],
      [
        'the per-pixel FLOPs of an encoder given per sample',
        { ...DIT_RUN, model: { ...DIT_RUN.model, encoders: [{ name: 'VAE', forwardFlopsPerSample: 1e12 }] } },
        [{ path: 'model.encoders[0].forwardFlopsPerPixel', values: [5e6] }],
        'sweep.axes[0].path',
        /model.encoders\[0\] gives forwardFlopsPerSample, not forwardFlopsPerPixel; use model.encoders\[0\].forwardFlopsPerSample/,
      ],
      [
        'the size of an encoder given per pixel',
        { ...DIT_RUN, model: { ...DIT_RUN.model, encoders: [{ name: 'VAE', forwardFlopsPerPixel: 5e6 }] } },
        [{ path: 'model.encoders[0].parameters', values: [1e8] }],
        'sweep.axes[0].path',
        /gives forwardFlopsPerPixel, not parameters/,
      ],
      [
        'a precomputed encoder',
        { ...DIT_RUN, model: { ...DIT_RUN.model, encoders: [{ name: 'T5', parameters: 4.76e9, tokensPerSample: 512, precomputed: true }] } },
        [{ path: 'model.encoders[0].parameters', values: [1e9] }],
        'sweep.axes[0].path',
        /has no effect: model.encoders\[0\] \(T5\) is precomputed/,
      ],
    ])('refuses %s, naming it', (_n, spec, axes, path, message) => {
      expect(expectIssue(() => sweep(spec, axes as never), path)).toMatch(message);
    });
  });

  it('validates the base scenario once, with its own paths', () => {
    expect(inputErrorOf(() => sweep({ ...BASE, model: { parameters: -1 } }, [{ path: 'cluster.pue', values: [1] }])).field).toBe('model.parameters');
  });

  it('names the axis value that gives a clip no frames, or overflows', () => {
    expect(expectIssue(() => sweep(BASE, [{ path: 'data[1].fps', values: [24, 0.1] }]), 'sweep.axes[0].values[1]')).toMatch(/0 frames/);
    expect(expectIssue(() => sweep(BASE, [{ path: 'model.parameters', values: [1e9, 1e300] }]), 'sweep.axes[0].values[1]')).toMatch(
      /result overflows.*at grid point 1/,
    );
  });

  it('computes a 100 × 100 grid (its speed is measured by npm run bench, target 5)', () => {
    const s = sweep(BASE, [
      { path: 'model.parameters', from: 1e8, to: 1e11, steps: 100, scale: 'LOG' },
      { path: 'data[1].fps', from: 1, to: 60, steps: 100 },
    ]);
    expect(s.points).toBe(10_000);
    expect(s.series.flops.every((f) => Number.isFinite(f) && f > 0)).toBe(true);
  });

  // The sweep recomputes tokens and FLOPs only when an input they read changes: every sweepable
  // input, outer and inner against inputs of each phase, must still equal a fresh estimate.
  describe('equals fresh estimates for every sweepable input', () => {
    const pairs = (paths: string[], partners: (p: string) => string[]) =>
      paths.flatMap((p) =>
        partners(p)
          .filter((q) => q !== p)
          .flatMap((q) => [
            [p, q],
            [q, p],
          ]),
      );
    const keysOf = (path: string) => path.split(/\.|\[|\]\.?/).filter(Boolean);
    const get = (spec: ScenarioSpec, path: string): number => keysOf(path).reduce((o: any, k) => o[k], spec);
    const set = (spec: ScenarioSpec, path: string, v: number): ScenarioSpec => {
      const copy = JSON.parse(JSON.stringify(spec));
      const keys = keysOf(path);
      keys.slice(0, -1).reduce((o, k) => o[k], copy)[keys[keys.length - 1]] = v;
      return copy;
    };
    const values = (base: ScenarioSpec, path: string) => {
      const v = get(base, path);
      return path.endsWith('cluster.utilization') ? [v, v / 2] : Number.isInteger(v) ? [v, v * 2] : [v, v * 1.5];
    };
    /** Sweeps p0 × p1 over `base` and compares every point's outputs with a fresh estimate of the input set so. */
    const matchesFresh = (base: ScenarioSpec, p0: string, p1: string) => {
      const [v0, v1] = [values(base, p0), values(base, p1)];
      const s = sweep(base, [
        { path: p0, values: v0 },
        { path: p1, values: v1 },
      ]);
      v0.forEach((x0, i0) =>
        v1.forEach((x1, i1) => {
          const e = estimate(set(set(base, p0, x0), p1, x1));
          const k = i0 * v1.length + i1;
          expect([s.series.tokens[k], s.series.flops[k], s.series.hardwareFlops[k], s.series.gpuDays[k], s.series.costUsd[k], s.series.energyMWh[k]]).toEqual([
            e.tokens.total,
            e.flops.total,
            e.flops.hardware,
            e.cluster.gpuDays,
            e.cluster.costUsd,
            e.cluster.energyMWh,
          ]);
        }),
      );
    };

    /** Three frozen encoders: one by its size (2·N·T), one by its forward FLOPs per sample, one per pixel (a VAE's, × W·H·frames). */
    const ENCODERS = [
      { name: 'T5-XXL encoder', parameters: 4.76e9, tokensPerSample: 512 },
      { name: 'VAE encoder', forwardFlopsPerSample: 1.1e12 },
      { name: 'Wan-VAE encoder', forwardFlopsPerPixel: 5.0e6 },
    ];
    const encoderOf = (p: string) => (/forwardFlopsPerPixel/.test(p) ? 'encoders[2]' : /forwardFlops/.test(p) ? 'encoders[1]' : 'encoders[0]');
    /** A cross-attention DiT with every swept architecture field given, GQA and a FULL recomputation, and the encoders. */
    const ARCH: ScenarioSpec = {
      ...FULL,
      model: {
        architecture: { family: 'CROSS_DIT', layers: 4, hiddenSize: 512, heads: 16, kvHeads: 8, ffnSize: 2048, contextTokens: 120, contextSize: 1024 },
        encoders: ENCODERS,
      },
      data: FULL.data?.slice(0, 2),
      training: { recomputation: 'FULL' },
    };
    const WITH_ENCODERS: ScenarioSpec = { ...FULL, model: { ...FULL.model, encoders: ENCODERS } };

    // steps, batchSize and frames are those of FULL_STEPS's data[3], a steps × batchSize source of frames.
    const concrete = (p: string) =>
      p
        .replace('data[i]', /durationSeconds|fps/.test(p) ? 'data[1]' : /steps|batchSize|frames/.test(p) ? 'data[3]' : 'data[0]')
        .replace('encoders[j]', encoderOf(p));
    const baseOf = (p0: string, p1: string): ScenarioSpec =>
      [p0, p1].some((p) => p.startsWith('model.architecture.'))
        ? ARCH
        : [p0, p1].some((p) => p.startsWith('data[3]'))
          ? FULL_STEPS
          : [p0, p1].some((p) => p.startsWith('model.encoders'))
            ? WITH_ENCODERS
            : FULL;
    const partners = (p: string) =>
      p.startsWith('model.architecture.')
        ? ['data[0].count', 'model.encoders[0].parameters', 'cluster.utilization']
        : ['data[0].count', 'model.parameters', 'cluster.utilization'];
    it.each(pairs(SWEEPABLE_PATHS.map(concrete), partners))('%s × %s', (p0, p1) => matchesFresh(baseOf(p0, p1), p0, p1));

    /**
     * With stages: images and clips by count in stages[0]; clips of frames by steps × batchSize in stages[1],
     * which sets its own tokenizer, sequence length and cluster (utilization and the rest stay the scenario's for stages[0]).
     */
    const STAGED: ScenarioSpec = {
      model: { parameters: 1e9, layers: 24, hiddenSize: 2048, encoders: ENCODERS },
      stages: [
        { name: 'images and clips', data: [FULL.data![0], FULL.data![1]], training: { epochs: 1 } },
        {
          name: 'clips of frames',
          data: [{ kind: 'VIDEO', steps: 100, batchSize: 8, width: 320, height: 240, frames: 49 }],
          tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
          training: { sequenceLength: 1024 },
          cluster: { hardware: 'h200', gpuCount: 16, utilization: 0.35, pricePerGpuHour: 4, pue: 1.3 },
        },
      ],
      tokenizer: FULL.tokenizer,
      training: { attention: true },
      cluster: FULL.cluster,
    };
    /** Each sweepable path as an input of the staged scenario: its stage's data or settings (training.epochs only where counts are). */
    const staged = (p: string) =>
      p.startsWith('model.')
        ? p.replace('encoders[j]', encoderOf(p))
        : p.startsWith('data[i]')
          ? p.replace('data[i]', /durationSeconds|fps/.test(p) ? 'stages[0].data[1]' : /count/.test(p) ? 'stages[0].data[0]' : 'stages[1].data[0]')
          : p === 'training.epochs'
            ? 'stages[0].training.epochs'
            : `stages[1].${p}`;
    const stagedPaths = SWEEPABLE_PATHS.filter((p) => !p.startsWith('model.architecture.')).map(staged);
    it.each(pairs(stagedPaths, () => ['stages[0].data[0].count', 'model.parameters', 'cluster.utilization']))('with stages: %s × %s', (p0, p1) =>
      matchesFresh(STAGED, p0, p1),
    );
  });
});
