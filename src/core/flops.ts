/**
 * Training FLOPs (docs/model.md, "Training FLOPs"): the dense 6·N·D rule and, optionally, the
 * attention term; or, with `model.architecture`, operation counting per sample (architecture.ts,
 * docs/architectures.md). Both give model FLOPs and hardware FLOPs (with recomputation), and add
 * the frozen encoders' forward passes (encoders.ts, docs/model.md "Frozen encoders").
 */
import {
  ArchitectureParameters,
  ArchitectureSpec,
  ForwardFlops,
  Recomputation,
  architectureParameters,
  forwardFlopsPerSample,
  hardwareFlopsPerSample,
  trainingFlopsPerSample,
} from './architecture';
import { costField, costliestEncoder, costliestEncoderPath, encodersForwardPerSample } from './encoders';
import { Factor, checkFinite } from './errors';
import { inStage, stageView } from './stage-view';
import { largestSource, largestSourcePath, sourceFactors, sourceItems, sourceSizePath } from './tokens';
import { CHINCHILLA_TOKENS_PER_PARAMETER } from './references';
import type { FlopsComponent, FlopsComponentName, FlopsResult, ModelArchitectureSpec, ResolvedScenario, SourceTokens, TokenResult } from './types';
import { FLOPS_COMPONENTS, MODEL_FLOPS_COMPONENTS } from './types';

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

/**
 * Hardware FLOPs of the 6·N·D path: a training step is 3 forward passes' worth, so recomputing
 * adds a third of what is recomputed. FULL: the whole forward again, C · 4/3 (Narayanan et al.
 * 2021, §5.1, less the logits they spare, which 6·N·D cannot tell apart). SELECTIVE: the attention
 * term's forward again, C_attention / 3 (Korthikanti et al. 2022, arXiv:2205.05198), 0 without it.
 */
export function denseHardwareFlops(total: number, attention: number, recomputation: Recomputation): number {
  return recomputation === 'FULL' ? total + total / 3 : recomputation === 'SELECTIVE' ? total + attention / 3 : total;
}

/** The scenario's architecture as the core counts it: its patch is the tokenizer's (a latent patch is a token). */
export function architectureOf(r: ResolvedScenario): ArchitectureSpec {
  const a = r.model.architecture as ModelArchitectureSpec;
  // Spelt out rather than spread: one object shape, so the counting's property reads stay fast.
  return {
    family: a.family,
    layers: a.layers,
    hiddenSize: a.hiddenSize,
    heads: a.heads,
    kvHeads: a.kvHeads,
    ffnSize: a.ffnSize,
    gatedFfn: a.gatedFfn,
    vocabSize: a.vocabSize,
    tiedEmbeddings: a.tiedEmbeddings,
    latentChannels: a.latentChannels,
    outputChannels: a.outputChannels,
    patchSize: r.tokenizer.patchSize,
    temporalPatchSize: r.tokenizer.temporalPatchSize,
    contextTokens: a.contextTokens,
    contextSize: a.contextSize,
    singleStreamLayers: a.singleStreamLayers,
    experts: a.experts,
    activeExperts: a.activeExperts,
    pooledSize: a.pooledSize,
    guidanceEmbedding: a.guidanceEmbedding,
    classes: a.classes,
  };
}

/** The model's parameters by how often they run: counted from the architecture, or N, all per token (the 6·N·D view). */
export function modelParameters(r: ResolvedScenario): ArchitectureParameters {
  if (r.model.architecture !== null) return architectureParameters(architectureOf(r));
  const N = r.model.parameters;
  return { total: N, perToken: N, perContextToken: 0, perSample: 0, embeddingTables: 0, idleExperts: 0 };
}

/**
 * Training samples of a source, one epoch: IMAGE/VIDEO items (`count`, or steps × batchSize), or TEXT
 * sequences (tokens / sequenceLength, a fractional last sequence counted pro rata).
 */
export function sourceSamples(r: ResolvedScenario, s: SourceTokens): number {
  return s.kind === 'TEXT' ? s.tokens / s.tokensPerSequence : sourceItems(r.data[s.index]);
}

/**
 * FLOPs executed for one training sample of a source (model FLOPs plus what is recomputed), the
 * work a step divides among the GPUs (limits.ts): 3 · forward(T) plus recomputation, or per token
 * 6·N (+ 12·L·d·T with the attention term) times T tokens; and the frozen encoders' forward passes.
 */
