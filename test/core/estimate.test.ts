/** estimate(): the whole pipeline, its overflow guard, and the time/money/energy rules. */
import { assertFinite, estimate } from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

describe('estimate', () => {
  it('follows the time, money and energy rules of docs/model.md on an MI300X at FP8', () => {
    // 6 × 7e9 × 2e12 = 8.4e22 FLOPs; effective 2614.9e12 × 0.35 FLOP/s per GPU
    const e = estimate({
      model: { parameters: 7e9 },
      data: [{ kind: 'TEXT', count: 2e12 }],
      cluster: { hardware: 'mi300x', precision: 'FP8', gpuCount: 256, utilization: 0.35, pricePerGpuHour: 1.8, pue: 1.1 },
    });
    const effective = 2614.9e12 * 0.35;
    const gpuDays = 8.4e22 / effective / 86_400;
    expect(e.cluster.effectiveFlopsPerGpu).toBe(effective);
    expectClose(e.cluster.pfDays, 8.4e22 / 8.64e19, 1e-12);
    expectClose(e.cluster.gpuDays, gpuDays, 1e-12);
    expectClose(e.cluster.gpuHours, 24 * gpuDays, 1e-12);
    expectClose(e.cluster.wallClockDays, gpuDays / 256, 1e-12);
    expectClose(e.cluster.costUsd!, 24 * gpuDays * 1.8, 1e-12);
    expectClose(e.cluster.energyMWh!, (24 * gpuDays * 750 * 1.1) / 1e6, 1e-12);
    expectClose(e.ratioVsGPT3, 8.4e22 / 3.14e23, 1e-12);
    expect(e.assumptions).toBe(e.resolved.assumptions);
  });

  it('breaks tokens down by source, with shares summing to 1', () => {
    const e = estimate({
      model: { parameters: 1e9 },
      data: [
        { kind: 'TEXT', count: 3e9 },
        { kind: 'IMAGE', count: 1e6, width: 256, height: 256 },
      ],
    });
    // image: 256 → 32 → 16 × 16 = 256 tokens; 1e6 images = 2.56e8
    expect(e.tokens.sources.map((s) => [s.index, s.kind, s.tokens, s.tokensPerSequence])).toEqual([
      [0, 'TEXT', 3e9, 2048],
      [1, 'IMAGE', 2.56e8, 256],
    ]);
    expectClose(e.tokens.sources[0].share + e.tokens.sources[1].share, 1, 1e-15);
    expectClose(e.tokens.sources[1].share, 2.56e8 / 3.256e9, 1e-12);
  });
});

describe('results that would overflow are input errors naming the input most responsible', () => {
  it('too many parameters', () => {
    const msg = expectIssue(() => estimate({ model: { parameters: 1e300 }, data: [{ kind: 'TEXT', count: 1e12 }] }), 'model.parameters');
    expect(msg).toMatch(/^result overflows: dense training FLOPs would be Infinity .*reduce model.parameters/);
  });
  it('too much data', () => {
    expectIssue(
      () =>
        estimate({
          model: { parameters: 1e9 },
          data: [
            { kind: 'TEXT', count: 1e5 },
            { kind: 'IMAGE', count: 1e300, width: 1e6, height: 1e6 },
          ],
        }),
      'data[1].count',
    );
  });
  it('a vanishing utilization', () => {
    const msg = expectIssue(
      () => estimate({ model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e12 }], cluster: { utilization: 5e-324 } }),
      'cluster.utilization',
    );
    expect(msg).toMatch(/GPU-days would be Infinity.*increase cluster.utilization/);
  });
  it('an absurd PUE', () => {
    expectIssue(() => estimate({ model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e12 }], cluster: { pue: 1e308 } }), 'cluster.pue');
  });
});

describe('assertFinite', () => {
  it('passes finite numbers through and turns NaN and ±Infinity into input errors', () => {
    expect(assertFinite(42, 'x')).toBe(42);
    for (const v of [NaN, Infinity, -Infinity]) {
      const err = inputErrorOf(() => assertFinite(v, 'model.parameters', 'training FLOPs'));
      expect(err.field).toBe('model.parameters');
      expect(err.message).toMatch(/result overflows: training FLOPs would be/);
    }
  });
});
