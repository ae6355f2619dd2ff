/**
 * Inverse questions, asked of an estimate: GPUs for a deadline, days for a budget, the
 * compute-optimal model (docs/model.md, "Inverse questions").
 */
import { Factor, checkFinite, inputError } from './errors';
import { POSITIVE, numberProblem } from './fields';
import { chinchillaParameters } from './flops';
import { CHINCHILLA_TOKENS_PER_PARAMETER } from './references';
import type { BudgetResult, ChinchillaResult, Computed, DeadlineResult } from './types';

function positive(value: unknown, path: string): number {
  const problem = numberProblem(value, POSITIVE);
  if (problem) throw inputError(path, problem);
  return value as number;
}

/** GPUs to finish within `days`: ceil(GPU-days / days), at least 1 (perfect data parallelism). */
export function gpusForDeadline(e: Computed, days: number): DeadlineResult {
  const deadline = positive(days, 'days');
  const { gpuDays } = e.cluster;
  let gpuCount = Math.max(1, Math.ceil(gpuDays / deadline));
  // Guard the ceil against a quotient rounded up past an exact integer (e.g. 3.0000000000000004).
  if (gpuCount > 1 && gpuDays / (gpuCount - 1) <= deadline) gpuCount -= 1;
  checkFinite(gpuCount, 'GPUs needed', () => [{ path: 'days', value: deadline, divides: true }]);
  return { gpuCount, wallClockDays: gpuDays / gpuCount };
}

/** What `budgetUsd` buys at the scenario's price: GPU-hours = budget / price. */
export function daysForBudget(e: Computed, budgetUsd: number): BudgetResult {
  const budget = positive(budgetUsd, 'budgetUsd');
  const c = e.resolved.cluster;
  if (c.pricePerGpuHour === null || e.cluster.costUsd === null) {
    throw inputError(
      'cluster.pricePerGpuHour',
      `is required to turn a budget into GPU-hours: ${e.resolved.hardware.name} has no catalog price; set cluster.pricePerGpuHour`,
    );
  }
  const budgetFactor = (): Factor[] => [{ path: 'budgetUsd', value: budget }];
  const affordableGpuHours = checkFinite(budget / c.pricePerGpuHour, 'affordable GPU-hours', budgetFactor);
  return {
    affordableGpuHours,
    daysAffordable: affordableGpuHours / 24 / c.gpuCount,
    fractionOfTraining: checkFinite(affordableGpuHours / e.cluster.gpuHours, 'fraction of training', budgetFactor),
    wallClockDaysNeeded: e.cluster.wallClockDays,
    costUsd: e.cluster.costUsd,
  };
}

/**
 * The compute-optimal split of the estimate's training compute C (Hoffmann et al. 2022,
 * arXiv:2203.15556): C = 6·N·D with D = 20·N, so N = sqrt(C / 120) and D = 20·N.
 */
export function chinchillaOptimal(e: Computed): ChinchillaResult {
  const computeFlops = e.flops.total;
  const parameters = chinchillaParameters(computeFlops);
  return {
    computeFlops,
    parameters,
    tokens: CHINCHILLA_TOKENS_PER_PARAMETER * parameters,
    tokensPerParameter: CHINCHILLA_TOKENS_PER_PARAMETER,
  };
}
