import type { ReferenceModelSpec } from './types';

/** GPT-3 175B training compute, 3.14e23 FLOPs (Brown et al. 2020, arXiv:2005.14165, Table D.1). */
export const GPT3_FLOPS = 3.14e23;

/** 1 PF-day = 1e15 FLOP/s × 86,400 s (Amodei & Hernandez, "AI and Compute", OpenAI 2018). */
export const PF_DAY_FLOPS = 8.64e19;

export const SECONDS_PER_DAY = 86_400;

/** Compute-optimal training tokens per parameter, D ≈ 20·N (Hoffmann et al. 2022, arXiv:2203.15556). */
export const CHINCHILLA_TOKENS_PER_PARAMETER = 20;

/** Reference training runs, each with its source (docs/references.md). */
export const REFERENCE_MODELS: readonly ReferenceModelSpec[] = [
  {
    key: 'gpt-3',
    name: 'GPT-3 175B',
    flops: GPT3_FLOPS,
    parameters: 175e9,
    tokens: 300e9,
    source: 'Brown et al. 2020, arXiv:2005.14165, Table D.1 (3,640 PF-days)',
  },
  { key: 'gopher', name: 'Gopher 280B', flops: 6.31e23, parameters: 280e9, tokens: 300e9, source: 'Epoch AI Notable Models database' },
  { key: 'chinchilla', name: 'Chinchilla 70B', flops: 5.76e23, parameters: 70e9, tokens: 1.4e12, source: 'Hoffmann et al. 2022, arXiv:2203.15556, Table 3' },
  { key: 'palm', name: 'PaLM 540B', flops: 2.5272e24, parameters: 540e9, tokens: 780e9, source: 'Chowdhery et al. 2022, arXiv:2204.02311' },
  {
    key: 'llama-2-70b',
    name: 'Llama 2 70B',
    flops: 8.06e23,
    parameters: 70e9,
    tokens: 2e12,
    source: 'Epoch AI (geometric mean of hardware and 6ND methods); Touvron et al. 2023',
  },
  { key: 'llama-3.1-405b', name: 'Llama 3.1 405B', flops: 3.8e25, parameters: 405e9, tokens: 15.6e12, source: 'Meta Llama 3.1 model card; Epoch AI' },
  { key: 'gpt-4', name: 'GPT-4 (estimate)', flops: 2.1e25, parameters: null, tokens: null, source: 'Epoch AI estimate (speculative)' },
];

export function findReferenceModel(key: string): ReferenceModelSpec | undefined {
  return REFERENCE_MODELS.find((m) => m.key === key);
}

/** A published figure as a low–high range; low equals high for a single figure. */
export interface FigureRange {
  low: number;
  high: number;
}

/**
 * A published training budget in GPU time or dollars. Image and video models almost never publish
 * their training FLOPs, so these are not REFERENCE_MODELS (ratioTo needs FLOPs): they are what an
 * estimate's GPU-hours and cost can be held against.
 */
export interface ReferenceBudgetSpec {
  key: string;
  name: string;
  /** What the source states, in its own terms. */
  published: string;
  /** Catalog key (HARDWARE_CATALOG) of the device the GPU time was counted on. */
  hardware: string;
  /** GPU-hours: as published, or converted from what is published (see `derivation`). */
  gpuHours: FigureRange | null;
  /** US dollars, as published. */
  costUsd: FigureRange | null;
  /** How gpuHours follow from the published figures, when they are not quoted as GPU-hours. */
  derivation: string | null;
  source: string;
}

const point = (v: number): FigureRange => ({ low: v, high: v });

/** Hours in the month of Factorial Funds' Sora estimate ("for one month"): 30 days. */
const HOURS_PER_MONTH = 30 * 24;

/** Published image and video training budgets, each with its source (docs/references.md). */
export const REFERENCE_BUDGETS: readonly ReferenceBudgetSpec[] = [
  {
    key: 'pixart-alpha',
    name: 'PixArt-α (0.6B text-to-image)',
    published: '~675 A100-days and ~$26k of training (against Stable Diffusion 1.5: ~6,250 A100-days, $320k)',
    hardware: 'a100-sxm-80gb',
    gpuHours: point(675 * 24),
    costUsd: point(26_000),
    derivation: '675 A100-days × 24 = 16,200 A100-hours; $26k over them is $1.60 per A100-hour',
    source: 'Chen et al. 2023, "PixArt-α", arXiv:2310.00426',
  },
  {
    key: 'open-sora-1.2',
    name: 'Open-Sora 1.2 (1.1B)',
    published: '35k H100-hours of training',
    hardware: 'h100-sxm',
    gpuHours: point(35_000),
    costUsd: null,
    derivation: null,
    source: 'hpcaitech/Open-Sora on GitHub, the Open-Sora 1.2 technical report (report_03)',
  },
  {
    key: 'open-sora-2.0',
    name: 'Open-Sora 2.0 (11B)',
    published: '~$200k of training on up to 224 GPUs at $2.00 per GPU-hour; stage 1 (256 px text-to-video): 85k iterations, 2,240 GPU-days, $107.5k',
    hardware: 'h200',
    gpuHours: point(200_000 / 2),
    costUsd: point(200_000),
    derivation: '$200k at the paper’s $2.00 per GPU-hour = 100,000 GPU-hours (stage 1 checks the rate: 2,240 GPU-days = 53,760 GPU-hours = $107.5k)',
    source: 'Peng et al. 2025, "Open-Sora 2.0: Training a Commercial-Level Video Generation Model in $200k", arXiv:2503.09642',
  },
  {
    key: 'sora-factorial',
    name: 'Sora (outside estimate)',
    published: '4,200–10,500 H100s for one month of training (an outside estimate; OpenAI publishes no figure)',
    hardware: 'h100-sxm',
    gpuHours: { low: 4_200 * HOURS_PER_MONTH, high: 10_500 * HOURS_PER_MONTH },
    costUsd: null,
    derivation: 'GPUs × one month, taken as 30 days (720 hours): 3.02M–7.56M H100-hours',
    source: 'Factorial Funds, "Under the hood: how OpenAI\'s Sora model works", 2024',
  },
  {
    key: 'svd',
    name: 'Stable Video Diffusion',
    published: '~200k A100-80GB hours of training',
    hardware: 'a100-sxm-80gb',
    gpuHours: point(200_000),
    costUsd: null,
    derivation: null,
    source: 'Blattmann et al. 2023, "Stable Video Diffusion", arXiv:2311.15127',
  },
];

export function findReferenceBudget(key: string): ReferenceBudgetSpec | undefined {
  return REFERENCE_BUDGETS.find((b) => b.key === key);
}
