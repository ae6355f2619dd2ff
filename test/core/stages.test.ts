/**
 * Training in stages (issue 17, part 2, and Estimate.stages of part 4): one model trained on stages
 * of steps × batch, each on its own cluster, the totals their sums (docs/model.md, "Stages").
 * Expected values are published figures or worked by hand in the comments.
 */
import { OUTPUTS, PRESETS, ScenarioSpec, StageSpec, daysForBudget, estimate, estimateRange, lazyEstimate, outputsOf, sweep } from '../../src/core';
import { FULL, FULL_STEPS, expectClose, expectIssue } from './helpers';

/** DiT-XL/2 (facebookresearch/DiT models.py: depth 28, 1152 wide, 16 heads, learn_sigma, 1000 classes). */
const DIT_XL_2 = { family: 'DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
/**
 * DiT-XL/2's headline run: 7M steps at batch 256 on ImageNet 256² (Peebles & Xie 2023, arXiv:2212.09748,
 * §4 "Training": batch 256; §5.1 and Table 2: DiT-XL/2 trained for 7M steps reaches FID 2.27). The
 * model comparisons of its Table 4 are at 400K steps.
 */
const ditRun = (steps: number, side = 256): ScenarioSpec => ({
  name: 'DiT-XL/2 on ImageNet',
  model: { architecture: DIT_XL_2 },
  data: [{ kind: 'IMAGE', steps, batchSize: 256, width: side, height: side }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  cluster: { hardware: 'a100-sxm-80gb', gpuCount: 64 },
});

describe('DiT-XL/2 as steps × batch (Peebles & Xie 2023)', () => {
  const e = estimate(ditRun(7e6));
  const [stage] = e.stages;

  it('sees 7M × 256 = 1.792e9 samples of 256 tokens: stages[0] of a scenario without stages', () => {
    expect(e.stages).toHaveLength(1);
    expect(stage).toMatchObject({ index: 0, name: null, samples: 1.792e9, tokensPerSample: 256, tokens: 1.792e9 * 256 });
  });

  it('runs 118.6 GMACs = 2.37e11 FLOPs forward per sample (DiT Table 4), and 3 of them per training sample', () => {
    expectClose(stage.forwardFlopsPerSample, 2.37e11, 0.01);
    expectClose(stage.forwardFlopsPerSample / 2, 118.6e9, 0.01);
    expectClose(stage.flops, 3 * 237_242_843_136 * 1.792e9, 1e-12);
  });

  it('is the same run as ImageNet’s 1,281,167 images for 1,398.7 epochs', () => {
    const byEpochs = estimate({
      ...ditRun(1),
      data: [{ kind: 'IMAGE', count: 1_281_167, width: 256, height: 256 }],
      training: { epochs: 1.792e9 / 1_281_167 },
    });
    expectClose(e.flops.total, byEpochs.flops.total, 1e-12);
    expectClose(e.cluster.gpuDays, byEpochs.cluster.gpuDays, 1e-12);
  });

  it('at the 400K steps of the model comparisons (Table 4) is 400K / 7M of it', () => {
    expectClose(estimate(ditRun(4e5)).flops.total, (e.flops.total * 4e5) / 7e6, 1e-12);
  });

  it('at 512² runs 524.6 GMACs = 1.05e12 FLOPs forward per sample on 1,024 tokens (DiT Table 4)', () => {
    const [s512] = estimate(ditRun(3e6, 512)).stages;
    expect(s512.tokensPerSample).toBe(1024);
    expectClose(s512.forwardFlopsPerSample, 1.05e12, 0.01);
    expectClose(s512.forwardFlopsPerSample / 2, 524.6e9, 0.01);
  });
});

/** A Movie Gen–style CROSS_DIT (Polyak et al. 2024, arXiv:2410.13720: 48 layers, 6,144 wide, 48 heads, SwiGLU 16,384, 16-channel TAE); text context assumed. */
const MOVIE_GEN_LIKE = {
  family: 'CROSS_DIT' as const,
  layers: 48,
  hiddenSize: 6144,
  heads: 48,
  ffnSize: 16384,
  gatedFfn: true,
  latentChannels: 16,
  contextTokens: 256,
  contextSize: 4096,
};
/** Two stages as Movie Gen trains: 256 px images on 1,536 H100s, then 768 px 16 s clips on 6,144 (steps and batches illustrative). */
const IMAGES: StageSpec = {
  name: '256 px images',
  data: [{ kind: 'IMAGE', steps: 100_000, batchSize: 6144, width: 256, height: 256 }],
  cluster: { gpuCount: 1536 },
};
const VIDEO: StageSpec = {
  name: '768 px video',
  data: [{ kind: 'VIDEO', steps: 20_000, batchSize: 6144, width: 768, height: 768, frames: 256 }],
  cluster: { gpuCount: 6144, utilization: 0.3 },
};
const MOVIE_GEN: ScenarioSpec = {
  name: 'Movie Gen–style, two stages',
  model: { architecture: MOVIE_GEN_LIKE },
  stages: [IMAGES, VIDEO],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2, temporalPatchSize: 1 },
  cluster: { hardware: 'h100-sxm', gpuCount: 512, utilization: 0.4, pricePerGpuHour: 2 },
};
/** One stage of MOVIE_GEN as a scenario of its own: its data, and its cluster over the scenario's. */
const alone = (st: StageSpec): ScenarioSpec => ({ ...MOVIE_GEN, stages: undefined, data: st.data, cluster: { ...MOVIE_GEN.cluster, ...st.cluster } });

describe('Movie Gen–style: 256 px images on 1,536 GPUs, then 768 px video on 6,144', () => {
  const e = estimate(MOVIE_GEN);
  const parts = [estimate(alone(IMAGES)), estimate(alone(VIDEO))];

  it('tokenizes a 768 px, 256-frame clip into 73,728 tokens, a 256 px image into 256', () => {
    expect(e.stages.map((s) => s.tokensPerSample)).toEqual([256, 73_728]);
    expect(e.stages.map((s) => s.name)).toEqual(['256 px images', '768 px video']);
    expect(e.stages.map((s) => s.samples)).toEqual([100_000 * 6144, 20_000 * 6144]);
  });

  it('estimates each stage exactly as the scenario of that stage alone, on its own cluster', () => {
    e.stages.forEach((s, k) => {
      const p = parts[k];
      expect([s.tokens, s.flops, s.hardwareFlops, s.gpuDays, s.wallClockDays, s.costUsd, s.energyMWh]).toEqual([
        p.tokens.total,
        p.flops.total,
        p.flops.hardware,
        p.cluster.gpuDays,
        p.cluster.wallClockDays,
        p.cluster.costUsd,
        p.cluster.energyMWh,
      ]);
    });
    // Wall-clock days: each stage's GPU-days over its own GPUs.
    expect(e.stages[0].wallClockDays).toBe(e.stages[0].gpuDays / 1536);
    expect(e.stages[1].wallClockDays).toBe(e.stages[1].gpuDays / 6144);
  });

  it('sums the stages: tokens, FLOPs, hardware FLOPs, GPU-days, cost, energy, and wall-clock days one stage after the other', () => {
    const sum = (f: (x: (typeof parts)[number]) => number) => f(parts[0]) + f(parts[1]);
    expect(e.tokens.total).toBe(sum((p) => p.tokens.total));
    expect(e.flops.total).toBe(sum((p) => p.flops.total));
    expect(e.flops.hardware).toBe(sum((p) => p.flops.hardware));
    expect(e.cluster.gpuDays).toBe(sum((p) => p.cluster.gpuDays));
    expect(e.cluster.gpuHours).toBe(sum((p) => p.cluster.gpuHours));
    expect(e.cluster.costUsd).toBe(sum((p) => p.cluster.costUsd as number));
    expect(e.cluster.energyMWh).toBe(sum((p) => p.cluster.energyMWh as number));
    expect(e.cluster.wallClockDays).toBe(sum((p) => p.cluster.wallClockDays));
    expectClose(e.cluster.pfDays, e.flops.total / 8.64e19, 1e-15);
    expectClose(e.ratioVsGPT3, e.flops.total / 3.14e23, 1e-15);
    // The breakdown lists every stage's sources, each with its stage; the components sum to the total.
    expect(e.tokens.sources.map((s) => [s.stage, s.index, s.kind])).toEqual([
      [0, 0, 'IMAGE'],
      [1, 0, 'VIDEO'],
    ]);
    expectClose(
      e.flops.components.reduce((a, c) => a + c.flops, 0),
      e.flops.total,
      1e-12,
    );
  });

  it('counts one model: its parameters once, from the architecture', () => {
    expect(e.parameters).toEqual(parts[0].parameters);
    expectClose(e.parameters.total, 30e9, 0.1);
  });

  it('says which stages recompute: the default NONE is assumed for the stages that do not set their own', () => {
    const e = estimate({ ...MOVIE_GEN, stages: [IMAGES, { ...VIDEO, training: { recomputation: 'FULL' } }] });
    const a = e.assumptions.find((x) => x.field === 'training.recomputation');
    expect(a?.value).toBe('NONE');
    expect(a?.reason).toMatch(/stages that do not set their own/);
    // One more forward pass of what is recomputed (the output layer is not: Narayanan et al. 2021): just under 4/3.
    expect(e.stages[1].hardwareFlops / e.stages[1].flops).toBeGreaterThan(1.3);
    expect(e.stages[1].hardwareFlops / e.stages[1].flops).toBeLessThanOrEqual(4 / 3);
    expect(e.stages[0].hardwareFlops).toBe(e.stages[0].flops);
  });

  it('costs nothing when a stage has no price: null, never a made-up number', () => {
    const spec: ScenarioSpec = {
      ...MOVIE_GEN,
      stages: [IMAGES, { ...VIDEO, cluster: { ...VIDEO.cluster, hardware: 'tpu-v5p' } }],
      cluster: { gpuCount: 512 },
    };
    const priceless = estimate(spec);
    // A budget cannot be turned into GPU-hours of a stage without a price: null, as costUsd.
    expect(lazyEstimate(spec).daysForBudget(1e6)).toBeNull();
    expect(expectIssue(() => daysForBudget(priceless, 1e6), 'stages[1].cluster.pricePerGpuHour')).toMatch(/TPU v5p.*no catalog price/);
    expect(priceless.stages[0].costUsd).not.toBeNull();
    expect(priceless.stages[1].costUsd).toBeNull();
    expect(priceless.cluster.costUsd).toBeNull();
    expect(priceless.warnings).toContainEqual(
      expect.objectContaining({ code: 'NO_PRICE', message: expect.stringMatching(/^In stages\[1\] \(768 px video\): /) }),
    );
  });

  it('answers the what-if questions over the stages: a budget spent stage by stage, inference at the last stage', () => {
    const lazy = lazyEstimate(MOVIE_GEN);
    const [c0, c1] = [e.stages[0].costUsd as number, e.stages[1].costUsd as number];
    const budget = lazy.daysForBudget(c0 + c1 / 2);
    expectClose(budget?.fractionOfTraining as number, (c0 + c1 / 2) / (c0 + c1), 1e-12);
    expectClose(budget?.daysAffordable as number, e.stages[0].wallClockDays + e.stages[1].wallClockDays / 2, 1e-12);
    expect(lazy.inference({}).tokensPerSample).toBe(73_728);
  });
});

describe('a scenario without stages is one stage', () => {
  const asStage = (s: ScenarioSpec): ScenarioSpec => ({ ...s, data: undefined, stages: [{ data: s.data as StageSpec['data'] }] });

  const unstaged = PRESETS.filter((p) => !p.input.stages);
  it.each([...unstaged.map((p): [string, ScenarioSpec] => [p.key, p.input]), ['FULL', FULL], ['FULL_STEPS', FULL_STEPS], ['DiT-XL/2', ditRun(7e6)]])(
    '%s: every output the same given as stages: [{ data }]',
    (_key, spec) => {
      const [plain, staged] = [estimate(spec), estimate(asStage(spec))];
      expect(outputsOf(staged)).toEqual(outputsOf(plain));
      expect(staged.flops.hardware).toBe(plain.flops.hardware);
      expect(staged.stages).toEqual(plain.stages);
      expect(staged.warnings.map((w) => w.code)).toEqual(plain.warnings.map((w) => w.code));
      // Only the paths change: the data are the stage's.
      expect(staged.assumptions.map((a) => a.field)).toEqual(plain.assumptions.map((a) => a.field.replace(/^data\[/, 'stages[0].data[')));
    },
  );

  it('the seed article still reproduces: 2.56609e24 FLOPs, one stage of 6e9 images and 35e6 clips', () => {
    const seed = estimate(PRESETS[0].input);
    expectClose(seed.flops.total, 2.56609e24, 1e-5);
    expect(seed.stages).toHaveLength(1);
    expect(seed.stages[0]).toMatchObject({ index: 0, name: null, samples: 6e9 + 35e6, flops: seed.flops.total, gpuDays: seed.cluster.gpuDays });
  });
});

describe('ranges and sweeps over stages', () => {
  it('sweep stages[k].data[i].steps: every point equals a fresh estimate', () => {
    const s = sweep(MOVIE_GEN, [{ path: 'stages[1].data[0].steps', values: [10_000, 20_000, 40_000] }]);
    [10_000, 20_000, 40_000].forEach((steps, k) => {
      const fresh = estimate({ ...MOVIE_GEN, stages: [IMAGES, { ...VIDEO, data: [{ ...VIDEO.data[0], steps }] }] });
      expect([s.series.flops[k], s.series.gpuDays[k], s.series.wallClockDays[k]]).toEqual([
        fresh.flops.total,
        fresh.cluster.gpuDays,
        fresh.cluster.wallClockDays,
      ]);
    });
  });

  it('a scenario-level path varies every stage that does not set it; stages[k].… varies that stage', () => {
    const price = sweep(MOVIE_GEN, [{ path: 'cluster.pricePerGpuHour', values: [4] }]);
    expect(price.series.costUsd[0]).toBe(estimate({ ...MOVIE_GEN, cluster: { ...MOVIE_GEN.cluster, pricePerGpuHour: 4 } }).cluster.costUsd);
    const u = sweep(MOVIE_GEN, [{ path: 'cluster.utilization', values: [0.2] }]);
    // Only the image stage takes the scenario's utilization: the video stage sets its own 0.3.
    expect(u.series.gpuDays[0]).toBe(estimate({ ...MOVIE_GEN, cluster: { ...MOVIE_GEN.cluster, utilization: 0.2 } }).cluster.gpuDays);
    const g = sweep(MOVIE_GEN, [{ path: 'stages[1].cluster.gpuCount', values: [3072] }]);
    expect(g.series.wallClockDays[0]).toBe(
      estimate({ ...MOVIE_GEN, stages: [IMAGES, { ...VIDEO, cluster: { ...VIDEO.cluster, gpuCount: 3072 } }] }).cluster.wallClockDays,
    );
  });

  it('ranges over a stage’s batch size are exact at the corners', () => {
    const spec = { ...MOVIE_GEN, ranges: [{ path: 'stages[0].data[0].batchSize', low: 3072, high: 12288 }] };
    const r = estimateRange(estimate(spec));
    const at = (batchSize: number) => estimate({ ...MOVIE_GEN, stages: [{ ...IMAGES, data: [{ ...IMAGES.data[0], batchSize }] }, VIDEO] });
    expect(r.flops).toEqual({ low: at(3072).flops.total, expected: estimate(MOVIE_GEN).flops.total, high: at(12288).flops.total });
    for (const o of OUTPUTS) expect(r[o]).not.toBeNull();
  });

  it('refuses paths that do not name an input of this scenario', () => {
    expect(expectIssue(() => sweep(MOVIE_GEN, [{ path: 'data[0].steps', values: [1] }]), 'sweep.axes[0].path')).toMatch(
      /trained in stages: name one, e.g. stages\[0\]\.data\[0\]\.steps/,
    );
    expect(expectIssue(() => sweep(MOVIE_GEN, [{ path: 'stages[2].data[0].steps', values: [1] }]), 'sweep.axes[0].path')).toMatch(/has 2 stages/);
    expect(expectIssue(() => sweep(ditRun(7e6), [{ path: 'stages[0].data[0].steps', values: [1] }]), 'sweep.axes[0].path')).toMatch(
      /no stages; use data\[0\]\.steps/,
    );
    expect(expectIssue(() => sweep(ditRun(7e6), [{ path: 'data[0].count', values: [1] }]), 'sweep.axes[0].path')).toMatch(/gives steps × batchSize, not count/);
    expect(expectIssue(() => sweep(ditRun(7e6), [{ path: 'training.epochs', values: [2] }]), 'sweep.axes[0].path')).toMatch(/already count every pass/);
    const everyStage = { ...MOVIE_GEN, stages: [{ ...IMAGES, cluster: { gpuCount: 8 } }, VIDEO] };
    expect(expectIssue(() => sweep(everyStage, [{ path: 'cluster.gpuCount', values: [1] }]), 'sweep.axes[0].path')).toMatch(/every stage sets its own/);
  });
});
