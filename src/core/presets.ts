/**
 * Ready-made scenarios; the service seeds them into its public "examples" library.
 * Sources: the seed article (docs/article.md), docs/references.md, docs/hardware.md.
 */
import type { DataSourceSpec, EncoderSpec, ModelArchitectureSpec, Preset, ScenarioSpec } from './types';

/** The article's dataset (its assumption one, after I2VGen-XL): 35e6 clips of 30 s at 60 fps, 6e9 images, all 1980×1024×3. */
const SEED_DATA_WITH_CHANNELS: DataSourceSpec[] = [
  { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, channels: 3, durationSeconds: 30, fps: 60 },
  { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024, channels: 3 },
];

/** The article's cluster (assumption four): 10,000 A100s at the FP32 19.5 TFLOP/s, 100% utilization. */
const SEED_CLUSTER = { hardware: 'a100-sxm-80gb', precision: 'FP32', gpuCount: 10_000, utilization: 1.0 } as const;

// ---------------------------------------------------------------------------------------------
// Published architectures (docs/references.md, "Published recipes"), each as its own code builds it.
// ---------------------------------------------------------------------------------------------

/** DiT-XL/2 (facebookresearch/DiT models.py DiT_XL_2: depth 28, 1152 wide, 16 heads, learn_sigma → 8 channels out, 1,000 classes). */
const DIT_XL_2: ModelArchitectureSpec = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };

/** PixArt-α XL/2 (PixArt-alpha/PixArt-alpha diffusion/model/nets/PixArt.py: DiT-XL/2 with cross-attention to 120 T5-XXL tokens, 4,096 wide). */
const PIXART_ALPHA: ModelArchitectureSpec = {
  family: 'CROSS_DIT',
  layers: 28,
  hiddenSize: 1152,
  heads: 16,
  latentChannels: 4,
  outputChannels: 8,
  contextTokens: 120,
  contextSize: 4096,
};

/**
 * Open-Sora 2.0 (hpcaitech/Open-Sora configs/diffusion/train/image.py, model "flux"): 19 double- and 38 single-stream
 * blocks, 3,072 wide, 24 heads, 16 latent channels (HunyuanVideo VAE) in 2×2 patches, T5-XXL (512 tokens, 4,096 wide)
 * and CLIP-L's pooled 768-vector, no guidance embedder.
 */
const OPEN_SORA_2: ModelArchitectureSpec = {
  family: 'MMDIT',
  layers: 57,
  singleStreamLayers: 38,
  hiddenSize: 3072,
  heads: 24,
  latentChannels: 16,
  contextTokens: 512,
  contextSize: 4096,
  pooledSize: 768,
};

/**
 * HunyuanVideo (Tencent/HunyuanVideo hyvideo/modules/models.py HYVideo-T/2-cfgdistill, the released weights): 20 double-
 * and 40 single-stream blocks, 3,072 wide, 24 heads, MLLM text (256 tokens, 4,096 wide), CLIP-L pooled 768, guidance embedder.
 */
