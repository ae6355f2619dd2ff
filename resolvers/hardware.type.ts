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
  @Field(() => Float, {
    nullable: true,
    description:
      'HBM bandwidth per device in TB/s (10^12 bytes per second), as the source publishes it; null where none is published and for library hardware.',
  })
  memoryBandwidthTBps?: number | null;
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

@ObjectType({ simpleResolvers: true, description: 'A published figure as a range; low equals high for a single figure.' })
export class FigureRange {
  @Field(() => Float) low: number;
  @Field(() => Float) high: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A published training budget in GPU time or dollars (image and video models rarely publish FLOPs), with its source.',
})
export class ReferenceBudget {
  @Field(() => String) key: string;
  @Field(() => String) name: string;
  @Field(() => String, { description: 'What the source states, in its own terms.' }) published: string;
  @Field(() => String, { description: 'Catalog key (Query.hardware) of the device the GPU time was counted on.' }) hardware: string;
  @Field(() => FigureRange, { nullable: true, description: 'GPU-hours: as published, or converted from what is published (see derivation).' })
  gpuHours: FigureRange | null;
  @Field(() => FigureRange, { nullable: true, description: 'Training cost in US dollars, as published.' }) costUsd: FigureRange | null;
  @Field(() => String, { nullable: true, description: 'How gpuHours follow from the published figures, when they are not quoted as GPU-hours.' })
  derivation: string | null;
  @Field(() => String) source: string;
}
