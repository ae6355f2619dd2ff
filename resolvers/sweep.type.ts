import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { SweepScale } from './enums';

@InputType({ description: 'One swept input: listed values, or `steps` values from `from` to `to`.' })
export class SweepAxisInput {
  @Field(() => String, { description: 'An input path, e.g. model.parameters, cluster.gpuCount, data[0].count.' }) path: string;
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
  @Field(() => [Float]) tokens: number[];
  @Field(() => [Float]) flops: number[];
  @Field(() => [Float]) pfDays: number[];
  @Field(() => [Float]) gpuDays: number[];
  @Field(() => [Float]) gpuHours: number[];
  @Field(() => [Float]) wallClockDays: number[];
  @Field(() => [Float], { nullable: 'items' }) costUsd: (number | null)[];
  @Field(() => [Float], { nullable: 'items' }) energyMWh: (number | null)[];
  @Field(() => [Float]) ratioVsGPT3: number[];
}

@ObjectType({ simpleResolvers: true })
export class SweepResult {
  @Field(() => Int) points: number;
  @Field(() => [SweepAxisValues]) axes: SweepAxisValues[];
  @Field(() => SweepSeries) series: SweepSeries;
}
