/** Ranges, asked of an estimate: low / expected / high of every output by exact corner evaluation. */
import fc from 'fast-check';
import { OUTPUTS, RangeSpec, ScenarioSpec, estimate, estimateRange } from '../../src/core';
import { expectClose, expectIssue } from './helpers';

const H100 = 989.4e12; // dense BF16 FLOP/s

const BASE: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 20e9 }],
  cluster: { hardware: 'h100-sxm', precision: 'BF16', gpuCount: 64, utilization: 0.4, pricePerGpuHour: 3 },
};

describe('estimateRange', () => {
  it('without ranges, low = expected = high', () => {
    const r = estimateRange(estimate(BASE));
    expect(r.corners).toBe(1);
    expect(r.flops).toEqual({ low: 1.2e20, expected: 1.2e20, high: 1.2e20 });
    expect(r.expected.flops.total).toBe(1.2e20);
  });

  it("takes each output's extremes from the corners, worked by hand", () => {
    const r = estimateRange(
      estimate({
        ...BASE,
        ranges: [
          { path: 'model.parameters', low: 5e8, high: 2e9 },
          { path: 'data[0].count', low: 10e9, high: 40e9 },
          { path: 'cluster.utilization', low: 0.3, high: 0.5 },
          { path: 'cluster.gpuCount', low: 32, high: 128 },
          { path: 'cluster.pricePerGpuHour', low: 2, high: 4 },
        ],
      }),
    );
    expect(r.corners).toBe(32);
    expect(r.tokens).toEqual({ low: 10e9, expected: 20e9, high: 40e9 });
    // FLOPs: 6 × 5e8 × 1e10 = 3e19 … 6 × 1e9 × 2e10 = 1.2e20 … 6 × 2e9 × 4e10 = 4.8e20
    expectClose(r.flops.low, 3e19, 1e-12);
    expectClose(r.flops.high, 4.8e20, 1e-12);
    expectClose(r.ratioVsGPT3.high, 4.8e20 / 3.14e23, 1e-12);
    expectClose(r.pfDays.low, 3e19 / 8.64e19, 1e-12);
    // GPU-hours: fewest FLOPs at the best utilization … most FLOPs at the worst
    const hoursLow = 3e19 / (H100 * 0.5) / 3600;
    const hoursHigh = 4.8e20 / (H100 * 0.3) / 3600;
    expectClose(r.gpuHours.low, hoursLow, 1e-12);
    expectClose(r.gpuHours.high, hoursHigh, 1e-12);
    expectClose(r.gpuHours.expected, 1.2e20 / (H100 * 0.4) / 3600, 1e-12);
    // wall-clock: also the most GPUs at the low end, the fewest at the high end
    expectClose(r.wallClockDays.low, hoursLow / 24 / 128, 1e-12);
    expectClose(r.wallClockDays.high, hoursHigh / 24 / 32, 1e-12);
    // cost: price joins in; energy: 700 W × PUE 1.2 and no price
    expectClose(r.costUsd!.low, hoursLow * 2, 1e-12);
    expectClose(r.costUsd!.high, hoursHigh * 4, 1e-12);
    expectClose(r.energyMWh!.high, (hoursHigh * 700 * 1.2) / 1e6, 1e-12);
  });

  it("has one interval per output of OUTPUTS, each around the estimate's own value", () => {
    const e = estimate({ ...BASE, ranges: [{ path: 'model.parameters', low: 5e8, high: 2e9 }] });
    const r = estimateRange(e);
    expect(r.expected).toBe(e);
    const own = { tokens: e.tokens.total, flops: e.flops.total, hardwareFlops: e.flops.hardware, ...e.cluster, ratioVsGPT3: e.ratioVsGPT3 };
    for (const o of OUTPUTS) {
      expect(r[o]).not.toBeNull();
      expect(r[o]!.expected).toBe(own[o]);
      expect(r[o]!.low).toBeLessThanOrEqual(own[o] as number);
      expect(r[o]!.high).toBeGreaterThanOrEqual(own[o] as number);
    }
    expect(Object.keys(r).filter((k) => !['expected', 'ranges', 'corners'].includes(k))).toEqual([...OUTPUTS]);
  });

  it('gives null cost when there is no price', () => {
    const r = estimateRange(estimate({ ...BASE, cluster: { hardware: 'gb200' }, ranges: [{ path: 'model.parameters', low: 5e8, high: 2e9 }] }));
    expect(r.costUsd).toBeNull();
    expect(r.energyMWh).not.toBeNull();
  });

  it('names the range end whose corner overflows', () => {
    const spec = { ...BASE, ranges: [{ path: 'model.parameters', low: 1e9, high: 1e300 }] };
    expect(expectIssue(() => estimateRange(estimate(spec)), 'ranges[0].high')).toMatch(/result overflows.*at a corner/);
  });

  it('is exact: random interior points always lie within [low, high] (fast-check)', () => {
    // The outputs are monotone in every rangeable input, so the box's extremes are at its corners.
    // Any point inside must then land within [low, high] for every output.
    const video: ScenarioSpec = {
      model: { parameters: 2e9, layers: 24, hiddenSize: 2048 },
      data: [
        { kind: 'VIDEO', count: 5e6, width: 1280, height: 720, durationSeconds: 8, fps: 24 },
        { kind: 'IMAGE', count: 2e8, width: 1024, height: 1024 },
        { kind: 'TEXT', count: 3e10 },
      ],
      tokenizer: { method: 'LATENT' },
      training: { attention: true, epochs: 2 },
      cluster: { hardware: 'a100-sxm-80gb', gpuCount: 512, utilization: 0.4 },
    };
    const ranges: RangeSpec[] = [
      { path: 'model.parameters', low: 1e9, high: 8e9 },
      { path: 'data[0].count', low: 1e6, high: 2e7 },
      { path: 'data[1].count', low: 1e8, high: 1e9 },
      { path: 'data[2].count', low: 1e10, high: 1e11 },
      { path: 'cluster.utilization', low: 0.2, high: 0.6 },
      { path: 'cluster.gpuCount', low: 128, high: 4096 },
      { path: 'cluster.pricePerGpuHour', low: 1, high: 3 },
    ];
    const r = estimateRange(estimate({ ...video, ranges }));
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(unit, unit, unit, unit, unit, unit, unit), (ts) => {
        const at = (i: number, integer: boolean): number => {
          const v = ranges[i].low + ts[i] * (ranges[i].high - ranges[i].low);
          return integer ? Math.round(v) : v;
        };
        const e = estimate({
          ...video,
          model: { ...video.model, parameters: at(0, false) },
          data: video.data!.map((s, i) => ({ ...s, count: at(i + 1, true) })),
          cluster: { ...video.cluster, utilization: at(4, false), gpuCount: at(5, true), pricePerGpuHour: at(6, false) },
        });
        const inside = (v: number | null, iv: { low: number; high: number } | null): boolean => v !== null && iv !== null && iv.low <= v && v <= iv.high;
        return (
          inside(e.tokens.total, r.tokens) &&
          inside(e.flops.total, r.flops) &&
          inside(e.cluster.pfDays, r.pfDays) &&
          inside(e.cluster.gpuDays, r.gpuDays) &&
          inside(e.cluster.gpuHours, r.gpuHours) &&
          inside(e.cluster.wallClockDays, r.wallClockDays) &&
          inside(e.cluster.costUsd, r.costUsd) &&
          inside(e.cluster.energyMWh, r.energyMWh) &&
          inside(e.ratioVsGPT3, r.ratioVsGPT3)
        );
      }),
      { numRuns: 300 },
    );
    // And the box is not degenerate: the ranges really move the outputs.
    expect(r.flops.high / r.flops.low).toBeGreaterThan(10);
    expect(r.wallClockDays.high / r.wallClockDays.low).toBeGreaterThan(100);
  });
});

