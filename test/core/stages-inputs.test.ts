/**
 * The inputs of stages (issue 17, part 2): samples as steps × batchSize, clips as `frames`, `stages`
 * overriding the scenario's settings field by field, impliedUtilization, and every bad input refused
 * as a BAD_USER_INPUT naming its field (docs/model.md, "Inputs", "Stages", "Validation").
 */
import { ScenarioSpec, StageSpec, estimate, lazyEstimate, resolveScenario } from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

/** A latent video tokenizer: 8×8 spatial, 8× temporal (Movie Gen's TAE), 1×2×2 patches. */
const MOVIE_GEN_TAE = { method: 'LATENT' as const, vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2, temporalPatchSize: 1 };
/** The 4×8×8 causal VAEs of HunyuanVideo, Wan and CogVideoX, 1×2×2 patches. */
const CAUSAL_VAE = { method: 'LATENT' as const, vaeSpatialFactor: 8, vaeTemporalFactor: 4, patchSize: 2, temporalPatchSize: 1 };
const clip = (tokenizer: ScenarioSpec['tokenizer'], width: number, height: number, source: object): number =>
  estimate({ model: { parameters: 1e9 }, data: [{ kind: 'VIDEO', count: 1, width, height, ...source }], tokenizer }).tokens.sources[0].tokensPerSequence;

describe('frames, as papers give them', () => {
  it('Movie Gen: 768 px, 16 s at 16 fps = 256 frames → 32 latent frames × 48² patches = 73,728 tokens, either way', () => {
    expect(clip(MOVIE_GEN_TAE, 768, 768, { durationSeconds: 16, fps: 16 })).toBe(73_728);
    expect(clip(MOVIE_GEN_TAE, 768, 768, { frames: 256 })).toBe(73_728);
  });

  it('causal VAEs keep the first frame: (F − 1)/4 + 1 latent frames, ⌈F/4⌉ for F = 4k + 1 (HunyuanVideo, Kong et al. 2024, §3.1)', () => {
    // HunyuanVideo 720×1280 × 129 frames: 33 × (90/2 · 160/2) = 33 × 3,600 = 118,800.
    expect(clip(CAUSAL_VAE, 1280, 720, { frames: 129 })).toBe(118_800);
    // Wan 2.1, 720×1280 × 81: 21 × 3,600 = 75,600; CogVideoX, 480×720 × 49: 13 × 1,350 = 17,550.
    expect(clip(CAUSAL_VAE, 1280, 720, { frames: 81 })).toBe(75_600);
    expect(clip(CAUSAL_VAE, 720, 480, { frames: 49 })).toBe(17_550);
    for (const F of [129, 81, 49]) expect(Math.ceil(F / 4)).toBe((F - 1) / 4 + 1);
  });

  it('PIXEL counts ⌈F/pt⌉ frames of patches, SEED_2024 F · C / p² (frames standing for fps · duration)', () => {
    expect(clip({ method: 'PIXEL', patchSize: 16, temporalPatchSize: 2 }, 256, 256, { frames: 9 })).toBe(5 * 256);
    expect(clip({ method: 'SEED_2024' }, 256, 256, { frames: 480 })).toBe(clip({ method: 'SEED_2024' }, 256, 256, { durationSeconds: 20, fps: 24 }));
  });
});

