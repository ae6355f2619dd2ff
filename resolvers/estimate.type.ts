import { Arg, Args, ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { adviseWarnings, ArchitectureParameters, estimateWork, HardwareSpec, LazyEstimate, StageEstimate as CoreStageEstimate } from '../src/core';
import type { WorkMeter } from '../src/services/budget';
import { FlopsShare, ModelParameters, SourceBreakdown, StageEstimate } from './breakdown.type';
import { WarningSeverity } from './enums';
import { Hardware } from './hardware.type';

@ObjectType({ simpleResolvers: true })
export class EstimateWarning {
  @Field(() => String, { description: 'Stable code, e.g. SEED_VIDEO_RESOLUTION_IGNORED.' }) code: string;
  @Field(() => WarningSeverity, {
    description:
      'WARNING: likely undermines the answer; INFO: worth knowing, nothing to fix (FAR_FROM_CHINCHILLA_OPTIMAL, unless warnings(computeOptimal: true)).',
  })
  severity: WarningSeverity;
  @Field(() => String) message: string;
  @Field(() => String, { nullable: true, description: 'The input path the warning is about.' }) field?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A default the estimate filled in because the scenario left it out.' })
export class Assumption {
  @Field(() => String) field: string;
  @Field(() => String, { description: 'The value used, as text.' }) value: string;
  @Field(() => String) reason: string;
}

@ObjectType({ simpleResolvers: true, description: 'An output under uncertain inputs: exact bounds (outputs are monotone in each input).' })
export class Bounds {
  @Field(() => Float) low: number;
  @Field(() => Float) expected: number;
  @Field(() => Float) high: number;
}

@ObjectType({ simpleResolvers: true })
export class EstimateRange {
  @Field(() => Bounds) tokens: Bounds;
  @Field(() => Bounds) flops: Bounds;
  @Field(() => Bounds) hardwareFlops: Bounds;
  @Field(() => Bounds) pfDays: Bounds;
  @Field(() => Bounds) gpuDays: Bounds;
  @Field(() => Bounds) gpuHours: Bounds;
  @Field(() => Bounds) wallClockDays: Bounds;
  @Field(() => Bounds, { nullable: true }) costUsd: Bounds | null;
  @Field(() => Bounds, { nullable: true }) energyMWh: Bounds | null;
  @Field(() => Bounds) ratioVsGPT3: Bounds;
}

@ObjectType({ simpleResolvers: true, description: 'How many accelerators finish the run in a given number of days.' })
export class DeadlinePlan {
  @Field(() => Int) gpuCount: number;
  @Field(() => Float, { description: 'Wall-clock days with that many.' }) wallClockDays: number;
}

@ObjectType({ simpleResolvers: true, description: 'What a budget buys at the scenario price and GPU count.' })
export class BudgetPlan {
  @Field(() => Float) affordableGpuHours: number;
  @Field(() => Float, { description: 'Days the scenario cluster can run on the budget.' }) daysAffordable: number;
  @Field(() => Float, { description: 'budget / cost of the full run.' }) fractionOfTraining: number;
  @Field(() => Float) wallClockDaysNeeded: number;
  @Field(() => Float) costUsd: number;
}

@ObjectType({ simpleResolvers: true, description: 'Compute-optimal split of this compute (Hoffmann et al. 2022: D ≈ 20·N, C = 6·N·D).' })
export class ChinchillaOptimal {
  @Field(() => Float) computeFlops: number;
  @Field(() => Float) parameters: number;
  @Field(() => Float) tokens: number;
  @Field(() => Float) tokensPerParameter: number;
}

@ObjectType({ simpleResolvers: true, description: 'Generating one sample: steps · 2·N·T (+ 4·L·d·T² attention), ×2 with classifier-free guidance.' })
export class InferenceEstimate {
  @Field(() => Float) tokensPerSample: number;
  @Field(() => Float) flopsPerSample: number;
  @Field(() => Float) gpuSecondsPerSample: number;
  @Field(() => Float, { nullable: true }) costPerSampleUsd: number | null;
  @Field(() => Float, { description: 'Samples after which inference compute exceeds training compute.' }) samplesToMatchTraining: number;
}

@ArgsType()
export class InferenceArgs {
  @Field(() => Int, { nullable: true, description: 'Diffusion sampling steps, default 50.' }) steps?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Classifier-free guidance (two forward passes per step), default true.' }) guidance?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'The data source describing one sample; default the first IMAGE/VIDEO source.' }) sourceIndex?:
    number | null;
}

/**
 * The GraphQL Estimate over one LazyEstimate (src/core/lazy.ts): each field asks the lazy estimate
 * for just the stage it needs, so a query for `tokens` never computes FLOPs, and each stage runs
 * once however many fields or aliases ask (the request keeps one LazyEstimate per scenario).
 */
@ObjectType({ simpleResolvers: true, description: 'An estimate. Every field is computed on demand from the core, only when asked for.' })
export class Estimate {
  /** `work` meters what the fields compute for a saved scenario (an ad-hoc estimate is priced before it runs). */
  constructor(
    readonly lazy: LazyEstimate,
    private readonly work?: WorkMeter,
  ) {}

  @Field(() => Float, { description: 'Training tokens D (all sources, one epoch).' })
  get tokens(): number {
    return this.lazy.tokens().total;
  }

  @Field(() => Float, {
    description:
      'Training (model) FLOPs, the MFU basis: 6·N·D·epochs (Kaplan et al. 2020) + the attention term when asked; with model.architecture, ' +
      'Σ over sources of 3 · forward(T) · samples, forward counted matmul by matmul (Narayanan et al. 2021; docs/architectures.md). Nothing recomputed. ' +
      'Plus the frozen encoders’ forward passes (model.encoders: forward per sample of each source × its samples seen, unless precomputed; a VAE’s grows with the sample’s pixels × frames).',
  })
  get flops(): number {
    return this.lazy.flops().total;
  }

  @Field(() => Float, {
    description:
      'FLOPs executed, the HFU basis: flops plus what training.recomputation runs again (Narayanan et al. 2021, §5.1; Korthikanti et al. 2022). ' +
      '6·N·D path: FULL flops · 4/3, SELECTIVE flops + attentionFlops / 3 (of the model’s FLOPs: frozen encoders run forward once and are never recomputed). ' +
      'GPU-days, wall-clock days, cost and energy are computed from it.',
  })
  get hardwareFlops(): number {
    return this.lazy.flops().hardware;
  }

  @Field(() => Float, {
    description: 'The 6·N·D·epochs part; with model.architecture, flops − attentionFlops − the encoders’ FLOPs (flopsBreakdown ENCODERS).',
  })
  get denseFlops(): number {
    return this.lazy.flops().dense;
  }

  @Field(() => Float, {
    description: 'The attention part, 12·L·d·T per token (PaLM 2022, app. B); with model.architecture, 3 × the attention cores 4·T²·d per layer; 0 when off.',
  })
  get attentionFlops(): number {
    return this.lazy.flops().attention;
  }

  @Field(() => [FlopsShare], {
    description:
      'flops by component; their sum is flops. With model.architecture all six of the model’s components (0 where the family has none); the 6·N·D path: LINEAR, and ATTENTION when counted; ' +
      'then ENCODERS when model.encoders is given.',
  })
  get flopsBreakdown(): FlopsShare[] {
    return this.lazy.flops().components as FlopsShare[];
  }

  @Field(() => ModelParameters, { description: 'The parameters, by how often they run (counted from model.architecture when given).' })
  get parameters(): ArchitectureParameters {
    return this.lazy.parameters();
  }

  @Field(() => Float, { description: 'attentionFlops / flops.' })
  get attentionShare(): number {
    return this.lazy.flops().attentionShare;
  }

  @Field(() => Float, { description: 'PF-days of model FLOPs: flops / 8.64e19.' })
  get pfDays(): number {
    return this.lazy.cluster().pfDays;
  }

  @Field(() => Float, { description: 'hardwareFlops / (peak · utilization) / 86,400 (hardwareFlops = flops without recomputation).' })
  get gpuDays(): number {
    return this.lazy.cluster().gpuDays;
  }

  @Field(() => Float)
  get gpuHours(): number {
    return this.lazy.cluster().gpuHours;
  }

  @Field(() => Float, { description: 'gpuDays / gpuCount.' })
  get wallClockDays(): number {
    return this.lazy.cluster().wallClockDays;
  }

  @Field(() => Float, { nullable: true, description: 'gpuHours · price; null (with NO_PRICE) when no price is known.' })
  get costUsd(): number | null {
    return this.lazy.cluster().costUsd;
  }

  @Field(() => Float, { nullable: true, description: 'gpuHours · TDP · PUE / 1e6; null (with NO_TDP) when no TDP is known.' })
  get energyMWh(): number | null {
    return this.lazy.cluster().energyMWh;
  }

  @Field(() => Float, { description: 'flops / 3.14e23 (GPT-3, Brown et al. 2020).' })
  get ratioVsGPT3(): number {
    return this.lazy.ratioVsGPT3();
  }

  @Field(() => Hardware, { description: 'The accelerator the estimate used.' })
  get hardware(): HardwareSpec {
    return this.lazy.resolved().hardware;
  }

  @Field(() => Float, { description: "flops / a reference run's published FLOPs (keys: Query.referenceModels)." })
  ratioTo(@Arg('reference', () => String) reference: string): number {
    return this.lazy.ratioTo(reference);
  }

  @Field(() => [SourceBreakdown], { description: 'Tokens per data source; with stages, every stage’s sources in turn, each with its stage.' })
  get breakdown(): SourceBreakdown[] {
    return this.lazy.tokens().sources.map((s) => ({ ...s, stage: s.stage ?? 0 })) as SourceBreakdown[];
  }

  @Field(() => [StageEstimate], {
    description:
      'Each training stage on its own cluster: one entry without stages. tokens, flops, hardwareFlops, gpuDays, costUsd and energyMWh sum to the estimate’s; ' +
      'so do wallClockDays, the stages running one after another.',
  })
  get stages(): CoreStageEstimate[] {
    return this.lazy.stages();
  }

  @Field(() => Float, {
    nullable: true,
    description:
      'The utilization (MFU) a published GPU time implies: flops / (gpuHours · 3,600 · peak), Epoch AI’s hardware method (Sevilla et al. 2022) solved for the utilization. ' +
      'With stages, the hours are split as gpuDays splits them, each share at its stage’s peak: flops / (gpuHours · 3,600 · Σ_k peak_k · gpuDays_k / gpuDays). ' +
      'Above 1: the published time is shorter than the peak allows. gpuHours must be a positive finite number (else BAD_USER_INPUT naming gpuHours).',
  })
  impliedUtilization(@Arg('gpuHours', () => Float) gpuHours: number): number {
    return this.lazy.impliedUtilization(gpuHours);
  }

  @Field(() => [Assumption], { description: 'Every default the estimate used.' })
  get assumptions(): Assumption[] {
    return this.lazy.resolved().assumptions.map((a) => ({ ...a, value: String(a.value) }));
  }

  @Field(() => [EstimateWarning], { description: 'What drives or undermines the answer, with stable codes and a severity.' })
  warnings(
    @Arg('computeOptimal', () => Boolean, {
      defaultValue: false,
      description:
        'Ask for compute-optimal advice: FAR_FROM_CHINCHILLA_OPTIMAL (tokens per parameter far from Chinchilla’s 20) is then a WARNING; by default it is INFO, ' +
        'since LLMs are often trained past compute-optimal on purpose.',
    })
    computeOptimal: boolean,
  ): EstimateWarning[] {
    return adviseWarnings(this.lazy.warnings(), { computeOptimal }) as EstimateWarning[];
  }

  @Field(() => EstimateRange, { nullable: true, description: 'Low/expected/high of every output; null when the scenario has no ranges.' })
  get range(): EstimateRange | null {
    if (!this.lazy.spec.ranges || this.lazy.spec.ranges.length === 0) return null;
    this.work?.charge(estimateWork(this.lazy.spec, { range: true }) - estimateWork(this.lazy.spec, { range: false }));
    return this.lazy.range();
  }

  @Field(() => DeadlinePlan, { description: 'GPUs needed to finish within `days`.' })
  gpusForDeadline(@Arg('days', () => Float) days: number): DeadlinePlan {
    return this.lazy.gpusForDeadline(days);
  }

  @Field(() => BudgetPlan, { nullable: true, description: 'What `budgetUsd` dollars buy; null when no price is known (see the NO_PRICE warning).' })
  daysForBudget(@Arg('budgetUsd', () => Float) budgetUsd: number): BudgetPlan | null {
    return this.lazy.daysForBudget(budgetUsd);
  }

  @Field(() => ChinchillaOptimal, { description: 'The compute-optimal parameters and tokens for this compute.' })
  get chinchillaOptimal(): ChinchillaOptimal {
    return this.lazy.chinchillaOptimal();
  }

  @Field(() => InferenceEstimate, { description: 'Compute to generate one sample, and when inference overtakes training.' })
  inference(@Args(() => InferenceArgs) args: InferenceArgs): InferenceEstimate {
    return this.lazy.inference(args);
  }
}
