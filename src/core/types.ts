// Over 300 lines on purpose: type declarations only, the core's whole vocabulary in one place.
/**
 * The core's vocabulary: plain data in, plain data out. Mirrors the GraphQL ScenarioInput and its
 * friends (schema.graphql) so the service passes inputs straight through.
 */
import type { ArchitectureParameters, ArchitectureSpec, Recomputation } from './architecture';
import type { PerOutput } from './outputs';

export type DataKind = 'IMAGE' | 'VIDEO' | 'TEXT';
export type TokenizationMethod = 'SEED_2024' | 'PIXEL' | 'LATENT';
export type Precision = 'FP32' | 'TF32' | 'BF16' | 'FP16' | 'FP8';

export const DATA_KINDS: readonly DataKind[] = ['IMAGE', 'VIDEO', 'TEXT'];
export const TOKENIZATION_METHODS: readonly TokenizationMethod[] = ['SEED_2024', 'PIXEL', 'LATENT'];
export const PRECISIONS: readonly Precision[] = ['FP32', 'TF32', 'BF16', 'FP16', 'FP8'];

export interface ModelSpec {
  /** Required without `architecture`; with one, derived from it when absent (docs/architectures.md). */
  parameters?: number | null;
  layers?: number | null;
  hiddenSize?: number | null;
  /** Count FLOPs by operation counting instead of 6·N·D; its patch comes from the tokenizer (docs/architectures.md). */
  architecture?: ModelArchitectureSpec | null;
  /** Frozen encoders run forward on every training sample (docs/model.md, "Frozen encoders"); at most MAX_ENCODERS. */
  encoders?: EncoderSpec[] | null;
}

/**
 * A frozen component (text encoder, VAE encoder, vision tower) that runs forward, never backward, on
 * every training sample unless its outputs are precomputed. Its cost, given exactly one way:
 * forwardFlopsPerSample; 2·parameters·tokensPerSample (Kaplan et al. 2020, §2.1: a forward pass is
 * 2·N FLOPs per token); or forwardFlopsPerPixel · width · height · frames of each IMAGE/VIDEO sample.
 */
export interface EncoderSpec {
  name: string;
  parameters?: number | null;
  /** Tokens the encoder reads per sample (T5-XXL in Open-Sora 2.0, Wan 2.1: 512). */
  tokensPerSample?: number | null;
  /** Forward FLOPs of one sample, as measured or counted; instead of parameters and tokensPerSample. */
  forwardFlopsPerSample?: number | null;
  /**
   * Forward FLOPs per input pixel per frame of a convolutional encoder (a VAE's), instead of the
   * others: its cost per sample is this × width × height × frames (1 for an image), 0 on TEXT.
   */
  forwardFlopsPerPixel?: number | null;
  /** Latents or embeddings computed once, before training: the encoder adds nothing (default false). */
  precomputed?: boolean | null;
}

/** An architecture as a scenario gives it: the core's ArchitectureSpec without the patch, which `tokenizer` sets. */
export type ModelArchitectureSpec = Omit<ArchitectureSpec, 'patchSize' | 'temporalPatchSize'>;

export interface DataSourceSpec {
  kind: DataKind;
  /** IMAGE/VIDEO: number of items; TEXT: number of tokens. Required unless `steps` and `batchSize` are given. */
  count?: number | null;
  /** With `batchSize`, instead of `count`: samples seen = steps × batchSize (TEXT: sequences of `sequenceLength`). */
  steps?: number | null;
  batchSize?: number | null;
  width?: number | null;
  height?: number | null;
  channels?: number | null;
  durationSeconds?: number | null;
  fps?: number | null;
  /** VIDEO, instead of durationSeconds and fps: frames per clip, as papers give them (129, 81, 49). */
  frames?: number | null;
}

