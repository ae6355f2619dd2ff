/**
 * What a scenario may leave out: each default, and the reason reported with it in the estimate's
 * `assumptions` when it is used (docs/model.md, "Defaults").
 */
import { DEFAULT_HARDWARE_KEY } from './hardware';
import type { Recomputation } from './architecture';
import type { HardwareSpec, Precision, TokenizationMethod } from './types';

export const DEFAULTS = {
  method: 'LATENT' as TokenizationMethod,
  /** ViT's 16×16 patches (Dosovitskiy et al. 2020) for SEED_2024 and PIXEL; 2×2 on latents (DiT, Peebles & Xie 2023). */
  patchSize: { SEED_2024: 16, PIXEL: 16, LATENT: 2 } as Record<TokenizationMethod, number>,
  temporalPatchSize: 1,
  /** The 8× spatial, 4× temporal VAE common to latent video models (e.g. Open-Sora, CogVideoX). */
  vaeSpatialFactor: 8,
  vaeTemporalFactor: 4,
  channels: 3,
  epochs: 1,
  attention: false,
  /** With model.architecture the attention cores are counted unless training.attention is false (issue 17). */
  attentionWithArchitecture: true,
  sequenceLength: 2048,
  recomputation: 'NONE' as Recomputation,
  hardware: DEFAULT_HARDWARE_KEY,
  precision: 'BF16' as Precision,
  gpuCount: 1,
  /** Epoch AI's assumption for non-LLM models when nothing is reported (docs/hardware.md, "Utilization"). */
  utilization: 0.4,
  pue: 1.2,
};

/** The reason each default is what it is, as the estimate's `assumptions` report it. */
export const REASONS = {
  channels: 'RGB: 3 colour channels (the SEED_2024 formula multiplies by C)',
  method: "default: latent diffusion models patch a VAE's latents, not pixels (Sora, Open-Sora, CogVideoX)",
  latentPatchSize: '2×2 patches on the latent (DiT, Peebles & Xie 2023)',
  pixelPatchSize: "16×16 patches (ViT, Dosovitskiy et al. 2020; the article's assumption two)",
  vaeSpatialFactor: '8× spatial VAE downsampling (Stable Diffusion, Open-Sora, CogVideoX)',
  vaeTemporalFactor: '4× temporal VAE compression (Open-Sora, CogVideoX)',
  temporalPatchSize: 'one (latent) frame per patch in time',
  epochs: 'one pass over the data',
  attention: 'dense 6·N·D rule only (Kaplan et al. 2020); set training.attention with model.layers and model.hiddenSize to add 12·L·d·T per token',
  attentionWithArchitecture:
    'the architecture is known, so its attention cores (4·N²·d per layer forward, the full square as PaLM and Megatron-LM count it) are counted; set training.attention to false to count the matmuls only',
  sequenceLength: "GPT-3's context of 2,048 tokens per TEXT training sequence",
  recomputation: 'no activation recomputation: hardware FLOPs equal model FLOPs; set training.recomputation to SELECTIVE or FULL if the run recomputes',
  recomputationInStages:
    'no activation recomputation in the stages that do not set their own (stages[k].training.recomputation): there, hardware FLOPs equal model FLOPs',
  encoderPrecomputed:
    'a frozen encoder runs forward on every training sample; set precomputed: true if its latents or embeddings were computed once, before training',
  parametersFromArchitecture: 'counted from model.architecture, matrix by matrix',
  hardware: (hw: HardwareSpec): string =>
    `default: ${hw.name}, the accelerator of recent large training runs (Llama 3.1, Movie Gen); set cluster.hardware for another`,
  precision: 'mixed-precision training on tensor cores',
  gpuCount: 'default: one GPU, so wall-clock days equal GPU-days; set cluster.gpuCount for wall-clock time',
  utilization: "Epoch AI's MFU assumption for non-LLM models; published large runs reach 0.38–0.46",
  price: (hw: HardwareSpec): string => `catalog on-demand rate (${hw.priceYear ?? 'undated'}) for ${hw.name}: ${hw.source}`,
  pue: 'power usage effectiveness of a modern data centre',
  tdp: (hw: HardwareSpec): string => `catalog TDP of ${hw.name}: ${hw.source}`,
  peak: (hw: HardwareSpec, precision: Precision): string => `dense ${precision} peak of ${hw.name}: ${hw.source}`,
};
