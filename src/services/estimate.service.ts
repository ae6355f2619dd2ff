import {
  chinchillaOptimal,
  collectWarnings,
  computeCluster,
  computeFlops,
  computeTokens,
  CoreContext,
  daysForBudget,
  estimateRange,
  FlopscopeInputError,
  GPT3_FLOPS,
  gpusForDeadline,
  inferenceEstimate,
  ratioTo,
  resolveScenario,
  ScenarioSpec,
  sweep,
  SweepAxis,
} from '../core';

const once = <T>(f: () => T): (() => T) => {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
};

/**
 * One scenario's estimate, computed stage by stage and only as far as the fields asked for
 * need: a query for `tokens` never computes FLOPs, one for `flops` never computes cost.
 * Each stage runs at most once per LazyEstimate, and the service keeps one per scenario per
 * request (see EstimateCache).
 */
export function lazyEstimate(spec: ScenarioSpec, ctx: CoreContext = {}) {
  const resolved = once(() => resolveScenario(spec, ctx));
  const tokens = once(() => computeTokens(resolved()));
  const flops = once(() => computeFlops(resolved(), tokens()));
  const cluster = once(() => computeCluster(resolved(), flops()));
  const warnings = once(() => collectWarnings(resolved(), tokens(), flops()));
  return {
    spec,
    ctx,
    resolved,
    tokens,
    flops,
    cluster,
    warnings,
    ratioVsGPT3: () => flops().total / GPT3_FLOPS,
    ratioTo: (reference: string) => ratioTo(flops().total, reference),
    range: once(() => estimateRange(spec, ctx)),
    gpusForDeadline: (days: number) => gpusForDeadline(spec, days, ctx),
    /** null when the scenario has no price (the estimate's NO_PRICE warning says so), as costUsd is. */
    daysForBudget: (budgetUsd: number) => {
      try {
        return daysForBudget(spec, budgetUsd, ctx);
      } catch (e) {
        if (e instanceof FlopscopeInputError && e.field === 'cluster.pricePerGpuHour' && spec.cluster?.pricePerGpuHour == null) return null;
        throw e;
      }
    },
    chinchillaOptimal: once(() => chinchillaOptimal(spec, ctx)),
    inference: (opts: { steps?: number | null; guidance?: boolean | null; sourceIndex?: number | null }) =>
      inferenceEstimate(spec, { steps: opts.steps ?? undefined, guidance: opts.guidance ?? undefined, sourceIndex: opts.sourceIndex ?? undefined }, ctx),
  };
}

export type LazyEstimate = ReturnType<typeof lazyEstimate>;

/** Per request: one LazyEstimate per saved scenario version, however many fields or aliases ask. */
export type EstimateCache = Map<string, LazyEstimate>;

export function scenarioEstimate(cache: EstimateCache, key: string, spec: () => ScenarioSpec, ctx: CoreContext = {}): LazyEstimate {
  let est = cache.get(key);
  if (!est) {
    est = lazyEstimate(spec(), ctx);
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
