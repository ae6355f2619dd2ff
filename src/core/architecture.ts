// Over 300 lines on purpose: the spec's fields each cite their source, and one table of fields serves counting and validation.
/**
 * Architectures by operation counting (docs/architectures.md): parameters and per-sample forward FLOPs
 * of decoders and diffusion transformers, matmul by matmul, as Megatron-LM's num_floating_point_operations
 * does. 2 FLOPs per multiply-add; biases, norms, softmax and activations are not counted (nor does fvcore,
 * whose counts the DiT paper reports). The counting functions assume a spec validateArchitecture accepts.
 */
import { NumberRule, describeValue, numberProblem } from './fields';
import { formatNumber } from './format';
import type { InputIssue } from './types';

export type ArchitectureFamily = 'DECODER' | 'DIT' | 'CROSS_DIT' | 'MMDIT';
export const ARCHITECTURE_FAMILIES: readonly ArchitectureFamily[] = ['DECODER', 'DIT', 'CROSS_DIT', 'MMDIT'];
export type Recomputation = 'NONE' | 'SELECTIVE' | 'FULL';
export const RECOMPUTATIONS: readonly Recomputation[] = ['NONE', 'SELECTIVE', 'FULL'];

/** A transformer, as papers give it. An absent or null field takes the default stated. */
export interface ArchitectureSpec {
  /**
   * DECODER: Llama decoder, no biases (Touvron et al. 2023, arXiv:2307.09288). DIT: adaLN-Zero, d×6d
   * modulation per block (Peebles & Xie, arXiv:2212.09748, §3.2). CROSS_DIT: PixArt-α block with
   * cross-attention and adaLN-single (Chen et al. 2023, arXiv:2310.00426, §2.3). MMDIT: double-stream
   * blocks, then single-stream, joint attention (Esser et al. 2024, arXiv:2403.03206; Flux src/flux/model.py).
   */
  family: ArchitectureFamily;
  /** Transformer blocks; for MMDIT double-stream plus single-stream. */
  layers: number;
  hiddenSize: number;
  heads: number;
  /** Key/value heads (grouped-query attention, Ainslie et al. 2023); default `heads`. */
  kvHeads?: number | null;
  /** Default 4·d (Vaswani et al. 2017), or Llama's SwiGLU width 256·⌈⌊8d/3⌋/256⌉ when gated. */
  ffnSize?: number | null;
  /** Gated FFN (SwiGLU, Shazeer 2020): three d×f matrices instead of two; default false. */
  gatedFfn?: boolean | null;
  /** DECODER (required): the vocabulary of the input embedding and the logits. */
  vocabSize?: number | null;
  /** DECODER: the logits reuse the input embedding (GPT-2/3); default false (Llama 2/3: untied). */
  tiedEmbeddings?: boolean | null;
  /** Diffusion: latent channels in; default 4 (the SD VAE of Rombach et al. 2022, as DiT uses). */
  latentChannels?: number | null;
  /** Diffusion: channels predicted; default latentChannels (DiT and PixArt-α learn Σ: 2×). */
  outputChannels?: number | null;
  /** Diffusion: spatial patch p (default 2, DiT) and temporal patch (default 1). */
  patchSize?: number | null;
  temporalPatchSize?: number | null;
  /** CROSS_DIT, MMDIT (required): text tokens per sample, and their width out of the text encoder. */
  contextTokens?: number | null;
  contextSize?: number | null;
  /** MMDIT: how many of `layers` are single-stream (after the double-stream ones); default 0 (SD3). */
  singleStreamLayers?: number | null;
  /** Mixture of experts: every FFN becomes `experts` FFNs and a d×experts router; `activeExperts` run per token. */
  experts?: number | null;
  activeExperts?: number | null;
  /** Diffusion: width of a pooled text vector embedded by a two-layer MLP (Flux vector_in: 768); default none. */
  pooledSize?: number | null;
  /** Diffusion: a guidance-scale MLP embedder (guidance-distilled Flux dev, HunyuanVideo); default false. */
  guidanceEmbedding?: boolean | null;
  /** Diffusion: class labels, a table with one extra row for the CFG null label (DiT: 1000); default none. */
  classes?: number | null;
}

