/**
 * Estimates with `model.architecture` (issue 17, part 1, and recomputation): a whole scenario, from
 * its data and tokenizer to FLOPs, time and warnings, counted by operation (docs/architectures.md,
 * docs/model.md "Architectures"). Expected values are published figures (DiT, Megatron-LM,
 * Korthikanti et al.) or worked by hand in the comments, never taken from the code under test.
 * Over 300 lines: the named cases of issue 17 for a single-stage scenario, one specification.
 */
import {
  ARCHITECTURE_KEYS,
  ArchitectureSpec,
  ModelArchitectureSpec,
  PRESETS,
  ScenarioSpec,
  attentionTrainingFlops,
  denseTrainingFlops,
  estimate,
  estimateRange,
  forwardFlopsPerSample,
  inferenceEstimate,
  lazyEstimate,
  resolveScenario,
  sweep,
} from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

/** DiT-XL/2 (facebookresearch/DiT models.py DiT_XL_2: depth 28, 1152 wide, 16 heads, learn_sigma → 8 channels out, 1000 classes). */
const DIT_XL_2: ModelArchitectureSpec = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
/** GPT-3 175B (Brown et al. 2020, Table 2.1): 96 layers, d = 12,288, 96 heads, FFN 4d, vocab 50,257, tied embeddings. */
const GPT_3: ModelArchitectureSpec = { family: 'DECODER', layers: 96, hiddenSize: 12288, heads: 96, vocabSize: 50257, tiedEmbeddings: true };

