/** Media → tokens by the three tokenization methods (docs/model.md, "Tokenization"). */
import { Factor, checkFinite } from './errors';
import type { ResolvedDataSource, ResolvedScenario, ResolvedTokenizer, SourceTokens, TokenResult } from './types';

/** Frames per clip = round(durationSeconds · fps): a clip has whole frames. */
export function framesPerClip(durationSeconds: number, fps: number): number {
  return Math.round(durationSeconds * fps);
}

/** ViT patches per frame, partial patches padded: ceil(H/p)·ceil(W/p) (Dosovitskiy et al. 2020). */
export function patchesPerFrame(height: number, width: number, patchSize: number): number {
  return Math.ceil(height / patchSize) * Math.ceil(width / patchSize);
}

/**
 * Tokens in ONE item of a media source (one image, one clip) — also its training sequence length.
 * TEXT sources have no items; their count is the token count.
 */
export function tokensPerItem(s: ResolvedDataSource, t: ResolvedTokenizer): number {
  const H = s.height as number;
  const W = s.width as number;
  const p = t.patchSize;
  if (t.method === 'SEED_2024') {
    // The article, bug for bug: H·W·C/p² per image but fps·duration·C/p² per clip (resolution dropped).
    return s.kind === 'IMAGE' ? (H * W * s.channels) / (p * p) : ((s.fps as number) * (s.durationSeconds as number) * s.channels) / (p * p);
  }
  if (t.method === 'PIXEL') {
    // ViT patches per frame; clips: ceil(frames/pt) temporal patches, the last one padded.
    const patches = patchesPerFrame(H, W, p);
    if (s.kind === 'IMAGE') return patches;
    return Math.ceil(framesPerClip(s.durationSeconds as number, s.fps as number) / t.temporalPatchSize) * patches;
  }
  // LATENT: a VAE divides H, W by fs and frames by ft (images: one frame, not divided), then p×p patches.
  const patches = patchesPerFrame(Math.ceil(H / t.vaeSpatialFactor), Math.ceil(W / t.vaeSpatialFactor), p);
  if (s.kind === 'IMAGE') return patches;
  const latentFrames = Math.ceil(framesPerClip(s.durationSeconds as number, s.fps as number) / t.vaeTemporalFactor);
  return Math.ceil(latentFrames / t.temporalPatchSize) * patches;
}

/** Training tokens a source contributes: count items × tokens per item, or count for TEXT. */
export function sourceTokens(s: ResolvedDataSource, t: ResolvedTokenizer): number {
  return s.kind === 'TEXT' ? s.count : s.count * tokensPerItem(s, t);
}

/** Tokens per training sequence: one image, one clip, or `sequenceLength` for TEXT. */
export function sequenceTokens(s: ResolvedDataSource, t: ResolvedTokenizer, sequenceLength: number): number {
  return s.kind === 'TEXT' ? sequenceLength : tokensPerItem(s, t);
}

/** The inputs a source's token count grows with, for blaming an overflow on the right one. */
export function sourceFactors(r: ResolvedScenario, i: number): Factor[] {
  const s = r.data[i];
  const factors: Factor[] = [{ path: `data[${i}].count`, value: s.count }];
  if (s.width !== null) factors.push({ path: `data[${i}].width`, value: s.width });
  if (s.height !== null) factors.push({ path: `data[${i}].height`, value: s.height });
  if (s.durationSeconds !== null) factors.push({ path: `data[${i}].durationSeconds`, value: s.durationSeconds });
  if (s.fps !== null) factors.push({ path: `data[${i}].fps`, value: s.fps });
  return factors;
}

/** Index of the source with the most tokens (the one to blame when a total overflows). */
export function largestSource(t: TokenResult): number {
  let best = 0;
  for (const s of t.sources) if (!(s.tokens <= t.sources[best].tokens)) best = s.index;
  return best;
}

export function computeTokens(r: ResolvedScenario): TokenResult {
  const sources: SourceTokens[] = [];
  let total = 0;
  for (let i = 0; i < r.data.length; i++) {
    const s = r.data[i];
    const tokens = checkFinite(sourceTokens(s, r.tokenizer), `tokens of data[${i}]`, () => sourceFactors(r, i));
    const tokensPerSequence = checkFinite(sequenceTokens(s, r.tokenizer, r.training.sequenceLength), `tokens per sequence of data[${i}]`, () =>
      sourceFactors(r, i),
    );
    sources.push({ index: i, kind: s.kind, tokens, share: 0, tokensPerSequence });
    total += tokens;
  }
  const result: TokenResult = { total, sources };
  checkFinite(total, 'total tokens', () => [{ path: `data[${largestSource(result)}].count`, value: Infinity }]);
  for (const s of sources) s.share = total > 0 ? s.tokens / total : 0;
  return result;
}