/** Parameters, split by how often they are applied: the five parts sum to `total`. */
export interface ArchitectureParameters {
  total: number;
  /** Applied once per sample token (and, in single-stream blocks, per text token too): what multiplies the token count. */
  perToken: number;
  /** Applied only to context (text) tokens: MM-DiT text stream, cross-attention K/V, text embedders. */
  perContextToken: number;
  /** Applied once per sample: adaLN modulation, timestep/guidance/pooled-text MLPs, the class table. */
  perSample: number;
  /** Token-indexed tables read by lookup, no matmul: an untied input embedding, position tables. */
  embeddingTables: number;
  /** MoE experts that a token does not run (experts − activeExperts of every FFN). */
  idleExperts: number;
}

export interface ParameterOptions {
  /** Rows of a position table counted as parameters (GPT-3: 2,048; DiT's frozen sin-cos table: 256 at 256²); default 0. */
  positionTokens?: number | null;
}

export interface ForwardOptions {
  /** Tokens of one sample: a sequence (DECODER), the latent patches of an image or clip (diffusion). */
  tokensPerSample: number;
  /** Text tokens per sample (CROSS_DIT, MMDIT); default the spec's `contextTokens`. */
  contextTokens?: number | null;
  /**
   * Default false: model FLOPs count the full T×T square even for causal decoders, as PaLM (Chowdhery et al.
   * 2022, App. B) and Megatron-LM (Narayanan et al. 2021, §5.1) do; true: only the T(T+1)/2 unmasked pairs.
   */
  causal?: boolean | null;
}

/** Forward FLOPs of one sample. The six components sum to `total`; the last two are parts of it. */
export interface ForwardFlops {
  /** Matmuls of the blocks over the sample tokens (QKV, output projection, FFN, router). */
  linear: number;
  /** Self/joint attention core, QKᵀ and AV: 4·N²·d per layer. */
  attention: number;
  /** CROSS_DIT: Q and output projections over sample tokens, K/V over text tokens, core 4·T·Tc·d. */
  crossAttention: number;
  /** Matmuls over text tokens: MM-DiT text stream, text tokens in single-stream blocks, text embedders. */
  context: number;
  /** Once per sample: adaLN modulation, timestep/guidance/pooled MLPs. */
  conditioning: number;
  /** Patch embedding and final layer, or the logits (an embedding lookup is not a matmul). */
  embeddings: number;
  total: number;
  /** Attention cores (self + cross): what SELECTIVE recomputation runs again. */
  attentionCore: number;
  /** Everything inside the transformer blocks: what FULL recomputation runs again. */
  inBlocks: number;
}

type Bucket = Exclude<keyof ArchitectureParameters, 'total'>;
/** Where a module's parameters count; 'JOINT': single-stream, run over sample and text tokens (counted perToken). */
type Runs = Bucket | 'JOINT';
type Component = 'linear' | 'crossAttention' | 'context' | 'conditioning' | 'embeddings';
/** A module × its copies: matmul weights (2 FLOPs each per token it runs on) and all its parameters. */
type Part = { runs: Runs; component: Component; weights: number; params: number; inBlocks: boolean };

const DIFFUSION: readonly ArchitectureFamily[] = ['DIT', 'CROSS_DIT', 'MMDIT'];
/** Sinusoidal timestep features into the timestep MLP (DiT models.py TimestepEmbedder; Flux time_in). */
const FREQUENCY_EMBEDDING = 256;

/** Default FFN width: 4·d, or SwiGLU's 2/3 of it rounded up to a multiple of 256 (meta-llama/llama, llama/model.py FeedForward). */
export function defaultFfnSize(hiddenSize: number, gated: boolean): number {
  return gated ? 256 * Math.ceil(Math.floor((8 * hiddenSize) / 3) / 256) : 4 * hiddenSize;
}

