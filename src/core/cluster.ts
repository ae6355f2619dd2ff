/** FLOPs → time, money and energy on a cluster (docs/model.md, "Time, money, energy"). */
import { Factor, checkFinite } from './errors';
import { PF_DAY_FLOPS, SECONDS_PER_DAY } from './references';
import { inStage, stageView } from './stage-view';
import type { ClusterResult, FlopsResult, ResolvedScenario } from './types';

/**
 * Effective FLOP/s per device = peak · utilization: MFU (PaLM 2022, appendix B) without
 * recomputation; with it, the fraction of peak the executed (hardware) FLOPs reach, HFU.
 */
export function effectiveFlopsPerSecond(peakFlopsPerSecond: number, utilization: number): number {
  return peakFlopsPerSecond * utilization;
}

/**
 * Time, money and energy; with `stages`, each stage on its own cluster, then summed: GPU-days, cost and
 * energy add up (cost and energy null if any stage's is), and so do wall-clock days, the stages running
 * one after another. The effective FLOP/s per GPU is then their GPU-time-weighted mean, hardware FLOPs / GPU-seconds.
 */
export function computeCluster(r: ResolvedScenario, f: FlopsResult): ClusterResult {
  if (!r.staged) return stageCluster(r, f);
  const stages = r.stages.map((_, k) => inStage(r, k, () => stageCluster(stageView(r, k), (f.stages as FlopsResult[])[k])));
  let [gpuDays, gpuHours, wallClockDays] = [0, 0, 0];
  let costUsd: number | null = 0;
  let energyMWh: number | null = 0;
  for (const c of stages) {
    gpuDays += c.gpuDays;
    gpuHours += c.gpuHours;
    wallClockDays += c.wallClockDays;
    costUsd = costUsd === null || c.costUsd === null ? null : costUsd + c.costUsd;
    energyMWh = energyMWh === null || c.energyMWh === null ? null : energyMWh + c.energyMWh;
  }
  const factors = (): Factor[] => [{ path: 'stages', value: Infinity }];
  checkFinite(gpuHours, 'GPU-hours', factors);
  if (costUsd !== null) checkFinite(costUsd, 'cost in USD', factors);
  if (energyMWh !== null) checkFinite(energyMWh, 'energy in MWh', factors);
  return {
    // Nothing to weigh by when the FLOPs underflow to 0: the first stage's.
    effectiveFlopsPerGpu: gpuDays > 0 ? f.hardware / (gpuDays * SECONDS_PER_DAY) : stages[0].effectiveFlopsPerGpu,
    pfDays: f.total / PF_DAY_FLOPS,
    gpuDays,
    gpuHours,
    wallClockDays,
    costUsd,
    energyMWh,
    stages,
  };
}

function stageCluster(r: ResolvedScenario, f: FlopsResult): ClusterResult {
  const c = r.cluster;
  const effective = effectiveFlopsPerSecond(r.peakFlopsPerSecond, c.utilization);
  const flopsFactors = (): Factor[] => [
    { path: r.model.architecture === null ? 'model.parameters' : 'model.architecture', value: f.hardware },
    { path: 'cluster.utilization', value: c.utilization, divides: true },
  ];
  // PF-days: model FLOPs / (1e15 FLOP/s · 86,400 s) (Amodei & Hernandez 2018).
  const pfDays = f.total / PF_DAY_FLOPS;
  // GPU-days = hardware FLOPs (model FLOPs plus what is recomputed) / effective FLOP/s / 86,400 s.
  const gpuDays = checkFinite(f.hardware / effective / SECONDS_PER_DAY, 'GPU-days', flopsFactors);
  const gpuHours = checkFinite(24 * gpuDays, 'GPU-hours', flopsFactors);
  // Wall-clock days = GPU-days / GPUs (perfect data parallelism at the stated MFU).
  const wallClockDays = gpuDays / c.gpuCount;
  // Cost = GPU-hours · $/GPU-hour.
  const costUsd =
    c.pricePerGpuHour === null
      ? null
      : checkFinite(gpuHours * c.pricePerGpuHour, 'cost in USD', () => [
          ...flopsFactors(),
          { path: 'cluster.pricePerGpuHour', value: c.pricePerGpuHour as number },
        ]);
  // Energy = GPU-hours · TDP · PUE (Patterson et al. 2021, arXiv:2104.10350), W·h → MWh.
  const energyMWh =
    c.tdpWatts === null
      ? null
      : checkFinite((gpuHours * c.tdpWatts * c.pue) / 1e6, 'energy in MWh', () => [...flopsFactors(), { path: 'cluster.pue', value: c.pue }]);
  return { effectiveFlopsPerGpu: effective, pfDays, gpuDays, gpuHours, wallClockDays, costUsd, energyMWh };
}
