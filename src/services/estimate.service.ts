import {
  chinchillaOptimalOf,
  collectWarnings,
  computeCluster,
  computeFlops,
  computeTokens,
  Computed,
  CoreContext,
  daysForBudgetOf,
  estimateRangeOf,
  FlopscopeInputError,
  GPT3_FLOPS,
  gpusForDeadlineOf,
  inferenceEstimateOf,
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
 * Each stage runs at most once per LazyEstimate, and the request shares one among the fields and
 * aliases of a scenario (see EstimateCache).
 */
export function lazyEstimate(spec: ScenarioSpec, ctx: CoreContext = {}) {
  const resolved = once(() => resolveScenario(spec, ctx));
  const tokens = once(() => computeTokens(resolved()));
  const flops = once(() => computeFlops(resolved(), tokens()));
  const cluster = once(() => computeCluster(resolved(), flops()));
  const warnings = once(() => collectWarnings(resolved(), tokens(), flops()));
  // The what-if questions start from the stages above: the scenario is validated and computed once.
  const computed = (): Computed => ({ resolved: resolved(), tokens: tokens(), flops: flops(), cluster: cluster() });
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
    range: once(() => estimateRangeOf(computed())),
    gpusForDeadline: (days: number) => gpusForDeadlineOf(computed(), days),
    /** null when the scenario has no price (the estimate's NO_PRICE warning says so), as costUsd is. */
    daysForBudget: (budgetUsd: number) => {
      try {
        return daysForBudgetOf(computed(), budgetUsd);
      } catch (e) {
        if (e instanceof FlopscopeInputError && e.field === 'cluster.pricePerGpuHour' && spec.cluster?.pricePerGpuHour == null) return null;
        throw e;
      }
    },
    chinchillaOptimal: once(() => chinchillaOptimalOf(computed())),
    inference: (opts: { steps?: number | null; guidance?: boolean | null; sourceIndex?: number | null }) =>
      inferenceEstimateOf(computed(), { steps: opts.steps ?? undefined, guidance: opts.guidance ?? undefined, sourceIndex: opts.sourceIndex ?? undefined }),
  };
}

export type LazyEstimate = ReturnType<typeof lazyEstimate>;

/**
 * Per request: the estimates of the saved scenario versions asked for most recently. A row's
 * fields and aliases are resolved one after the other, so they share one LazyEstimate, as does
 * the same scenario asked for again within the next RECENT_ESTIMATES scenarios.
 *
 * Bounded on purpose. Holding every estimate of a 1,000-scenario list until the answer is
 * written kept each one's stages (the resolved scenario with its assumptions, tokens, FLOPs,
 * warnings) alive through every young-generation collection of the request, to be copied and
 * promoted. The bench's list of headline fields, in an A/B run on one server's data
 * (2026-11-30): 55-63 ms with them held, 42-43 ms without.
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
