/**
 * Architectures by operation counting (src/core/architecture.ts, docs/architectures.md), checked
 * against published figures. Expected values come from the papers and the models' own code, worked
 * by hand in the comments, never from the code under test.
 */
import {
  ArchitectureSpec,
  architectureParameters,
  defaultFfnSize,
  forwardFlopsPerSample,
  hardwareFlopsPerSample,
  trainingFlopsPerSample,
  validateArchitecture,
} from '../../src/core/architecture';
import { expectClose } from './helpers';

/** DiT-XL/2 (facebookresearch/DiT models.py DiT_XL_2: depth 28, 1152, 16 heads, p = 2, learn_sigma → 8 channels out). */
const DIT_XL_2: ArchitectureSpec = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
/** Llama 2 70B (Touvron et al. 2023, arXiv:2307.09288, Table 1; params.json of the release). */
const LLAMA_2_70B: ArchitectureSpec = {
  family: 'DECODER',
  layers: 80,
  hiddenSize: 8192,
  heads: 64,
  kvHeads: 8,
  ffnSize: 28672,
  gatedFfn: true,
  vocabSize: 32000,
};
/** GPT-3 175B (Brown et al. 2020, arXiv:2005.14165, Table 2.1): 96 layers, d = 12,288, 96 heads, FFN 4d, vocab 50,257. */
const GPT_3: ArchitectureSpec = { family: 'DECODER', layers: 96, hiddenSize: 12288, heads: 96, vocabSize: 50257, tiedEmbeddings: true };
/** Flux.1 dev (black-forest-labs/flux, src/flux/util.py "flux-dev"): 19 double + 38 single blocks, T5 4096 wide, CLIP pooled 768. */
const FLUX_DEV: ArchitectureSpec = {
  family: 'MMDIT',
  layers: 57,
  singleStreamLayers: 38,
  hiddenSize: 3072,
  heads: 24,
  latentChannels: 16,
  patchSize: 2,
  contextTokens: 512,
  contextSize: 4096,
  pooledSize: 768,
  guidanceEmbedding: true,
};

const sumOfParts = (p: ReturnType<typeof architectureParameters>): number => p.perToken + p.perContextToken + p.perSample + p.embeddingTables + p.idleExperts;

describe('DiT-XL/2 (Peebles & Xie 2023, arXiv:2212.09748)', () => {
  it('has 675M parameters (Table 4), 675,129,632 as the DiT repo counts them', () => {
    // Per block: attention 4d² + 4d, MLP 8d² + 5d, adaLN Linear(d, 6d) 6d² + 6d → 18d² + 15d = 23,905,152; × 28 = 669,344,256.
    // Patch embedding 16·d + d = 19,584; timestep MLP 256d + d + d² + d = 1,624,320; labels 1001·d = 1,153,152;
    // final adaLN 2d² + 2d = 2,656,512; final linear 32d + 32 = 36,896; frozen sin-cos positions 256·d = 294,912.
    const p = architectureParameters(DIT_XL_2, { positionTokens: 256 });
    expect(p.total).toBe(675_129_632);
    expectClose(p.total, 675e6, 0.01);
    expect(architectureParameters(DIT_XL_2).total).toBe(675_129_632 - 294_912);
    expect(sumOfParts(p)).toBe(p.total);
  });

  it('runs 228.6M of them once per sample, 223.1M of those the blocks’ adaLN modulation', () => {
    // 28 × (6d² + 6d) = 223,147,008; + final adaLN 2,656,512 + timestep MLP 1,624,320 + label table 1,153,152.
    const p = architectureParameters(DIT_XL_2);
    expect(p.perSample).toBe(223_147_008 + 2_656_512 + 1_624_320 + 1_153_152);
    expect(p.perToken).toBe(28 * (12 * 1152 ** 2 + 9 * 1152) + 19_584 + 36_896);
  });

  it('forward at 256² (T = 256) is 118.6 GMACs = 2.37e11 FLOPs (Table 4)', () => {
    const f = forwardFlopsPerSample(DIT_XL_2, { tokensPerSample: 256 });
    expectClose(f.total / 2, 118.6e9, 0.01);
    // linear 2·256·28·12d² = 228,304,355,328; attention 28·4·256²·d = 8,455,716,864;
    // conditioning 2·(28·6d² + 2d² + 256d + d²) = 454,459,392; patch embedding + final linear 2·256·(16d + 32d) = 28,311,552.
    expect(f).toMatchObject({ linear: 228_304_355_328, attention: 8_455_716_864, conditioning: 454_459_392, embeddings: 28_311_552 });
    expect(f.total).toBe(237_242_843_136);
    expect(f.crossAttention + f.context).toBe(0);
  });

  it('forward at 512² (T = 1024) is 524.6 GMACs = 1.05e12 FLOPs (Table 4)', () => {
    const f = forwardFlopsPerSample(DIT_XL_2, { tokensPerSample: 1024 });
    expectClose(f.total / 2, 524.6e9, 0.01);
    expectClose(f.total, 1.05e12, 0.01);
  });

  it('the 2·N·T rule would overstate its forward by 46% (172.8 GMACs): a third of N runs once per sample', () => {
    const f = forwardFlopsPerSample(DIT_XL_2, { tokensPerSample: 256 });
    expectClose((675e6 * 256) / (f.total / 2), 1.457, 0.005);
  });
});

