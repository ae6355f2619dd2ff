/** Training FLOPs: the dense 6·N·D rule and, optionally, the attention term (docs/model.md, "Training FLOPs"). */
import { Factor, checkFinite } from './errors';
import { largestSource } from './tokens';
import { CHINCHILLA_TOKENS_PER_PARAMETER } from './references';
import type { FlopsResult, ResolvedScenario, TokenResult } from './types';

/** Dense training FLOPs C = 6·N·D per epoch (Kaplan et al. 2020, arXiv:2001.08361, section 2.1). */
export function denseTrainingFlops(parameters: number, tokens: number, epochs: number): number {
  return 6 * parameters * tokens * epochs;
}

/** Attention training FLOPs: 12·L·d·T per token (Chowdhery et al. 2022, PaLM, arXiv:2204.02311, appendix B). */
export function attentionTrainingFlops(layers: number, hiddenSize: number, sequenceTokens: number, tokens: number, epochs: number): number {
  return 12 * layers * hiddenSize * sequenceTokens * tokens * epochs;
}

/** Compute-optimal parameters for C FLOPs: C = 6·N·D with D = 20·N gives N = sqrt(C/120) (Hoffmann et al. 2022). */
export function chinchillaParameters(computeFlops: number): number {
  return Math.sqrt(computeFlops / (6 * CHINCHILLA_TOKENS_PER_PARAMETER));
}

export function computeFlops(r: ResolvedScenario, t: TokenResult): FlopsResult {
  const { parameters, layers, hiddenSize } = r.model;
  const { epochs, attention: withAttention } = r.training;
  const dataPath = (): string => `data[${largestSource(t)}].count`;
  const dense = checkFinite(denseTrainingFlops(parameters, t.total, epochs), 'dense training FLOPs', () => [
    { path: 'model.parameters', value: parameters },
    { path: dataPath(), value: t.total },
    { path: 'training.epochs', value: epochs },
  ]);
  let attention = 0;
  if (withAttention && layers !== null && hiddenSize !== null) {
    for (const s of t.sources) {
      attention += attentionTrainingFlops(layers, hiddenSize, s.tokensPerSequence, s.tokens, epochs);
    }
    checkFinite(attention, 'attention FLOPs', (): Factor[] => [
      { path: 'model.layers', value: layers },
      { path: 'model.hiddenSize', value: hiddenSize },
      { path: dataPath(), value: t.total },
      { path: 'training.epochs', value: epochs },
    ]);
  }
  const total = checkFinite(dense + attention, 'training FLOPs', () => [
    { path: 'model.parameters', value: parameters },
    { path: dataPath(), value: t.total },
  ]);
  return { dense, attention, total, attentionShare: total > 0 ? attention / total : 0 };
}
