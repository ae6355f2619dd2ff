import { GraphQLError, GraphQLScalarType } from 'graphql';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { SweepScale } from './enums';

/**
 * One output over a whole sweep grid, sent as one JSON array of numbers. A scalar rather than
 * `[Float]`: GraphQL completes and checks every item of a list on its own, which for 10,000 points
 * × 9 outputs cost more than computing them; here the whole column is checked in one loop.
 */
export const FloatSeries = new GraphQLScalarType<(number | null)[], (number | null)[]>({
  name: 'FloatSeries',
  description:
    'A column of numbers over a sweep grid (a JSON array, row-major). Items are null only where the output is unknown (costUsd without a price, energyMWh without a TDP).',
  serialize(value) {
    if (!Array.isArray(value)) throw new GraphQLError('FloatSeries must be a list of numbers');
    for (const v of value) {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new GraphQLError(`FloatSeries cannot hold ${String(v)}`);
    }
    return value as (number | null)[];
  },
  parseValue() {
    throw new GraphQLError('FloatSeries is an output type');
  },
  parseLiteral() {
    throw new GraphQLError('FloatSeries is an output type');
  },
});

@InputType({ description: 'One swept input: listed values, or `steps` values from `from` to `to`.' })
export class SweepAxisInput {
  @Field(() => String, {
    description:
      'An input path, e.g. model.parameters, cluster.gpuCount, data[0].count, data[0].width; with stages stages[1].data[0].steps, stages[1].cluster.gpuCount; ' +
      'model.architecture.layers (hiddenSize, ffnSize, kvHeads, contextTokens, contextSize); model.encoders[0].parameters (tokensPerSample, forwardFlopsPerSample, forwardFlopsPerPixel). docs/model.md, "Sweeps".',
  })
  path: string;
  @Field(() => [Float], { nullable: true }) values?: number[] | null;
  @Field(() => Float, { nullable: true }) from?: number | null;
  @Field(() => Float, { nullable: true }) to?: number | null;
  @Field(() => Int, { nullable: true }) steps?: number | null;
  @Field(() => SweepScale, { nullable: true, description: 'Default LINEAR.' }) scale?: SweepScale | null;
}

@ObjectType({ simpleResolvers: true })
export class SweepAxisValues {
  @Field(() => String) path: string;
  @Field(() => [Float]) values: number[];
}

@ObjectType({ simpleResolvers: true, description: 'Columnar: each output is one array over the grid, row-major (first axis outer).' })
export class SweepSeries {
  @Field(() => FloatSeries) tokens: number[];
  @Field(() => FloatSeries) flops: number[];
  @Field(() => FloatSeries, { description: 'FLOPs executed: flops plus what training.recomputation runs again (Estimate.hardwareFlops).' })
  hardwareFlops: number[];
  @Field(() => FloatSeries) pfDays: number[];
  @Field(() => FloatSeries) gpuDays: number[];
  @Field(() => FloatSeries) gpuHours: number[];
  @Field(() => FloatSeries) wallClockDays: number[];
  @Field(() => FloatSeries, { description: 'null items where no price is known.' }) costUsd: (number | null)[];
  @Field(() => FloatSeries, { description: 'null items where no TDP is known.' }) energyMWh: (number | null)[];
  @Field(() => FloatSeries) ratioVsGPT3: number[];
}

@ObjectType({ simpleResolvers: true })
export class SweepResult {
  @Field(() => Int) points: number;
  @Field(() => [SweepAxisValues]) axes: SweepAxisValues[];
  @Field(() => SweepSeries) series: SweepSeries;
}
