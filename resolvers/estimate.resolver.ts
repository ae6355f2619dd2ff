import { Arg, Args, ArgsType, Field, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { adHocEstimate, LazyEstimate } from '../src/services/estimate.service';
import { toSpec } from './convert';
import {
  Assumption,
  BudgetPlan,
  ChinchillaOptimal,
  DeadlinePlan,
  Estimate,
  EstimateRange,
  EstimateWarning,
  InferenceEstimate,
  SourceBreakdown,
} from './estimate.type';
import { Hardware } from './hardware.type';
import { ScenarioSpecType } from './scenario.input';

@ArgsType()
class InferenceArgs {
  @Field(() => Int, { nullable: true, description: 'Diffusion sampling steps, default 50.' }) steps?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Classifier-free guidance (two forward passes per step), default true.' }) guidance?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'The data source describing one sample; default the first IMAGE/VIDEO source.' }) sourceIndex?: number | null;
}

/** Each field asks the shared lazy estimate for just the stage it needs. */
@Resolver(() => Estimate)
export class EstimateResolver {
  @Query(() => Estimate, { description: 'Estimate an ad-hoc scenario; nothing is saved and no key is needed.' })
  estimate(@Arg('input', () => ScenarioSpecType) input: ScenarioSpecType): LazyEstimate {
    return adHocEstimate(toSpec(input));
  }

  @FieldResolver(() => Float) tokens(@Root() e: LazyEstimate) { return e.tokens().total; }
  @FieldResolver(() => Float) flops(@Root() e: LazyEstimate) { return e.flops().total; }
  @FieldResolver(() => Float) denseFlops(@Root() e: LazyEstimate) { return e.flops().dense; }
  @FieldResolver(() => Float) attentionFlops(@Root() e: LazyEstimate) { return e.flops().attention; }
  @FieldResolver(() => Float) attentionShare(@Root() e: LazyEstimate) { return e.flops().attentionShare; }
  @FieldResolver(() => Float) pfDays(@Root() e: LazyEstimate) { return e.cluster().pfDays; }
  @FieldResolver(() => Float) gpuDays(@Root() e: LazyEstimate) { return e.cluster().gpuDays; }
  @FieldResolver(() => Float) gpuHours(@Root() e: LazyEstimate) { return e.cluster().gpuHours; }
  @FieldResolver(() => Float) wallClockDays(@Root() e: LazyEstimate) { return e.cluster().wallClockDays; }
  @FieldResolver(() => Float, { nullable: true }) costUsd(@Root() e: LazyEstimate) { return e.cluster().costUsd; }
  @FieldResolver(() => Float, { nullable: true }) energyMWh(@Root() e: LazyEstimate) { return e.cluster().energyMWh; }
  @FieldResolver(() => Float) ratioVsGPT3(@Root() e: LazyEstimate) { return e.ratioVsGPT3(); }
  @FieldResolver(() => Hardware) hardware(@Root() e: LazyEstimate) { return e.resolved().hardware; }

  @FieldResolver(() => Float, { description: 'flops / a reference run\'s published FLOPs (keys: Query.referenceModels).' })
  ratioTo(@Root() e: LazyEstimate, @Arg('reference', () => String) reference: string) {
    return e.ratioTo(reference);
  }

  @FieldResolver(() => [SourceBreakdown], { description: 'Tokens per data source.' })
  breakdown(@Root() e: LazyEstimate) { return e.tokens().sources; }

  @FieldResolver(() => [Assumption], { description: 'Every default the estimate used.' })
  assumptions(@Root() e: LazyEstimate) {
    return e.resolved().assumptions.map((a) => ({ ...a, value: String(a.value) }));
  }

  @FieldResolver(() => [EstimateWarning], { description: 'What drives or undermines the answer, with stable codes.' })
  warnings(@Root() e: LazyEstimate) { return e.warnings(); }

  @FieldResolver(() => EstimateRange, { nullable: true, description: 'Low/expected/high of every output; null when the scenario has no ranges.' })
  range(@Root() e: LazyEstimate) {
    return e.spec.ranges && e.spec.ranges.length > 0 ? e.range() : null;
  }

  @FieldResolver(() => DeadlinePlan, { description: 'GPUs needed to finish within `days`.' })
  gpusForDeadline(@Root() e: LazyEstimate, @Arg('days', () => Float) days: number) { return e.gpusForDeadline(days); }

  @FieldResolver(() => BudgetPlan, { description: 'What `budgetUsd` dollars buy.' })
  daysForBudget(@Root() e: LazyEstimate, @Arg('budgetUsd', () => Float) budgetUsd: number) { return e.daysForBudget(budgetUsd); }

  @FieldResolver(() => ChinchillaOptimal, { description: 'The compute-optimal parameters and tokens for this compute.' })
  chinchillaOptimal(@Root() e: LazyEstimate) { return e.chinchillaOptimal(); }

  @FieldResolver(() => InferenceEstimate, { description: 'Compute to generate one sample, and when inference overtakes training.' })
  inference(@Root() e: LazyEstimate, @Args(() => InferenceArgs) args: InferenceArgs) { return e.inference(args); }
}
