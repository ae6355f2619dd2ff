import { ComputePool, ComputeRefused } from '../compute/pool';
import { CoreContext, LazyEstimate, lazyEstimate, ScenarioSpec, SweepAxis, SweepResult, sweepWork } from '../core';
import { BUDGET, overBudget } from './budget';
import { DomainError } from './errors';

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

/** A sweep, in the compute pool (off the event loop), bringing back the `outputs` asked for, cancelled with `signal`. */
export async function runSweep(
  pool: ComputePool,
  spec: ScenarioSpec,
  axes: SweepAxis[],
  opts: { ctx?: CoreContext; outputs?: string[]; signal?: AbortSignal } = {},
): Promise<SweepResult> {
  const units = sweepWork(spec, axes);
  if (units > BUDGET.maxSweepUnits) throw overBudget('maxSweepUnits', units);
  try {
    return await pool.sweep(spec, axes, opts.ctx ?? {}, { outputs: opts.outputs, signal: opts.signal });
  } catch (e) {
    if (!(e instanceof ComputeRefused)) throw e;
    if (e.reason === 'busy') throw new DomainError('SERVICE_UNAVAILABLE', 'Too many sweeps are waiting to run; try again shortly');
    if (e.reason === 'memory') {
      const message = `This sweep needed more memory than a compute thread has (${e.heapMb} MB, FLOPSCOPE_COMPUTE_HEAP_MB); ask for fewer points or outputs`;
      throw new DomainError('COMPUTE_BUDGET_EXCEEDED', message, { limit: 'computeHeapMb', max: e.heapMb });
    }
    throw new DomainError('TIMEOUT', 'The sweep was cancelled: its request ran out of time');
  }
}