/** The model as a list of modules, each with how often it runs: parameters and FLOPs both read it. */
function parts(s: ArchitectureSpec, positionTokens: number): Part[] {
  const { hiddenSize: d, layers: L } = s;
  const hd = d / s.heads;
  const kv = (s.kvHeads ?? s.heads) * hd;
  const gated = s.gatedFfn === true;
  const f = s.ffnSize ?? defaultFfnSize(d, gated);
  const [E, A] = [s.experts ?? 1, s.activeExperts ?? s.experts ?? 1];
  const b = s.family === 'DECODER' ? 0 : 1; // diffusion transformers keep biases (timm Attention/Mlp); Llama has none
  const attnW = 2 * d * d + 2 * d * kv; // Q, O: d×d; K, V: d×kv
  const attnB = b * (2 * d + 2 * kv);
  const ffnW = (gated ? 3 : 2) * d * f;
  const ffnInB = b * (gated ? 2 : 1) * f;
  const ffnB = ffnInB + b * d;
  const block = attnW + A * ffnW + (E > 1 ? d * E : 0); // attention and the active FFNs, with the MoE router
  const out: Part[] = [];
  const add = (n: number, runs: Runs, component: Component, weights: number, other: number, inBlocks: boolean): void => {
    if (n > 0 && weights + other > 0) out.push({ runs, component, weights: n * weights, params: n * (weights + other), inBlocks });
  };
  const idle = (n: number, bias: number): void => add(n, 'idleExperts', 'linear', (E - A) * ffnW, (E - A) * bias, true);
  if (s.family === 'DECODER') {
    const V = s.vocabSize as number;
    add(L, 'perToken', 'linear', block, 2 * d, true); // two RMSNorm scales per layer
    idle(L, 0);
    add(1, 'perToken', 'embeddings', V * d, d, false); // logits, and the final norm
    if (s.tiedEmbeddings !== true) add(1, 'embeddingTables', 'embeddings', 0, V * d, false);
    add(1, 'embeddingTables', 'embeddings', 0, positionTokens * d, false);
    return out;
  }
  const [c, ctx, patch] = [s.latentChannels ?? 4, s.contextSize ?? 0, (s.patchSize ?? 2) ** 2 * (s.temporalPatchSize ?? 1)];
  const cout = (s.outputChannels ?? c) * patch;
  const mlp = (inDim: number): [number, number] => [inDim * d + d * d, 2 * d]; // Linear(in, d), SiLU/GELU, Linear(d, d)
  add(1, 'perToken', 'embeddings', c * patch * d, d, false); // patch embedding (a p×p conv = a matmul per patch)
  add(1, 'perToken', 'embeddings', d * cout, cout, false); // final linear
  add(1, 'perSample', 'conditioning', ...mlp(FREQUENCY_EMBEDDING), false);
  if (s.guidanceEmbedding === true) add(1, 'perSample', 'conditioning', ...mlp(FREQUENCY_EMBEDDING), false);
  if (s.pooledSize) add(1, 'perSample', 'conditioning', ...mlp(s.pooledSize), false);
  if (s.classes) add(1, 'perSample', 'conditioning', 0, (s.classes + 1) * d, false);
  add(1, 'embeddingTables', 'embeddings', 0, positionTokens * d, false);
  if (s.family !== 'MMDIT') {
    add(L, 'perToken', 'linear', block, attnB + A * ffnB, true);
    idle(L, ffnB);
  }
  if (s.family === 'DIT') {
    add(L, 'perSample', 'conditioning', 6 * d * d, 6 * d, true); // adaLN-Zero: Linear(d, 6d) per block
    add(1, 'perSample', 'conditioning', 2 * d * d, 2 * d, false); // final layer's adaLN: Linear(d, 2d)
  } else if (s.family === 'CROSS_DIT') {
    add(L, 'perToken', 'crossAttention', 2 * d * d, 2 * d, true); // cross-attention Q and output projection
    add(L, 'perContextToken', 'crossAttention', 2 * d * kv, 2 * kv, true); // cross-attention K, V over the projected text
    add(L, 'perSample', 'conditioning', 0, 6 * d, true); // adaLN-single: a 6×d table per block
    add(1, 'perSample', 'conditioning', 6 * d * d, 8 * d, false); // the shared t_block Linear(d, 6d), final 2×d table
    add(1, 'perContextToken', 'context', ...mlp(ctx), false); // caption projection (PixArt y_embedder, Wan text_embedding)
  } else {
    const [single, double] = [s.singleStreamLayers ?? 0, L - (s.singleStreamLayers ?? 0)];
    const qkNorm = 2 * hd; // RMSNorm scales of Q and K (Flux QKNorm)
    add(double, 'perToken', 'linear', block, attnB + A * ffnB + qkNorm, true); // image stream
    add(double, 'perContextToken', 'context', block, attnB + A * ffnB + qkNorm, true); // text stream
    idle(2 * double, ffnB);
    add(2 * double, 'perSample', 'conditioning', 6 * d * d, 6 * d, true); // Modulation(double=True) per stream
    // Single-stream: fused Linear(d, 3d + f) and Linear(d + f, d), run over image and text tokens alike.
    add(single, 'JOINT', 'linear', block, b * (d + 2 * kv) + A * ffnInB + b * d + qkNorm, true);
    idle(single, ffnInB);
    add(single, 'perSample', 'conditioning', 3 * d * d, 3 * d, true); // Modulation(double=False)
    add(1, 'perSample', 'conditioning', 2 * d * d, 2 * d, false); // LastLayer adaLN: Linear(d, 2d)
    add(1, 'perContextToken', 'context', ctx * d, d, false); // txt_in: Linear(contextSize, d)
  }
  return out;
}

