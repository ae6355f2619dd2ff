/**
 * The seed article (2024, summarised in docs/article.md): Sora's training compute, reproduced bug
 * for bug, then corrected. Expected values are worked by hand here, never taken from the code.
 */
import { DataSourceSpec, ScenarioSpec, computeTokens, estimate, findPreset, resolveScenario } from '../../src/core';
import { expectClose } from './helpers';

/** The article's four assumptions, as a scenario. */
const ARTICLE: ScenarioSpec = {
  model: { parameters: 3e9 }, // "参数量大概在 30 亿" = 3e9
  data: [
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024, channels: 3 },
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, channels: 3, durationSeconds: 30, fps: 60 },
  ],
  tokenizer: { method: 'SEED_2024', patchSize: 16 },
  training: { epochs: 1 },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'FP32', gpuCount: 10_000, utilization: 1.0 },
};

const codes = (s: ScenarioSpec): string[] => estimate(s).warnings.map((w) => w.code);

describe('the seed article, reproduced exactly (SEED_2024)', () => {
  const e = estimate(ARTICLE);

  it('counts 1.42561e14 tokens: (6e9·1024·1980·3 + 35e6·60·30·3) / 16²', () => {
    // images: 6e9 × 1024 × 1980 × 3 = 36,495,360,000,000,000 "patches" (the article: 3.65e16)
    // videos: 35e6 × 60 × 30 × 3   =            189,000,000,000 (the article: 1.89e11; resolution left out)
    // sum / 256 = 36,495,549,000,000,000 / 256 = 142,560,738,281,250
    expect(e.tokens.total).toBe(142_560_738_281_250);
    expectClose(e.tokens.total, 1.42561e14, 0.001);
  });

  it("needs 2.56609e24 FLOPs = 6 × 3e9 × tokens, 8.17x GPT-3's 3.14e23", () => {
    expectClose(e.flops.total, 2.56609e24, 0.001);
    expect(e.flops.attention).toBe(0);
    expect(e.flops.attentionShare).toBe(0);
    expectClose(e.ratioVsGPT3, 8.17, 0.001);
  });

  it('is 29,700 PF-days and 152.3 days on 10,000 A100s at 19.5 TFLOP/s', () => {
    // The article prints 30,093 PF-days and 154 days because it first rounds the FLOPs to 2.6e24:
    // 2.6e24 / 8.64e19 = 30,093 and 2.6e24 / (19.5e12 × 10,000) / 86,400 = 154.3. Unrounded:
    // 2.56609e24 / 8.64e19 = 29,700 and 2.56609e24 / 1.95e17 / 86,400 = 152.3.
    expectClose(e.cluster.pfDays, 29_700, 0.001);
    expectClose(e.cluster.wallClockDays, 152.3, 0.001);
    expectClose(e.cluster.gpuDays, 152.3 * 10_000, 0.001);
    expectClose(2.6e24 / 8.64e19, 30_093, 0.0001);
    expectClose(2.6e24 / (19.5e12 * 10_000) / 86_400, 154.3, 0.001);
  });

  it('prices it from the catalog: GPU-hours × $1.99, and energy at 400 W × PUE 1.2', () => {
    const gpuHours = 2.56609e24 / 19.5e12 / 3600;
    expectClose(e.cluster.gpuHours, gpuHours, 0.001);
    expectClose(e.cluster.costUsd as number, gpuHours * 1.99, 0.001);
    expectClose(e.cluster.energyMWh as number, (gpuHours * 400 * 1.2) / 1e6, 0.001);
  });

  it("flags both of the article's tokenization slips", () => {
    expect(codes(ARTICLE)).toEqual(expect.arrayContaining(['SEED_VIDEO_RESOLUTION_IGNORED', 'SEED_CHANNELS_COUNTED_AS_TOKENS']));
  });

  it('is what the sora-2024 preset holds', () => {
    const preset = estimate(findPreset('sora-2024')!.input);
    expect(preset.tokens.total).toBe(e.tokens.total);
    expect(preset.cluster.wallClockDays).toBe(e.cluster.wallClockDays);
  });
});

