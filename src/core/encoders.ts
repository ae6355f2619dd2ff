/**
 * Frozen encoders (docs/model.md, "Frozen encoders"): a text encoder, a VAE or a vision tower that
 * runs forward, never backward, on every training sample, unless its outputs were computed once
 * before training. Epoch AI counts such a component's forward passes in the training compute, not
 * its own pretraining.
 */
import type { ResolvedEncoder } from './types';

/**
 * Forward FLOPs of one sample through one encoder: as given, or 2·N·T, a forward pass being 2·N
 * FLOPs per token (Kaplan et al. 2020, arXiv:2001.08361, §2.1, Table 1). T5-XXL's encoder (4.76e9
 * parameters) on 512 tokens: 2 · 4.76e9 · 512 = 4.88e12.
 */
export function encoderForwardFlops(e: ResolvedEncoder): number {
  return e.forwardFlopsPerSample ?? 2 * (e.parameters as number) * (e.tokensPerSample as number);
}

/** Forward FLOPs per training sample of all the encoders that run (precomputed ones add 0). */
export function encodersForwardPerSample(encoders: readonly ResolvedEncoder[]): number {
  let sum = 0;
  for (const e of encoders) if (!e.precomputed) sum += encoderForwardFlops(e);
  return sum;
}

/**
 * The input most responsible for the encoders' FLOPs, for an overflow's message: of the costliest
 * encoder, its forwardFlopsPerSample, or the larger of its parameters and tokensPerSample.
 */
export function costliestEncoderPath(encoders: readonly ResolvedEncoder[]): string {
  let worst = -1;
  let path = 'model.encoders';
  encoders.forEach((e, j) => {
    const f = e.precomputed ? -1 : encoderForwardFlops(e);
    if (!(f > worst)) return;
    worst = f;
    const field =
      e.forwardFlopsPerSample !== null ? 'forwardFlopsPerSample' : (e.parameters as number) >= (e.tokensPerSample as number) ? 'parameters' : 'tokensPerSample';
    path = `model.encoders[${j}].${field}`;
  });
  return path;
}
