/** The ten outputs of an estimate, named once: ranges, sweeps and the types enumerate this list. */
import { ratioVsGPT3 } from './estimate';
import type { Computed, SweepSeries } from './types';

/** The headline outputs, in the order the API lists them (docs/model.md, "Outputs"). */
export const OUTPUTS = ['tokens', 'flops', 'hardwareFlops', 'pfDays', 'gpuDays', 'gpuHours', 'wallClockDays', 'costUsd', 'energyMWh', 'ratioVsGPT3'] as const;
export type Output = (typeof OUTPUTS)[number];

/** Outputs the inputs may not give (no price, no TDP): null then, never a made-up number. */
export type NullableOutput = 'costUsd' | 'energyMWh';

/** One `T` per output, `T | null` for the nullable ones. */
export type PerOutput<T> = { [K in Output]: K extends NullableOutput ? T | null : T };

/** The stages an estimate's outputs are read from. */
export type Stages = Pick<Computed, 'tokens' | 'flops' | 'cluster'>;

/** The ten outputs of computed stages. */
export function outputsOf({ tokens, flops, cluster }: Stages): PerOutput<number> {
  return {
    tokens: tokens.total,
    flops: flops.total,
    hardwareFlops: flops.hardware,
    pfDays: cluster.pfDays,
    gpuDays: cluster.gpuDays,
    gpuHours: cluster.gpuHours,
    wallClockDays: cluster.wallClockDays,
    costUsd: cluster.costUsd,
    energyMWh: cluster.energyMWh,
    ratioVsGPT3: ratioVsGPT3(flops.total),
  };
}

/** Empty columns for `points` points, one per output. */
export function outputColumns(points: number): SweepSeries {
  return Object.fromEntries(OUTPUTS.map((o) => [o, new Array<number | null>(points)])) as SweepSeries;
}

/** Stores one point's outputs at index `k`; spelt out because a loop over OUTPUTS makes sweeps ~3x slower. */
export function setOutputs(columns: SweepSeries, k: number, v: PerOutput<number>): void {
  columns.tokens[k] = v.tokens;
  columns.flops[k] = v.flops;
  columns.hardwareFlops[k] = v.hardwareFlops;
  columns.pfDays[k] = v.pfDays;
  columns.gpuDays[k] = v.gpuDays;
  columns.gpuHours[k] = v.gpuHours;
  columns.wallClockDays[k] = v.wallClockDays;
  columns.costUsd[k] = v.costUsd;
  columns.energyMWh[k] = v.energyMWh;
  columns.ratioVsGPT3[k] = v.ratioVsGPT3;
}
