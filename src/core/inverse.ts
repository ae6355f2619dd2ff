/**
 * Inverse questions, asked of an estimate: GPUs for a deadline, days for a budget, the
 * compute-optimal model (docs/model.md, "Inverse questions").
 */
import { Factor, checkFinite, inputError } from './errors';
import { POSITIVE, numberProblem } from './fields';
import { chinchillaParameters } from './flops';
import { CHINCHILLA_TOKENS_PER_PARAMETER } from './references';
import { stagePath } from './stage-view';
import type { BudgetResult, ChinchillaResult, ClusterResult, Computed, DeadlineResult } from './types';

function positive(value: unknown, path: string): number {
  const problem = numberProblem(value, POSITIVE);
  if (problem) throw inputError(path, problem);
  return value as number;
}

/** GPUs to finish within `days`: ceil(GPU-days / days), at least 1 (perfect data parallelism); with stages, the same count for each. */
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
  if (e.resolved.staged) return stagedBudget(e, budget);
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
 * A budget over stages, spent in their order, each stage's GPU-hours at its own price on its own GPUs;
 * what is left after the last stage buys more of the last one.
 */
function stagedBudget(e: Computed, budget: number): BudgetResult {
  const r = e.resolved;
  const missing = r.stages.findIndex((st) => st.cluster.pricePerGpuHour === null);
  if (missing >= 0 || e.cluster.costUsd === null) {
    const k = Math.max(0, missing);
    // The stage's own price when it names its own hardware (the scenario's price would do too).
    const path = r.stages[k].own.includes('cluster.hardware') ? `stages[${k}].cluster.pricePerGpuHour` : stagePath(r, k, 'cluster.pricePerGpuHour');
    throw inputError(path, `is required to turn a budget into GPU-hours: ${r.stages[k].hardware.name} (stages[${k}]) has no catalog price; set ${path}`);
  }
  let [left, affordableGpuHours, daysAffordable] = [budget, 0, 0];
  (e.cluster.stages as ClusterResult[]).forEach((c, k) => {
    const { pricePerGpuHour, gpuCount } = r.stages[k].cluster;
    const spend = k === r.stages.length - 1 ? left : Math.min(left, c.costUsd as number);
    const hours = spend / (pricePerGpuHour as number);
    affordableGpuHours += hours;
    daysAffordable += hours / 24 / gpuCount;
    left -= spend;
  });
  const budgetFactor = (): Factor[] => [{ path: 'budgetUsd', value: budget }];
  return {
    affordableGpuHours: checkFinite(affordableGpuHours, 'affordable GPU-hours', budgetFactor),
    daysAffordable,
    fractionOfTraining: checkFinite(budget / e.cluster.costUsd, 'fraction of training', budgetFactor),
    wallClockDaysNeeded: e.cluster.wallClockDays,
    costUsd: e.cluster.costUsd,
  };
}

/**
 * The utilization (MFU) a published GPU time implies: model FLOPs / (gpuHours · 3,600 · peak). Epoch
 * AI's hardware method (training compute = GPU time × peak × utilization; Sevilla et al. 2022,
 * "Estimating Training Compute of Deep Learning Models") solved for the utilization. With stages, the
 * published hours are split as the estimate splits its GPU-days, each share at its stage's peak:
 * model FLOPs / (gpuHours · 3,600 · Σ_k g_k · peak_k), g_k = gpuDays_k / gpuDays. Above 1: the published
 * time is shorter than the peak allows (the FLOPs are overcounted, or the hours undercounted).
 */
export function impliedUtilization(e: Computed, gpuHours: number): number {
  const hours = positive(gpuHours, 'gpuHours');
  const r = e.resolved;
  let peak = r.peakFlopsPerSecond;
  if (r.staged) {
    peak = 0;
    (e.cluster.stages as ClusterResult[]).forEach((c, k) => {
      peak += (c.gpuDays / e.cluster.gpuDays) * r.stages[k].peakFlopsPerSecond;
    });
  }
  return checkFinite(e.flops.total / (hours * 3600 * peak), 'implied utilization', () => [{ path: 'gpuHours', value: hours, divides: true }]);
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