/** One stage of training (issue 17): its own data, and settings that override the scenario's field by field. */
export interface StageSpec {
  name?: string | null;
  data: DataSourceSpec[];
  tokenizer?: TokenizerSpec | null;
  training?: TrainingSpec | null;
  cluster?: ClusterSpec | null;
}

export interface TokenizerSpec {
  method?: TokenizationMethod | null;
  patchSize?: number | null;
  temporalPatchSize?: number | null;
  vaeSpatialFactor?: number | null;
  vaeTemporalFactor?: number | null;
}

export interface TrainingSpec {
  epochs?: number | null;
  attention?: boolean | null;
  sequenceLength?: number | null;
  /** Activation recomputation: adds to the hardware FLOPs (and so to time), not to the model FLOPs; default NONE. */
  recomputation?: Recomputation | null;
}

export interface ClusterSpec {
  /** A key of the hardware catalog (or of custom hardware passed in the context). */
  hardware?: string | null;
  precision?: Precision | null;
  gpuCount?: number | null;
  utilization?: number | null;
  pricePerGpuHour?: number | null;
  pue?: number | null;
}

/**
 * An uncertain input: `path` names a rangeable input (RANGEABLE_PATHS in fields.ts: `model.parameters`,
 * `data[i].count`, `data[i].steps`, `cluster.gpuCount`, …; with stages `stages[k].data[i].steps`, …);
 * the scenario's own value is the expected one and must lie within [low, high].
 */
export interface RangeSpec {
  path: string;
  low: number;
  high: number;
}

export interface ScenarioSpec {
  name?: string | null;
  description?: string | null;
  model: ModelSpec;
  /** Required unless `stages` are given (either, not both). */
  data?: DataSourceSpec[] | null;
  /** One model trained in stages, each with its own data (and its own tokenizer, training, cluster where it says so). */
  stages?: StageSpec[] | null;
  tokenizer?: TokenizerSpec | null;
  training?: TrainingSpec | null;
  cluster?: ClusterSpec | null;
  ranges?: RangeSpec[] | null;
}

/** One accelerator. Peaks are DENSE TFLOP/s per device; null where nothing is published. */
export interface HardwareSpec {
  key: string;
  name: string;
  peakTflops: Record<Precision, number | null>;
  memoryGB: number | null;
  /** HBM bandwidth per device in TB/s (catalog entries; custom hardware has none). Only the step-time floor of limits.ts reads it. */
  memoryBandwidthTBps?: number | null;
  tdpWatts: number | null;
  pricePerGpuHour: number | null;
  priceYear?: number | null;
  source: string;
}

export interface ReferenceModelSpec {
  key: string;
  name: string;
  flops: number;
  parameters: number | null;
  tokens: number | null;
  source: string;
}

/** INFO: worth knowing, nothing to fix (a deliberate choice may explain it); WARNING: likely undermines the answer, or advice asked for. */
export type WarningSeverity = 'INFO' | 'WARNING';

export interface Warning {
  /** Stable, SCREAMING_SNAKE_CASE; clients switch on it. */
  code: string;
  severity: WarningSeverity;
  /** A sentence a person can act on. */
  message: string;
  /** The input path the warning is about, when there is one. */
  field?: string | null;
}