/** Total parameters and their split by how often they run (see ArchitectureParameters). */
export function architectureParameters(spec: ArchitectureSpec, options: ParameterOptions = {}): ArchitectureParameters {
  const count: ArchitectureParameters = { total: 0, perToken: 0, perContextToken: 0, perSample: 0, embeddingTables: 0, idleExperts: 0 };
  for (const p of parts(spec, options.positionTokens ?? 0)) {
    count[p.runs === 'JOINT' ? 'perToken' : p.runs] += p.params;
    count.total += p.params;
  }
  return count;
}

/**
 * Forward FLOPs of one sample: 2 per multiply-add of every matmul, plus the attention core 4·N²·d per layer
 * (QKᵀ and AV; N = T, or T + Tc for MM-DiT joint attention), and 4·T·Tc·d per layer for cross-attention.
 */
export function forwardFlopsPerSample(spec: ArchitectureSpec, options: ForwardOptions): ForwardFlops {
  const T = options.tokensPerSample;
  const Tc = spec.family === 'CROSS_DIT' || spec.family === 'MMDIT' ? (options.contextTokens ?? spec.contextTokens ?? 0) : 0;
  const r: ForwardFlops = { linear: 0, attention: 0, crossAttention: 0, context: 0, conditioning: 0, embeddings: 0, total: 0, attentionCore: 0, inBlocks: 0 };
  for (const p of parts(spec, 0)) {
    const tokens = p.runs === 'perToken' || p.runs === 'JOINT' ? T : p.runs === 'perContextToken' ? Tc : p.runs === 'perSample' ? 1 : 0;
    const flops = 2 * p.weights * tokens;
    const text = p.runs === 'JOINT' ? 2 * p.weights * Tc : 0; // text tokens through single-stream blocks
    r[p.component] += flops;
    r.context += text;
    if (p.inBlocks) r.inBlocks += flops + text;
  }
  const d = spec.hiddenSize;
  const N = spec.family === 'MMDIT' ? T + Tc : T;
  r.attention = spec.layers * (options.causal === true ? 2 * d * N * (N + 1) : 4 * d * N * N);
  const cross = spec.family === 'CROSS_DIT' ? spec.layers * 4 * d * T * Tc : 0;
  r.crossAttention += cross;
  r.attentionCore = r.attention + cross;
  r.inBlocks += r.attentionCore;
  r.total = r.linear + r.attention + r.crossAttention + r.context + r.conditioning + r.embeddings;
  return r;
}

/** Model FLOPs of one training sample: forward + backward = 3 × forward (Kaplan et al. 2020, §2.1). */
export function trainingFlopsPerSample(forward: ForwardFlops): number {
  return 3 * forward.total;
}

/**
 * FLOPs executed per training sample (the HFU basis): model FLOPs plus the recomputed forward. FULL: the blocks,
 * not the logits (Narayanan et al. 2021, §5.1); SELECTIVE: the attention core (Korthikanti et al. 2022, arXiv:2205.05198).
 */
export function hardwareFlopsPerSample(forward: ForwardFlops, recomputation: Recomputation = 'NONE'): number {
  const again = recomputation === 'FULL' ? forward.inBlocks : recomputation === 'SELECTIVE' ? forward.attentionCore : 0;
  return 3 * forward.total + again;
}

