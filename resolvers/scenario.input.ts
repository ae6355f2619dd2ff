import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArchitectureFamily, DataKind, OrderDirection, Precision, Recomputation, ScenarioOrderField, TokenizationMethod } from './enums';

// Each class below is both the input a client sends and the object a saved scenario returns
// (Scenario.input), so the two can never drift apart.

@ObjectType('Architecture', {
  simpleResolvers: true,
  description:
    'A transformer, as papers give it: FLOPs are then counted operation by operation, 2 per multiply-add, instead of 6·N·D (docs/architectures.md). ' +
    'Its patch is the tokenizer’s (tokenizer.patchSize, temporalPatchSize). An absent field takes the default its description states.',
})
@InputType('ArchitectureInput')
export class ArchitectureSpecType {
  @Field(() => ArchitectureFamily) family: ArchitectureFamily;
  @Field(() => Int, { description: 'Transformer blocks L, 1 to 100,000; MMDIT: double-stream plus single-stream.' }) layers: number;
  @Field(() => Int, { description: 'Hidden size d, 1 to 1e6.' }) hiddenSize: number;
  @Field(() => Int, { description: 'Attention heads; must divide hiddenSize.' }) heads: number;
  @Field(() => Int, { nullable: true, description: 'Key/value heads (grouped-query attention, Ainslie et al. 2023); must divide heads; default heads.' })
  kvHeads?: number | null;
  @Field(() => Int, { nullable: true, description: 'FFN width; default 4·d, or 256·⌈⌊8d/3⌋/256⌉ when gatedFfn (Llama: 4096 → 11,008).' })
  ffnSize?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'SwiGLU (Shazeer 2020): three d×f matrices instead of two; default false.' })
  gatedFfn?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'DECODER (required): vocabulary of the input embedding and the logits.' })
  vocabSize?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'DECODER: the logits reuse the input embedding (GPT-2/3); default false (Llama 2/3: untied).' })
  tiedEmbeddings?: boolean | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Diffusion: channels into the patch embedding; default 4 (the SD VAE, as DiT uses); under PIXEL tokenization, the image channels.',
  })
  latentChannels?: number | null;
  @Field(() => Int, { nullable: true, description: 'Diffusion: channels predicted; default latentChannels (DiT and PixArt-α learn Σ: 2× latentChannels).' })
  outputChannels?: number | null;
  @Field(() => Int, { nullable: true, description: 'CROSS_DIT, MMDIT (required): text tokens per sample.' })
  contextTokens?: number | null;
  @Field(() => Int, { nullable: true, description: 'CROSS_DIT, MMDIT (required): width of the text tokens out of the text encoder (T5-XXL: 4096).' })
  contextSize?: number | null;
  @Field(() => Int, { nullable: true, description: 'MMDIT: how many of layers are single-stream, after the double-stream ones; default 0 (SD3).' })
  singleStreamLayers?: number | null;
  @Field(() => Int, { nullable: true, description: 'Mixture of experts: FFNs per layer (with a d×experts router); give activeExperts too; default no MoE.' })
  experts?: number | null;
  @Field(() => Int, { nullable: true, description: 'Mixture of experts: FFNs each token runs, ≤ experts.' })
  activeExperts?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Diffusion: width of a pooled text vector embedded by a two-layer MLP (Flux, HunyuanVideo: 768); default none.',
  })
  pooledSize?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Diffusion: a guidance-scale MLP embedder (guidance-distilled Flux dev, HunyuanVideo); default false.' })
  guidanceEmbedding?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Diffusion: class labels, a (classes + 1)×d table with the CFG null label (DiT: 1000); default none.' })
  classes?: number | null;
}

