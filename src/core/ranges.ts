/**
 * Low / expected / high for every output when some inputs are ranges. Every output is monotone in
 * each rangeable input (FLOPs and cost grow with parameters, counts and price; time shrinks as
 * utilization and GPUs grow), so its extremes sit at corners of the box: evaluating all 2^k corners
 * is exact, not a sample (docs/model.md, "Ranges").
 */
import { computeCluster } from './cluster';
import { renamePaths } from './errors';
import { FieldRef, cloneResolved, lookupField } from './field-paths';
import { RANGEABLE_PATHS } from './fields';
import { computeFlops } from './flops';
import { OUTPUTS, Output, PerOutput, outputsOf } from './outputs';
import { computeTokens } from './tokens';
import type { Computed, Interval, RangeEstimate } from './types';

/** The ranges of an estimate's scenario, evaluated at every corner around the estimate. */
export function estimateRange(expected: Computed): RangeEstimate {
  const base = expected.resolved;
  const fields = base.ranges.map((g) => lookupField(g.path, base, RANGEABLE_PATHS) as FieldRef);
  const work = cloneResolved(base);

  const mid = outputsOf(expected);
  const low: Record<Output, number | null> = { ...mid };
  const high: Record<Output, number | null> = { ...mid };

  const corners = 2 ** fields.length;
  for (let mask = 0; mask < corners; mask++) {
    fields.forEach((field, j) => field.set(work, (mask >> j) & 1 ? base.ranges[j].high : base.ranges[j].low));
    let point: PerOutput<number>;
    try {
      const tokens = computeTokens(work);
      const flops = computeFlops(work, tokens);
      point = outputsOf({ tokens, flops, cluster: computeCluster(work, flops) });
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

  const intervals: Partial<Record<Output, Interval | null>> = {};
  for (const k of OUTPUTS) {
    const m = mid[k];
    intervals[k] = m === null ? null : { low: low[k] as number, expected: m, high: high[k] as number };
  }
  return { expected, ranges: base.ranges, corners, ...(intervals as PerOutput<Interval>) };
}
