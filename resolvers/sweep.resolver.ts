import type { GraphQLResolveInfo } from 'graphql';
import { Kind } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { SweepAxis } from '../src/core';
import { runSweep } from '../src/services/estimate.service';
import type { Context } from './context';
import { plain, toSpec } from './convert';
import { ScenarioSpecType } from './scenario.input';
import { SweepAxisInput, SweepResult } from './sweep.type';

@Resolver(() => SweepResult)
export class SweepResolver {
  @Query(() => SweepResult, { description: 'Vary one or two inputs over a grid (at most 10,000 points); every output as an array.' })
  sweep(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('input', () => ScenarioSpecType) input: ScenarioSpecType,
    @Arg('axes', () => [SweepAxisInput]) axes: SweepAxisInput[],
  ) {
    return runSweep(ctx.compute, toSpec(input), plain(axes) as SweepAxis[], { outputs: seriesAskedFor(info), signal: ctx.signal });
  }
}

/** The `series { … }` fields this sweep's selection names (undefined when fragments make it unclear: then all of them). */
function seriesAskedFor(info: GraphQLResolveInfo): string[] | undefined {
  const names: string[] = [];
  for (const node of info.fieldNodes) {
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== Kind.FIELD) return undefined;
      if (sel.name.value !== 'series') continue;
      for (const out of sel.selectionSet?.selections ?? []) {
        if (out.kind !== Kind.FIELD) return undefined;
        names.push(out.name.value);
      }
    }
  }
  return names;
}
