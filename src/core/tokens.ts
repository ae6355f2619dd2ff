/** Media → tokens by the three tokenization methods (docs/model.md, "Tokenization"). */
import { Factor, checkFinite } from './errors';
import { inStage, stageView } from './stage-view';
import type { ResolvedDataSource, ResolvedScenario, ResolvedTokenizer, SourceTokens, TokenResult } from './types';

/** Frames per clip = round(durationSeconds · fps): a clip has whole frames. */
export function framesPerClip(durationSeconds: number, fps: number): number {
  return Math.round(durationSeconds * fps);
}

/** Frames of one clip of a VIDEO source: `frames` as given, else round(durationSeconds · fps). */
export function clipFrames(s: ResolvedDataSource): number {
  return s.frames ?? framesPerClip(s.durationSeconds as number, s.fps as number);
}

/** Samples of one pass over a source: `count` (IMAGE/VIDEO items), or steps × batchSize (TEXT: sequences). */
export function sourceItems(s: ResolvedDataSource): number {
  return s.count ?? (s.steps as number) * (s.batchSize as number);
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
    // The article, bug for bug: H·W·C/p² per image but fps·duration·C/p² per clip (resolution dropped); `frames` stands for fps·duration.
    if (s.kind === 'IMAGE') return (H * W * s.channels) / (p * p);
    return ((s.frames ?? (s.fps as number) * (s.durationSeconds as number)) * s.channels) / (p * p);
  }
  if (t.method === 'PIXEL') {
    // ViT patches per frame; clips: ceil(frames/pt) temporal patches, the last one padded.
    const patches = patchesPerFrame(H, W, p);
    if (s.kind === 'IMAGE') return patches;
    return Math.ceil(clipFrames(s) / t.temporalPatchSize) * patches;
  }
  // LATENT: a VAE divides H, W by fs and frames by ft (images: one frame, not divided), then p×p patches.
  const patches = patchesPerFrame(Math.ceil(H / t.vaeSpatialFactor), Math.ceil(W / t.vaeSpatialFactor), p);
  if (s.kind === 'IMAGE') return patches;
  // ⌈F/ft⌉ = 1 + (F − 1)/ft for the 4k+1 frames of causal VAEs (HunyuanVideo, Kong et al. 2024, arXiv:2412.03603, §3.1: 129 → 33).
  const latentFrames = Math.ceil(clipFrames(s) / t.vaeTemporalFactor);
  return Math.ceil(latentFrames / t.temporalPatchSize) * patches;
}

/**
 * Training tokens a source contributes, one pass: items × tokens per item; TEXT: `count` tokens, or
 * steps × batchSize sequences of `sequenceLength` tokens.
 */
export function sourceTokens(s: ResolvedDataSource, t: ResolvedTokenizer, sequenceLength: number): number {
  if (s.kind === 'TEXT') return s.count ?? sourceItems(s) * sequenceLength;
  return sourceItems(s) * tokensPerItem(s, t);
}

/** Tokens per training sequence: one image, one clip, or `sequenceLength` for TEXT. */
export function sequenceTokens(s: ResolvedDataSource, t: ResolvedTokenizer, sequenceLength: number): number {
  return s.kind === 'TEXT' ? sequenceLength : tokensPerItem(s, t);
}

/** The inputs a source's token count grows with, for blaming an overflow on the right one. */
export function sourceFactors(r: ResolvedScenario, i: number): Factor[] {
  const s = r.data[i];
  const factors: Factor[] =
    s.count !== null
      ? [{ path: `data[${i}].count`, value: s.count }]
      : [
          { path: `data[${i}].steps`, value: s.steps as number },
          { path: `data[${i}].batchSize`, value: s.batchSize as number },
        ];
  if (s.frames !== null) factors.push({ path: `data[${i}].frames`, value: s.frames });
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

/** The path that blames a source's size: `data[i].count`, or `data[i].steps`. */
export function sourceSizePath(r: Pick<ResolvedScenario, 'data'>, i: number): string {
  return r.data[i]?.count === null ? `data[${i}].steps` : `data[${i}].count`;
}

/** Tokens of every source; with `stages`, of each stage on its own, then summed (its sources listed stage by stage). */
export function computeTokens(r: ResolvedScenario): TokenResult {
  if (!r.staged) return stageTokens(r);
  const stages = r.stages.map((_, k) => inStage(r, k, () => stageTokens(stageView(r, k))));
  let total = 0;
  for (const t of stages) total += t.total;
  checkFinite(total, 'total tokens', () => [{ path: largestSourcePath(r, stages), value: Infinity }]);
  const sources = stages.flatMap((t, k) => t.sources.map((s) => ({ ...s, share: total > 0 ? s.tokens / total : 0, stage: k })));
  return { total, sources, stages };
}

/** The size input (`stages[k].data[i].count` or `.steps`) of the source with the most tokens of the stage with the most: what a sum over stages blames. */
export function largestSourcePath(r: ResolvedScenario, stages: TokenResult[]): string {
  let k = 0;
  stages.forEach((t, j) => {
    if (!(t.total <= stages[k].total)) k = j;
  });
  return `stages[${k}].${sourceSizePath(r.stages[k], largestSource(stages[k]))}`;
}

/** Tokens of a scenario of one stage (docs/model.md, "Tokenization"). */
function stageTokens(r: ResolvedScenario): TokenResult {
  const sources: SourceTokens[] = [];
  let total = 0;
  for (let i = 0; i < r.data.length; i++) {
    const s = r.data[i];
    const tokens = checkFinite(sourceTokens(s, r.tokenizer, r.training.sequenceLength), `tokens of data[${i}]`, () => sourceFactors(r, i));
    const tokensPerSequence = checkFinite(sequenceTokens(s, r.tokenizer, r.training.sequenceLength), `tokens per sequence of data[${i}]`, () =>
      sourceFactors(r, i),
    );
    sources.push({ index: i, kind: s.kind, tokens, share: 0, tokensPerSequence });
    total += tokens;
  }
  const result: TokenResult = { total, sources };
  checkFinite(total, 'total tokens', () => [{ path: sourceSizePath(r, largestSource(result)), value: Infinity }]);
  for (const s of sources) s.share = total > 0 ? s.tokens / total : 0;
  return result;
}