describe('decoders', () => {
  it('Llama 2 70B has 68.98B parameters', () => {
    // Per layer: Q, O 2·8192² + K, V 2·8192·1024 = 150,994,944; SwiGLU 3·8192·28672 = 704,643,072; two norms 16,384.
    // × 80 = 68,452,352,000; embeddings in and out 2·32000·8192 = 524,288,000; final norm 8,192.
    const p = architectureParameters(LLAMA_2_70B);
    expect(p.total).toBe(68_976_648_192);
    expectClose(p.total, 68.98e9, 0.005);
    expect(p.embeddingTables).toBe(32000 * 8192); // the input lookup: parameters, no FLOPs
    expect(sumOfParts(p)).toBe(p.total);
  });

  it('Llama 3.1 405B has 405B parameters (126 layers, 16,384, 128/8 heads, FFN 53,248, vocab 128,256)', () => {
    const spec: ArchitectureSpec = {
      family: 'DECODER',
      layers: 126,
      hiddenSize: 16384,
      heads: 128,
      kvHeads: 8,
      ffnSize: 53248,
      gatedFfn: true,
      vocabSize: 128256,
    };
    expectClose(architectureParameters(spec).total, 405e9, 0.005);
  });

  it('GPT-3 has 175B parameters with tied embeddings and its 2,048 learned positions', () => {
    expectClose(architectureParameters(GPT_3, { positionTokens: 2048 }).total, 175e9, 0.005);
  });

  const [B, s, l, h, V] = [1536, 2048, 96, 12288, 50257];

  it("GPT-3 training per step equals Megatron-LM's 72·B·s·l·h²·(1 + s/6h + V/12lh) (Narayanan et al. 2021, §5.1)", () => {
    const f = forwardFlopsPerSample(GPT_3, { tokensPerSample: s });
    const megatron = 72 * B * s * l * h ** 2 * (1 + s / (6 * h) + V / (12 * l * h));
    expectClose(B * trainingFlopsPerSample(f), megatron, 1e-12);
    expect(hardwareFlopsPerSample(f, 'NONE')).toBe(trainingFlopsPerSample(f));
  });

  it('with FULL recomputation executes 96·B·s·l·h²·(1 + s/6h + V/16lh): the layers again, not the logits', () => {
    const f = forwardFlopsPerSample(GPT_3, { tokensPerSample: s });
    const megatron = 96 * B * s * l * h ** 2 * (1 + s / (6 * h) + V / (16 * l * h));
    expectClose(B * hardwareFlopsPerSample(f, 'FULL'), megatron, 1e-12);
  });

  it('with SELECTIVE recomputation adds only the attention core forward, 4·B·s²·h·l (Korthikanti et al. 2022)', () => {
    const f = forwardFlopsPerSample(GPT_3, { tokensPerSample: s });
    expectClose(B * (hardwareFlopsPerSample(f, 'SELECTIVE') - trainingFlopsPerSample(f)), 4 * B * s ** 2 * h * l, 1e-12);
  });

  it('counts the full causal square by default; causal: true counts the s(s+1)/2 unmasked pairs', () => {
    const full = forwardFlopsPerSample(GPT_3, { tokensPerSample: s }).attention;
    const causal = forwardFlopsPerSample(GPT_3, { tokensPerSample: s, causal: true }).attention;
    expect(full).toBe(4 * s * s * h * l);
    expect(causal).toBe(2 * s * (s + 1) * h * l);
  });

  it('Mixtral 8x7B: 46.7B parameters, 12.9B active (Jiang et al. 2024, arXiv:2401.04088)', () => {
    const shape = { layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, ffnSize: 14336, gatedFfn: true, vocabSize: 32000 };
    const spec: ArchitectureSpec = { family: 'DECODER', ...shape, experts: 8, activeExperts: 2 };
    const p = architectureParameters(spec);
    expectClose(p.total, 46.7e9, 0.005);
    expectClose(p.perToken + p.embeddingTables, 12.9e9, 0.005); // Mixtral's "active" count includes the input embedding
    expect(p.idleExperts).toBe(32 * 6 * 3 * 4096 * 14336);
    expect(sumOfParts(p)).toBe(p.total);
  });

  it('defaults the SwiGLU width as Llama does: 256·⌈⌊8d/3⌋/256⌉ (Llama 7B: 4096 → 11,008), else 4d', () => {
    expect(defaultFfnSize(4096, true)).toBe(11008);
    expect(defaultFfnSize(12288, false)).toBe(49152);
  });
});

