/** The parts an estimate breaks into: per source, per parameter kind, per FLOPs component, per training stage. */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DataKind, FlopsComponent } from './enums';

@ObjectType({ simpleResolvers: true, description: 'Tokens from one data source.' })
export class SourceBreakdown {
  @Field(() => Int) index: number;
  @Field(() => DataKind) kind: DataKind;
  @Field(() => Float) tokens: number;
  @Field(() => Float, { description: 'Share of all tokens, 0..1.' }) share: number;
  @Field(() => Float, { description: 'Tokens in one training sequence: one image, one clip, or sequenceLength for text.' }) tokensPerSequence: number;
  @Field(() => Int, { description: 'The training stage of the source (0 without stages); index is its place in that stage’s data.' }) stage: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'One training stage (the whole scenario when it has no stages), on its own cluster; Estimate’s tokens, flops, hardwareFlops, gpuDays, wallClockDays, costUsd and energyMWh are their sums.',
})
export class StageEstimate {
  @Field(() => Int) index: number;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => Float, {
    description: 'Samples S of one pass over the stage’s data: items (count, or steps × batchSize), TEXT sequences tokens / sequenceLength.',
  })
  samples: number;
  @Field(() => Float, { description: 'tokens / samples: the sample-weighted mean of its sources’ tokens per sample (one image, one clip, one sequence).' })
  tokensPerSample: number;
  @Field(() => Float, { description: 'Tokens of one pass, as Estimate.tokens counts them.' }) tokens: number;
  @Field(() => Float, {
    description:
      '(flops − its encoders’ FLOPs) / (3 · samples · epochs): the trained model’s sample-weighted mean forward pass of one sample (training = 3 forward passes, Kaplan et al. 2020); DiT-XL/2 at 256²: 2.37e11.',
  })
  forwardFlopsPerSample: number;
  @Field(() => Float, { description: 'Model FLOPs of the stage (the MFU basis), with the frozen encoders’ forward passes on its samples.' }) flops: number;
  @Field(() => Float, { description: 'FLOPs executed, with what training.recomputation runs again.' }) hardwareFlops: number;
  @Field(() => Float, { description: 'hardwareFlops / (the stage’s peak · utilization) / 86,400.' }) gpuDays: number;
  @Field(() => Float, { description: 'gpuDays / the stage’s gpuCount.' }) wallClockDays: number;
  @Field(() => Float, { nullable: true, description: 'gpuDays · 24 · the stage’s price; null without a price.' }) costUsd: number | null;
  @Field(() => Float, { nullable: true, description: 'GPU-hours · TDP · PUE / 1e6; null without a TDP.' }) energyMWh: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'The parameters, by how often they run; the six parts sum to total. With model.architecture counted from it (docs/architectures.md, "Parameters"); ' +
    'else total = perToken = model.parameters (6·N·D treats every parameter as run once per token).',
})
export class ModelParameters {
  @Field(() => Float) total: number;
  @Field(() => Float, { description: 'Applied once per sample token (in single-stream MM-DiT blocks, per text token too): what multiplies T.' })
  perToken: number;
  @Field(() => Float, { description: 'Applied only to text tokens: the MM-DiT text stream, cross-attention K and V, text embedders.' }) perContextToken: number;
  @Field(() => Float, { description: 'Applied once per sample: adaLN modulation, timestep, guidance and pooled-text MLPs, the class table.' })
  perSample: number;
  @Field(() => Float, { description: 'Tables read by lookup, no matmul: an untied input embedding.' }) embeddingTables: number;
  @Field(() => Float, { description: 'Mixture-of-experts FFNs a token does not run: (experts − activeExperts) per layer.' }) idleExperts: number;
}

@ObjectType({ simpleResolvers: true, description: 'One component of the training (model) FLOPs.' })
export class FlopsShare {
  @Field(() => FlopsComponent) component: FlopsComponent;
  @Field(() => Float, {
    description:
      '3 × its forward FLOPs per sample × samples, summed over sources; the 6·N·D path: denseFlops (LINEAR), attentionFlops (ATTENTION); ENCODERS: 1 × the encoders’ forward (no backward).',
  })
  flops: number;
  @Field(() => Float, { description: 'flops / Estimate.flops, 0..1.' }) share: number;
}
