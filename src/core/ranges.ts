/**
 * Low / expected / high for every output when some inputs are ranges. Every output is monotone in
 * each rangeable input (FLOPs and cost grow with parameters, counts and price; time shrinks as
 * utilization and GPUs grow), so its extremes sit at corners of the box: evaluating all 2^k corners
 * is exact, not a sample.
 */
import { computeCluster } from './cluster';
import { renamePaths } from './errors';
import { estimateResolved, ratioVsGPT3 } from './estimate';
import { FieldRef, RANGEABLE_PATHS, cloneResolved, lookupField } from './fields';
import { computeFlops } from './flops';
import { computeTokens } from './tokens';
import type { Computed, CoreContext, Interval, RangeEstimate, ScenarioSpec } from './types';
import { resolveScenario } from './validate';

type Output = 'tokens' | 'flops' | 'pfDays' | 'gpuDays' | 'gpuHours' | 'wallClockDays' | 'costUsd' | 'energyMWh' | 'ratioVsGPT3';
const OUTPUTS: Output[] = ['tokens', 'flops', 'pfDays', 'gpuDays', 'gpuHours', 'wallClockDays', 'costUsd', 'energyMWh', 'ratioVsGPT3'];

export function estimateRange(spec: ScenarioSpec, ctx?: CoreContext): RangeEstimate {
  return estimateRangeOf(estimateResolved(resolveScenario(spec, ctx)));
}

/** estimateRange of an estimate already computed (its scenario's ranges, around it). */
export function estimateRangeOf(expected: Computed): RangeEstimate {
  const base = expected.resolved;
  const fields = base.ranges.map((g) => lookupField(g.path, base, RANGEABLE_PATHS) as FieldRef);
  const work = cloneResolved(base);

  const at = (e: { tokens: number; flops: number; cluster: ReturnType<typeof computeCluster> }): Record<Output, number | null> => ({
    tokens: e.tokens,
    flops: e.flops,
    pfDays: e.cluster.pfDays,
    gpuDays: e.cluster.gpuDays,
    gpuHours: e.cluster.gpuHours,
    wallClockDays: e.cluster.wallClockDays,
    costUsd: e.cluster.costUsd,
    energyMWh: e.cluster.energyMWh,
    ratioVsGPT3: ratioVsGPT3(e.flops),
  });
  const mid = at({ tokens: expected.tokens.total, flops: expected.flops.total, cluster: expected.cluster });
  const low = { ...mid };
  const high = { ...mid };

  const corners = 2 ** fields.length;
  for (let mask = 0; mask < corners; mask++) {
    fields.forEach((field, j) => field.set(work, (mask >> j) & 1 ? base.ranges[j].high : base.ranges[j].low));
    let point: Record<Output, number | null>;
    try {
      const tokens = computeTokens(work);
      const flops = computeFlops(work, tokens);
      point = at({ tokens: tokens.total, flops: flops.total, cluster: computeCluster(work, flops) });
    } catch (err) {
      // An overflow at a corner is the range's fault: name the end that caused it.
      const ends = new Map(fields.map((f, j) => [f.path, `ranges[${j}].${(mask >> j) & 1 ? 'high' : 'low'}`] as const));
      throw renamePaths(err, ends, ' (at a corner of the ranges)');
    }
    for (const k of OUTPUTS) {
      const v = point[k];
      if (v === null) continue;
      if (v < (low[k] as number)) low[k] = v;
      if (v > (high[k] as number)) high[k] = v;
    }
  }

  const interval = (k: Output): Interval | null =>
    mid[k] === null ? null : { low: low[k] as number, expected: mid[k] as number, high: high[k] as number };
  return {
    expected,
    ranges: base.ranges,
    corners,
    tokens: interval('tokens') as Interval,
    flops: interval('flops') as Interval,
    pfDays: interval('pfDays') as Interval,
    gpuDays: interval('gpuDays') as Interval,
    gpuHours: interval('gpuHours') as Interval,
    wallClockDays: interval('wallClockDays') as Interval,
    costUsd: interval('costUsd'),
    energyMWh: interval('energyMWh'),
    ratioVsGPT3: interval('ratioVsGPT3') as Interval,
  };
}