const [ALL, TEXT, DECODER]: (readonly ArchitectureFamily[])[] = [ARCHITECTURE_FAMILIES, ['CROSS_DIT', 'MMDIT'], ['DECODER']];
/** A field's least and most value (null: a boolean), the families that use it, and those that require it. */
type FieldRule = { bounds: NumberRule | null; families: readonly ArchitectureFamily[]; required: readonly ArchitectureFamily[] };
/** The integer rule is built once: formatting its text on every validation would cost more than the counting. */
const int = (min: number, max: number, families = ALL, required: readonly ArchitectureFamily[] = []): FieldRule => ({
  bounds: { text: `an integer from ${min} to ${formatNumber(max)}`, integer: true, min, minInclusive: true, max },
  families,
  required,
});
const flag = (families = ALL): FieldRule => ({ bounds: null, families, required: [] });
/** The bounds keep every parameter count and FLOP figure finite (below 1e40 for any sane token count). */
const FIELDS: Record<Exclude<keyof ArchitectureSpec, 'family'>, FieldRule> = {
  layers: int(1, 1e5, ALL, ALL),
  hiddenSize: int(1, 1e6, ALL, ALL),
  heads: int(1, 1e6, ALL, ALL),
  kvHeads: int(1, 1e6),
  ffnSize: int(1, 1e7),
  gatedFfn: flag(),
  vocabSize: int(1, 1e8, DECODER, DECODER),
  tiedEmbeddings: flag(DECODER),
  latentChannels: int(1, 4096, DIFFUSION),
  outputChannels: int(1, 4096, DIFFUSION),
  patchSize: int(1, 1024, DIFFUSION),
  temporalPatchSize: int(1, 1024, DIFFUSION),
  contextTokens: int(1, 1e9, TEXT, TEXT),
  contextSize: int(1, 1e6, TEXT, TEXT),
  singleStreamLayers: int(0, 1e5, ['MMDIT']),
  experts: int(1, 1e5),
  activeExperts: int(1, 1e5),
  pooledSize: int(1, 1e6, DIFFUSION),
  guidanceEmbedding: flag(DIFFUSION),
  classes: int(1, 1e9, DIFFUSION),
};

/** Every problem with an architecture, each naming its field (`${path}.heads`); empty when valid. */
export function validateArchitecture(raw: unknown, path = 'model.architecture'): InputIssue[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ path, message: `must be an object with family, layers, hiddenSize and heads, got ${describeValue(raw)}` }];
  }
  const s = raw as Record<string, unknown>;
  const issues: InputIssue[] = [];
  const add = (field: string, message: string): number => issues.push({ path: `${path}.${field}`, message });
  const family = ALL.includes(s.family as ArchitectureFamily) ? (s.family as ArchitectureFamily) : null;
  if (family === null) add('family', `must be one of ${ALL.join(', ')}, got ${describeValue(s.family)}`);
  const ok: Record<string, number> = {};
  for (const [k, rule] of Object.entries(FIELDS)) {
    const v = s[k];
    if (v === undefined || v === null) {
      if (family !== null && rule.required.includes(family)) add(k, `is required for ${family} architectures`);
    } else if (family !== null && !rule.families.includes(family)) {
      add(k, `is not used by ${family} architectures (only by ${rule.families.join(', ')})`);
    } else if (rule.bounds === null) {
      if (typeof v !== 'boolean') add(k, `must be true or false, got ${describeValue(v)}`);
    } else {
      const problem = numberProblem(v, rule.bounds);
      if (problem) add(k, problem);
      else ok[k] = v as number;
    }
  }
  const { hiddenSize: d, heads, kvHeads, experts, activeExperts, layers, singleStreamLayers: single } = ok;
  const has = (k: string): boolean => s[k] !== undefined && s[k] !== null;
  if (d !== undefined && heads !== undefined && d % heads !== 0) add('heads', `must divide hiddenSize (${d}) into whole heads, got ${heads}`);
  if (heads !== undefined && kvHeads !== undefined && heads % kvHeads !== 0) add('kvHeads', `must divide heads (${heads}), got ${kvHeads}`);
  if (has('experts') !== has('activeExperts')) {
    const [missing, other] = has('experts') ? ['activeExperts', 'experts'] : ['experts', 'activeExperts'];
    add(missing, `is required when ${other} is given (a mixture of experts needs both)`);
  }
  if (experts !== undefined && activeExperts !== undefined && activeExperts > experts)
    add('activeExperts', `must be ≤ experts (${experts}), got ${activeExperts}`);
  if (layers !== undefined && single !== undefined && single > layers) add('singleStreamLayers', `must be ≤ layers (${layers}), got ${single}`);
  return issues;
}