describe('MM-DiT and cross-attention DiT', () => {
  it('Flux.1 dev has 12B parameters: 11,901,408,320 counted from its modules (src/flux/modules/layers.py)', () => {
    // Double block: two streams × (modulation 6d² + 6d, QKV 3d² + 3d, QK norms 256, proj d² + d, MLP 8d² + 5d) = 339,831,296; × 19.
    // Single block: Linear(d, 7d) + Linear(5d, d) 12d² + 8d, QK norms 256, modulation 3d² + 3d = 141,591,808; × 38.
    // img_in 64d + d; time_in and guidance_in 2 × (256d + d + d² + d); vector_in 768d + d + d² + d; txt_in 4096d + d; final 2d² + 2d + 64d + 64.
    const p = architectureParameters(FLUX_DEV);
    expect(p.total).toBe(11_901_408_320);
    expectClose(p.total, 12e9, 0.01);
    expect(sumOfParts(p)).toBe(p.total);
  });

  it('an image token passes 54% of Flux’s weights: the image stream, the single-stream blocks, patch in and out', () => {
    // 19 × (12d² + 9d + 256) + 38 × (12d² + 8d + 256) + (64d + d) + (64d + 64) = 6,456,904,000
    const p = architectureParameters(FLUX_DEV);
    expect(p.perToken).toBe(6_456_904_000);
    expect(p.perContextToken).toBe(19 * (12 * 3072 ** 2 + 9 * 3072 + 256) + 4096 * 3072 + 3072); // text stream + txt_in
    expectClose(p.perToken / p.total, 0.5425, 0.001);
  });

  it('joint attention runs over image and text tokens, 4·(T + Tc)²·d per layer; text matmuls count under context', () => {
    const [T, Tc, d] = [4096, 512, 3072]; // a 1024² image: 128×128 latents in 2×2 patches
    const f = forwardFlopsPerSample(FLUX_DEV, { tokensPerSample: T });
    expect(f.attention).toBe(57 * 4 * (T + Tc) ** 2 * d);
    expect(f.context).toBe(2 * Tc * (19 * 12 * d * d + 38 * 12 * d * d + 4096 * d));
    expect(f.linear).toBe(2 * T * 57 * 12 * d * d);
    expect(forwardFlopsPerSample(FLUX_DEV, { tokensPerSample: T, contextTokens: 256 }).attention).toBe(57 * 4 * (T + 256) ** 2 * d);
  });

  it('HunyuanVideo has 13B parameters (Kong et al. 2024, arXiv:2412.03603), 6.8B of which a video token passes', () => {
    // 20 double + 40 single blocks as Flux's, MLLM text 4096 wide, CLIP-L pooled 768; its two-block text
    // token refiner is not modelled, hence 3.7% low. A video token passes the image stream and the single blocks.
    const spec: ArchitectureSpec = { ...FLUX_DEV, layers: 60, singleStreamLayers: 40, contextTokens: 256 };
    const p = architectureParameters(spec);
    expectClose(p.total, 13e9, 0.05);
    expectClose(p.perToken, 6.8e9, 0.01);
    // At its 720p × 129-frame sample, 118,800 tokens (Kong et al. 2024), attention is 6.5× the linear term.
    const f = forwardFlopsPerSample(spec, { tokensPerSample: 118_800 });
    expectClose(f.attention / f.linear, 6.47, 0.005);
  });

  it('PixArt-α has 0.6B parameters (Chen et al. 2023, arXiv:2310.00426): adaLN-single, cross-attention to 120 T5 tokens', () => {
    // Per block 16d² + 19d (self- and cross-attention 8d² + 8d, MLP 8d² + 5d, 6×d table) × 28 = 595,155,456;
    // patch 19,584; timestep MLP 1,624,320; t_block 6d² + 6d; caption MLP 4096d + d + d² + d; final 32d + 32 + 2d.
    const pixart: ArchitectureSpec = { family: 'CROSS_DIT', layers: 28, hiddenSize: 1152, heads: 16, outputChannels: 8, contextTokens: 120, contextSize: 4096 };
    const p = architectureParameters(pixart);
    expect(p.total).toBe(610_856_096);
    expectClose(p.total, 0.6e9, 0.02);
    const [T, Tc, d] = [4096, 120, 1152];
    const f = forwardFlopsPerSample(pixart, { tokensPerSample: T });
    expect(f.crossAttention).toBe(28 * (2 * T * 2 * d * d + 2 * Tc * 2 * d * d + 4 * T * Tc * d)); // Q, O over T; K, V over Tc; core
    expect(f.attentionCore).toBe(28 * (4 * T * T * d + 4 * T * Tc * d));
    expect(f.context).toBe(2 * Tc * (4096 * d + d * d));
  });
});

