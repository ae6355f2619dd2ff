import { Arg, Query, Resolver } from 'type-graphql';
import { adHocEstimate } from '../src/services/estimate.service';
import { toSpec } from './convert';
import { Estimate } from './estimate.type';
import { ScenarioSpecType } from './scenario.input';

/** Query.estimate: the fields are Estimate's own (estimate.type.ts), each asking the lazy estimate for one stage. */
@Resolver(() => Estimate)
export class EstimateResolver {
  @Query(() => Estimate, { description: 'Estimate an ad-hoc scenario; nothing is saved and no key is needed.' })
  estimate(@Arg('input', () => ScenarioSpecType) input: ScenarioSpecType): Estimate {
    return new Estimate(adHocEstimate(toSpec(input)));
  }
}
