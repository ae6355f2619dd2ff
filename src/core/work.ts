/**
 * How much computing a request asks for, in work units: one unit is one data source (of any stage) evaluated once
 * (its tokens, FLOPs and cluster figures). Computed from raw, unvalidated input, so that a budget
 * can be checked before anything runs (docs/model.md, "Limits").
 */
import { MAX_RANGES } from './validate-ranges';

const listLength = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

/** Data sources of a raw scenario: its `data`, or every stage's (at least 1, as the estimate of nothing still runs once). */
function sourcesOf(spec: unknown): number {
  const s = (spec ?? {}) as { data?: unknown; stages?: unknown };
  let n = listLength(s.data);
  if (Array.isArray(s.stages)) for (const st of s.stages as ({ data?: unknown } | null)[]) n += listLength(st?.data);
  return Math.max(1, n);
}

/** Evaluations of one estimate: each source once, and again at each of the 2^k corners when its range is asked for. */
export function estimateWork(spec: unknown, opts: { range: boolean }): number {
  const s = (spec ?? {}) as { ranges?: unknown };
  const sources = sourcesOf(spec);
  const corners = opts.range ? 2 ** Math.min(listLength(s.ranges), MAX_RANGES) : 0;
  return sources * (1 + corners);
}

/** Grid points of a sweep: the product of each axis's values (listed, or `steps`). */
export function sweepPoints(axes: unknown): number {
  if (!Array.isArray(axes)) return 0;
  return axes.reduce((points: number, a: unknown) => {
    const axis = (a ?? {}) as { values?: unknown; steps?: unknown };
    const n = Array.isArray(axis.values) ? axis.values.length : typeof axis.steps === 'number' && Number.isFinite(axis.steps) ? Math.max(0, axis.steps) : 0;
    return points * n;
  }, 1);
}

/** Evaluations of a sweep: every source at every point. */
export function sweepWork(spec: unknown, axes: unknown): number {
  return sourcesOf(spec) * sweepPoints(axes);
}
