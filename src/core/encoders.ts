/**
 * Frozen encoders (docs/model.md, "Frozen encoders"): a text encoder, a VAE or a vision tower that
 * runs forward, never backward, on every training sample, unless its outputs were computed once
 * before training. Epoch AI counts such a component's forward passes in the training compute, not
 * its own pretraining.
 */
import { clipFrames } from './tokens';
import type { ResolvedDataSource, ResolvedEncoder } from './types';

/**
 * Pixels of one sample an encoder convolves, W · H · F: F = 1 for an image, the clip's frames for a
 * video (`frames`, or round(durationSeconds · fps)); 0 for TEXT, on which a VAE does not run.
 */
export function samplePixels(s: ResolvedDataSource): number {
  if (s.kind === 'TEXT') return 0;
  const frames = s.kind === 'VIDEO' ? clipFrames(s) : 1;
  return (s.width as number) * (s.height as number) * frames;
}

/**
 * Forward FLOPs of one sample of source `s` through one encoder: as given (forwardFlopsPerSample);
 * or 2·N·T, a forward pass being 2·N FLOPs per token (Kaplan et al. 2020, arXiv:2001.08361, §2.1,
 * Table 1): T5-XXL's encoder (4.76e9 parameters) on 512 tokens, 2 · 4.76e9 · 512 = 4.88e12; or, for
 * a convolutional encoder (a VAE's), forwardFlopsPerPixel · W · H · F (samplePixels): its cost grows
 * with the sample's pixels, Wan's VAE (5.0e6 per pixel) 3.3e11 on a 256² image, 3.7e14 on an 81-frame 720p clip.
 */
export function encoderForwardFlops(e: ResolvedEncoder, s: ResolvedDataSource): number {
  return e.forwardFlopsPerPixel !== null ? e.forwardFlopsPerPixel * samplePixels(s) : (fixedForwardFlops(e) as number);
}

/** An encoder's forward FLOPs per sample when they do not depend on the sample (given, or 2·N·T); null for a per-pixel one. */
export function fixedForwardFlops(e: Omit<ResolvedEncoder, 'name' | 'precomputed'>): number | null {
  if (e.forwardFlopsPerPixel !== null) return null;
  return e.forwardFlopsPerSample ?? 2 * (e.parameters as number) * (e.tokensPerSample as number);
}

/** Forward FLOPs per training sample of source `s` of all the encoders that run (precomputed ones add 0). */
export function encodersForwardPerSample(encoders: readonly ResolvedEncoder[], s: ResolvedDataSource): number {
  let sum = 0;
  for (const e of encoders) if (!e.precomputed) sum += encoderForwardFlops(e, s);
  return sum;
}

/** The fields an encoder's cost may be given by. */
export type EncoderCostField = 'parameters' | 'tokensPerSample' | 'forwardFlopsPerSample' | 'forwardFlopsPerPixel';

/** The field an encoder's cost is given by that grows it most: forwardFlopsPerPixel, forwardFlopsPerSample, or the larger of parameters and tokensPerSample. */
export function costField(e: ResolvedEncoder): EncoderCostField {
  if (e.forwardFlopsPerPixel !== null) return 'forwardFlopsPerPixel';
  if (e.forwardFlopsPerSample !== null) return 'forwardFlopsPerSample';
  return (e.parameters as number) >= (e.tokensPerSample as number) ? 'parameters' : 'tokensPerSample';
}

/** Index of the encoder that costs most per sample of any of `sources` (-1 when none runs). */
export function costliestEncoder(encoders: readonly ResolvedEncoder[], sources: readonly ResolvedDataSource[]): number {
  let worst = -1;
  let index = -1;
  encoders.forEach((e, j) => {
    if (e.precomputed) return;
    let f = 0;
    for (const s of sources) f = Math.max(f, encoderForwardFlops(e, s));
    if (!(f > worst)) return;
    worst = f;
    index = j;
  });
  return index;
}

/**
 * The input most responsible for the encoders' FLOPs, for an overflow's message: the cost field
 * (costField) of the encoder that costs most per sample of any of `sources`.
 */
export function costliestEncoderPath(encoders: readonly ResolvedEncoder[], sources: readonly ResolvedDataSource[]): string {
  const j = costliestEncoder(encoders, sources);
  return j < 0 ? 'model.encoders' : `model.encoders[${j}].${costField(encoders[j])}`;
}
