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