describe('the seed dataset, tokenized correctly', () => {
  const corrected = (tokenizer: ScenarioSpec['tokenizer']): ScenarioSpec => ({
    ...ARTICLE,
    data: ARTICLE.data!.map(({ channels: _c, ...s }) => s),
    tokenizer,
  });

  it('PIXEL: 16×16 patches on every frame, channels inside the patch', () => {
    // patches per frame: ceil(1024/16) × ceil(1980/16) = 64 × ceil(123.75) = 64 × 124 = 7,936
    // one image: 7,936 tokens               → 6e9 images: 6e9 × 7,936 = 4.7616e13
    // one clip: round(30 × 60) = 1,800 frames × 7,936 = 14,284,800 → 35e6 clips: 4.99968e14
    // total 4.7616e13 + 4.99968e14 = 5.47584e14 (3.84x the article's count)
    const t = computeTokens(resolveScenario(corrected({ method: 'PIXEL', patchSize: 16 })));
    expect(t.sources[0].tokensPerSequence).toBe(7_936);
    expect(t.sources[1].tokensPerSequence).toBe(14_284_800);
    expect(t.sources[0].tokens).toBe(4.7616e13);
    expect(t.sources[1].tokens).toBe(4.99968e14);
    expect(t.total).toBe(5.47584e14);
    expectClose(t.sources[1].share, 4.99968e14 / 5.47584e14, 1e-12);
    // dense FLOPs 6 × 3e9 × 5.47584e14 = 9.856512e24
    expectClose(estimate(corrected({ method: 'PIXEL' })).flops.total, 9.856512e24, 1e-12);
  });

  it('LATENT: an 8×/4× VAE, then 2×2 patches', () => {
    // latent frame: ceil(1024/8) × ceil(1980/8) = 128 × ceil(247.5) = 128 × 248
    // patches: ceil(128/2) × ceil(248/2) = 64 × 124 = 7,936 per image
    // clip: ceil(1,800 / 4) = 450 latent frames × 7,936 = 3,571,200
    // total 6e9 × 7,936 + 35e6 × 3,571,200 = 4.7616e13 + 1.24992e14 = 1.72608e14
    const t = computeTokens(resolveScenario(corrected({}))); // LATENT with its defaults p=2, fs=8, ft=4
    expect(t.sources[0].tokensPerSequence).toBe(7_936);
    expect(t.sources[1].tokensPerSequence).toBe(3_571_200);
    expect(t.total).toBe(1.72608e14);
  });

  it('pads partial patches and partial temporal groups (ceil), and rounds frames', () => {
    // 2.01 s × 24 fps = 48.24 → 48 frames; VAE: ceil(48/4) = 12; temporal patches of 5: ceil(12/5) = 3
    // 100×30 px: VAE ceil(100/8) = 13, ceil(30/8) = 4; patches of 3: ceil(13/3) × ceil(4/3) = 5 × 2 = 10
    // one clip: 3 × 10 = 30 tokens
    const clip: DataSourceSpec = { kind: 'VIDEO', count: 1, width: 30, height: 100, durationSeconds: 2.01, fps: 24 };
    const latent = computeTokens(
      resolveScenario({
        model: { parameters: 1e6 },
        data: [clip],
        tokenizer: { method: 'LATENT', patchSize: 3, temporalPatchSize: 5, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
      }),
    );
    expect(latent.total).toBe(30);
    // PIXEL, p=16, pt=5: ceil(100/16) × ceil(30/16) = 7 × 2 = 14 per frame; ceil(48/5) = 10 → 140
    const pixel = computeTokens(resolveScenario({ model: { parameters: 1e6 }, data: [clip], tokenizer: { method: 'PIXEL', temporalPatchSize: 5 } }));
    expect(pixel.total).toBe(140);
  });
});

describe('attention on long media sequences', () => {
  // A 30 s 1080p clip at 60 fps in latent space: ceil(1080/8) = 135 → ceil(135/2) = 68 rows,
  // ceil(1920/8) = 240 → 120 columns: 8,160 patches per latent frame; ceil(1,800/4) = 450 latent
  // frames: T = 450 × 8,160 = 3,672,000 tokens per clip. DiT-3B shape: L = 32, d = 2,560, N = 3e9.
  // attention / dense = 12·L·d·T / 6N = 12 × 32 × 2,560 × 3,672,000 / 1.8e10 = 200.5
  const clip1080p: ScenarioSpec = {
    model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
    data: [{ kind: 'VIDEO', count: 1000, width: 1920, height: 1080, durationSeconds: 30, fps: 60 }],
    tokenizer: { method: 'LATENT' },
    training: { attention: true },
  };

  it('dominates training compute by ~200x for a 30 s 1080p clip in latent space', () => {
    const e = estimate(clip1080p);
    expect(e.tokens.sources[0].tokensPerSequence).toBe(3_672_000);
    expectClose(e.flops.attention / e.flops.dense, 200.5, 0.001);
    expectClose(e.flops.attentionShare, 200.5 / 201.5, 0.001);
    expect(e.flops.total).toBe(e.flops.dense + e.flops.attention);
    const w = e.warnings.find((x) => x.code === 'ATTENTION_DOMINATES');
    expect(w?.field).toBe('training.attention');
    expect(w?.message).toMatch(/200\.5x/);
  });

  it('is 12·L·d·T per token for TEXT with T = sequenceLength (PaLM appendix B)', () => {
    // 12 × 2 × 64 × 1,000 × 1e6 tokens = 1.536e12; dense 6 × 1e6 × 1e6 = 6e12
    const e = estimate({
      model: { parameters: 1e6, layers: 2, hiddenSize: 64 },
      data: [{ kind: 'TEXT', count: 1e6 }],
      training: { attention: true, sequenceLength: 1000 },
    });
    expect(e.flops.attention).toBe(1.536e12);
    expect(e.flops.dense).toBe(6e12);
    expectClose(e.flops.attentionShare, 1.536 / 7.536, 1e-12);
    expect(e.warnings.map((w) => w.code)).not.toContain('ATTENTION_DOMINATES');
  });

  it('multiplies every term by the epochs', () => {
    const one = estimate(clip1080p);
    const two = estimate({ ...clip1080p, training: { attention: true, epochs: 2.5 } });
    expectClose(two.flops.dense, 2.5 * one.flops.dense, 1e-12);
    expectClose(two.flops.attention, 2.5 * one.flops.attention, 1e-12);
  });
});