const HUNYUANVIDEO: ModelArchitectureSpec = {
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

/** Wan 2.1 14B (Wan-Video/Wan2.1 wan/configs/wan_t2v_14B.py: 40 layers, 5,120 wide, 40 heads, FFN 13,824; umT5-XXL, 512 tokens). */
const WAN_14B: ModelArchitectureSpec = {
  family: 'CROSS_DIT',
  layers: 40,
  hiddenSize: 5120,
  heads: 40,
  ffnSize: 13_824,
  latentChannels: 16,
  contextTokens: 512,
  contextSize: 4096,
};

/**
 * CogVideoX-5B (THUDM/CogVideo sat/configs/cogvideox_5b.yaml: 42 layers, 3,072 wide, 48 heads; the 226 T5-XXL tokens join the
 * video tokens in full attention through the same weights): every block single-stream.
 */
const COGVIDEOX_5B: ModelArchitectureSpec = {
  family: 'MMDIT',
  layers: 42,
  singleStreamLayers: 42,
  hiddenSize: 3072,
  heads: 48,
  latentChannels: 16,
  contextTokens: 226,
  contextSize: 4096,
};

/**
 * Movie Gen Video 30B (Polyak et al. 2024, arXiv:2410.13720: 48 layers, 6,144 wide, 48 heads, SwiGLU 16,384,
 * cross-attention to the text, 16-channel TAE). Its three text encoders' output is not given as one width: 256 tokens ×
 * 4,096 is assumed.
 */
const MOVIE_GEN_30B: ModelArchitectureSpec = {
  family: 'CROSS_DIT',
  layers: 48,
  hiddenSize: 6144,
  heads: 48,
  ffnSize: 16_384,
  gatedFfn: true,
  latentChannels: 16,
  contextTokens: 256,
  contextSize: 4096,
};

/** Llama 3.1 405B (Dubey et al. 2024, arXiv:2407.21783, Table 3: 126 layers, 16,384 wide, 128 heads / 8 KV, SwiGLU 53,248, vocab 128,256). */
const LLAMA_3_1_405B: ModelArchitectureSpec = {
  family: 'DECODER',
  layers: 126,
  hiddenSize: 16_384,
  heads: 128,
  kvHeads: 8,
  ffnSize: 53_248,
  gatedFfn: true,
  vocabSize: 128_256,
};

// ---------------------------------------------------------------------------------------------
// Frozen encoders (docs/model.md, "Frozen encoders"; docs/references.md, "Frozen encoders of the recipes"), each
// counted from its own code's configuration. A forward pass is 2 FLOPs per weight a token passes (Kaplan et al. 2020,
// §2.1): the core's 2 · parameters · tokensPerSample, where the embedding table (a look-up, counted there as a matmul)
// is small; by operation counting (encoderForward) where it is not.
// ---------------------------------------------------------------------------------------------

/**
 * Forward FLOPs of a bidirectional transformer encoder on `tokens` tokens, by operation counting: 2 FLOPs per matmul
 * weight a token passes (the embedding table is a look-up) plus the attention core, 4 · T² · d per layer (QKᵀ and AV,
 * the full square, as docs/model.md counts attention).
 */
function encoderForward(layers: number, matmulWeightsPerLayer: number, attentionWidth: number, tokens: number): number {
  return 2 * layers * matmulWeightsPerLayer * tokens + 4 * layers * attentionWidth * tokens ** 2;
}

/**
 * T5 v1.1 XXL's encoder (google/t5-v1_1-xxl, loaded with T5EncoderModel): 24 layers of d_model 4096, 64 heads × 64, gated
 * FFN 10,240, vocabulary 32,128: 24 · (4 · 4096² + 3 · 4096 · 10,240 + 2 · 4096) + 32,128 · 4096 + 4096 + 32 · 64.
 */
const T5_XXL_PARAMETERS = 4_762_310_656;
/**
 * CLIP ViT-L/14's text tower (openai/clip-vit-large-patch14, CLIPTextModel): 12 layers, 768 wide, FFN 3,072, 49,408 tokens,
 * 77 positions: 12 · 7,087,872 + 49,408 · 768 + 77 · 768 + 2 · 768.
 */
const CLIP_L_TEXT_PARAMETERS = 123_060_480;
/**
 * UL2 20B's encoder (Movie Gen names UL2 without a size; 20B is the released checkpoint). google/ul2: 32 layers,
 * d_model 4096, 16 heads × 256, gated FFN 16,384, vocabulary 32,128: 32 · (4 · 4096² + 3 · 4096 · 16,384 + 2 · 4096)
 * + 32,128 · 4096 + 4096 + 32 · 16.
 */
const UL2_ENCODER_PARAMETERS = 8_721_797_632;
/**
 * umT5-XXL's encoder (Wan-Video/Wan2.1 wan/modules/t5.py umt5_xxl: T5-XXL's body with a 256,384-token vocabulary and a
 * relative position table in every layer): 24 · (4 · 4096² + 3 · 4096 · 10,240 + 2 · 4096 + 32 · 64) + 256,384 · 4096 + 4096
 * = 5,680,910,336. Its embedding table is 18% of it, so 2·N·T would be 20% high: counted by operations.
 */
const UMT5_XXL_FORWARD_512 = encoderForward(24, 4 * 4096 ** 2 + 3 * 4096 * 10_240, 4096, 512);
/**
 * HunyuanVideo's MLLM text encoder (llava-llama-3-8b-v1_1, loaded as a LlamaModel without its LM head: Llama 3 8B's 32
 * layers, 4,096 wide, 8 KV heads of 128, SwiGLU 14,336, 128,256 tokens): 32 · (2 · 4096² + 2 · 4096 · 1024 + 3 · 4096 ·
 * 14,336 + 2 · 4096) + 128,256 · 4096 + 4096 = 7,504,924,672, its embedding table 7% of it: counted by operations.
 * It reads the prompt template's 95 tokens before the 256 of text (Tencent/HunyuanVideo hyvideo/inference.py:
 * max_length = text_len + crop_start = 351; images read 36 + 256, and every sample is given 351 here).
 */
const HUNYUAN_MLLM_FORWARD_351 = encoderForward(32, 2 * 4096 ** 2 + 2 * 4096 * 1024 + 3 * 4096 * 14_336, 4096, 351);

/**
 * The SD VAE's encoder (stabilityai/sd-vae-ft-ema, PixArt-α's; 34.2M parameters), forward FLOPs per pixel counted conv by
 * conv (2 FLOPs per multiply-add; channels 128/256/512/512, two ResNet blocks a level, 3×3 convolutions, the 1×1 quant
 * conv): 2 × 2,064,321 multiply-adds per input pixel, the mid-block attention's projections included and its core left
 * out (0.8% at 256²). 2.7e11 FLOPs at 256², more than DiT-XL/2's own forward pass (2.37e11). docs/references.md gives
 * the sum level by level.
 */
const SD_VAE_ENCODER_FLOPS_PER_PIXEL = 2 * 2_064_321;
/**
 * HunyuanVideo's causal 3D VAE encoder (Open-Sora 2.0 uses it too): the same count with 3×3×3 convolutions, widths
 * 128/256/512/512, two ResNet blocks a level, 4×8×8 compression, 32 latent moments: 2 × 4,535,108 multiply-adds per input
 * pixel per frame (docs/references.md gives the sum level by level).
 */
const HUNYUAN_VAE_ENCODER_FLOPS_PER_PIXEL = 2 * 4_535_108;
/** Wan-VAE's encoder (Wan-Video/Wan2.1 wan/modules/vae.py: dim 96, dim_mult 1/2/4/4, 3×3 2-D spatial and 3×1×1 temporal downsamplings): 2 × 2,501,428. */
const WAN_VAE_ENCODER_FLOPS_PER_PIXEL = 2 * 2_501_428;
/**
 * CogVideoX's 3D VAE encoder (THUDM/CogVideo sat/configs: ch 128, ch_mult 1/2/2/4, 3 ResNet blocks a level; counted on
 * diffusers' AutoencoderKLCogVideoX, whose weights are converted from it): 3×3×3 causal convolutions, widths
 * 128/256/256/512; each of the first two downsamplings pools time 2× and then runs a 3×3 stride-2 2-D convolution, the
 * third is spatial only; a mid block of two ResNet blocks without attention; 32 latent moments: 2 × 4,345,920
 * multiply-adds per input pixel per frame (docs/references.md gives the sum level by level).
 */
const COGVIDEOX_VAE_ENCODER_FLOPS_PER_PIXEL = 2 * 4_345_920;

/** A convolutional VAE encoder that runs on every sample: its cost grows with each sample's pixels × frames. */
const vaeEncoder = (name: string, forwardFlopsPerPixel: number, precomputed: boolean): EncoderSpec => ({ name, forwardFlopsPerPixel, precomputed });
const HUNYUAN_VAE = vaeEncoder('HunyuanVideo VAE encoder', HUNYUAN_VAE_ENCODER_FLOPS_PER_PIXEL, false);

const T5_XXL = (tokensPerSample: number, precomputed: boolean): EncoderSpec => ({
  name: `T5-XXL encoder (${tokensPerSample} tokens)`,
  parameters: T5_XXL_PARAMETERS,
  tokensPerSample,
  precomputed,
});
const CLIP_L: EncoderSpec = { name: 'CLIP-L text encoder (77 tokens)', parameters: CLIP_L_TEXT_PARAMETERS, tokensPerSample: 77, precomputed: false };

/** A 4×8×8 video VAE (causal: HunyuanVideo's, Wan's, CogVideoX's) and 1×2×2 latent patches. */
const VAE_4X8X8 = { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 4, patchSize: 2, temporalPatchSize: 1 } as const;
/** Movie Gen's temporal autoencoder: 8×8×8, 1×2×2 patches (Polyak et al. 2024, §3.1). */
const TAE_8X8X8 = { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2, temporalPatchSize: 1 } as const;

/** Movie Gen's UL2 encoder on the preset's 256 text tokens (assumed; its ByT5, MetaCLIP and TAE are not counted: docs/references.md). */
const MOVIE_GEN_ENCODERS: EncoderSpec[] = [{ name: 'UL2 encoder (256 tokens)', parameters: UL2_ENCODER_PARAMETERS, tokensPerSample: 256, precomputed: false }];

const H100 = { hardware: 'h100-sxm', precision: 'BF16', utilization: 0.4 } as const;

const DIT_XL_2_RUN: ScenarioSpec = {
  name: 'DiT-XL/2 on ImageNet 256²',
  model: { architecture: DIT_XL_2 },
  data: [{ kind: 'IMAGE', steps: 7e6, batchSize: 256, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 8, utilization: 0.4 },
};

const PIXART_ALPHA_RUN: ScenarioSpec = {
  name: 'PixArt-α in three stages',
  model: {
    architecture: PIXART_ALPHA,
    // Both precomputed: its configs load VAE latents (load_vae_feat=True) and T5 features (caption_feature_wmask/*.npz),
    // extracted once by tools/extract_features.py (PixArt-alpha/PixArt-alpha, configs/pixart_config/, diffusion/data/datasets/).
    encoders: [T5_XXL(120, true), vaeEncoder('SD VAE encoder', SD_VAE_ENCODER_FLOPS_PER_PIXEL, true)],
  },
  stages: [
    { name: 'pixel dependency: ImageNet 256²', data: [{ kind: 'IMAGE', steps: 400_000, batchSize: 256, width: 256, height: 256 }] },
    { name: 'text-image alignment: SAM 256²', data: [{ kind: 'IMAGE', steps: 200_000, batchSize: 1024, width: 256, height: 256 }] },
    { name: 'aesthetics: 512²', data: [{ kind: 'IMAGE', steps: 100_000, batchSize: 512, width: 512, height: 512 }] },
    { name: 'aesthetics: 1024²', data: [{ kind: 'IMAGE', steps: 20_000, batchSize: 256, width: 1024, height: 1024 }] },
  ],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 64, utilization: 0.4, pricePerGpuHour: 1.6 },
};

const OPEN_SORA_2_RUN: ScenarioSpec = {
  name: 'Open-Sora 2.0 in three stages on H200s',
  // All three run on every sample: the published configs set neither cached_text nor cached_video, so
  // scripts/diffusion/train.py builds T5, CLIP and HunyuanVideo's VAE and encodes each batch.
  model: { architecture: OPEN_SORA_2, encoders: [T5_XXL(512, false), CLIP_L, HUNYUAN_VAE] },
  stages: [
    {
      name: 'stage 1: 256 px text-to-video',
      data: [{ kind: 'VIDEO', steps: 85_000, batchSize: 672, width: 256, height: 256, frames: 129 }],
      cluster: { gpuCount: 224 },
    },
    {
      name: 'stage 2: 256 px text/image-to-video',
      data: [{ kind: 'VIDEO', steps: 13_000, batchSize: 576, width: 256, height: 256, frames: 129 }],
      cluster: { gpuCount: 192 },
    },
    {
      name: 'stage 3: 768 px text/image-to-video',
      data: [{ kind: 'VIDEO', steps: 13_000, batchSize: 96, width: 768, height: 768, frames: 129 }],
      cluster: { gpuCount: 192 },
    },
  ],
  tokenizer: VAE_4X8X8,
  training: { recomputation: 'FULL' },
  cluster: { hardware: 'h200', precision: 'BF16', utilization: 0.23, pricePerGpuHour: 2 },
};

const MOVIE_GEN_RUN: ScenarioSpec = {
  name: 'Movie Gen Video 30B in three stages',
  model: { architecture: MOVIE_GEN_30B, encoders: MOVIE_GEN_ENCODERS },
  stages: [
    { name: '256 px text-to-image', data: [{ kind: 'IMAGE', steps: 200_000, batchSize: 9216, width: 256, height: 256 }], cluster: { gpuCount: 1536 } },
    {
      name: '256 px text-to-video',
      data: [{ kind: 'VIDEO', steps: 120_000, batchSize: 3072, width: 256, height: 256, frames: 256 }],
      cluster: { gpuCount: 3072 },
    },
    {
      name: '768 px text-to-video',
      data: [{ kind: 'VIDEO', steps: 35_000, batchSize: 6144, width: 768, height: 768, frames: 256 }],
      cluster: { gpuCount: 6144 },
    },
  ],
  tokenizer: TAE_8X8X8,
  training: { recomputation: 'FULL' },
  cluster: H100,
};

const WAN_RUN: ScenarioSpec = {
  name: 'Wan 2.1 14B in three stages',
  // Wan publishes no training code: run on every sample is assumed, as Open-Sora 2.0's and CogVideoX's released training do.
  model: {
    architecture: WAN_14B,
    encoders: [
      { name: 'umT5-XXL encoder (512 tokens)', forwardFlopsPerSample: UMT5_XXL_FORWARD_512, precomputed: false },
      vaeEncoder('Wan-VAE encoder', WAN_VAE_ENCODER_FLOPS_PER_PIXEL, false),
    ],
  },
  stages: [
    { name: '256 px images', data: [{ kind: 'IMAGE', steps: 100_000, batchSize: 4096, width: 256, height: 256 }] },
    { name: '480p video, 81 frames', data: [{ kind: 'VIDEO', steps: 60_000, batchSize: 1024, width: 832, height: 480, frames: 81 }] },
    { name: '720p video, 81 frames', data: [{ kind: 'VIDEO', steps: 20_000, batchSize: 1024, width: 1280, height: 720, frames: 81 }] },
  ],
  tokenizer: VAE_4X8X8,
  training: { recomputation: 'FULL' },
  cluster: { ...H100, gpuCount: 1024 },
};

const HUNYUAN_RUN: ScenarioSpec = {
  name: 'HunyuanVideo 13B in three stages',
  // HunyuanVideo publishes no training code: run on every sample is assumed, as for Wan.
  model: {
    architecture: HUNYUANVIDEO,
    encoders: [
      { name: 'MLLM text encoder, llava-llama-3-8b (351 tokens)', forwardFlopsPerSample: HUNYUAN_MLLM_FORWARD_351, precomputed: false },
      CLIP_L,
      HUNYUAN_VAE,
    ],
  },
  stages: [
    { name: '256 px images', data: [{ kind: 'IMAGE', steps: 100_000, batchSize: 4096, width: 256, height: 256 }] },
    { name: '540p video, 129 frames', data: [{ kind: 'VIDEO', steps: 40_000, batchSize: 1024, width: 960, height: 544, frames: 129 }] },
    { name: '720p video, 129 frames', data: [{ kind: 'VIDEO', steps: 10_000, batchSize: 1024, width: 1280, height: 720, frames: 129 }] },
  ],
  tokenizer: VAE_4X8X8,
  training: { recomputation: 'FULL' },
  cluster: { ...H100, gpuCount: 1024 },
};

const COGVIDEOX_RUN: ScenarioSpec = {
  name: 'CogVideoX-5B in two stages',
  // The SAT training code runs its conditioner (T5) and VAE encoder in every step (sat/diffusion_video.py shared_step).
  model: { architecture: COGVIDEOX_5B, encoders: [T5_XXL(226, false), vaeEncoder('CogVideoX VAE encoder', COGVIDEOX_VAE_ENCODER_FLOPS_PER_PIXEL, false)] },
  stages: [
    { name: '256×384 video, 49 frames', data: [{ kind: 'VIDEO', steps: 100_000, batchSize: 1024, width: 384, height: 256, frames: 49 }] },
    { name: '480×720 video, 49 frames', data: [{ kind: 'VIDEO', steps: 50_000, batchSize: 1024, width: 720, height: 480, frames: 49 }] },
  ],
  tokenizer: VAE_4X8X8,
  training: { recomputation: 'FULL' },
  cluster: { ...H100, gpuCount: 512 },
};

const SORA_CLASS: ScenarioSpec = {
  name: 'Sora-class video model, trained as published recipes train',
  model: { architecture: MOVIE_GEN_30B, encoders: MOVIE_GEN_ENCODERS },
  stages: [
    { name: "256 px images (the article's 6e9)", data: [{ kind: 'IMAGE', count: 6e9, width: 256, height: 256 }], cluster: { gpuCount: 1536 } },
    { name: "256 px clips (the article's 35e6), 16 s at 16 fps", data: [{ kind: 'VIDEO', count: 35e6, width: 256, height: 256, frames: 256 }] },
    { name: "768 px clips (the article's 35e6), 16 s at 16 fps", data: [{ kind: 'VIDEO', count: 35e6, width: 768, height: 768, frames: 256 }] },
  ],
  tokenizer: TAE_8X8X8,
  training: { recomputation: 'FULL' },
  cluster: { ...H100, gpuCount: 6144 },
};

const LLAMA_RUN: ScenarioSpec = {
  name: 'Llama 3.1 405B on 16,384 H100s',
  model: { architecture: LLAMA_3_1_405B },
  data: [{ kind: 'TEXT', count: 15.6e12 }],
  training: { epochs: 1, sequenceLength: 8192 },
  cluster: { hardware: 'h100-sxm', precision: 'BF16', gpuCount: 16_384, utilization: 0.4 },
};

const SORA_2024: ScenarioSpec = {
  name: 'Sora compute, 2024 article (as written)',
  description:
    "The 2024 article's estimate of Sora's training compute, reproduced bug for bug: 35e6 clips of 30 s at 60 fps and 6e9 " +
    'images, all 1980×1024×3 (I2VGen-XL\'s dataset); "patches" = H×W×C per image but fps×duration×C per clip (the clips\' ' +
    'resolution is left out), divided by 16×16; N = 3e9 parameters (the article\'s "30亿", though it also writes "30B"); ' +
    'C = 6·N·D for one epoch; 10,000 A100s at their FP32 19.5 TFLOP/s and 100% utilization. The article rounds to 1.43e14 ' +
    'tokens, 2.6e24 FLOPs, 8.2x GPT-3 and 154 days; the exact arithmetic gives 152.3 days. The warnings name each slip.',
  model: { parameters: 3e9 },
  data: SEED_DATA_WITH_CHANNELS,
  tokenizer: { method: 'SEED_2024', patchSize: 16 },
  training: { epochs: 1 },
  cluster: { ...SEED_CLUSTER },
};

export const PRESETS: readonly Preset[] = [
  {
    key: 'sora-2024',
    name: SORA_2024.name as string,
    description: SORA_2024.description as string,
    tags: ['seed', 'sora', 'video', 'article'],
    input: SORA_2024,
  },
  {
    key: 'sora-2024-30b',
    name: 'Sora compute, 2024 article, 30B parameters',
    description:
      'The article exactly as written, except that its "30B" is read as 30e9 parameters rather than "30亿" (3e9): ' +
      'every FLOP figure grows tenfold, to 81.7x GPT-3 and 1,523 days on the 10,000 A100s — the size of the slip.',
    tags: ['seed', 'sora', 'video', 'article'],
    input: {
      ...SORA_2024,
      name: 'Sora compute, 2024 article, 30B parameters',
      description: 'The article with its "30B" read as 30e9 parameters.',
      model: { parameters: 30e9 },
    },
  },
  {
    key: 'sora-class',
    name: 'Sora-class video model, trained as published recipes train',
    description:
      "A Sora-class estimate built from published recipes rather than from the article's arithmetic. Sora's size and recipe " +
      'are unpublished. Published, and used here: the largest video transformer whose shape is public, Movie Gen Video 30B ' +
      '(48 layers, 6,144 wide, SwiGLU 16,384, cross-attention; 29.3B parameters counted), and the staged recipe Movie Gen, ' +
      'Open-Sora 2.0 and HunyuanVideo share: images at 256 px first (on 1,536 H100s, as Movie Gen), then clips at 256 px and ' +
      "at 768 px (on 6,144), each 16 s at 16 fps through an 8×8×8 autoencoder in 1×2×2 patches (Movie Gen's 73,728-token " +
      "context). Beside it, the article's data assumptions: its 6e9 images and 35e6 clips are kept as the counts (the images " +
      'seen once, the clips once at 256 and once at 768 px), but not its 1980×1024 frames of 30 s at 60 fps, which would be ' +
      '3.57M latent tokens a clip, 48 times the longest sample any published recipe trains on. Assumed: the model, the ' +
      "stages' data, full recomputation, 40% of peak, and Movie Gen's UL2 text encoder (8.7B, 256 tokens) run on every " +
      'sample; its ByT5, MetaCLIP and autoencoder are not counted. Result: 1.39e24 model FLOPs and 2.7e22 in the encoder, ' +
      "1.42e24 in all (4.5x GPT-3), 1.32M H100-hours, 14.5 days: 2.3x below the low end of Factorial Funds' 4,200–10,500 " +
      'H100s for a month (3.0M–7.6M H100-hours), which more passes, longer or 1080p clips or a lower utilization would reach.',
    tags: ['sora', 'video', 'corrected', 'stages', 'architecture', 'h100'],
    input: SORA_CLASS,
  },
  {
    key: 'dit-xl-2',
    name: 'DiT-XL/2 on ImageNet 256²',
    description:
      'DiT-XL/2 (Peebles & Xie 2023, arXiv:2212.09748) by architecture: 28 adaLN-Zero blocks, 1,152 wide, 16 heads, 2×2 patches ' +
      'on the 4-channel SD VAE latents, 675M parameters, of which 229M run once per sample. Published: 7M steps at batch 256 on ' +
      'ImageNet 256² (1.79e9 samples), 118.6 GMACs = 2.37e11 FLOPs forward per image (Table 4; 6·N·D would say 46% more), on a ' +
      'TPU v3-256 pod at 5.7 steps a second (14.2 days). The catalog has no TPU v3, so this preset runs on 8 A100s in BF16 at ' +
      "40% of peak (assumed), as the DiT repository's PyTorch replication trained XL/2 on 8 A100s: 1.28e21 FLOPs, 2,839 " +
      'A100-hours, 14.8 days. Its SD VAE encoder is not counted: the paper’s runs used its unreleased JAX code and its ' +
      'Gflops count the DiT alone; the released train.py, a PyTorch replication, encodes every batch, which would add ' +
      '2.7e11 FLOPs an image (38%).',
    tags: ['dit', 'image', 'reference', 'architecture', 'a100'],
    input: DIT_XL_2_RUN,
  },
  {
    key: 'pixart-alpha',
    name: 'PixArt-α in three stages',
    description:
      'PixArt-α (Chen et al. 2023, arXiv:2310.00426) by architecture: DiT-XL/2 with cross-attention to 120 T5-XXL tokens and ' +
      'adaLN-single, 611M parameters counted (published 0.6B). Published: its three training stages (pixel dependency on ImageNet ' +
      'at 256², text-image alignment on SAM with LLaVA captions at 256², aesthetic fine-tuning at 512² then 1024²), 25M images ' +
      'in all, and ~675 A100-days for ~$26k ($1.60 an A100-hour, the price here). Assumed: the steps and batches (400K × 256 on ' +
      "ImageNet, DiT's model-comparison budget; 200K × 1,024 on SAM; 100K × 512 at 512²; 20K × 256 at 1024²), 64 A100s in BF16 " +
      'at 40%. That is 5.6e20 FLOPs and 52 A100-days: the published 675 A100-days would mean 3.1% of an A100’s peak, so PixArt-α ' +
      'ran several times more steps than assumed here, or its A100-days (it trained on V100s) count more than these FLOPs. Its ' +
      'frozen T5-XXL (120 tokens) and SD VAE encoder are listed as precomputed, as its training configs load T5 features and ' +
      'VAE latents extracted once before training: they add nothing.',
    tags: ['pixart', 'image', 'reference', 'stages', 'architecture', 'a100'],
    input: PIXART_ALPHA_RUN,
  },
  {
    key: 'open-sora-2.0',
    name: 'Open-Sora 2.0 in three stages on H200s',
    description:
      'Open-Sora 2.0 (Peng et al. 2025, arXiv:2503.09642; hpcaitech/Open-Sora) by architecture: a Flux-style MM-DiT of 19 double- ' +
      'and 38 single-stream blocks, 3,072 wide, T5-XXL (512 tokens) and CLIP-L, 11.9B parameters counted (the paper says 11B; ' +
      "Flux.1 dev's 12B without its guidance embedder), HunyuanVideo's 4×8×8 VAE. Published: the three stages, 85K iterations " +
      'on 224 GPUs (256 px text-to-video, 2,240 GPU-days, $107.5k), 13K on 192 (256 px text/image-to-video, 384 GPU-days) and ' +
      '13K on 192 (768 px, 1,536 GPU-days), about $200k in all at $2.00 an H200-hour. Assumed: every sample is a 129-frame clip ' +
      "in the repository's batch for that bucket (3 a GPU at 256 px, 8,448 tokens; 2 per 4-GPU sequence-parallel group at 768 px, " +
      '76,032 tokens), full recomputation (its configs checkpoint the blocks), and 23% of peak, what stage 1’s published ' +
      'time implies with its encoders counted. Its configs cache neither text nor latents, so T5-XXL (512 tokens), CLIP-L and ' +
      'the VAE encoder (9.07e6 FLOPs per pixel per frame) run on every clip: the text encoders 0.55% of the FLOPs, the VAE ' +
      '9.9% (13% of each 256 px stage, 4% at 768 px). Result: 2,235 GPU-days for stage 1, 3,865 in all, $186k; the published ' +
      'time implies 16.4% MFU on these FLOPs.',
    tags: ['open-sora', 'video', 'reference', 'stages', 'architecture', 'h200'],
    input: OPEN_SORA_2_RUN,
  },
  {
    key: 'movie-gen-30b',
    name: 'Movie Gen Video 30B in three stages',
    description:
      'Movie Gen Video (Polyak et al. 2024, arXiv:2410.13720) by architecture: 48 Llama-style blocks, 6,144 wide, SwiGLU 16,384, ' +
      'cross-attention to the text, 29.3B parameters counted (published 30B), an 8×8×8 temporal autoencoder and 1×2×2 patches. ' +
      'Published: 256 px text-to-image first on 1,536 H100s, then video on up to 6,144; 768 px clips of 16 s at 16 fps are ' +
      '73,728 tokens; no total compute. Assumed: the text context (256 tokens, 4,096 wide), the steps and batches (200K × 9,216 ' +
      'images; 120K × 3,072 256 px clips on 3,072 GPUs; 35K × 6,144 768 px clips on 6,144), full recomputation, 40% of peak, ' +
      'its UL2 text encoder (8.7B, 256 tokens) run on every sample (0.15% of the FLOPs; ByT5, MetaCLIP and the TAE encoder not ' +
      'counted): 7.2e24 FLOPs, 6.7M H100-hours, 51 days, the 768 px stage 91% of it and attention 59% of all FLOPs.',
    tags: ['movie-gen', 'video', 'reference', 'stages', 'architecture', 'h100'],
    input: MOVIE_GEN_RUN,
  },
  {
    key: 'wan-2.1-14b',
    name: 'Wan 2.1 14B in three stages',
    description:
      'Wan 2.1 14B (Wan team 2025, arXiv:2503.20314; Wan-Video/Wan2.1) by architecture: 40 cross-attention DiT blocks, 5,120 wide, ' +
      '40 heads, FFN 13,824, umT5-XXL (512 tokens), a causal 4×8×8 VAE, 14.3B parameters counted (published 14B). Published: ' +
      'image pre-training at 256 px, then images and 81-frame clips at rising resolution up to 720p (75,600 tokens a clip). ' +
      'Assumed: the steps, batches and cluster (100K × 4,096 images; 60K × 1,024 480p clips; 20K × 1,024 720p clips; 1,024 ' +
      'H100s at 40%, full recomputation), and umT5-XXL (5.7B, 512 tokens) and the Wan-VAE encoder (5.0e6 FLOPs per pixel per ' +
      'frame) run on every sample, as Wan publishes no training code (0.32% and 2.4% of the FLOPs): 7.4e23 FLOPs, 688k ' +
      'H100-hours, attention 61% of all FLOPs.',
    tags: ['wan', 'video', 'reference', 'stages', 'architecture', 'h100'],
    input: WAN_RUN,
  },
  {
    key: 'hunyuanvideo-13b',
    name: 'HunyuanVideo 13B in three stages',
    description:
      'HunyuanVideo (Kong et al. 2024, arXiv:2412.03603; Tencent/HunyuanVideo) by architecture: an MM-DiT of 20 double- and 40 ' +
      'single-stream blocks, 3,072 wide, MLLM text (256 tokens) and CLIP-L, a causal 4×8×8 VAE. It counts 12.5B parameters ' +
      '(published: over 13B; its two-block text refiner is not modelled), of which a video token passes 6.8B. Published: ' +
      'progressive image then image-video training up to 720p × 129 frames (118,800 tokens a clip). Assumed: the steps, batches ' +
      'and cluster (100K × 4,096 images at 256 px; 40K × 1,024 540p clips; 10K × 1,024 720p clips; 1,024 H100s at 40%, full ' +
      'recomputation), and its text encoders, the 7.5B MLLM on 351 tokens and CLIP-L, and its VAE encoder (9.07e6 FLOPs per ' +
      'pixel per frame) run on every sample, as HunyuanVideo publishes no training code (0.24% and 3.8% of the FLOPs): ' +
      '9.4e23 FLOPs, 875k H100-hours, attention 78% of all FLOPs.',
    tags: ['hunyuanvideo', 'video', 'reference', 'stages', 'architecture', 'h100'],
    input: HUNYUAN_RUN,
  },
  {
    key: 'cogvideox-5b',
    name: 'CogVideoX-5B in two stages',
    description:
      'CogVideoX-5B (Yang et al. 2024, arXiv:2408.06072; THUDM/CogVideo) by architecture: 42 blocks, 3,072 wide, 48 heads, the ' +
      '226 T5-XXL tokens in full attention with the video tokens through the same weights (single-stream), a 4×8×8 VAE. ' +
      'Published: progressive training from low resolution to 480×720 × 49 frames (17,550 video tokens). Counted: 6.0B ' +
      'parameters, 4.76B of them per token; the count is 0.4B above the checkpoint because flopscope gives every single-stream ' +
      "block Flux's d×3d modulation, where CogVideoX modulates from a 512-wide time embedding (once per sample: no effect on " +
      'the FLOPs). Assumed: the steps, batches and cluster (100K × 1,024 clips at 256×384; 50K × 1,024 at 480×720; 512 H100s ' +
      'at 40%, full recomputation), and T5-XXL on its 226 tokens and the VAE encoder (8.69e6 FLOPs per pixel per frame, counted ' +
      'from its configuration) run on every clip, as its training code does (0.4% and 14% of the FLOPs: 18% at 256×384, 13% at ' +
      '480×720): 8.3e22 FLOPs, 75k H100-hours.',
    tags: ['cogvideox', 'video', 'reference', 'stages', 'architecture', 'h100'],
    input: COGVIDEOX_RUN,
  },
  {
    key: 'gpt-3',
    name: 'GPT-3 175B',
    description:
      'GPT-3 175B on 300e9 tokens (Brown et al. 2020): 6·N·D = 3.15e23 FLOPs against the published 3.14e23. ' +
      'V100s in FP16 at 21.3% MFU (PaLM 2022, Table 3); 10,000 GPUs is the size of the Microsoft cluster announced in 2020 ' +
      "(the paper gives no count). 1.7 tokens per parameter: far short of Chinchilla's 20, as the warning says. " +
      'The catalog has no V100 price, so cost is null.',
    tags: ['llm', 'reference', 'text'],
    input: {
      name: 'GPT-3 175B',
      model: { parameters: 175e9, layers: 96, hiddenSize: 12_288 },
      data: [{ kind: 'TEXT', count: 300e9 }],
      training: { epochs: 1, sequenceLength: 2048 },
      cluster: { hardware: 'v100-sxm2', precision: 'FP16', gpuCount: 10_000, utilization: 0.213 },
    },
  },
  {
    key: 'llama-3.1-405b-h100',
    name: 'Llama 3.1 405B on 16,384 H100s',
    description:
      'Llama 3.1 405B (Dubey et al. 2024, arXiv:2407.21783) by architecture: 126 layers, 16,384 wide, 128 heads with 8 KV heads, ' +
      'SwiGLU 53,248, vocabulary 128,256 (405.9B parameters counted), on 15.6e12 tokens in 8,192-token sequences, 16,384 H100s in ' +
      'BF16 at 40% MFU (the paper: 38–43%). Operation counting gives 4.10e25 FLOPs, 7.8% above the published 3.8e25, which is ' +
      "6·N·D: the difference is the attention cores (7.7%), counted as the full square. The model card's 30.84M H100-hours " +
      'then imply 37% MFU; this preset takes 28.7M H100-hours and 73 days.',
    tags: ['llm', 'reference', 'text', 'h100', 'architecture'],
    input: LLAMA_RUN,
  },
];

export function findPreset(key: string): Preset | undefined {
  return PRESETS.find((p) => p.key === key);
}