export function hardwareFlopsPerSourceSample(r: ResolvedScenario, s: SourceTokens): number {
  const T = s.tokensPerSequence;
  const { attention: withAttention, recomputation } = r.training;
  const encoders = encodersForwardPerSample(r.model.encoders, r.data[s.index]);
  if (r.model.architecture !== null) return hardwareFlopsPerSample(sampleForward(architectureOf(r), T, withAttention), recomputation) + encoders;
  const { parameters, layers, hiddenSize } = r.model;
  const attention = withAttention && layers !== null && hiddenSize !== null ? attentionTrainingFlops(layers, hiddenSize, T, T, 1) : 0;
  return denseHardwareFlops(denseTrainingFlops(parameters, T, 1) + attention, attention, recomputation) + encoders;
}

/**
 * The frozen encoders' training FLOPs of one stage: Σ over sources of their forward per sample of
 * that source (encoders.ts: per pixel × W·H·frames for a VAE) × its samples seen, samples · epochs
 * (TEXT: sequences of sequenceLength). Forward only, never recomputed, so model and hardware FLOPs
 * alike. 0 without encoders or when all are precomputed.
 */
export function encoderTrainingFlops(r: ResolvedScenario, t: TokenResult): number {
  const encoders = r.model.encoders;
  if (encoders.every((e) => e.precomputed)) return 0;
  const { epochs } = r.training;
  let sum = 0;
  for (const s of t.sources) {
    const source = r.data[s.index];
    const perSample = encodersForwardPerSample(encoders, source);
    if (perSample === 0) continue;
    const samples = sourceSamples(r, s);
    sum += checkFinite(perSample * samples * epochs, `encoder FLOPs of data[${s.index}]`, () => {
      const j = costliestEncoder(encoders, [source]);
      const field = costField(encoders[j]);
      // A per-pixel encoder's cost grows with the sample's sides and frames too.
      const size = field === 'forwardFlopsPerPixel' ? sourceFactors(r, s.index) : [{ path: sourceSizePath(r, s.index), value: samples }];
      return [{ path: `model.encoders[${j}].${field}`, value: encoders[j][field] ?? perSample }, ...size, { path: 'training.epochs', value: epochs }];
    });
  }
  return checkFinite(sum, 'encoder FLOPs', () => [{ path: costliestEncoderPath(encoders, r.data), value: Infinity }]);
}

/** Forward FLOPs of one sample of T tokens; without attention, the attention cores (self, joint, cross) taken out. */
export function sampleForward(spec: ArchitectureSpec, tokensPerSample: number, attention: boolean): ForwardFlops {
  const f = forwardFlopsPerSample(spec, { tokensPerSample });
  if (attention) return f;
  const cross = f.attentionCore - f.attention;
  return {
    ...f,
    attention: 0,
    crossAttention: f.crossAttention - cross,
    total: f.total - f.attentionCore,
    inBlocks: f.inBlocks - f.attentionCore,
    attentionCore: 0,
  };
}

const shares = (flops: Record<FlopsComponentName, number>, names: readonly FlopsComponentName[], total: number): FlopsComponent[] =>
  names.map((component) => ({ component, flops: flops[component], share: total > 0 ? flops[component] / total : 0 }));

/** Model and hardware FLOPs; with `stages`, of each stage on its own (its tokenizer, training), then summed. */
export function computeFlops(r: ResolvedScenario, t: TokenResult): FlopsResult {
  if (!r.staged) return stageFlops(r, t);
  const stages = r.stages.map((_, k) => inStage(r, k, () => stageFlops(stageView(r, k), (t.stages as TokenResult[])[k])));
  const sum: Record<FlopsComponentName, number> = { linear: 0, attention: 0, crossAttention: 0, context: 0, conditioning: 0, embeddings: 0, encoders: 0 };
  const counted = new Set<FlopsComponentName>();
  let [dense, attention, encoders, total, hardware] = [0, 0, 0, 0, 0];
  for (const f of stages) {
    dense += f.dense;
    attention += f.attention;
    encoders += f.encoders;
    total += f.total;
    hardware += f.hardware;
    for (const c of f.components) {
      sum[c.component] += c.flops;
      counted.add(c.component);
    }
  }
  const sumFactors = (): Factor[] => [{ path: largestSourcePath(r, t.stages as TokenResult[]), value: Infinity }];
  checkFinite(total, 'training FLOPs', sumFactors);
  checkFinite(hardware, 'hardware FLOPs', sumFactors);
  const components = shares(
    sum,
    FLOPS_COMPONENTS.filter((c) => counted.has(c)),
    total,
  );
  return { dense, attention, total, encoders, attentionShare: total > 0 ? attention / total : 0, hardware, components, stages };
}

