import { Arg, Query, Resolver } from 'type-graphql';
import { adHocEstimate } from '../src/services/estimate.service';
import { toSpec } from './convert';
import { Estimate } from './estimate.type';
import { ScenarioSpecType } from './scenario.input';

/**
 * The fields are Estimate's own methods (estimate.type.ts), each asking the shared lazy estimate
 * for one stage. `estimate` is called directly with GraphQL's coerced arguments (plain objects, not
 * class instances; see resolveDirectly in src/server/schema.ts): it must take nothing else.
 */
@Resolver(() => Estimate)
export class EstimateResolver {
  @Query(() => Estimate, { description: 'Estimate an ad-hoc scenario; nothing is saved and no key is needed.' })
  estimate(@Arg('input', () => ScenarioSpecType) input: ScenarioSpecType): Estimate {
    return new Estimate(adHocEstimate(toSpec(input)));
  }
}