/** One default the estimate filled in because the scenario left it out. */
export interface Assumption {
  field: string;
  value: string | number | boolean;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Added by the core: what the functions in src/core return. Plain data, JSON-serialisable.
// ---------------------------------------------------------------------------------------------

/** What the core may be told besides the scenario (the service passes a library's custom hardware). */
export interface CoreContext {
  /** Extra accelerators; an entry whose key is in the catalog replaces the catalog's entry. */
  customHardware?: HardwareSpec[] | null;
}

/** One problem with the input: `path` names the field (`data[1].width`), `message` says what is allowed. */
export interface InputIssue {
  path: string;
  message: string;
}

export interface ResolvedDataSource {
  kind: DataKind;
  /** Items (IMAGE/VIDEO) or tokens (TEXT) of one epoch; null when the source gives steps × batchSize instead. */
  count: number | null;
  /** Both null, or both set: samples seen = steps × batchSize (tokens.ts, sourceItems). */
  steps: number | null;
  batchSize: number | null;
  /** IMAGE/VIDEO only (null for TEXT). */
  width: number | null;
  height: number | null;
  /** Defaults to 3; only SEED_2024 uses it. */
  channels: number;
  /** VIDEO only: durationSeconds and fps, or frames (one or the other). */
  durationSeconds: number | null;
  fps: number | null;
  frames: number | null;
}

/** One training stage, resolved: what a ResolvedScenario holds once per stage (stages.ts). */
export interface ResolvedStage {
  index: number;
  name: string | null;
  data: ResolvedDataSource[];
  tokenizer: ResolvedTokenizer;
  training: ResolvedTraining;
  cluster: ResolvedCluster;
  hardware: HardwareSpec;
  peakFlopsPerSecond: number;
  /** The inputs the stage sets itself (`tokenizer.patchSize`, `cluster.gpuCount`); the others are the scenario's. */
  own: readonly string[];
}

export interface ResolvedModel {
  /** `model.parameters`, or (absent, with an architecture) the architecture's total. */
  parameters: number;
  /** The architecture's layers and hidden size when there is one. */
  layers: number | null;
  hiddenSize: number | null;
  /** null: the 6·N·D path. Never written after resolving (copies share it). */
  architecture: ModelArchitectureSpec | null;
  /** Whether `parameters` was given (false: derived from the architecture). */
  parametersGiven: boolean;
  /** `model.encoders`, in input order (empty without them). */
  encoders: ResolvedEncoder[];
}

export interface ResolvedEncoder {
  name: string;
  /** Both set, or both null: exactly one of (parameters, tokensPerSample), forwardFlopsPerSample, forwardFlopsPerPixel is given. */
  parameters: number | null;
  tokensPerSample: number | null;
  /** As given; null: 2 · parameters · tokensPerSample, or per pixel (encoderForwardFlops in encoders.ts). */
  forwardFlopsPerSample: number | null;
  /** As given; the cost per sample is this × W · H · frames of each IMAGE/VIDEO sample, 0 on TEXT. */
  forwardFlopsPerPixel: number | null;
  precomputed: boolean;
}

export interface ResolvedTokenizer {
  method: TokenizationMethod;
  patchSize: number;
  temporalPatchSize: number;
  vaeSpatialFactor: number;
  vaeTemporalFactor: number;
}

export interface ResolvedTraining {
  epochs: number;
  attention: boolean;
  sequenceLength: number;
  recomputation: Recomputation;
}

export interface ResolvedCluster {
  precision: Precision;
  gpuCount: number;
  utilization: number;
  /** Scenario's price, else the catalog's; null when neither has one. */
  pricePerGpuHour: number | null;
  /** From the hardware entry; null when unpublished. */
  tdpWatts: number | null;
  pue: number;
}

/** A scenario after validation, with every default filled in. */
export interface ResolvedScenario {
  name: string | null;
  description: string | null;
  model: ResolvedModel;
  data: ResolvedDataSource[];
  tokenizer: ResolvedTokenizer;
  training: ResolvedTraining;
  cluster: ResolvedCluster;
  /** The accelerator `cluster.hardware` named (catalog or custom entry). */
  hardware: HardwareSpec;
  /** Dense peak of `hardware` at `cluster.precision`, in FLOP/s (not TFLOP/s). */
  peakFlopsPerSecond: number;
  ranges: RangeSpec[];
  /** Every default the scenario relied on. */
  assumptions: Assumption[];
  /** Inputs that were given but have no effect (e.g. `width` on a TEXT source); reported as warnings. */
  ignoredInputs: InputIssue[];
  /**
   * The training stages: one without `stages` (sharing data, tokenizer, training, cluster and hardware
   * with the scenario's own fields), else one per `stages[k]`; the scenario's own fields are then stage 0's.
   */
  stages: ResolvedStage[];
  /** Whether the scenario gave `stages` (its paths then read `stages[k].data[i]`). */
  staged: boolean;
}

export interface SourceTokens {
  index: number;
  kind: DataKind;
  tokens: number;
  /** tokens / total tokens (0 when the total is 0). */
  share: number;
  /** Tokens in one training sequence: one image, one clip, or `sequenceLength` for TEXT. */
  tokensPerSequence: number;
  /** With `stages`: the stage whose source this is (`index` is its index in that stage's data). */
  stage?: number;
}

export interface TokenResult {
  total: number;
  /** With `stages`: every stage's sources in turn, each with its `stage`. */
  sources: SourceTokens[];
  /** With `stages` only: each stage's own result. */
  stages?: TokenResult[];
}

/** The parts of the trained model's FLOPs: ForwardFlops' components (architecture.ts). */
export type ModelFlopsComponentName = 'linear' | 'attention' | 'crossAttention' | 'context' | 'conditioning' | 'embeddings';
export const MODEL_FLOPS_COMPONENTS: readonly ModelFlopsComponentName[] = ['linear', 'attention', 'crossAttention', 'context', 'conditioning', 'embeddings'];
/** The parts training FLOPs are broken down into: the model's, and the frozen encoders' forward passes. */
export type FlopsComponentName = ModelFlopsComponentName | 'encoders';
export const FLOPS_COMPONENTS: readonly FlopsComponentName[] = [...MODEL_FLOPS_COMPONENTS, 'encoders'];

export interface FlopsComponent {
  component: FlopsComponentName;
  flops: number;
  /** flops / the total training FLOPs (0 when the total is 0). */
  share: number;
}

export interface FlopsResult {
  /** 6·N·D·E; with an architecture, every FLOP of the model but the self/joint attention cores (total − attention − encoders). */
  dense: number;
  /** The attention term 12·L·d·T per token; with an architecture, 3 × the self/joint attention cores (4·N²·d per layer). */
  attention: number;
  /** Model FLOPs (the MFU basis): training = forward + backward, nothing recomputed; plus the frozen encoders' forward passes (`encoders`). */
  total: number;
  /** The frozen encoders' forward passes: Σ encoders not precomputed of forward per sample × samples seen (0 without encoders). */
  encoders: number;
  /** attention / total; 0 when attention is not counted. */
  attentionShare: number;
  /** Hardware FLOPs (the HFU basis): total plus what `training.recomputation` runs again (never an encoder's); time is computed from these. */
  hardware: number;
  /** FLOPs by component, in FLOPS_COMPONENTS order: the components the method counts, `encoders` when the model has any (their sum is `total`). */
  components: FlopsComponent[];
  /** With `stages` only: each stage's own result. */
  stages?: FlopsResult[];
}

export interface ClusterResult {
  effectiveFlopsPerGpu: number;
  pfDays: number;
  gpuDays: number;
  gpuHours: number;
  wallClockDays: number;
  costUsd: number | null;
  energyMWh: number | null;
  /** With `stages` only: each stage's own result, on its own cluster. */
  stages?: ClusterResult[];
}

/** One training stage's figures (the whole scenario when it has no `stages`): Estimate.stages (docs/model.md, "Stages"). */
export interface StageEstimate {
  index: number;
  name: string | null;
  /** Samples of one pass over the stage's data: items, steps × batchSize, or TEXT sequences (tokens / sequenceLength). */
  samples: number;
  /** tokens / samples: the sample-weighted mean of the sources' tokens per sample. */
  tokensPerSample: number;
  /** Tokens of one pass, as Estimate.tokens counts them. */
  tokens: number;
  /** (flops − the encoders' FLOPs) / (3 · samples · epochs): the trained model's sample-weighted mean forward pass. */
  forwardFlopsPerSample: number;
  flops: number;
  hardwareFlops: number;
  gpuDays: number;
  wallClockDays: number;
  costUsd: number | null;
  energyMWh: number | null;
}

/** The computed stages of one scenario: what the what-if questions (inverse.ts, inference.ts, ranges.ts, lazy.ts) start from. */
export interface Computed {
  resolved: ResolvedScenario;
  tokens: TokenResult;
  flops: FlopsResult;
  cluster: ClusterResult;
}

export interface FullEstimate extends Computed {
  /** The model's parameters, split by how often they run (modelParameters in flops.ts). */
  parameters: ArchitectureParameters;
  /** The training stages' figures, one entry without `stages`. */
  stages: StageEstimate[];
  ratioVsGPT3: number;
  warnings: Warning[];
  assumptions: Assumption[];
}

export interface Interval {
  low: number;
  expected: number;
  high: number;
}

/** Low / expected / high of each of the ten OUTPUTS (null where the output is: no price, no TDP). */
export interface RangeEstimate extends PerOutput<Interval> {
  /** The scenario at its own (expected) values. */
  expected: Computed;
  /** The validated ranges, in input order. */
  ranges: RangeSpec[];
  /** Number of corners evaluated: 2^ranges.length. */
  corners: number;
}

export type SweepScale = 'LINEAR' | 'LOG';
export const SWEEP_SCALES: readonly SweepScale[] = ['LINEAR', 'LOG'];

export interface SweepAxis {
  path: string;
  /** Either listed values ... */
  values?: number[] | null;
  /** ... or a generated range: `steps` points from `from` to `to` (both included). */
  from?: number | null;
  to?: number | null;
  steps?: number | null;
  /** Default LINEAR. */
  scale?: SweepScale | null;
}

export interface SweepOptions {
  /** Largest grid allowed; default 10,000. */
  maxPoints?: number | null;
}

/** One column per output of OUTPUTS; costUsd and energyMWh hold null where the output is null. */
export type SweepSeries = { [K in keyof PerOutput<number>]: PerOutput<number>[K][] };

/** Columnar: point k of every series is the grid point (i0, i1) with k = i0 * axes[1].values.length + i1. */
export interface SweepResult {
  axes: { path: string; values: number[] }[];
  points: number;
  series: SweepSeries;
}

export interface DeadlineResult {
  /** GPUs needed to finish within the deadline (rounded up). */
  gpuCount: number;
  /** Wall-clock days with that many GPUs (≤ the deadline). */
  wallClockDays: number;
}

export interface BudgetResult {
  affordableGpuHours: number;
  /** Days the budget pays for at the scenario's gpuCount. */
  daysAffordable: number;
  /** affordable GPU-hours / GPU-hours the training needs (≥ 1: the budget suffices). */
  fractionOfTraining: number;
  wallClockDaysNeeded: number;
  costUsd: number;
}

export interface ChinchillaResult {
  computeFlops: number;
  parameters: number;
  tokens: number;
  tokensPerParameter: number;
}

export interface InferenceOptions {
  /** Denoising steps; default 50. */
  steps?: number | null;
  /** Classifier-free guidance doubles the work; default true. */
  guidance?: boolean | null;
  /** The data source that describes one generated sample; default the first IMAGE/VIDEO source. */
  sourceIndex?: number | null;
}

export interface InferenceResult {
  steps: number;
  guidance: boolean;
  /** The source used (null: TEXT-only scenario, one sequence of `sequenceLength` tokens). */
  sourceIndex: number | null;
  tokensPerSample: number;
  flopsPerSample: number;
  /** True when model.layers and model.hiddenSize are known and the attention term is included. */
  attentionIncluded: boolean;
  gpuSecondsPerSample: number;
  costPerSampleUsd: number | null;
  /** Generated samples after which inference compute exceeds the training compute. */
  samplesToMatchTraining: number;
}

export interface Preset {
  key: string;
  name: string;
  description: string;
  tags: string[];
  input: ScenarioSpec;
}