describe('samples as steps × batchSize', () => {
  it('IMAGE/VIDEO: steps × batchSize items; TEXT: steps × batchSize sequences of sequenceLength tokens', () => {
    const images = estimate({ model: { parameters: 1e9 }, data: [{ kind: 'IMAGE', steps: 1000, batchSize: 64, width: 256, height: 256 }] });
    expect(images.tokens.total).toBe(1000 * 64 * 256);
    // Llama 3 style: 1M steps × 2,048 sequences of 8,192 tokens = 1.68e13 tokens; 6·N·D as for count = tokens.
    const text = estimate({ model: { parameters: 8e9 }, data: [{ kind: 'TEXT', steps: 1e6, batchSize: 2048 }], training: { sequenceLength: 8192 } });
    expect(text.tokens.total).toBe(1e6 * 2048 * 8192);
    expect(text.flops.total).toBe(estimate({ model: { parameters: 8e9 }, data: [{ kind: 'TEXT', count: 1e6 * 2048 * 8192 }] }).flops.total);
    expect(text.stages[0].samples).toBe(1e6 * 2048);
    expect(text.assumptions.map((a) => a.field)).not.toContain('training.epochs');
  });

  it.each<[string, object, string, RegExp]>([
    ['count beside steps', { count: 10, steps: 10, batchSize: 4 }, 'data[0].count', /either count or steps and batchSize, not both/],
    ['steps without batchSize', { steps: 10 }, 'data[0].batchSize', /is required with steps/],
    ['batchSize without steps', { batchSize: 4 }, 'data[0].steps', /is required with batchSize/],
    ['zero steps', { steps: 0, batchSize: 4 }, 'data[0].steps', /positive integer, got 0/],
    ['fractional batch', { steps: 10, batchSize: 2.5 }, 'data[0].batchSize', /positive integer, got 2.5/],
    ['neither count nor steps', {}, 'data[0].count', /is required/],
  ])('refuses %s, naming the field', (_n, size, path, message) => {
    const spec = { model: { parameters: 1e9 }, data: [{ kind: 'IMAGE', width: 64, height: 64, ...size }] } as ScenarioSpec;
    expect(expectIssue(() => estimate(spec), path)).toMatch(message);
  });

  it('refuses epochs beside steps × batchSize, which already count every pass', () => {
    const spec: ScenarioSpec = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', steps: 10, batchSize: 4 }], training: { epochs: 2 } };
    expect(expectIssue(() => estimate(spec), 'training.epochs')).toMatch(/data\[0\] gives steps × batchSize.*already count every pass/);
    expect(() => estimate({ ...spec, training: { epochs: 1 } })).not.toThrow();
  });

  it('refuses frames beside durationSeconds or fps, and frames of 0; ignores frames on an image', () => {
    const video = (s: object): ScenarioSpec =>
      ({ model: { parameters: 1e9 }, data: [{ kind: 'VIDEO', count: 1, width: 64, height: 64, ...s }] }) as ScenarioSpec;
    expect(expectIssue(() => estimate(video({ frames: 129, fps: 24 })), 'data[0].fps')).toMatch(/either frames or durationSeconds and fps, not both/);
    expect(expectIssue(() => estimate(video({ frames: 129, durationSeconds: 5, fps: 24 })), 'data[0].durationSeconds')).toMatch(/not both/);
    expect(expectIssue(() => estimate(video({ frames: 0 })), 'data[0].frames')).toMatch(/positive integer, got 0/);
    expect(expectIssue(() => estimate(video({})), 'data[0].fps')).toMatch(/required for VIDEO sources \(or give frames\)/);
    const image = estimate({ model: { parameters: 1e9 }, data: [{ kind: 'IMAGE', count: 1, width: 64, height: 64, frames: 3 }] });
    expect(image.warnings).toContainEqual(expect.objectContaining({ code: 'IGNORED_INPUT', field: 'data[0].frames' }));
  });
});

/** Two stages of one model: images on the scenario's cluster, then video on a stage cluster of its own. */
const BASE: ScenarioSpec = {
  model: { parameters: 1e9 },
  stages: [
    { name: 'images', data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }] },
    { name: 'video', data: [{ kind: 'VIDEO', steps: 100, batchSize: 64, width: 256, height: 256, frames: 33 }], cluster: { hardware: 'h200', gpuCount: 64 } },
  ],
  tokenizer: CAUSAL_VAE,
  cluster: { hardware: 'h100-sxm', gpuCount: 32, utilization: 0.4 },
};
const withStages = (...stages: StageSpec[]): ScenarioSpec => ({ ...BASE, stages });