describe('validateArchitecture', () => {
  const issuesOf = (spec: unknown): Record<string, string> =>
    Object.fromEntries(validateArchitecture(spec, 'model.architecture').map((i) => [i.path, i.message]));

  it('accepts every architecture above', () => {
    for (const spec of [DIT_XL_2, LLAMA_2_70B, GPT_3, FLUX_DEV]) expect(validateArchitecture(spec)).toEqual([]);
  });

  it('names heads when they do not divide the hidden size', () => {
    expect(issuesOf({ ...DIT_XL_2, heads: 7 })['model.architecture.heads']).toMatch(/must divide hiddenSize \(1152\)/);
  });

  it('names kvHeads when they do not divide heads', () => {
    expect(issuesOf({ ...LLAMA_2_70B, kvHeads: 6 })['model.architecture.kvHeads']).toMatch(/must divide heads \(64\)/);
  });

  it('names activeExperts when more than experts, or when one of the two is missing', () => {
    expect(issuesOf({ ...LLAMA_2_70B, experts: 8, activeExperts: 9 })['model.architecture.activeExperts']).toMatch(/≤ experts \(8\)/);
    expect(Object.keys(issuesOf({ ...LLAMA_2_70B, experts: 8 }))).toEqual(['model.architecture.activeExperts']);
  });

  it('requires vocabSize of a decoder and the text context of CROSS_DIT and MMDIT', () => {
    expect(Object.keys(issuesOf({ family: 'DECODER', layers: 2, hiddenSize: 64, heads: 4 }))).toEqual(['model.architecture.vocabSize']);
    expect(Object.keys(issuesOf({ family: 'CROSS_DIT', layers: 2, hiddenSize: 64, heads: 4 }))).toEqual([
      'model.architecture.contextTokens',
      'model.architecture.contextSize',
    ]);
  });

  it('refuses fields of another family: singleStreamLayers outside MMDIT, vocabSize on a DiT', () => {
    const issues = issuesOf({ ...DIT_XL_2, singleStreamLayers: 4, vocabSize: 10 });
    expect(issues['model.architecture.singleStreamLayers']).toMatch(/not used by DIT/);
    expect(issues['model.architecture.vocabSize']).toMatch(/not used by DIT/);
    expect(issuesOf({ ...FLUX_DEV, singleStreamLayers: 58 })['model.architecture.singleStreamLayers']).toMatch(/≤ layers \(57\)/);
  });

  it('refuses non-integers, non-positive and oversized values, bad families and non-objects', () => {
    const issues = issuesOf({ family: 'RNN', layers: 0, hiddenSize: 1.5, heads: '16', ffnSize: 1e12, gatedFfn: 'yes' });
    expect(Object.keys(issues).sort()).toEqual(['family', 'ffnSize', 'gatedFfn', 'heads', 'hiddenSize', 'layers'].map((k) => `model.architecture.${k}`));
    expect(issues['model.architecture.layers']).toBe('must be an integer from 1 to 100,000, got 0');
    expect(validateArchitecture(null, 'stages[0].architecture')).toEqual([
      { path: 'stages[0].architecture', message: expect.stringMatching(/must be an object/) },
    ]);
  });

  it('keeps the largest architecture it accepts finite', () => {
    const huge: ArchitectureSpec = {
      family: 'MMDIT',
      layers: 1e5,
      hiddenSize: 1e6,
      heads: 1,
      ffnSize: 1e7,
      contextTokens: 1e9,
      contextSize: 1e6,
      experts: 1e5,
      activeExperts: 1e5,
    };
    expect(validateArchitecture(huge)).toEqual([]);
    const f = forwardFlopsPerSample(huge, { tokensPerSample: 1e12 });
    expect(Number.isFinite(architectureParameters(huge).total) && Number.isFinite(f.total)).toBe(true);
  });
});