describe('ranges over resolution, stages, architectures and frozen encoders', () => {
  /** A PixArt-α-like cross-attention DiT with a T5-XXL encoder, on images by steps × batch. */
  const ARCH = { family: 'CROSS_DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, contextTokens: 120, contextSize: 4096, outputChannels: 8 };
  const T5 = { name: 'T5-XXL encoder', parameters: 4.76e9, tokensPerSample: 120 };
  const RUN: ScenarioSpec = {
    model: { architecture: ARCH, encoders: [T5] },
    data: [{ kind: 'IMAGE', steps: 10_000, batchSize: 256, width: 256, height: 256 }],
    training: { recomputation: 'SELECTIVE' },
    cluster: { hardware: 'h100-sxm', gpuCount: 64 },
  };
  const RANGES: RangeSpec[] = [
    { path: 'model.architecture.layers', low: 14, high: 42 },
    { path: 'model.architecture.hiddenSize', low: 768, high: 1536 },
    { path: 'model.architecture.contextTokens', low: 60, high: 300 },
    { path: 'model.encoders[0].tokensPerSample', low: 77, high: 512 },
    { path: 'data[0].width', low: 192, high: 512 },
    { path: 'data[0].height', low: 192, high: 512 },
  ];
  const at = (layers: number, hiddenSize: number, contextTokens: number, tokensPerSample: number, width: number, height: number): ScenarioSpec => ({
    ...RUN,
    model: { architecture: { ...ARCH, layers, hiddenSize, contextTokens }, encoders: [{ ...T5, tokensPerSample }] },
    data: [{ ...RUN.data![0], width, height }],
  });

  it('are exact at the corners: low and high are the estimates at the ranges’ ends, hardwareFlops included', () => {
    const r = estimateRange(estimate({ ...RUN, ranges: RANGES }));
    expect(r.corners).toBe(64);
    const [low, high] = [estimate(at(14, 768, 60, 77, 192, 192)), estimate(at(42, 1536, 300, 512, 512, 512))];
    expect(r.flops).toEqual({ low: low.flops.total, expected: estimate(RUN).flops.total, high: high.flops.total });
    expect(r.hardwareFlops).toEqual({ low: low.flops.hardware, expected: estimate(RUN).flops.hardware, high: high.flops.hardware });
    expect(r.hardwareFlops.low).toBeGreaterThan(r.flops.low); // SELECTIVE recomputes the attention cores
  });

  it('hold every estimate inside the box (each new rangeable input is monotone)', () => {
    const r = estimateRange(estimate({ ...RUN, ranges: RANGES }));
    fc.assert(
      fc.property(
        fc.integer({ min: 14, max: 42 }),
        fc.integer({ min: 48, max: 96 }),
        fc.integer({ min: 60, max: 300 }),
        fc.integer({ min: 77, max: 512 }),
        fc.integer({ min: 192, max: 512 }),
        fc.integer({ min: 192, max: 512 }),
        (layers, sixteenths, contextTokens, tokens, width, height) => {
          const e = estimate(at(layers, 16 * sixteenths, contextTokens, tokens, width, height));
          return [
            [e.flops.total, r.flops],
            [e.flops.hardware, r.hardwareFlops],
            [e.cluster.gpuDays, r.gpuDays],
            [e.tokens.total, r.tokens],
          ].every(([v, iv]) => (iv as { low: number }).low <= (v as number) && (v as number) <= (iv as { high: number }).high);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('over a stage’s cluster: stages[1].cluster.gpuCount moves only that stage’s wall-clock time', () => {
    const staged: ScenarioSpec = {
      model: { parameters: 1e9 },
      stages: [
        { data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }] },
        { data: [{ kind: 'VIDEO', steps: 100, batchSize: 64, width: 256, height: 256, frames: 33 }], cluster: { gpuCount: 128 } },
      ],
      cluster: { hardware: 'h100-sxm', gpuCount: 32 },
    };
    const r = estimateRange(estimate({ ...staged, ranges: [{ path: 'stages[1].cluster.gpuCount', low: 64, high: 256 }] }));
    const e = estimate(staged);
    expect(r.flops).toEqual({ low: e.flops.total, expected: e.flops.total, high: e.flops.total });
    expectClose(r.wallClockDays.high, e.stages[0].wallClockDays + e.stages[1].gpuDays / 64, 1e-12);
    expectClose(r.wallClockDays.low, e.stages[0].wallClockDays + e.stages[1].gpuDays / 256, 1e-12);
  });

  it.each<[string, RangeSpec, string, RegExp]>([
    [
      'a hidden size the heads do not divide',
      { path: 'model.architecture.hiddenSize', low: 1000, high: 1152 },
      'ranges[0].low',
      /does not fit the architecture: model.architecture.heads must divide hiddenSize \(1000\).*lower end/,
    ],
    ['an end outside the encoder’s value', { path: 'model.encoders[0].tokensPerSample', low: 200, high: 512 }, 'ranges[0].low', /≤ the scenario's/],
    ['a field the family does not use', { path: 'model.architecture.singleStreamLayers', low: 1, high: 2 }, 'ranges[0].path', /must be one of/],
    ['fps, which is not rangeable', { path: 'data[0].fps', low: 12, high: 24 }, 'ranges[0].path', /must be one of/],
  ])('refuses %s, naming the field', (_n, range, path, message) => {
    expect(expectIssue(() => estimate({ ...RUN, ranges: [range] }), path)).toMatch(message);
  });
});
