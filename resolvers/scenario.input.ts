import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DataKind, Precision, TokenizationMethod } from './enums';

// Each class below is both the input a client sends and the object a saved scenario returns
// (Scenario.input), so the two can never drift apart.

@ObjectType('Model', { simpleResolvers: true, description: 'The network being trained.' })
@InputType('ModelInput')
export class ModelSpec {
  @Field(() => Float, { description: 'Parameter count N (e.g. 3e9).' })
  parameters: number;

  @Field(() => Int, { nullable: true, description: 'Transformer layers L (needed for the attention term).' })
  layers?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hidden size d (needed for the attention term).' })
  hiddenSize?: number | null;
}

@ObjectType('DataSource', { simpleResolvers: true, description: 'One slice of the training data.' })
@InputType('DataSourceInput')
export class DataSourceSpec {
  @Field(() => DataKind)
  kind: DataKind;

  @Field(() => Float, { description: 'IMAGE/VIDEO: number of items; TEXT: number of tokens.' })
  count: number;

  @Field(() => Int, { nullable: true }) width?: number | null;
  @Field(() => Int, { nullable: true }) height?: number | null;
  @Field(() => Int, { nullable: true, description: 'Colour channels, default 3.' }) channels?: number | null;
  @Field(() => Float, { nullable: true, description: 'VIDEO: seconds per clip.' }) durationSeconds?: number | null;
  @Field(() => Float, { nullable: true, description: 'VIDEO: frames per second; frames = round(durationSeconds·fps).' }) fps?: number | null;
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
  @Field(() => Boolean, { nullable: true, description: 'Add the attention term 12·L·d·T per token (PaLM 2022, app. B).' }) attention?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'TEXT: tokens per training sequence, default 2048.' }) sequenceLength?: number | null;
}

@ObjectType('Cluster', { simpleResolvers: true })
@InputType('ClusterInput')
export class ClusterSpec {
  @Field(() => String, { nullable: true, description: 'A hardware catalog key (Query.hardware), default h100-sxm.' }) hardware?: string | null;
  @Field(() => Precision, { nullable: true, description: 'Default BF16.' }) precision?: Precision | null;
  @Field(() => Int, { nullable: true, description: 'Accelerators, default 1.' }) gpuCount?: number | null;
  @Field(() => Float, { nullable: true, description: 'Model FLOPs utilization in (0, 1], default 0.4.' }) utilization?: number | null;
  @Field(() => Float, { nullable: true, description: 'USD per GPU-hour; default from the catalog.' }) pricePerGpuHour?: number | null;
  @Field(() => Float, { nullable: true, description: 'Power usage effectiveness ≥ 1, default 1.2.' }) pue?: number | null;
}

@ObjectType('Range', { simpleResolvers: true, description: 'An uncertain input: the scenario value is the expected one.' })
@InputType('RangeInput')
export class RangeSpec {
  @Field(() => String, { description: 'model.parameters, data[i].count, cluster.utilization, cluster.gpuCount or cluster.pricePerGpuHour.' })
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
  @Field(() => [DataSourceSpec]) data: DataSourceSpec[];
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
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name.' }) text?: string | null;
  @Field(() => String, { nullable: true }) tag?: string | null;
  @Field(() => TokenizationMethod, { nullable: true }) tokenizerMethod?: TokenizationMethod | null;
}
