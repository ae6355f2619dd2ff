/** Inference, asked of an estimate: FLOPs, GPU-seconds and cost per generated sample; samples to match training. */
import { InferenceOptions, ScenarioSpec, estimate, inferenceEstimate } from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

const IMAGES: ScenarioSpec = {
  model: { parameters: 1e9 },
  // 256×256 → latent 32×32 → 2×2 patches: 16 × 16 = 256 tokens per image
  data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }],
  cluster: { hardware: 'h100-sxm', utilization: 0.4 },
};

/** The article's dataset in latent patches with a 3e9-parameter, 32 × 2,560 shape and the attention term (6·N·D path). */
const SORA_LATENT: ScenarioSpec = {
  model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
  data: [
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, durationSeconds: 30, fps: 60 },
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024 },
  ],
  tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
  training: { attention: true },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 10_000, utilization: 0.4 },
};

/** Inference with the model and cluster of `spec`, trained as estimated. */
const inferenceOf = (spec: ScenarioSpec, opts?: InferenceOptions) => inferenceEstimate(estimate(spec), opts);

describe('inferenceEstimate', () => {
  it('is steps × 2·N·T × 2 (guidance) without a known shape', () => {
    // 50 × 2 × 1e9 × 256 × 2 = 5.12e13 FLOPs; at 989.4e12 × 0.4 FLOP/s: 0.1294 GPU-seconds
    // training: 6 × 1e9 × (1e6 × 256) = 1.536e18 → 1.536e18 / 5.12e13 = 30,000 samples
    const r = inferenceOf(IMAGES);
    expect(r).toMatchObject({ steps: 50, guidance: true, sourceIndex: 0, tokensPerSample: 256, attentionIncluded: false });
    expectClose(r.flopsPerSample, 5.12e13, 1e-12);
    expectClose(r.gpuSecondsPerSample, 5.12e13 / (989.4e12 * 0.4), 1e-12);
    expectClose(r.costPerSampleUsd!, (5.12e13 / (989.4e12 * 0.4) / 3600) * 2.99, 1e-12);
    expectClose(r.samplesToMatchTraining, 30_000, 1e-12);
  });

  it('halves without guidance or with half the steps', () => {
    const full = inferenceOf(IMAGES).flopsPerSample;
    expectClose(inferenceOf(IMAGES, { guidance: false }).flopsPerSample, full / 2, 1e-12);
    expectClose(inferenceOf(IMAGES, { steps: 25 }).flopsPerSample, full / 2, 1e-12);
  });

  it('adds the forward attention term 4·L·d·T per token when the shape is known (the article’s data in latent patches)', () => {
    // One 30 s clip: T = 3,571,200 tokens; N = 3e9, L = 32, d = 2,560
    // per step: 2 × 3e9 × 3,571,200 + 4 × 32 × 2,560 × 3,571,200² = 2.14272e16 + 4.17906e18 = 4.20049e18
    // × 50 steps × 2 (guidance) = 4.20049e20 FLOPs per clip
    const r = inferenceOf(SORA_LATENT);
    expect(r.sourceIndex).toBe(0);
    expect(r.tokensPerSample).toBe(3_571_200);
    expect(r.attentionIncluded).toBe(true);
    const T = 3_571_200;
    expectClose(r.flopsPerSample, 50 * 2 * (2 * 3e9 * T + 4 * 32 * 2560 * T * T), 1e-12);
    expectClose(r.flopsPerSample, 4.20049e20, 1e-5);
    expectClose(r.gpuSecondsPerSample, r.flopsPerSample / (312e12 * 0.4), 1e-12);
  });

  it('uses the source it is told to', () => {
    const spec: ScenarioSpec = { ...IMAGES, data: [{ kind: 'TEXT', count: 1e9 }, ...IMAGES.data!] };
    expect(inferenceOf(spec).sourceIndex).toBe(1); // first IMAGE/VIDEO source by default
    expect(inferenceOf(spec, { sourceIndex: 1 }).tokensPerSample).toBe(256);
  });

  it('treats a TEXT sample as one sequence: one pass, no guidance', () => {
    // 2 × 7e9 × 4096 = 5.7344e13
    const r = inferenceOf({ model: { parameters: 7e9 }, data: [{ kind: 'TEXT', count: 1e12 }], training: { sequenceLength: 4096 } });
    expect(r).toMatchObject({ steps: 1, guidance: false, sourceIndex: null, tokensPerSample: 4096 });
    expectClose(r.flopsPerSample, 5.7344e13, 1e-12);
  });

  it('gives a null cost without a price', () => {
    expect(inferenceOf({ ...IMAGES, cluster: { hardware: 'tpu-v5p' } }).costPerSampleUsd).toBeNull();
  });

  it.each<[string, object, string]>([
    ['zero steps', { steps: 0 }, 'inference.steps'],
    ['fractional steps', { steps: 2.5 }, 'inference.steps'],
    ['guidance as a string', { guidance: 'yes' }, 'inference.guidance'],
    ['a source that does not exist', { sourceIndex: 3 }, 'inference.sourceIndex'],
    ['a negative source', { sourceIndex: -1 }, 'inference.sourceIndex'],
  ])('rejects %s on %s', (_n, opts, path) => {
    expectIssue(() => inferenceOf(IMAGES, opts as never), path);
  });

  it('reports every problem with the options together', () => {
    const err = inputErrorOf(() => inferenceOf(IMAGES, { steps: 0, guidance: 'yes', sourceIndex: 3 } as never));
    expect(err.issues.map((i) => i.path)).toEqual(['inference.steps', 'inference.guidance', 'inference.sourceIndex']);
  });

  it('names a bad scenario on its own field: it fails when estimated, before any option is read', () => {
    expectIssue(() => inferenceOf({ ...IMAGES, model: { parameters: 0 } }, { steps: 0 }), 'model.parameters');
  });
});
