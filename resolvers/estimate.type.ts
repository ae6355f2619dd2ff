import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DataKind } from './enums';
import { Hardware } from './hardware.type';

@ObjectType({ description: 'An estimate. Every field is computed on demand from the core, only when asked for.' })
export class Estimate {
  @Field(() => Float, { description: 'Training tokens D (all sources, one epoch).' }) tokens: number;
  @Field(() => Float, { description: 'Training FLOPs: 6·N·D·epochs (Kaplan et al. 2020) + the attention term when asked.' }) flops: number;
  @Field(() => Float, { description: 'The 6·N·D·epochs part.' }) denseFlops: number;
  @Field(() => Float, { description: 'The attention part, 12·L·d·T per token (PaLM 2022, app. B); 0 when off.' }) attentionFlops: number;
  @Field(() => Float, { description: 'attentionFlops / flops.' }) attentionShare: number;
  @Field(() => Float, { description: 'PF-days: flops / 8.64e19.' }) pfDays: number;
  @Field(() => Float, { description: 'flops / (peak · utilization) / 86,400.' }) gpuDays: number;
  @Field(() => Float) gpuHours: number;
  @Field(() => Float, { description: 'gpuDays / gpuCount.' }) wallClockDays: number;
  @Field(() => Float, { nullable: true, description: 'gpuHours · price; null (with NO_PRICE) when no price is known.' }) costUsd: number | null;
  @Field(() => Float, { nullable: true, description: 'gpuHours · TDP · PUE / 1e6; null (with NO_TDP) when no TDP is known.' }) energyMWh: number | null;
  @Field(() => Float, { description: 'flops / 3.14e23 (GPT-3, Brown et al. 2020).' }) ratioVsGPT3: number;
  @Field(() => Hardware, { description: 'The accelerator the estimate used.' }) hardware: Hardware;
}

@ObjectType({ description: 'Tokens from one data source.' })
export class SourceBreakdown {
  @Field(() => Int) index: number;
  @Field(() => DataKind) kind: DataKind;
  @Field(() => Float) tokens: number;
  @Field(() => Float, { description: 'Share of all tokens, 0..1.' }) share: number;
  @Field(() => Float, { description: 'Tokens in one training sequence: one image, one clip, or sequenceLength for text.' }) tokensPerSequence: number;
}

@ObjectType()
export class EstimateWarning {
  @Field(() => String, { description: 'Stable code, e.g. SEED_VIDEO_RESOLUTION_IGNORED.' }) code: string;
  @Field(() => String) message: string;
  @Field(() => String, { nullable: true, description: 'The input path the warning is about.' }) field?: string | null;
}

@ObjectType({ description: 'A default the estimate filled in because the scenario left it out.' })
export class Assumption {
  @Field(() => String) field: string;
  @Field(() => String, { description: 'The value used, as text.' }) value: string;
  @Field(() => String) reason: string;
}

@ObjectType({ description: 'An output under uncertain inputs: exact bounds (outputs are monotone in each input).' })
export class Bounds {
  @Field(() => Float) low: number;
  @Field(() => Float) expected: number;
  @Field(() => Float) high: number;
}

@ObjectType()
export class EstimateRange {
  @Field(() => Bounds) tokens: Bounds;
  @Field(() => Bounds) flops: Bounds;
  @Field(() => Bounds) pfDays: Bounds;
  @Field(() => Bounds) gpuDays: Bounds;
  @Field(() => Bounds) gpuHours: Bounds;
  @Field(() => Bounds) wallClockDays: Bounds;
  @Field(() => Bounds, { nullable: true }) costUsd: Bounds | null;
  @Field(() => Bounds, { nullable: true }) energyMWh: Bounds | null;
  @Field(() => Bounds) ratioVsGPT3: Bounds;
}

@ObjectType({ description: 'How many accelerators finish the run in a given number of days.' })
export class DeadlinePlan {
  @Field(() => Int) gpuCount: number;
  @Field(() => Float, { description: 'Wall-clock days with that many.' }) wallClockDays: number;
}

@ObjectType({ description: 'What a budget buys at the scenario price and GPU count.' })
export class BudgetPlan {
  @Field(() => Float) affordableGpuHours: number;
  @Field(() => Float, { description: 'Days the scenario cluster can run on the budget.' }) daysAffordable: number;
  @Field(() => Float, { description: 'budget / cost of the full run.' }) fractionOfTraining: number;
  @Field(() => Float) wallClockDaysNeeded: number;
  @Field(() => Float) costUsd: number;
}

@ObjectType({ description: 'Compute-optimal split of this compute (Hoffmann et al. 2022: D ≈ 20·N, C = 6·N·D).' })
export class ChinchillaOptimal {
  @Field(() => Float) computeFlops: number;
  @Field(() => Float) parameters: number;
  @Field(() => Float) tokens: number;
  @Field(() => Float) tokensPerParameter: number;
}

@ObjectType({ description: 'Generating one sample: steps · 2·N·T (+ 4·L·d·T² attention), ×2 with classifier-free guidance.' })
export class InferenceEstimate {
  @Field(() => Float) tokensPerSample: number;
  @Field(() => Float) flopsPerSample: number;
  @Field(() => Float) gpuSecondsPerSample: number;
  @Field(() => Float, { nullable: true }) costPerSampleUsd: number | null;
  @Field(() => Float, { description: 'Samples after which inference compute exceeds training compute.' }) samplesToMatchTraining: number;
}