describe('stages override the scenario’s settings field by field', () => {
  const r = resolveScenario(BASE);

  it('a stage keeps the scenario’s settings it does not set, and its own where it does', () => {
    expect(r.staged).toBe(true);
    expect(r.stages.map((s) => [s.hardware.key, s.cluster.gpuCount, s.cluster.utilization])).toEqual([
      ['h100-sxm', 32, 0.4],
      ['h200', 64, 0.4],
    ]);
    expect(r.stages[1].own).toEqual(['cluster.hardware', 'cluster.gpuCount']);
  });

  it('reports each default once, at the path that would set it', () => {
    const fields = r.assumptions.map((a) => a.field);
    expect(fields.filter((f) => f === 'cluster.precision')).toHaveLength(1);
    // The catalog price and TDP follow the hardware: the video stage's are its own.
    expect(fields).toEqual(expect.arrayContaining(['cluster.pricePerGpuHour', 'stages[1].cluster.pricePerGpuHour', 'stages[1].cluster.tdpWatts']));
  });

  it('reports an inherited input as ignored only when no stage that inherits it uses it', () => {
    const text = { name: 'text', data: [{ kind: 'TEXT' as const, count: 1e9 }] };
    const mixed = resolveScenario(withStages(BASE.stages?.[0] as StageSpec, text));
    expect(mixed.ignoredInputs.map((i) => i.path)).toEqual([]);
    const everyStage = resolveScenario({ ...withStages({ ...text, cluster: { gpuCount: 8 } }), tokenizer: { patchSize: 2 } });
    expect(everyStage.ignoredInputs.map((i) => i.path)).toEqual(['tokenizer.patchSize', 'cluster.gpuCount']);
  });

  it.each<[string, ScenarioSpec, string, RegExp]>([
    ['data and stages both', { ...BASE, data: [{ kind: 'TEXT', count: 1 }] }, 'data', /either data or stages, not both/],
    ['an empty list', withStages(), 'stages', /at least one stage/],
    ['stages that are not a list', { ...BASE, stages: {} as never }, 'stages', /must be a list of stages/],
    [
      'a stage with 0 steps',
      withStages(BASE.stages?.[0] as StageSpec, { data: [{ kind: 'IMAGE', steps: 0, batchSize: 1, width: 8, height: 8 }] }),
      'stages[1].data[0].steps',
      /got 0/,
    ],
    ['a stage without data', withStages({ name: 'nothing' } as StageSpec), 'stages[0].data', /is required/],
    ['an unknown stage field', withStages({ ...(BASE.stages?.[0] as StageSpec), model: {} } as StageSpec), 'stages[0].model', /not a known field/],
    ['a stage’s bad cluster', withStages({ ...(BASE.stages?.[0] as StageSpec), cluster: { gpuCount: 0 } }), 'stages[0].cluster.gpuCount', /positive integer/],
    ['a stage name too long', withStages({ ...(BASE.stages?.[0] as StageSpec), name: 'x'.repeat(201) }), 'stages[0].name', /at most 200/],
  ])('refuses %s, naming the field', (_n, spec, path, message) => {
    expect(expectIssue(() => estimate(spec), path)).toMatch(message);
  });

  it('reports a bad setting of the scenario’s once, at its own path, however many stages inherit it', () => {
    const err = inputErrorOf(() => estimate({ ...BASE, cluster: { utilization: 1.5 } }));
    expect(err.issues.map((i) => i.path)).toEqual(['cluster.utilization']);
  });

  it('with a diffusion architecture, refuses stages that patch differently (one model, one patch embedding)', () => {
    const dit = { family: 'DIT' as const, layers: 2, hiddenSize: 64, heads: 4 };
    const spec: ScenarioSpec = {
      ...BASE,
      model: { architecture: dit },
      stages: [BASE.stages?.[0] as StageSpec, { ...(BASE.stages?.[1] as StageSpec), tokenizer: { patchSize: 4 } }],
    };
    expect(expectIssue(() => estimate(spec), 'stages[1].tokenizer.patchSize')).toMatch(/same in every stage.*stages\[0\] uses 2, stages\[1\] 4/);
  });
});

describe('impliedUtilization: the MFU a published GPU time implies (Epoch AI’s hardware method, backwards)', () => {
  it('round-trips: the estimate’s own GPU-hours at utilization u imply u, on one cluster and over stages on two', () => {
    for (const spec of [{ ...BASE, stages: [BASE.stages?.[0] as StageSpec] }, BASE]) {
      const e = lazyEstimate(spec);
      expectClose(e.impliedUtilization(e.cluster().gpuDays * 24), 0.4, 1e-12);
      expectClose(e.impliedUtilization(e.cluster().gpuDays * 48), 0.2, 1e-12);
    }
  });

  it('on one cluster is flops / (gpuHours · 3,600 · peak): Llama 3.1 405B’s 30.84M H100-hours imply 34.5% on 6·N·D', () => {
    // 6 · 405e9 · 15.6e12 = 3.7908e25 FLOPs / (30.84e6 h · 3,600 s · 989.4e12 FLOP/s) = 0.3451 (the Llama 3 paper reports 38–43% MFU).
    const llama = lazyEstimate({ model: { parameters: 405e9 }, data: [{ kind: 'TEXT', count: 15.6e12 }], cluster: { hardware: 'h100-sxm' } });
    expectClose(llama.impliedUtilization(30.84e6), (6 * 405e9 * 15.6e12) / (30.84e6 * 3600 * 989.4e12), 1e-12);
    expectClose(llama.impliedUtilization(30.84e6), 0.3451, 0.001);
  });

  it('with recomputation implies the MFU, below the HFU the estimate ran at: u · flops / hardwareFlops', () => {
    const e = lazyEstimate({ ...BASE, training: { recomputation: 'FULL' } });
    expectClose(e.impliedUtilization(e.cluster().gpuHours), (0.4 * e.flops().total) / e.flops().hardware, 1e-12);
  });

  it.each([0, -1, NaN, Infinity])('refuses gpuHours = %s, naming gpuHours', (gpuHours) => {
    expect(expectIssue(() => lazyEstimate(BASE).impliedUtilization(gpuHours), 'gpuHours')).toMatch(/positive finite number/);
  });
});
