/**
 * Where the figures stop being physical (docs/model.md, "Warnings"): GPU-days / GPUs is perfect
 * scaling, which no cluster reaches when it has more GPUs than samples per step, when a step would be
 * shorter than any step runs, or when the model does not fit in its memory. Each check reads one stage
 * (a scenario of one stage) and says which input to change.
 */
import { hardwareFlopsPerSourceSample } from './flops';
import { formatNumber, formatSci } from './format';
import { SECONDS_PER_DAY } from './references';
import type { Precision, ResolvedScenario, SourceTokens, TokenResult } from './types';

/**
 * No training step runs in under 10 ms: a transformer step launches thousands of kernels (forward,
 * backward, optimizer) at several µs each, then all-reduces the gradients. A rule of thumb, far below
 * published step times (DiT-XL/2: 5.7 steps a second, 175 ms, at batch 256 on a TPU v3-256 pod,
 * Peebles & Xie 2023, §4).
 */
export const MIN_STEP_SECONDS = 0.01;
/**
 * Mixed-precision Adam keeps 16 bytes per parameter: fp16 weights and gradients (2 + 2) and fp32
 * master weights, momentum and variance (4 + 4 + 4) (Rajbhandari et al. 2020, ZeRO, arXiv:1910.02054, §3.1).
 */
export const MODEL_STATE_BYTES_PER_PARAMETER = 16;
/** Bytes of one weight at each precision: what a step reads from memory at least once. */
export const BYTES_PER_WEIGHT: Record<Precision, number> = { FP32: 4, TF32: 4, BF16: 2, FP16: 2, FP8: 1 };

export type LimitCode = 'MORE_GPUS_THAN_SAMPLES_PER_STEP' | 'STEP_FASTER_THAN_HARDWARE' | 'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY';

/**
 * Seconds one step takes on the cluster at its utilization: FLOPs executed per step (per sample × batch)
 * / (gpuCount · peak · u), the cluster-time rule of cluster.ts applied to one step.
 */
export function stepSeconds(flopsPerStep: number, gpuCount: number, peakFlopsPerSecond: number, utilization: number): number {
  return flopsPerStep / (gpuCount * peakFlopsPerSecond * utilization);
}

/**
 * The least time a step can take: MIN_STEP_SECONDS, or the time to read the weights once from memory
 * (HBM bandwidth, when known): each of min(gpuCount, batchSize) data-parallel replicas reads
 * bytes · N, spread over the GPUs that hold it, bytes · N · replicas / (gpuCount · bandwidth).
 */
export function minStepSeconds(parameters: number, bytesPerWeight: number, gpuCount: number, batchSize: number, bandwidthTBps: number | null): number {
  const read = bandwidthTBps ? (bytesPerWeight * parameters * Math.min(gpuCount, batchSize)) / (gpuCount * bandwidthTBps * 1e12) : 0;
  return Math.max(MIN_STEP_SECONDS, read);
}

export function limitWarnings(r: ResolvedScenario, t: TokenResult): { code: LimitCode; message: string; field: string }[] {
  const out: { code: LimitCode; message: string; field: string }[] = [];
  const c = r.cluster;
  const G = c.gpuCount;
  const N = r.model.parameters;
  const batchOf = (s: SourceTokens): number => r.data[s.index].batchSize as number;
  const stepped = t.sources.filter((s) => r.data[s.index].batchSize !== null);

  if (stepped.length > 0) {
    const smallest = stepped.reduce((a, b) => (batchOf(b) < batchOf(a) ? b : a));
    const B = batchOf(smallest);
    if (G > B) {
      const what = smallest.kind === 'TEXT' ? 'sequences' : 'samples';
      out.push({
        code: 'MORE_GPUS_THAN_SAMPLES_PER_STEP',
        message:
          `cluster.gpuCount (${formatNumber(G)}) is more than the ${formatNumber(B)} ${what} per step of data[${smallest.index}] (its batchSize): ` +
          `each sample would have to be split across ${formatNumber(G / B)} GPUs, which takes tensor, pipeline or sequence/context parallelism, ` +
          'and the time here assumes it scales perfectly. Without it the extra GPUs idle: use at most batchSize GPUs, or check that the run splits its samples.',
        field: 'cluster.gpuCount',
      });
    }

    // The source whose step is shortest against its floor.
    const bandwidth = r.hardware.memoryBandwidthTBps ?? null;
    let worst: { s: SourceTokens; step: number; floor: number } | null = null;
    for (const s of stepped) {
      const step = stepSeconds(hardwareFlopsPerSourceSample(r, s) * batchOf(s), G, r.peakFlopsPerSecond, c.utilization);
      const floor = minStepSeconds(N, BYTES_PER_WEIGHT[c.precision], G, batchOf(s), bandwidth);
      if (step < floor && (worst === null || step / floor < worst.step / worst.floor)) worst = { s, step, floor };
    }
    if (worst !== null) {
      const { s, step, floor } = worst;
      const steps = r.data[s.index].steps as number;
      const read =
        floor > MIN_STEP_SECONDS
          ? `reading the weights once from memory (${formatNumber(floor * 1e3)} ms)`
          : `${MIN_STEP_SECONDS * 1e3} ms (kernel launches and the gradient all-reduce)`;
      out.push({
        code: 'STEP_FASTER_THAN_HARDWARE',
        message:
          `A step of data[${s.index}] (${formatNumber(batchOf(s))} samples) would take ${formatNumber(step * 1e3)} ms on ${formatNumber(G)} GPUs at ${formatNumber(c.utilization)} of peak, ` +
          `faster than any step runs: ${read}. Its ${formatNumber(steps)} steps take at least ${formatNumber((steps * floor) / SECONDS_PER_DAY)} days, ` +
          'so the wall-clock time is underestimated: use fewer GPUs (cluster.gpuCount) or a larger batchSize.',
        field: 'cluster.gpuCount',
      });
    }
  }

  const memoryGB = r.hardware.memoryGB;
  if (memoryGB !== null && memoryGB > 0) {
    const needGB = (MODEL_STATE_BYTES_PER_PARAMETER * N) / 1e9;
    const haveGB = G * memoryGB;
    if (needGB > haveGB) {
      out.push({
        code: 'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY',
        message:
          `The model's weights, gradients and Adam state take ${MODEL_STATE_BYTES_PER_PARAMETER} bytes per parameter in mixed precision (ZeRO, Rajbhandari et al. 2020): ` +
          `${formatSci(N)} × 16 B = ${formatNumber(needGB)} GB, more than the ${formatNumber(G)} × ${formatNumber(memoryGB)} GB = ${formatNumber(haveGB)} GB of the whole cluster, ` +
          `even sharded across every GPU and before any activations. Use at least ${formatNumber(Math.ceil(needGB / memoryGB))} GPUs (cluster.gpuCount) or hardware with more memory.`,
        field: 'cluster.gpuCount',
      });
    }
  }
  return out;
}
