/**
 * Ready-made scenarios; the service seeds them into its public "examples" library.
 * Sources: the seed article (docs/article.md), docs/references.md, docs/hardware.md.
 */
import type { DataSourceSpec, Preset, ScenarioSpec } from './types';

/** The article's dataset (its assumption one, after I2VGen-XL): 35e6 clips of 30 s at 60 fps, 6e9 images, all 1980×1024×3. */
const SEED_DATA_WITH_CHANNELS: DataSourceSpec[] = [
  { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, channels: 3, durationSeconds: 30, fps: 60 },
  { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024, channels: 3 },
];
/** The same dataset for PIXEL/LATENT tokenization, where channels play no part (a patch holds all of them). */
const SEED_DATA: DataSourceSpec[] = SEED_DATA_WITH_CHANNELS.map(({ channels: _unused, ...s }) => s);

/** The article's cluster (assumption four): 10,000 A100s at the FP32 19.5 TFLOP/s, 100% utilization. */
const SEED_CLUSTER = { hardware: 'a100-sxm-80gb', precision: 'FP32', gpuCount: 10_000, utilization: 1.0 } as const;

/**
 * A plausible 3e9-parameter DiT shape: GPT-3 2.7B's 32 layers × d_model 2560 (Brown et al. 2020,
 * Table 2.1), for which 12·L·d² = 2.5e9 ≈ N (Kaplan et al. 2020's parameter count, plus embeddings
 * and DiT's adaLN layers). Sora's real shape is unpublished.
 */
const DIT_3B = { parameters: 3e9, layers: 32, hiddenSize: 2560 } as const;

/** The corrected analysis keeps the article's 10,000 A100s but trains in BF16 at Epoch AI's 40% MFU. */
const CORRECTED_CLUSTER = { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 10_000, utilization: 0.4 } as const;

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
    key: 'sora-2024-pixel',
    name: 'Sora dataset, pixel-space patches (corrected)',
    description:
      "The article's dataset and model size tokenized properly in pixel space: ViT 16×16 patches per frame " +
      "(ceil(1024/16)·ceil(1980/16) = 64·124 = 7,936), every one of a clip's 1,800 frames, channels inside the patch. " +
      'A clip becomes a 14.3M-token sequence, so full attention (12·L·d·T per token, with a GPT-3-2.7B-shaped ' +
      '32-layer, 2560-wide DiT) outweighs the 6·N·D term by hundreds of times: training in pixel space at this clip ' +
      'length is out of reach on 10,000 A100s (BF16, 40% utilization), which is why video models use a VAE first.',
    tags: ['sora', 'video', 'corrected', 'pixel', 'attention'],
    input: {
      name: 'Sora dataset, pixel-space patches (corrected)',
      model: { ...DIT_3B },
      data: SEED_DATA,
      tokenizer: { method: 'PIXEL', patchSize: 16, temporalPatchSize: 1 },
      training: { epochs: 1, attention: true },
      cluster: { ...CORRECTED_CLUSTER },
    },
  },
  {
    key: 'sora-2024-latent',
    name: 'Sora dataset, latent-space patches (corrected)',
    description:
      "The article's dataset through a video VAE (8× spatial, 4× temporal) and 2×2 latent patches, as Sora's technical " +
      'report describes ("compress videos into a latent space, then decompose into spacetime patches"): 7,936 tokens per ' +
      "image and 450·7,936 = 3.57M per 30 s clip. Dense compute is close to the article's, but with attention counted " +
      '(same 32-layer, 2560-wide DiT-3B shape) the 30 s, 60 fps clips dominate, by about 140x over 6·N·D: train on ' +
      'shorter or lower-fps clips. BF16 on 10,000 A100s at 40% utilization.',
    tags: ['sora', 'video', 'corrected', 'latent', 'attention'],
    input: {
      name: 'Sora dataset, latent-space patches (corrected)',
      model: { ...DIT_3B },
      data: SEED_DATA,
      tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
      training: { epochs: 1, attention: true },
      cluster: { ...CORRECTED_CLUSTER },
    },
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
      'Llama 3.1 405B on 15.6e12 tokens (Meta model card): 6·N·D = 3.79e25 FLOPs against the published 3.8e25, ' +
      'on 16,384 H100s in BF16 at 40% MFU (Llama 3 paper: 38–43%), 8,192-token sequences, 126 layers × 16,384 wide. ' +
      'About 26.6M GPU-hours and 68 days; the model card reports 30.84M H100-hours for the 405B model.',
    tags: ['llm', 'reference', 'text', 'h100'],
    input: {
      name: 'Llama 3.1 405B on 16,384 H100s',
      model: { parameters: 405e9, layers: 126, hiddenSize: 16_384 },
      data: [{ kind: 'TEXT', count: 15.6e12 }],
      training: { epochs: 1, sequenceLength: 8192 },
      cluster: { hardware: 'h100-sxm', precision: 'BF16', gpuCount: 16_384, utilization: 0.4 },
    },
  },
];

export function findPreset(key: string): Preset | undefined {
  return PRESETS.find((p) => p.key === key);
}