/** A stage's FLOPs of the trained model with its frozen encoders' forward passes added (as the `encoders` component when the model has any). */
function withEncoders(
  r: ResolvedScenario,
  t: TokenResult,
  model: Omit<FlopsResult, 'encoders' | 'attentionShare' | 'components'>,
  sum: Record<FlopsComponentName, number>,
  names: readonly FlopsComponentName[],
): FlopsResult {
  const encoders = encoderTrainingFlops(r, t);
  const hasEncoders = r.model.encoders.length > 0;
  const blame = (): Factor[] => [{ path: costliestEncoderPath(r.model.encoders, r.data), value: encoders }];
  const total = hasEncoders ? checkFinite(model.total + encoders, 'training FLOPs', blame) : model.total;
  const hardware = hasEncoders ? checkFinite(model.hardware + encoders, 'hardware FLOPs', blame) : model.hardware;
  sum.encoders = encoders;
  return {
    dense: model.dense,
    attention: model.attention,
    total,
    encoders,
    attentionShare: total > 0 ? model.attention / total : 0,
    hardware,
    components: shares(sum, hasEncoders ? [...names, 'encoders'] : names, total),
  };
}

function stageFlops(r: ResolvedScenario, t: TokenResult): FlopsResult {
  if (r.model.architecture !== null) return countedFlops(r, t);
  const { parameters, layers, hiddenSize } = r.model;
  const { epochs, attention: withAttention } = r.training;
  const dataPath = (): string => sourceSizePath(r, largestSource(t));
  const dense = checkFinite(denseTrainingFlops(parameters, t.total, epochs), 'dense training FLOPs', () => [
    { path: 'model.parameters', value: parameters },
    { path: dataPath(), value: t.total },
    { path: 'training.epochs', value: epochs },
  ]);
  let attention = 0;
  const counted = withAttention && layers !== null && hiddenSize !== null;
  if (counted) {
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
  const hardware = checkFinite(denseHardwareFlops(total, attention, r.training.recomputation), 'hardware FLOPs', () => [
    { path: 'model.parameters', value: parameters },
    { path: dataPath(), value: t.total },
  ]);
  return withEncoders(
    r,
    t,
    { dense, attention, total, hardware },
    { linear: dense, attention, crossAttention: 0, context: 0, conditioning: 0, embeddings: 0, encoders: 0 },
    counted ? ['linear', 'attention'] : ['linear'],
  );
}

/**
 * Operation counting (docs/architectures.md): per source, 3 · forward(T) · samples, with T its
 * tokens per sequence (one image or clip, or sequenceLength) and samples its items (or sequences)
 * times epochs; the sources summed. Hardware FLOPs add what recomputation runs again per sample.
 */
function countedFlops(r: ResolvedScenario, t: TokenResult): FlopsResult {
  const spec = architectureOf(r);
  const { epochs, attention: withAttention, recomputation } = r.training;
  const sum: Record<FlopsComponentName, number> = { linear: 0, attention: 0, crossAttention: 0, context: 0, conditioning: 0, embeddings: 0, encoders: 0 };
  let total = 0;
  let hardware = 0;
  let forward: ForwardFlops | null = null;
  let forwardTokens = NaN;
  for (const s of t.sources) {
    // Sources of the same sample size (several image sets at one resolution) share one count.
    if (forward === null || s.tokensPerSequence !== forwardTokens) {
      forward = sampleForward(spec, s.tokensPerSequence, withAttention);
      forwardTokens = s.tokensPerSequence;
    }
    const samples = sourceSamples(r, s) * epochs;
    const factors = (): Factor[] => [
      { path: sourceSizePath(r, s.index), value: samples },
      { path: s.kind === 'TEXT' ? 'training.sequenceLength' : `data[${s.index}].width`, value: s.tokensPerSequence * s.tokensPerSequence },
      { path: 'model.architecture.hiddenSize', value: spec.hiddenSize * spec.layers },
      { path: 'training.epochs', value: epochs },
    ];
    total += checkFinite(trainingFlopsPerSample(forward) * samples, `training FLOPs of data[${s.index}]`, factors);
    hardware += checkFinite(hardwareFlopsPerSample(forward, recomputation) * samples, `hardware FLOPs of data[${s.index}]`, factors);
    for (const c of MODEL_FLOPS_COMPONENTS) sum[c] += 3 * forward[c] * samples;
  }
  const sumFactors = (): Factor[] => [{ path: sourceSizePath(r, largestSource(t)), value: Infinity }];
  checkFinite(total, 'training FLOPs', sumFactors);
  checkFinite(hardware, 'hardware FLOPs', sumFactors);
  const attention = sum.attention;
  return withEncoders(r, t, { dense: total - attention, attention, total, hardware }, sum, MODEL_FLOPS_COMPONENTS);
}
