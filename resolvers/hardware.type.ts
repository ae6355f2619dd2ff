import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Dense peak TFLOP/s per device; null where no figure is published.' })
export class PeakTflops {
  @Field(() => Float, { nullable: true }) FP32: number | null;
  @Field(() => Float, { nullable: true }) TF32: number | null;
  @Field(() => Float, { nullable: true }) BF16: number | null;
  @Field(() => Float, { nullable: true }) FP16: number | null;
  @Field(() => Float, { nullable: true }) FP8: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'An accelerator from the catalog, with the source of its figures.' })
export class Hardware {
  @Field(() => String) key: string;
  @Field(() => String) name: string;
  @Field(() => PeakTflops) peakTflops: PeakTflops;
  @Field(() => Float, { nullable: true }) memoryGB: number | null;
  @Field(() => Float, { nullable: true }) tdpWatts: number | null;
  @Field(() => Float, { nullable: true, description: 'Approximate on-demand USD per GPU-hour.' }) pricePerGpuHour: number | null;
  @Field(() => String) source: string;
}

@ObjectType({ simpleResolvers: true, description: 'A published training run to compare against, with its source.' })
export class ReferenceModel {
  @Field(() => String) key: string;
  @Field(() => String) name: string;
  @Field(() => Float) flops: number;
  @Field(() => Float, { nullable: true }) parameters: number | null;
  @Field(() => Float, { nullable: true }) tokens: number | null;
  @Field(() => String) source: string;
  @Field(() => Float) pfDays: number;
  @Field(() => Float) ratioVsGPT3: number;
}
