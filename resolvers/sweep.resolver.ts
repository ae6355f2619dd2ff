import { Arg, Query, Resolver } from 'type-graphql';
import type { SweepAxis } from '../src/core';
import { runSweep } from '../src/services/estimate.service';
import { plain, toSpec } from './convert';
import { ScenarioSpecType } from './scenario.input';
import { SweepAxisInput, SweepResult } from './sweep.type';

@Resolver(() => SweepResult)
export class SweepResolver {
  @Query(() => SweepResult, { description: 'Vary one or two inputs over a grid (at most 10,000 points); every output as an array.' })
  sweep(@Arg('input', () => ScenarioSpecType) input: ScenarioSpecType, @Arg('axes', () => [SweepAxisInput]) axes: SweepAxisInput[]) {
    return runSweep(toSpec(input), plain(axes) as SweepAxis[]);
  }
}
