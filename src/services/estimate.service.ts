import { CoreContext, LazyEstimate, lazyEstimate, ScenarioSpec, sweep, SweepAxis } from '../core';

/**
 * Per request: the estimates of the saved scenario versions asked for most recently. A row's
 * fields and aliases are resolved one after the other, so they share one LazyEstimate, as does
 * the same scenario asked for again within the next RECENT_ESTIMATES scenarios. Bounded so that a
 * long list does not keep every row's stages alive until its answer is written.
 */
export type EstimateCache = Map<string, LazyEstimate>;
export const RECENT_ESTIMATES = 64;

export function scenarioEstimate(cache: EstimateCache, key: string, spec: () => ScenarioSpec, ctx: CoreContext = {}): LazyEstimate {
  let est = cache.get(key);
  if (!est) {
    est = lazyEstimate(spec(), ctx);
    if (cache.size >= RECENT_ESTIMATES) cache.delete(cache.keys().next().value as string);
    cache.set(key, est);
  }
  return est;
}

/** An ad-hoc estimate: validated up front so a bad input fails on `estimate` itself, with the field path. */
export function adHocEstimate(spec: ScenarioSpec, ctx: CoreContext = {}): LazyEstimate {
  const est = lazyEstimate(spec, ctx);
  est.resolved();
  return est;
}

export function runSweep(spec: ScenarioSpec, axes: SweepAxis[], ctx: CoreContext = {}) {
  return sweep(spec, axes, ctx);
}