/** DiT-XL/2's ImageNet run: 7M steps × batch 256 = 1.792e9 samples of 256² (Peebles & Xie 2023, §4): 1,281,167 images × 1,398.7 epochs. */
const IMAGENET = 1_281_167;
const DIT_SAMPLES = 7e6 * 256;
const DIT_RUN: ScenarioSpec = {
  name: 'DiT-XL/2 on ImageNet 256²',
  model: { architecture: DIT_XL_2 },
  data: [{ kind: 'IMAGE', count: IMAGENET, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  training: { epochs: DIT_SAMPLES / IMAGENET },
  cluster: { hardware: 'a100-sxm-80gb', gpuCount: 256 },
};

/** GPT-3 over its 300B tokens in sequences of 2,048 (Brown et al. 2020, §2.2). */
const [s, l, h, V, D] = [2048, 96, 12288, 50257, 300e9];
const GPT_3_RUN: ScenarioSpec = {
  name: 'GPT-3 175B',
  model: { architecture: GPT_3 },
  data: [{ kind: 'TEXT', count: D }],
  training: { sequenceLength: s },
  cluster: { hardware: 'a100-sxm-80gb', gpuCount: 1024, utilization: 0.4 },
};
/** Sequences of the run: Megatron-LM's B · steps. */
const SEQUENCES = D / s;

const withPatch = (a: ModelArchitectureSpec, patchSize = 2): ArchitectureSpec => ({ ...a, patchSize, temporalPatchSize: 1 });

describe('DiT-XL/2 on ImageNet 256², from a whole scenario', () => {
  const e = estimate(DIT_RUN);

  it('tokenizes a 256² image into 256 latent patches: 256/8 = 32, (32/2)² = 256', () => {
    expect(e.tokens.sources[0].tokensPerSequence).toBe(256);
    expect(e.tokens.total).toBe(IMAGENET * 256);
  });

  it('counts 118.6 GMACs = 2.37e11 FLOPs forward per sample (DiT Table 4), three of them per training sample', () => {
    const forward = e.flops.total / (3 * DIT_SAMPLES);
    expectClose(forward, 2.37e11, 0.01);
    expectClose(forward / 2, 118.6e9, 0.01);
    // The hand-worked count of test/core/architecture.test.ts: 228,304,355,328 + 8,455,716,864 + 454,459,392 + 28,311,552.
    expectClose(e.flops.total, 3 * 237_242_843_136 * DIT_SAMPLES, 1e-12);
    expect(e.flops.total).toBe(3 * forwardFlopsPerSample(withPatch(DIT_XL_2), { tokensPerSample: 256 }).total * DIT_SAMPLES);
  });

  it('6·N·D would overstate the same run by 46%: a third of N runs once per sample, not per token', () => {
    const sixND = denseTrainingFlops(e.parameters.total, e.tokens.total, DIT_SAMPLES / IMAGENET);
    expectClose(sixND / e.flops.total, 1.457, 0.005);
  });

  it('counts 674.8M parameters (675M with its frozen 256-row position table), 228.6M of them per sample, and says so', () => {
    expect(e.parameters).toEqual({
      total: 674_834_720,
      perToken: 28 * (12 * 1152 ** 2 + 9 * 1152) + 19_584 + 36_896,
      perContextToken: 0,
      perSample: 228_580_992,
      embeddingTables: 0,
      idleExperts: 0,
    });
    expectClose(e.parameters.total, 675e6, 0.01);
    expect(e.resolved.model.parameters).toBe(674_834_720);
    expect(e.assumptions.find((a) => a.field === 'model.parameters')).toMatchObject({
      value: 674_834_720,
      reason: expect.stringMatching(/model.architecture/),
    });
  });

  it('counts attention by default, and breaks the FLOPs into the components of the forward pass', () => {
    expect(e.resolved.training.attention).toBe(true);
    expect(e.assumptions.find((a) => a.field === 'training.attention')).toMatchObject({ value: true });
    const by = Object.fromEntries(e.flops.components.map((c) => [c.component, c.flops]));
    const n = 3 * DIT_SAMPLES;
    expect(Object.keys(by)).toEqual(['linear', 'attention', 'crossAttention', 'context', 'conditioning', 'embeddings']);
    expectClose(by.linear, n * 228_304_355_328, 1e-12);
    expectClose(by.attention, n * 8_455_716_864, 1e-12);
    expectClose(by.conditioning, n * 454_459_392, 1e-12);
    expectClose(by.embeddings, n * 28_311_552, 1e-12);
    expect(by.crossAttention + by.context).toBe(0);
    expectClose(
      e.flops.components.reduce((sum, c) => sum + c.share, 0),
      1,
      1e-12,
    );
    expect(e.flops.attention).toBe(by.attention);
    expectClose(e.flops.dense + e.flops.attention, e.flops.total, 1e-15);
  });

  it('without recomputation executes what it counts, and times it: GPU-days = FLOPs / (peak · u) / 86,400', () => {
    expect(e.flops.hardware).toBe(e.flops.total);
    expectClose(e.cluster.gpuDays, e.flops.total / (312e12 * 0.4) / 86_400, 1e-12);
    expectClose(e.cluster.pfDays, e.flops.total / 8.64e19, 1e-12);
  });

  it('at 512² a sample is 1,024 tokens and 524.6 GMACs = 1.05e12 FLOPs (DiT Table 4)', () => {
    const e512 = estimate({ ...DIT_RUN, data: [{ kind: 'IMAGE', count: IMAGENET, width: 512, height: 512 }] });
    expect(e512.tokens.sources[0].tokensPerSequence).toBe(1024);
    expectClose(e512.flops.total / (3 * DIT_SAMPLES) / 2, 524.6e9, 0.01);
  });
});

describe('GPT-3 175B as a DECODER, against Megatron-LM (Narayanan et al. 2021, §5.1)', () => {
  it('trains on 72·B·s·l·h²·(1 + s/6h + V/12lh) FLOPs per step, B·steps = 300B / 2,048 sequences (±0.5%)', () => {
    const e = estimate(GPT_3_RUN);
    const megatron = 72 * SEQUENCES * s * l * h ** 2 * (1 + s / (6 * h) + V / (12 * l * h));
    expectClose(e.flops.total, megatron, 0.005);
    expectClose(e.flops.total, megatron, 1e-12); // and in fact exactly: the same matmuls
    expect(e.flops.hardware).toBe(e.flops.total);
    // 3.23e23: 2.8% above the 3.14e23 of Brown et al. (Table D.1), which is 6·N·D with the attention left out.
    expectClose(e.flops.total, 3.14e23, 0.03);
  });

  it('with FULL recomputation executes 96·B·s·l·h²·(1 + s/6h + V/16lh): the layers twice forward, the logits once (±0.5%)', () => {
    const none = estimate(GPT_3_RUN);
    const full = estimate({ ...GPT_3_RUN, training: { sequenceLength: s, recomputation: 'FULL' } });
    const narayanan = 96 * SEQUENCES * s * l * h ** 2 * (1 + s / (6 * h) + V / (16 * l * h));
    expectClose(full.flops.hardware, narayanan, 0.005);
    expectClose(full.flops.hardware, narayanan, 1e-12);
    // Model FLOPs (the MFU basis) do not change; time, cost and energy grow with the hardware FLOPs.
    expect(full.flops.total).toBe(none.flops.total);
    expect(full.cluster.pfDays).toBe(none.cluster.pfDays);
    expect(full.ratioVsGPT3).toBe(none.ratioVsGPT3);
    const more = full.flops.hardware / none.flops.hardware;
    expectClose(full.cluster.gpuDays / none.cluster.gpuDays, more, 1e-12);
    expectClose(full.cluster.wallClockDays / none.cluster.wallClockDays, more, 1e-12);
    expectClose(full.cluster.costUsd! / none.cluster.costUsd!, more, 1e-12);
    expectClose(full.cluster.energyMWh! / none.cluster.energyMWh!, more, 1e-12);
    expect(full.assumptions.map((a) => a.field)).not.toContain('training.recomputation');
  });

  it('with SELECTIVE recomputation executes the attention core once more: + 4·s²·h·l per sequence (Korthikanti et al. 2022, App. A)', () => {
    const none = estimate(GPT_3_RUN);
    const selective = estimate({ ...GPT_3_RUN, training: { sequenceLength: s, recomputation: 'SELECTIVE' } });
    expectClose(selective.flops.hardware - none.flops.total, SEQUENCES * 4 * s ** 2 * h * l, 1e-9);
    expect(selective.flops.total).toBe(none.flops.total);
  });

  it('counts 174.57B parameters: tied embeddings, no biases, no position table (−0.25% of 175B), with no warning beside 175B', () => {
    const e = estimate({ ...GPT_3_RUN, model: { parameters: 175e9, architecture: GPT_3 } });
    expectClose(e.parameters.total, 175e9, 0.005);
    expect(e.resolved.model.parameters).toBe(175e9);
    expect(e.warnings.map((w) => w.code)).not.toContain('PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
  });
});

describe('several data sources', () => {
  it('sum 3 · forward(T) · samples over the sources, each at its own sample size, times the epochs', () => {
    const spec: ScenarioSpec = {
      model: { architecture: DIT_XL_2 },
      data: [
        { kind: 'IMAGE', count: 1000, width: 256, height: 256 },
        { kind: 'IMAGE', count: 500, width: 512, height: 512 },
        { kind: 'IMAGE', count: 200, width: 256, height: 256 },
      ],
      training: { epochs: 3 },
    };
    const f = (T: number) => forwardFlopsPerSample(withPatch(DIT_XL_2), { tokensPerSample: T }).total;
    const e = estimate(spec);
    expectClose(e.flops.total, 3 * 3 * (1200 * f(256) + 500 * f(1024)), 1e-12);
    const attention = (T: number) => 28 * 4 * T * T * 1152;
    expectClose(e.flops.attention, 3 * 3 * (1200 * attention(256) + 500 * attention(1024)), 1e-12);
  });

  it('a TEXT source is tokens / sequenceLength samples of sequenceLength tokens, a partial last one pro rata', () => {
    const decoder: ModelArchitectureSpec = { family: 'DECODER', layers: 4, hiddenSize: 256, heads: 4, vocabSize: 1000 };
    const spec: ScenarioSpec = {
      model: { architecture: decoder },
      data: [
        { kind: 'TEXT', count: 1_000_000 },
        { kind: 'IMAGE', count: 10, width: 256, height: 256 },
      ],
      training: { sequenceLength: 1000 },
    };
    const f = (T: number) => forwardFlopsPerSample({ ...decoder }, { tokensPerSample: T }).total;
    expectClose(estimate(spec).flops.total, 3 * (1000 * f(1000) + 10 * f(256)), 1e-12);
    const partial = estimate({ ...spec, data: [{ kind: 'TEXT', count: 1500 }] });
    expectClose(partial.flops.total, 3 * 1.5 * f(1000), 1e-12);
  });
});

describe('attention with an architecture', () => {
  it('training.attention: false counts the matmuls only: the self, joint and cross attention cores are left out', () => {
    const on = estimate(DIT_RUN);
    const off = estimate({ ...DIT_RUN, training: { epochs: DIT_SAMPLES / IMAGENET, attention: false } });
    const f = forwardFlopsPerSample(withPatch(DIT_XL_2), { tokensPerSample: 256 });
    expectClose(off.flops.total, 3 * (f.total - f.attentionCore) * DIT_SAMPLES, 1e-12);
    expect(off.flops.attention).toBe(0);
    expectClose(on.flops.total - off.flops.total, on.flops.attention, 1e-9);
    // A cross-attention DiT keeps its K, V and Q, O projections but not the core 4·T·Tc·d.
    const pixart: ModelArchitectureSpec = {
      family: 'CROSS_DIT',
      layers: 28,
      hiddenSize: 1152,
      heads: 16,
      outputChannels: 8,
      contextTokens: 120,
      contextSize: 4096,
    };
    const data: ScenarioSpec['data'] = [{ kind: 'IMAGE', count: 1, width: 1024, height: 1024 }];
    const withCores = estimate({ model: { architecture: pixart }, data });
    const without = estimate({ model: { architecture: pixart }, data, training: { attention: false } });
    const [T, Tc, d] = [4096, 120, 1152];
    const byComponent = (x: typeof withCores, c: string) => x.flops.components.find((k) => k.component === c)!.flops;
    expectClose(byComponent(withCores, 'crossAttention') - byComponent(without, 'crossAttention'), 3 * 28 * 4 * T * Tc * d, 1e-9);
  });

  it('a Movie Gen sample, 768 px × 16 s at 16 fps through an 8×8×8 autoencoder in 1×2×2 patches, is 73,728 tokens (issue 17)', () => {
    // 256 frames / 8 = 32 latent frames; 768 / 8 = 96, / 2 = 48 patches a side: 32 × 48 × 48 (Polyak et al. 2024, Movie Gen, §3.1).
    const e = estimate({
      model: { architecture: DIT_XL_2 },
      data: [{ kind: 'VIDEO', count: 1, width: 768, height: 768, durationSeconds: 16, fps: 16 }],
      tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2, temporalPatchSize: 1 },
    });
    expect(e.tokens.sources[0].tokensPerSequence).toBe(73_728);
  });

  it('attention dominates at video sample sizes: HunyuanVideo’s 118,800 tokens, attention 6.5× the linear term (issue 17)', () => {
    // 20 double + 40 single Flux-style blocks at 3072 (Kong et al. 2024); 720p × 129 frames, 4×8×8 VAE, 1×2×2 patches:
    // ⌈1280/8⌉/2 × ⌈720/8⌉/2 = 80 × 45 = 3,600 patches per latent frame × ⌈129/4⌉ = 33 latent frames = 118,800.
    const hunyuan: ModelArchitectureSpec = {
      family: 'MMDIT',
      layers: 60,
      singleStreamLayers: 40,
      hiddenSize: 3072,
      heads: 24,
      latentChannels: 16,
      contextTokens: 256,
      contextSize: 4096,
      pooledSize: 768,
      guidanceEmbedding: true,
    };
    const e = estimate({
      model: { architecture: hunyuan },
      data: [{ kind: 'VIDEO', count: 1000, width: 1280, height: 720, durationSeconds: 129 / 24, fps: 24 }],
      tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 4, patchSize: 2, temporalPatchSize: 1 },
    });
    expect(e.tokens.sources[0].tokensPerSequence).toBe(118_800);
    const by = Object.fromEntries(e.flops.components.map((c) => [c.component, c.flops]));
    expectClose(by.attention / by.linear, 6.47, 0.005);
    const w = e.warnings.find((x) => x.code === 'ATTENTION_DOMINATES');
    expect(w).toMatchObject({ field: 'training.attention', message: expect.stringMatching(/attention cores .* 118,800 tokens/) });
  });
});

describe('the 6·N·D path, unchanged', () => {
  it('the seed article: 1.42561e14 tokens, 6·N·D = 2.56609e24 FLOPs, 152.3 wall-clock days, as before (docs/model.md)', () => {
    const seed = PRESETS.find((p) => p.key === 'sora-2024')!.input;
    const e = estimate(seed);
    expect(e.tokens.total).toBe(142_560_738_281_250);
    expect(e.flops.total).toBe(6 * 3e9 * 142_560_738_281_250);
    expect(e.flops.hardware).toBe(e.flops.total);
    expectClose(e.cluster.wallClockDays, 152.3, 0.001);
    expect(e.cluster.gpuDays).toBe(e.flops.total / (19.5e12 * 1) / 86_400);
    expect(e.parameters).toEqual({ total: 3e9, perToken: 3e9, perContextToken: 0, perSample: 0, embeddingTables: 0, idleExperts: 0 });
    expect(e.flops.components).toEqual([{ component: 'linear', flops: e.flops.total, share: 1 }]);
    expect(e.assumptions.find((a) => a.field === 'training.recomputation')).toMatchObject({ value: 'NONE' });
  });

  const withoutArchitecture = PRESETS.filter((p) => !p.input.model.architecture);
  it.each(withoutArchitecture.map((p) => [p.key, p.input] as const))(
    'preset %s (no architecture): FLOPs are 6·N·D (+ 12·L·d·T per token), time from them',
    (_key, spec) => {
      const e = estimate(spec);
      const r = e.resolved;
      expect(r.model.architecture).toBeNull();
      const dense = denseTrainingFlops(r.model.parameters, e.tokens.total, r.training.epochs);
      let attention = 0;
      if (r.training.attention) {
        for (const src of e.tokens.sources)
          attention += attentionTrainingFlops(r.model.layers!, r.model.hiddenSize!, src.tokensPerSequence, src.tokens, r.training.epochs);
      }
      expect(e.flops.dense).toBe(dense);
      expect(e.flops.attention).toBe(attention);
      expect(e.flops.total).toBe(dense + attention);
      expect(e.flops.hardware).toBe(e.flops.total);
      expect(e.cluster.gpuDays).toBe(e.flops.total / (r.peakFlopsPerSecond * r.cluster.utilization) / 86_400);
      expect(e.flops.components.map((c) => c.component)).toEqual(r.training.attention ? ['linear', 'attention'] : ['linear']);
      expect(e.warnings.map((w) => w.code)).not.toContain('PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
    },
  );

  const TEXT: ScenarioSpec = {
    model: { parameters: 7e9, layers: 32, hiddenSize: 4096 },
    data: [{ kind: 'TEXT', count: 2e12 }],
    training: { sequenceLength: 4096 },
  };

  it('FULL recomputation runs the forward once more: hardwareFlops = flops · 4/3, and time with it; flops unchanged', () => {
    const none = estimate(TEXT);
    const full = estimate({ ...TEXT, training: { ...TEXT.training, recomputation: 'FULL' } });
    expect(full.flops.total).toBe(none.flops.total);
    expectClose(full.flops.hardware, (none.flops.total * 4) / 3, 1e-15);
    expectClose(full.cluster.gpuDays, (none.cluster.gpuDays * 4) / 3, 1e-12);
    expect(full.cluster.pfDays).toBe(none.cluster.pfDays);
  });

  it('SELECTIVE recomputes the attention term’s forward, a third of it; without the term it has no effect, and says so', () => {
    const withAttention = { ...TEXT, training: { sequenceLength: 4096, attention: true, recomputation: 'SELECTIVE' as const } };
    const e = estimate(withAttention);
    // attention: 12 · 32 · 4096 · 4096 per token × 2e12 tokens; its forward is a third.
    expectClose(e.flops.attention, 12 * 32 * 4096 * 4096 * 2e12, 1e-12);
    expectClose(e.flops.hardware, e.flops.total + e.flops.attention / 3, 1e-15);
    const dense = estimate({ ...TEXT, training: { sequenceLength: 4096, recomputation: 'SELECTIVE' } });
    expect(dense.flops.hardware).toBe(dense.flops.total);
    expect(dense.warnings.find((w) => w.field === 'training.recomputation')).toMatchObject({ code: 'IGNORED_INPUT' });
  });
});

describe('warnings', () => {
  it('model.parameters more than 5% off the architecture’s count names both figures', () => {
    const e = estimate({ ...DIT_RUN, model: { parameters: 3e9, architecture: DIT_XL_2 } });
    const w = e.warnings.find((x) => x.code === 'PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
    expect(w?.field).toBe('model.parameters');
    expect(w?.message).toMatch(/model.parameters is 3e9 but model.architecture counts 6.75e8 parameters \(674,834,720\)/);
    // The FLOPs are the architecture's either way.
    expect(e.flops.total).toBe(estimate(DIT_RUN).flops.total);
    expect(e.resolved.model.parameters).toBe(3e9);
  });

  it('within 5% there is no warning (675M beside 674.8M; 640M is 5.2% off, 700M 3.7%)', () => {
    const codes = (parameters: number) => estimate({ ...DIT_RUN, model: { parameters, architecture: DIT_XL_2 } }).warnings.map((w) => w.code);
    expect(codes(675e6)).not.toContain('PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
    expect(codes(700e6)).not.toContain('PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
    expect(codes(640e6)).toContain('PARAMETERS_DISAGREE_WITH_ARCHITECTURE');
  });

  it('model.layers or hiddenSize that differ from the architecture’s are ignored, and said so; equal ones are not', () => {
    const e = estimate({ ...DIT_RUN, model: { layers: 24, hiddenSize: 1152, architecture: DIT_XL_2 } });
    expect(e.warnings.filter((w) => w.code === 'IGNORED_INPUT').map((w) => w.field)).toEqual(['model.layers']);
    expect(e.resolved.model.layers).toBe(28);
    expect(e.flops.total).toBe(estimate(DIT_RUN).flops.total);
  });
});

describe('bad input is a BAD_USER_INPUT naming the field', () => {
  const bad = (architecture: unknown) => () => resolveScenario({ ...DIT_RUN, model: { architecture } as never });

  it('heads that do not divide the hidden size, kvHeads that do not divide heads, more active experts than experts', () => {
    expect(expectIssue(bad({ ...DIT_XL_2, heads: 7 }), 'model.architecture.heads')).toMatch(/must divide hiddenSize \(1152\)/);
    expect(expectIssue(bad({ ...DIT_XL_2, kvHeads: 5 }), 'model.architecture.kvHeads')).toMatch(/must divide heads \(16\)/);
    expect(expectIssue(bad({ ...DIT_XL_2, experts: 8, activeExperts: 9 }), 'model.architecture.activeExperts')).toMatch(/≤ experts \(8\)/);
    expect(inputErrorOf(bad({ ...DIT_XL_2, heads: 7 })).code).toBe('BAD_USER_INPUT');
  });

  it('a field the architecture does not have, and its patch, which is the tokenizer’s', () => {
    expect(expectIssue(bad({ ...DIT_XL_2, depth: 28 }), 'model.architecture.depth')).toMatch(/not a known field; allowed here: family, layers/);
    expect(expectIssue(bad({ ...DIT_XL_2, patchSize: 2 }), 'model.architecture.patchSize')).toMatch(/tokenizer.patchSize/);
    expect(expectIssue(bad('DiT-XL/2'), 'model.architecture')).toMatch(/must be an object/);
    expect(expectIssue(bad({ ...DIT_XL_2, family: 'UNET' }), 'model.architecture.family')).toMatch(/DECODER, DIT, CROSS_DIT, MMDIT/);
  });

  it('model.parameters is still required without an architecture, and only then', () => {
    const msg = expectIssue(() => resolveScenario({ model: {}, data: [{ kind: 'TEXT', count: 1e9 }] }), 'model.parameters');
    expect(msg).toMatch(/is required/);
    expect(inputErrorOf(bad({ ...DIT_XL_2, heads: 7 })).issues.map((i) => i.path)).toEqual(['model.architecture.heads']);
  });

  it('an unknown recomputation', () => {
    expect(expectIssue(() => resolveScenario({ ...DIT_RUN, training: { recomputation: 'SOME' as never } }), 'training.recomputation')).toMatch(
      /NONE, SELECTIVE, FULL/,
    );
  });

  it('ranges and sweeps over the model’s 6·N·D inputs, which the architecture overrides', () => {
    expect(expectIssue(() => resolveScenario({ ...DIT_RUN, ranges: [{ path: 'model.parameters', low: 1, high: 2 }] }), 'ranges[0].path')).toMatch(
      /no effect .* model.architecture/,
    );
    expect(expectIssue(() => sweep(DIT_RUN, [{ path: 'model.layers', values: [12, 24] }]), 'sweep.axes[0].path')).toMatch(/model.architecture/);
  });
});

describe('the what-if questions with an architecture', () => {
  it('a sweep over resolution or patch size equals fresh estimates (both change the sample, so the FLOPs)', () => {
    const grid = sweep(DIT_RUN, [
      { path: 'data[0].width', values: [256, 512] },
      { path: 'tokenizer.patchSize', values: [2, 4] },
    ]);
    let k = 0;
    for (const width of [256, 512]) {
      for (const patchSize of [2, 4]) {
        const e = estimate({ ...DIT_RUN, data: [{ kind: 'IMAGE', count: IMAGENET, width, height: 256 }], tokenizer: { ...DIT_RUN.tokenizer, patchSize } });
        expect(grid.series.flops[k]).toBe(e.flops.total);
        expect(grid.series.gpuDays[k]).toBe(e.cluster.gpuDays);
        k++;
      }
    }
  });

  it('ranges over the data count bound every output', () => {
    const e = estimate({ ...DIT_RUN, ranges: [{ path: 'data[0].count', low: 640_000, high: 2 * IMAGENET }] });
    const r = estimateRange(e);
    expectClose(r.flops.high / r.flops.low, (2 * IMAGENET) / 640_000, 1e-12);
    expect(r.flops.expected).toBe(e.flops.total);
  });

  it('inference counts the architecture’s forward pass: 50 steps × 2 (guidance) × 2.37e11 per 256² image', () => {
    const e = estimate(DIT_RUN);
    const i = inferenceEstimate(e);
    expect(i.flopsPerSample).toBe(50 * 2 * forwardFlopsPerSample(withPatch(DIT_XL_2), { tokensPerSample: 256 }).total);
    expect(i.attentionIncluded).toBe(true);
  });

  it('the lazy estimate answers as the eager one, parameters included', () => {
    const lazy = lazyEstimate(DIT_RUN);
    const eager = estimate(DIT_RUN);
    expect(lazy.flops()).toEqual(eager.flops);
    expect(lazy.cluster()).toEqual(eager.cluster);
    expect(lazy.parameters()).toEqual(eager.parameters);
    expect(lazy.warnings()).toEqual(eager.warnings);
  });
});

it('ARCHITECTURE_KEYS are the core spec’s fields but the patch', () => {
  const spec: Required<ModelArchitectureSpec> = {
    family: 'DIT',
    layers: 1,
    hiddenSize: 1,
    heads: 1,
    kvHeads: 1,
    ffnSize: 1,
    gatedFfn: false,
    vocabSize: 1,
    tiedEmbeddings: false,
    latentChannels: 1,
    outputChannels: 1,
    contextTokens: 1,
    contextSize: 1,
    singleStreamLayers: 0,
    experts: 1,
    activeExperts: 1,
    pooledSize: 1,
    guidanceEmbedding: false,
    classes: 1,
  };
  expect([...ARCHITECTURE_KEYS].sort()).toEqual(Object.keys(spec).sort());
});