@ObjectType('Encoder', {
  simpleResolvers: true,
  description:
    'A frozen component (text encoder, VAE encoder, vision tower) that runs forward, never backward, on every training sample of every stage: ' +
    'exactly one of forwardFlopsPerSample; 2 · parameters · tokensPerSample (a forward pass is 2·N FLOPs per token, Kaplan et al. 2020, §2.1); ' +
    'or forwardFlopsPerPixel × width × height × frames of each IMAGE/VIDEO sample (a VAE’s convolutions; frames = 1 for an image, 0 on TEXT) — ' +
    'times the samples seen (TEXT: sequences of sequenceLength); nothing when precomputed. T5-XXL’s encoder (4.76e9 parameters) on 512 tokens: 4.88e12 per sample; ' +
    'Wan 2.1’s VAE encoder (5.0e6 per pixel) on a 1280×720, 81-frame clip: 3.73e14. ' +
    'Counted in flops (Epoch AI counts frozen components’ forward passes, not their pretraining), hardwareFlops and time; flopsBreakdown’s ENCODERS.',
})
@InputType('EncoderInput')
export class EncoderSpecType {
  @Field(() => String, { description: 'What it is, e.g. "T5-XXL" or "VAE encoder"; at most 200 characters.' }) name: string;
  @Field(() => Float, { nullable: true, description: 'Its parameters N (T5 v1.1 XXL encoder: 4,762,310,656); with tokensPerSample.' })
  parameters?: number | null;
  @Field(() => Float, { nullable: true, description: 'Tokens it reads per training sample T (T5-XXL in Open-Sora 2.0 and Wan 2.1: 512); with parameters.' })
  tokensPerSample?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Forward FLOPs of one sample, the same for every source, instead of 2 · parameters · tokensPerSample or forwardFlopsPerPixel.',
  })
  forwardFlopsPerSample?: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Forward FLOPs per input pixel per frame of a convolutional encoder (a VAE’s), instead of the other two ways: a sample costs ' +
      'forwardFlopsPerPixel × width × height × frames (IMAGE: 1 frame; VIDEO: frames, or round(durationSeconds × fps)); TEXT samples 0, it does not run on text. ' +
      'SD VAE: 2.7e11 / 256² ≈ 4.1e6; HunyuanVideo VAE 9.07e6; Wan 2.1 VAE 5.0e6; CogVideoX VAE 8.69e6 (docs/references.md).',
  })
  forwardFlopsPerPixel?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Its outputs (latents, text embeddings) were computed once before training: it adds 0 FLOPs (still listed). Default false.',
  })
  precomputed?: boolean | null;
}

@ObjectType('Model', { simpleResolvers: true, description: 'The network being trained.' })
@InputType('ModelInput')
export class ModelSpec {
  @Field(() => Float, {
    nullable: true,
    description:
      'Parameter count N (e.g. 3e9). Required without architecture; with one, counted from it when absent, and a warning when they differ by more than 5%.',
  })
  parameters?: number | null;

  @Field(() => Int, { nullable: true, description: 'Transformer layers L (needed for the attention term); with architecture, its layers.' })
  layers?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hidden size d (needed for the attention term); with architecture, its hiddenSize.' })
  hiddenSize?: number | null;

  @Field(() => ArchitectureSpecType, {
    nullable: true,
    description: 'Count training FLOPs by operation counting, Σ over sources of 3 · forward(T) · samples, instead of 6·N·D (docs/architectures.md).',
  })
  architecture?: ArchitectureSpecType | null;

  @Field(() => [EncoderSpecType], {
    nullable: true,
    description:
      'Frozen encoders, at most 16: Σ over sources of their forward FLOPs per sample of the source (forwardFlopsPerSample, 2 · parameters · tokensPerSample, ' +
      'or forwardFlopsPerPixel × width × height × frames) × its samples seen, unless precomputed. ' +
      'With or without architecture; no encoders, no change.',
  })
  encoders?: EncoderSpecType[] | null;
}

@ObjectType('DataSource', { simpleResolvers: true, description: 'One slice of the training data.' })
@InputType('DataSourceInput')
export class DataSourceSpec {
  @Field(() => DataKind)
  kind: DataKind;

