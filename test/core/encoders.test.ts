/**
 * Frozen encoders (issue 17, part 3): a text encoder or VAE that runs forward, never backward, on
 * every training sample unless its outputs are precomputed; counted in FLOPs as Epoch AI counts a
 * frozen component's forward passes (docs/model.md, "Frozen encoders").
 */
import { ENCODER_KEYS, MAX_ENCODERS, ScenarioSpec, estimate, sweep } from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

/**
 * T5 v1.1 XXL's encoder (google/t5-v1_1-xxl, as SD3 and PixArt-α load it with T5EncoderModel): 24 layers of
 * d_model 4096, 64 heads × 64, gated FFN 10240, vocabulary 32128 — 24 · (4 · 4096² + 3 · 4096 · 10240 + 2 · 4096)
 * + 32128 · 4096 + 4096 + 32 · 64 = 4,762,310,656 parameters. Open-Sora 2.0 and Wan 2.1 give it 512 tokens.
 */
const T5_XXL = { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 };
const T5_FORWARD = 2 * 4_762_310_656 * 512; // 4.877e12 FLOPs per sample (Kaplan et al. 2020: forward = 2·N per token)

/** A PixArt-α-like DiT with cross-attention on 256² images, 10,000 steps × 256 = 2.56e6 samples. */
const PIXART = { family: 'CROSS_DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, contextTokens: 120, contextSize: 4096, outputChannels: 8 };
const RUN: ScenarioSpec = {
  model: { architecture: PIXART },
  data: [{ kind: 'IMAGE', steps: 10_000, batchSize: 256, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  training: { recomputation: 'FULL' },
  cluster: { hardware: 'h100-sxm', gpuCount: 64 },
};
const SAMPLES = 10_000 * 256;
const withEncoders = (spec: ScenarioSpec, encoders: NonNullable<ScenarioSpec['model']['encoders']>): ScenarioSpec => ({
  ...spec,
  model: { ...spec.model, encoders },
});
const shareSum = (e: ReturnType<typeof estimate>) => e.flops.components.reduce((s, c) => s + c.share, 0);

describe('a frozen encoder runs forward once on every training sample', () => {
  const plain = estimate(RUN);
  const t5 = estimate(withEncoders(RUN, [T5_XXL]));

  it('T5-XXL on 512 tokens adds 2 · 4.76e9 · 512 = 4.88e12 FLOPs per sample, to flops, hardwareFlops and stages[0].flops', () => {
    expectClose(T5_FORWARD, 4.877e12, 1e-3);
    expectClose(t5.flops.total - plain.flops.total, T5_FORWARD * SAMPLES, 1e-12);
    expect(t5.flops.encoders).toBe(T5_FORWARD * SAMPLES);
    // Forward only: FULL recomputation runs the model's blocks again, never the frozen encoder.
    expectClose(t5.flops.hardware - plain.flops.hardware, T5_FORWARD * SAMPLES, 1e-12);
    expectClose(t5.stages[0].flops - plain.stages[0].flops, T5_FORWARD * SAMPLES, 1e-12);
    expectClose(t5.stages[0].hardwareFlops - plain.stages[0].hardwareFlops, T5_FORWARD * SAMPLES, 1e-12);
  });

  it('is the ENCODERS component of the breakdown, after the model’s six; the model’s own components and forward pass are unchanged', () => {
    expect(t5.flops.components.map((c) => c.component)).toEqual(['linear', 'attention', 'crossAttention', 'context', 'conditioning', 'embeddings', 'encoders']);
    expect(t5.flops.components[6].flops).toBe(T5_FORWARD * SAMPLES);
    for (let i = 0; i < 6; i++) expect(t5.flops.components[i].flops).toBe(plain.flops.components[i].flops);
    expect(t5.flops.dense).toBe(plain.flops.dense);
    expect(t5.flops.attention).toBe(plain.flops.attention);
    expectClose(t5.stages[0].forwardFlopsPerSample, plain.stages[0].forwardFlopsPerSample, 1e-12);
  });

  it('costs time: GPU-days grow as the hardware FLOPs do', () => {
    expectClose(t5.cluster.gpuDays / plain.cluster.gpuDays, t5.flops.hardware / plain.flops.hardware, 1e-12);
  });

  it('the breakdown’s shares still sum to 1, and its FLOPs to flops', () => {
    expectClose(shareSum(t5), 1, 1e-12);
    expectClose(
      t5.flops.components.reduce((s, c) => s + c.flops, 0),
      t5.flops.total,
      1e-12,
    );
  });

  it('records that it runs, unless the scenario says whether its outputs are precomputed', () => {
    expect(t5.assumptions).toContainEqual({
      field: 'model.encoders[0].precomputed',
      value: false,
      reason: expect.stringMatching(/runs forward on every training sample/),
    });
    const said = estimate(withEncoders(RUN, [{ ...T5_XXL, precomputed: false }]));
    expect(said.assumptions.map((a) => a.field)).not.toContain('model.encoders[0].precomputed');
    expect(said.flops.total).toBe(t5.flops.total);
  });

  it('precomputed adds nothing, and is still listed (ENCODERS at 0)', () => {
    const pre = estimate(withEncoders(RUN, [{ ...T5_XXL, precomputed: true }]));
    expect([pre.flops.total, pre.flops.hardware, pre.cluster.gpuDays]).toEqual([plain.flops.total, plain.flops.hardware, plain.cluster.gpuDays]);
    expect(pre.flops.components.at(-1)).toEqual({ component: 'encoders', flops: 0, share: 0 });
    expectClose(shareSum(pre), 1, 1e-12);
  });

  it('several encoders add up; a given forwardFlopsPerSample is used as it is (a VAE encoder’s convolutions are not 2·N·T)', () => {
    const vae = { name: 'VAE encoder', forwardFlopsPerSample: 1.1e12 };
    const both = estimate(withEncoders(RUN, [T5_XXL, vae]));
    expectClose(both.flops.encoders, (T5_FORWARD + 1.1e12) * SAMPLES, 1e-12);
  });

  it('an empty list is no encoders: the estimate is exactly the one without', () => {
    const none = estimate(withEncoders(RUN, []));
    expect(none.flops).toEqual(plain.flops);
    expect(none.stages).toEqual(plain.stages);
  });
});

describe('a convolutional encoder costs forwardFlopsPerPixel × width × height × frames of each sample', () => {
  /** Wan-VAE's encoder: 5,002,856 FLOPs per input pixel per frame (docs/references.md, "Frozen encoders of the recipes"). */
  const WAN_VAE = { name: 'Wan-VAE encoder', forwardFlopsPerPixel: 5_002_856 };
  const WAN = { family: 'CROSS_DIT' as const, layers: 4, hiddenSize: 512, heads: 8, contextTokens: 512, contextSize: 4096, latentChannels: 16 };
  const TOKENIZER = { method: 'LATENT' as const, vaeSpatialFactor: 8, vaeTemporalFactor: 4, patchSize: 2, temporalPatchSize: 1 };
  const one = (data: NonNullable<ScenarioSpec['data']>, encoders: NonNullable<ScenarioSpec['model']['encoders']>, training = {}) =>
    estimate({ model: { architecture: WAN, encoders }, data, tokenizer: TOKENIZER, training, cluster: { hardware: 'h100-sxm', gpuCount: 8 } });
  const image = { kind: 'IMAGE' as const, count: 1000, width: 256, height: 256 };
  const clip = { kind: 'VIDEO' as const, count: 1000, width: 1280, height: 720, frames: 81 };

  it('a 720p 81-frame clip through Wan’s VAE costs 1280·720·81 / 256² = 1,139× a 256² image’s, per sample', () => {
    const img = one([image], [WAN_VAE]);
    const vid = one([clip], [WAN_VAE]);
    expect(img.flops.encoders).toBe(5_002_856 * 256 * 256 * 1000);
    expect(vid.flops.encoders).toBe(5_002_856 * 1280 * 720 * 81 * 1000);
    expectClose(vid.flops.encoders / img.flops.encoders, (1280 * 720 * 81) / (256 * 256), 1e-12);
    expectClose((1280 * 720 * 81) / (256 * 256), 1139, 0.001);
  });

  it('frames as durationSeconds × fps count as frames do: 5 s at 16 fps is 80 frames', () => {
    const byTime = one([{ kind: 'VIDEO', count: 10, width: 832, height: 480, durationSeconds: 5, fps: 16 }], [WAN_VAE]);
    expect(byTime.flops.encoders).toBe(5_002_856 * 832 * 480 * 80 * 10);
  });

  it('each source at its own cost, × epochs, in flops, hardwareFlops, stages[].flops and the breakdown (forward only: FULL recomputation does not repeat it)', () => {
    const plain = estimate({ model: { architecture: WAN }, data: [image, clip], tokenizer: TOKENIZER, training: { epochs: 2, recomputation: 'FULL' } });
    const e = one([image, clip], [WAN_VAE], { epochs: 2, recomputation: 'FULL' });
    const expected = 5_002_856 * (256 * 256 + 1280 * 720 * 81) * 1000 * 2;
    expectClose(e.flops.encoders, expected, 1e-12);
    expectClose(e.flops.total - plain.flops.total, expected, 1e-12);
    expectClose(e.flops.hardware - plain.flops.hardware, expected, 1e-12);
    expectClose(e.stages[0].flops - plain.stages[0].flops, expected, 1e-12);
    expect(e.flops.components.at(-1)).toEqual({ component: 'encoders', flops: e.flops.encoders, share: e.flops.encoders / e.flops.total });
    expectClose(e.stages[0].forwardFlopsPerSample, plain.stages[0].forwardFlopsPerSample, 1e-12);
  });

  it('with stages: each stage’s encoder FLOPs are its own samples at its own resolution', () => {
    const spec: ScenarioSpec = {
      model: { architecture: WAN, encoders: [WAN_VAE] },
      stages: [
        { name: '256² images', data: [{ kind: 'IMAGE', steps: 100, batchSize: 64, width: 256, height: 256 }] },
        { name: '720p clips', data: [{ kind: 'VIDEO', steps: 10, batchSize: 8, width: 1280, height: 720, frames: 81 }] },
      ],
      tokenizer: TOKENIZER,
    };
    const e = estimate(spec);
    const plain = estimate({ ...spec, model: { architecture: WAN } });
    expectClose(e.stages[0].flops - plain.stages[0].flops, 5_002_856 * 256 * 256 * 6400, 1e-12);
    expectClose(e.stages[1].flops - plain.stages[1].flops, 5_002_856 * 1280 * 720 * 81 * 80, 1e-12);
  });

  it('a TEXT source adds nothing: the VAE does not run on text', () => {
    const text = { kind: 'TEXT' as const, count: 2048e6 };
    const withText = one([image, text], [WAN_VAE]);
    expect(withText.flops.encoders).toBe(one([image], [WAN_VAE]).flops.encoders);
    const onlyText = estimate({ model: { parameters: 1e9, encoders: [WAN_VAE] }, data: [text] });
    expect(onlyText.flops.encoders).toBe(0);
    expect(onlyText.flops.total).toBe(estimate({ model: { parameters: 1e9 }, data: [text] }).flops.total);
  });

  it('precomputed adds nothing', () => {
    const pre = one([image, clip], [{ ...WAN_VAE, precomputed: true }]);
    const plain = estimate({ model: { architecture: WAN }, data: [image, clip], tokenizer: TOKENIZER, cluster: { hardware: 'h100-sxm', gpuCount: 8 } });
    expect([pre.flops.total, pre.flops.hardware, pre.cluster.gpuDays]).toEqual([plain.flops.total, plain.flops.hardware, plain.cluster.gpuDays]);
    expect(pre.flops.encoders).toBe(0);
  });

  it('a step’s hardware FLOPs count it per source: a step faster than the hardware is judged with the clip’s VAE cost', () => {
    // 32 images of 256² a step on 1 H100 at 40%: the tiny model's step is far under 10 ms; Wan-VAE's 32 × 3.28e11 FLOPs take 27 ms.
    const data = [{ kind: 'IMAGE' as const, steps: 1, batchSize: 32, width: 256, height: 256 }];
    const cluster = { hardware: 'h100-sxm', gpuCount: 1, utilization: 0.4 };
    const codesOf = (encoders: NonNullable<ScenarioSpec['model']['encoders']>) =>
      estimate({ model: { architecture: { ...WAN, layers: 1, hiddenSize: 64, heads: 1 }, encoders }, data, tokenizer: TOKENIZER, cluster }).warnings.map(
        (w) => w.code,
      );
    expect(codesOf([])).toContain('STEP_FASTER_THAN_HARDWARE');
    expect(codesOf([WAN_VAE])).not.toContain('STEP_FASTER_THAN_HARDWARE');
    // Over a TEXT source the same encoder adds nothing, so the step stays too fast.
    const text = estimate({
      model: { parameters: 1e6, encoders: [WAN_VAE] },
      data: [{ kind: 'TEXT', steps: 1, batchSize: 32 }],
      training: { sequenceLength: 16 },
      cluster,
    });
    expect(text.warnings.map((w) => w.code)).toContain('STEP_FASTER_THAN_HARDWARE');
  });

  it('ENCODERS_DOMINATE weighs it per source: a VAE that costs more than a small model at 720p', () => {
    const e = one([clip], [WAN_VAE]);
    expect(e.flops.encoders).toBeGreaterThan(e.flops.total - e.flops.encoders);
    expect(e.warnings.map((w) => w.code)).toContain('ENCODERS_DOMINATE');
    expect(one([{ ...image, width: 8, height: 8 }], [{ ...WAN_VAE, forwardFlopsPerPixel: 1 }]).warnings.map((w) => w.code)).not.toContain('ENCODERS_DOMINATE');
  });

  it('an overflow is refused naming the per-pixel cost or the side that grew it, never Infinity', () => {
    expect(expectIssue(() => one([clip], [{ ...WAN_VAE, forwardFlopsPerPixel: 1e300 }]), 'model.encoders[0].forwardFlopsPerPixel')).toMatch(/overflows/);
    expect(expectIssue(() => one([{ ...clip, width: 1e300 }], [WAN_VAE]), 'data[0].width')).toMatch(/overflows/);
  });

  it('a sweep over model.encoders[j].forwardFlopsPerPixel matches fresh estimates', () => {
    const spec: ScenarioSpec = { model: { architecture: WAN, encoders: [WAN_VAE] }, data: [image, clip], tokenizer: TOKENIZER };
    const s = sweep(spec, [{ path: 'model.encoders[0].forwardFlopsPerPixel', values: [1e6, 9.07e6] }]);
    expect(s.series.flops).toEqual(
      [1e6, 9.07e6].map((v) => estimate({ ...spec, model: { architecture: WAN, encoders: [{ ...WAN_VAE, forwardFlopsPerPixel: v }] } }).flops.total),
    );
  });

  it('a sweep over a source’s width or frames moves a per-pixel encoder’s FLOPs with it, as fresh estimates do', () => {
    const spec: ScenarioSpec = { model: { architecture: WAN, encoders: [WAN_VAE] }, data: [image, clip], tokenizer: TOKENIZER };
    const at = (d: Partial<typeof clip>) => estimate({ ...spec, data: [image, { ...clip, ...d }] });
    const widths = sweep(spec, [{ path: 'data[1].width', values: [832, 1280] }]);
    expect(widths.series.flops).toEqual([832, 1280].map((width) => at({ width }).flops.total));
    const frames = sweep(spec, [{ path: 'data[1].frames', values: [49, 81] }]);
    expect(frames.series.flops).toEqual([49, 81].map((f) => at({ frames: f }).flops.total));
    expectClose(at({ frames: 81 }).flops.encoders - at({ frames: 49 }).flops.encoders, 5_002_856 * 1280 * 720 * 32 * 1000, 1e-12);
  });
});

describe('ENCODERS_DOMINATE', () => {
  /** DiT-XL/2 on 256² images: 3 × 2.37e11 FLOPs per training sample (Peebles & Xie 2023, Table 4). */
  const DIT = { family: 'DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, outputChannels: 8, classes: 1000 };
  const dit = (encoders: NonNullable<ScenarioSpec['model']['encoders']>) =>
    estimate({ ...RUN, model: { architecture: DIT, encoders }, training: {} }).warnings.filter((w) => w.code === 'ENCODERS_DOMINATE');

  it('fires when the encoders cost more than the training they feed: T5-XXL on 512 tokens is 6.85x DiT-XL/2’s 3 × 2.37e11 per sample', () => {
    const [w] = dit([T5_XXL]);
    expect(w.field).toBe('model.encoders');
    expect(w.message).toMatch(/T5-XXL encoder: 1\.25e19 FLOPs.*6\.852x the model's own training FLOPs.*precomputed: true/);
  });

  it('does not fire when they are precomputed, or cost less than the model', () => {
    expect(dit([{ ...T5_XXL, precomputed: true }])).toEqual([]);
    expect(dit([{ name: 'CLIP-L', parameters: 1.23e8, tokensPerSample: 77 }])).toEqual([]);
  });
});

describe('without an architecture (the 6·N·D path)', () => {
  it('counts items of IMAGE and VIDEO sources as samples, × epochs: 6·N·D + forward · samples · E', () => {
    const spec: ScenarioSpec = {
      model: { parameters: 1e9, encoders: [T5_XXL] },
      data: [
        { kind: 'IMAGE', count: 1e6, width: 256, height: 256 },
        { kind: 'VIDEO', count: 1e4, width: 256, height: 256, frames: 33 },
      ],
      training: { epochs: 2 },
    };
    const e = estimate(spec);
    const plain = estimate({ ...spec, model: { parameters: 1e9 } });
    expect(e.flops.encoders).toBe(T5_FORWARD * (1e6 + 1e4) * 2);
    expect(e.flops.total).toBe(plain.flops.total + e.flops.encoders);
    expect(e.flops.dense).toBe(6 * 1e9 * plain.tokens.total * 2);
    expect(e.flops.components.map((c) => c.component)).toEqual(['linear', 'encoders']);
    expectClose(shareSum(e), 1, 1e-12);
  });

  it('TEXT: a sample is a training sequence of sequenceLength tokens, as stages[].samples counts it', () => {
    const e = estimate({
      model: { parameters: 1e9, encoders: [{ name: 'vision tower', forwardFlopsPerSample: 1e11 }] },
      data: [{ kind: 'TEXT', count: 2048e6 }],
    });
    expect(e.stages[0].samples).toBe(1e6);
    expect(e.flops.encoders).toBe(1e11 * 1e6);
  });

  it('with recomputation, FULL’s 4/3 is of the model’s FLOPs only', () => {
    const spec: ScenarioSpec = {
      model: { parameters: 1e9, encoders: [T5_XXL] },
      data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }],
      training: { recomputation: 'FULL' },
    };
    const e = estimate(spec);
    expectClose(e.flops.hardware, ((e.flops.total - e.flops.encoders) * 4) / 3 + e.flops.encoders, 1e-12);
  });
});

describe('with stages', () => {
  it('counts on every sample of every stage: each stage’s flops gain forward × its samples', () => {
    const spec: ScenarioSpec = {
      model: { architecture: PIXART, encoders: [T5_XXL] },
      stages: [
        { name: '256 px', data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }] },
        { name: '512 px', data: [{ kind: 'IMAGE', steps: 500, batchSize: 64, width: 512, height: 512 }], cluster: { gpuCount: 128 } },
      ],
      tokenizer: { method: 'LATENT', patchSize: 2 },
    };
    const e = estimate(spec);
    const plain = estimate({ ...spec, model: { architecture: PIXART } });
    expectClose(e.stages[0].flops - plain.stages[0].flops, T5_FORWARD * 256_000, 1e-12);
    expectClose(e.stages[1].flops - plain.stages[1].flops, T5_FORWARD * 32_000, 1e-12);
    expect(e.flops.encoders).toBe(T5_FORWARD * 256_000 + T5_FORWARD * 32_000);
    expect(e.flops.components.map((c) => c.component).at(-1)).toBe('encoders');
    expectClose(shareSum(e), 1, 1e-12);
  });
});

describe('bad encoders are refused, naming the field', () => {
  const spec = (encoders: unknown): ScenarioSpec => withEncoders(RUN, encoders as never);
  it.each<[string, unknown, string, RegExp]>([
    ['a missing name', [T5_XXL, { parameters: 1e9, tokensPerSample: 77 }], 'model.encoders[1].name', /is required/],
    ['an empty name', [{ ...T5_XXL, name: ' ' }], 'model.encoders[0].name', /non-empty string/],
    [
      'neither sizes nor forward FLOPs',
      [T5_XXL, { name: 'CLIP-L' }],
      'model.encoders[1].forwardFlopsPerSample',
      /required unless parameters and tokensPerSample/,
    ],
    ['parameters without tokensPerSample', [{ name: 'CLIP-L', parameters: 1.23e8 }], 'model.encoders[0].tokensPerSample', /required with parameters/],
    ['tokensPerSample without parameters', [{ name: 'CLIP-L', tokensPerSample: 77 }], 'model.encoders[0].parameters', /required with tokensPerSample/],
    ['zero parameters', [{ ...T5_XXL, parameters: 0 }], 'model.encoders[0].parameters', /positive finite number, got 0/],
    ['negative tokens', [T5_XXL, { ...T5_XXL, tokensPerSample: -512 }], 'model.encoders[1].tokensPerSample', /got -512/],
    ['NaN forward FLOPs', [{ name: 'VAE', forwardFlopsPerSample: NaN }], 'model.encoders[0].forwardFlopsPerSample', /got NaN/],
    ['infinite parameters', [{ ...T5_XXL, parameters: Infinity }], 'model.encoders[0].parameters', /got Infinity/],
    ['a string for parameters', [{ ...T5_XXL, parameters: '4.7e9' }], 'model.encoders[0].parameters', /got the string/],
    ['precomputed not a boolean', [{ ...T5_XXL, precomputed: 'yes' }], 'model.encoders[0].precomputed', /true or false/],
    ['an unknown field', [{ ...T5_XXL, frozen: true }], 'model.encoders[0].frozen', /not a known field; allowed here: name, parameters/],
    ['an encoder that is not an object', [3], 'model.encoders[0]', /must be an encoder object/],
    ['encoders that are not a list', { name: 'T5' }, 'model.encoders', /must be a list of encoders/],
    [`more than ${MAX_ENCODERS} encoders`, Array.from({ length: MAX_ENCODERS + 1 }, () => T5_XXL), 'model.encoders', /at most 16 encoders, got 17/],
  ])('refuses %s', (_n, encoders, path, message) => {
    expect(expectIssue(() => estimate(spec(encoders)), path)).toMatch(message);
  });

  it.each<[string, unknown, string]>([
    ['forwardFlopsPerSample and parameters with tokensPerSample', { ...T5_XXL, forwardFlopsPerSample: 5e12 }, 'model.encoders[0].forwardFlopsPerSample'],
    [
      'forwardFlopsPerPixel and forwardFlopsPerSample',
      { name: 'VAE', forwardFlopsPerSample: 1e12, forwardFlopsPerPixel: 5e6 },
      'model.encoders[0].forwardFlopsPerPixel',
    ],
    ['forwardFlopsPerPixel and parameters', { name: 'VAE', parameters: 1e8, forwardFlopsPerPixel: 5e6 }, 'model.encoders[0].forwardFlopsPerPixel'],
  ])('refuses two ways of its cost: %s', (_n, encoder, path) => {
    expect(expectIssue(() => estimate(spec([encoder])), path)).toMatch(/give exactly one way of the encoder's cost/);
  });

  it.each<[string, unknown]>([
    ['zero', 0],
    ['negative', -5e6],
    ['NaN', NaN],
    ['a string', '5e6'],
  ])('refuses a forwardFlopsPerPixel that is %s', (_n, v) => {
    expect(expectIssue(() => estimate(spec([{ name: 'VAE', forwardFlopsPerPixel: v }])), 'model.encoders[0].forwardFlopsPerPixel')).toMatch(
      /positive finite number|got/,
    );
  });

  it('reports every bad encoder at once', () => {
    const err = inputErrorOf(() => estimate(spec([{ name: 'a' }, { name: 'b', parameters: -1, tokensPerSample: 1 }])));
    expect(err.issues.map((i) => i.path)).toEqual(['model.encoders[0].forwardFlopsPerSample', 'model.encoders[1].parameters']);
  });

  it('an encoder whose FLOPs overflow is refused, naming its largest input, never Infinity', () => {
    const message = expectIssue(() => estimate(spec([T5_XXL, { name: 'huge', parameters: 1e300, tokensPerSample: 1e10 }])), 'model.encoders[1].parameters');
    expect(message).toMatch(/overflows: encoder FLOPs of data\[0\] would be Infinity.*reduce model.encoders\[1\].parameters/);
    expect(expectIssue(() => estimate(spec([{ name: 'VAE', forwardFlopsPerSample: 1e303 }])), 'model.encoders[0].forwardFlopsPerSample')).toMatch(/overflows/);
  });

  it('a sweep that overflows an encoder names the axis value', () => {
    const message = expectIssue(() => sweep(spec([T5_XXL]), [{ path: 'model.encoders[0].parameters', values: [1e9, 1e300] }]), 'sweep.axes[0].values[1]');
    expect(message).toMatch(/overflows.*at grid point 1/);
  });

  it('the keys an encoder takes', () => {
    expect(ENCODER_KEYS).toEqual(['name', 'parameters', 'tokensPerSample', 'forwardFlopsPerSample', 'forwardFlopsPerPixel', 'precomputed']);
  });
});
