/** Sweeps: one or two inputs over a grid, returned as columns in row-major order. */
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
  // input, outer and inner against inputs of each stage, must still equal a fresh estimate.
  describe('equals fresh estimates for every sweepable input', () => {
    // steps, batchSize and frames are those of FULL_STEPS's data[3], a steps × batchSize source of frames.
    const concrete = (p: string) => p.replace('data[i]', /durationSeconds|fps/.test(p) ? 'data[1]' : /steps|batchSize|frames/.test(p) ? 'data[3]' : 'data[0]');
    const baseOf = (p: string): ScenarioSpec => (p.startsWith('data[3]') ? FULL_STEPS : FULL);
    const paths = SWEEPABLE_PATHS.map(concrete);
    const get = (spec: ScenarioSpec, path: string): number =>
      path
        .split(/\.|\[|\]\.?/)
        .filter(Boolean)
        .reduce((o: any, k) => o[k], spec);
    const set = (spec: ScenarioSpec, path: string, v: number): ScenarioSpec => {
      const copy = JSON.parse(JSON.stringify(spec));
      const keys = path.split(/\.|\[|\]\.?/).filter(Boolean);
      keys.slice(0, -1).reduce((o, k) => o[k], copy)[keys[keys.length - 1]] = v;
      return copy;
    };
    const values = (path: string) => {
      const v = get(baseOf(path), path);
      return path === 'cluster.utilization' ? [v, v / 2] : Number.isInteger(v) ? [v, v * 2] : [v, v * 1.5];
    };
    const partners = ['data[0].count', 'model.parameters', 'cluster.utilization'];
    it.each(
      paths.flatMap((p) =>
        partners
          .filter((q) => q !== p)
          .flatMap((q) => [
            [p, q],
            [q, p],
          ]),
      ),
    )('%s × %s', (p0, p1) => {
      const [v0, v1] = [values(p0), values(p1)];
      const base = baseOf(p0.startsWith('data[3]') ? p0 : p1);
      const s = sweep(base, [
        { path: p0, values: v0 },
        { path: p1, values: v1 },
      ]);
      v0.forEach((x0, i0) =>
        v1.forEach((x1, i1) => {
          const e = estimate(set(set(base, p0, x0), p1, x1));
          const k = i0 * v1.length + i1;
          expect([s.series.tokens[k], s.series.flops[k], s.series.gpuDays[k], s.series.costUsd[k], s.series.energyMWh[k]]).toEqual([
            e.tokens.total,
            e.flops.total,
            e.cluster.gpuDays,
            e.cluster.costUsd,
            e.cluster.energyMWh,
          ]);
        }),
      );
    });
  });
});