  @Field(() => Float, {
    nullable: true,
    description: 'IMAGE/VIDEO: number of items; TEXT: number of tokens (one epoch). Required unless steps and batchSize are given; not with them.',
  })
  count?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Training steps; with batchSize instead of count: samples seen = steps × batchSize, which already count every pass (training.epochs then stays 1). A positive integer.',
  })
  steps?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Samples per step (TEXT: sequences of training.sequenceLength tokens, tokens = steps × batchSize × sequenceLength); required with steps.',
  })
  batchSize?: number | null;

  @Field(() => Int, { nullable: true }) width?: number | null;
  @Field(() => Int, { nullable: true }) height?: number | null;
  @Field(() => Int, { nullable: true, description: 'Colour channels, default 3.' }) channels?: number | null;
  @Field(() => Float, { nullable: true, description: 'VIDEO: seconds per clip (with fps, unless frames is given).' }) durationSeconds?: number | null;
  @Field(() => Float, { nullable: true, description: 'VIDEO: frames per second; frames = round(durationSeconds·fps).' }) fps?: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'VIDEO, instead of durationSeconds and fps: frames per clip as papers give them (129, 81, 49); LATENT: ⌈frames / vaeTemporalFactor⌉ latent frames (129 → 33). Not with durationSeconds or fps.',
  })
  frames?: number | null;
}

@ObjectType('Tokenizer', { simpleResolvers: true })
@InputType('TokenizerInput')
export class TokenizerSpec {
  @Field(() => TokenizationMethod, { nullable: true, description: 'Default LATENT.' }) method?: TokenizationMethod | null;
  @Field(() => Int, { nullable: true, description: 'Spatial patch p: default 16 (SEED_2024, PIXEL) or 2 (LATENT).' }) patchSize?: number | null;
  @Field(() => Int, { nullable: true, description: 'Frames per patch in time, default 1.' }) temporalPatchSize?: number | null;
  @Field(() => Int, { nullable: true, description: 'LATENT: VAE spatial downsampling, default 8.' }) vaeSpatialFactor?: number | null;
  @Field(() => Int, { nullable: true, description: 'LATENT: VAE temporal downsampling, default 4.' }) vaeTemporalFactor?: number | null;
}

@ObjectType('Training', { simpleResolvers: true })
@InputType('TrainingInput')
export class TrainingSpec {
  @Field(() => Float, { nullable: true, description: 'Passes over the data, default 1.' }) epochs?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Add the attention term 12·L·d·T per token (PaLM 2022, app. B); default false, but true with model.architecture (its attention cores).',
  })
  attention?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'TEXT: tokens per training sequence, default 2048.' }) sequenceLength?: number | null;
  @Field(() => Recomputation, {
    nullable: true,
    description: 'Activation recomputation, default NONE: adds to hardwareFlops (and so to time, cost and energy), not to flops.',
  })
  recomputation?: Recomputation | null;
}

@ObjectType('Cluster', { simpleResolvers: true })
@InputType('ClusterInput')
export class ClusterSpec {
  @Field(() => String, { nullable: true, description: 'A hardware catalog key (Query.hardware), default h100-sxm.' }) hardware?: string | null;
  @Field(() => Precision, { nullable: true, description: 'Default BF16.' }) precision?: Precision | null;
  @Field(() => Int, { nullable: true, description: 'Accelerators, default 1.' }) gpuCount?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Utilization of the peak in (0, 1], default 0.4: model FLOPs utilization (MFU); with recomputation, of the hardware FLOPs (HFU).',
  })
  utilization?: number | null;
  @Field(() => Float, { nullable: true, description: 'USD per GPU-hour; default from the catalog.' }) pricePerGpuHour?: number | null;
  @Field(() => Float, { nullable: true, description: 'Power usage effectiveness ≥ 1, default 1.2.' }) pue?: number | null;
}

@ObjectType('Stage', {
  simpleResolvers: true,
  description:
    'One stage of training the scenario’s model: its own data, and tokenizer, training and cluster settings that override the scenario’s field by field (an absent field is the scenario’s).',
})
@InputType('StageInput')
export class StageSpecType {
  @Field(() => String, { nullable: true, description: 'E.g. "256 px images"; at most 200 characters.' }) name?: string | null;
  @Field(() => [DataSourceSpec], { description: 'The stage’s data: at least one source.' }) data: DataSourceSpec[];
  @Field(() => TokenizerSpec, { nullable: true }) tokenizer?: TokenizerSpec | null;
  @Field(() => TrainingSpec, { nullable: true }) training?: TrainingSpec | null;
  @Field(() => ClusterSpec, { nullable: true, description: 'The stage’s own hardware, gpuCount, … (Movie Gen: 1,536 GPUs for images, 6,144 for video).' })
  cluster?: ClusterSpec | null;
}

