/**
 * The compute budget of one request (docs/model.md, "Limits"): work units are data sources
 * evaluated once (src/core/work.ts). What a request's arguments reveal (ad-hoc estimates, sweeps)
 * is checked before it runs; saved scenarios' estimates are metered as they are computed, and the
 * one that would pass the budget fails with COMPUTE_BUDGET_EXCEEDED instead.
 */
import { DomainError } from './errors';

export const BUDGET = {
  /** Values in one answer (fields × the rows they repeat over): a 1,000-scenario page with every estimate field is ~100k. */
  maxFieldValues: 200_000,
  /** Estimates evaluated on the event loop: ~0.1 s of CPU on the development machine. */
  maxEstimateUnits: 1_000_000,
  /** Sweep evaluations, run in the compute pool: a 10,000-point sweep over 1,000 sources is 1e7. */
  maxSweepUnits: 20_000_000,
  /**
   * Sweep output values in one answer (points × outputs asked for): at most ~20 bytes of JSON each,
   * ~12 MB, so that every sweep the budget admits also fits the answer limit (LIMITS.maxResponseBytes, 16 MiB).
   */
  maxSweepValues: 600_000,
} as const;

export type BudgetLimit = keyof typeof BUDGET;

const WHAT: Record<BudgetLimit, string> = {
  maxFieldValues: 'values in its answer',
  maxEstimateUnits: 'source evaluations of estimates',
  maxSweepUnits: 'source evaluations of sweeps',
  maxSweepValues: 'sweep output values',
};

const n = (x: number) => x.toLocaleString('en-US');

export function overBudget(limit: BudgetLimit, units: number): DomainError {
  return new DomainError(
    'COMPUTE_BUDGET_EXCEEDED',
    `This request asks for ${n(units)} ${WHAT[limit]}, over the budget of ${n(BUDGET[limit])} per request (${limit}); ask for fewer rows, points, ranges or aliases`,
    { limit, units, max: BUDGET[limit] },
  );
}

/** Counts the estimate work a request has done so far. */
export class WorkMeter {
  private used = 0;

  /** Adds `units`; throws COMPUTE_BUDGET_EXCEEDED (and adds nothing) when they would pass the budget. */
  charge(units: number): void {
    if (this.used + units > BUDGET.maxEstimateUnits) throw overBudget('maxEstimateUnits', this.used + units);
    this.used += units;
  }
}