@ObjectType('Range', { simpleResolvers: true, description: 'An uncertain input: the scenario value is the expected one.' })
@InputType('RangeInput')
export class RangeSpec {
  @Field(() => String, {
    description:
      'model.parameters, model.architecture.layers (hiddenSize, ffnSize, kvHeads, contextTokens, contextSize), model.encoders[j].parameters (tokensPerSample, forwardFlopsPerSample, forwardFlopsPerPixel), ' +
      'data[i].count, data[i].steps, data[i].batchSize, data[i].frames, data[i].width, data[i].height, cluster.utilization, cluster.gpuCount or cluster.pricePerGpuHour; ' +
      'with stages, stages[k].data[i].… and stages[k].cluster.…, and a scenario-level path ranges every stage that does not set it.',
  })
  path: string;
  @Field(() => Float) low: number;
  @Field(() => Float) high: number;
}

@ObjectType('ScenarioSpec', { simpleResolvers: true, description: 'Everything an estimate is computed from.' })
@InputType('ScenarioInput')
export class ScenarioSpecType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => ModelSpec) model: ModelSpec;
  @Field(() => [DataSourceSpec], { nullable: true, description: 'The training data: required unless stages are given (not both).' })
  data?: DataSourceSpec[] | null;
  @Field(() => [StageSpecType], {
    nullable: true,
    description:
      'One model trained in stages, instead of data: each stage’s FLOPs, time and cost on its own cluster, summed (Estimate.stages). At least one stage.',
  })
  stages?: StageSpecType[] | null;
  @Field(() => TokenizerSpec, { nullable: true }) tokenizer?: TokenizerSpec | null;
  @Field(() => TrainingSpec, { nullable: true }) training?: TrainingSpec | null;
  @Field(() => ClusterSpec, { nullable: true }) cluster?: ClusterSpec | null;
  @Field(() => [RangeSpec], { nullable: true, description: 'Low/high ranges; every output of Estimate.range then comes back as low/expected/high.' })
  ranges?: RangeSpec[] | null;
}

@InputType('CreateScenarioInput')
export class CreateScenarioInput extends ScenarioSpecType {
  @Field(() => ID) libraryId: string;
}

@InputType('ScenarioFilter')
export class ScenarioFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of the name, the description or a tag (a trigram index: fast for rare and common terms alike).',
  })
  text?: string | null;
  @Field(() => String, { nullable: true, description: 'Scenarios carrying this tag (exactly).' }) tag?: string | null;
  @Field(() => TokenizationMethod, {
    nullable: true,
    description:
      "The tokenizer method of the scenario's first stage: stages[0].tokenizer.method, else the scenario's tokenizer.method, else the default (LATENT); without stages, the scenario's own. Later stages' methods are not matched.",
  })
  tokenizerMethod?: TokenizationMethod | null;
  @Field(() => Float, { nullable: true, description: "Scenarios whose summary's FLOPs are at least this (see ScenarioOrderField on the summary)." })
  minFlops?: number | null;
  @Field(() => Float, { nullable: true, description: "Scenarios whose summary's FLOPs are at most this." }) maxFlops?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Scenarios whose summary's cost (USD) is at least this; a scenario without a price matches no cost bound.",
  })
  minCostUsd?: number | null;
  @Field(() => Float, { nullable: true, description: "Scenarios whose summary's cost (USD) is at most this." }) maxCostUsd?: number | null;
  @Field(() => String, { nullable: true, description: "Scenarios running on this accelerator key (the scenario's cluster.hardware, or the default device)." })
  hardware?: string | null;
}

@InputType('ScenarioOrder', { description: 'How a list of scenarios is ordered; pages follow it by keyset (its cursors work with this order only).' })
export class ScenarioOrder {
  @Field(() => ScenarioOrderField) field: ScenarioOrderField;
  @Field(() => OrderDirection, { nullable: true, description: 'ASC by default.' }) direction?: OrderDirection | null;
}
