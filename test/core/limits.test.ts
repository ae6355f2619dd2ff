/**
 * Warnings where the figures stop being physical (issue 17, part 4; limits.ts, docs/model.md
 * "Warnings"): more GPUs than samples per step, a step faster than any step runs, and a model whose
 * weights and optimizer state do not fit in the cluster's memory.
 */
import { HardwareSpec, MIN_STEP_SECONDS, ScenarioSpec, estimate, minStepSeconds, stepSeconds } from '../../src/core';

const DIT_XL_2 = { family: 'DIT' as const, layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 4, outputChannels: 8, classes: 1000 };
/** DiT-XL/2, 7M steps × 256 at 256² (Peebles & Xie 2023), on `gpuCount` H100s: 3 × 2.372e11 × 256 = 1.822e14 FLOPs per step. */
const dit = (gpuCount: number): ScenarioSpec => ({
  model: { architecture: DIT_XL_2 },
  data: [{ kind: 'IMAGE', steps: 7e6, batchSize: 256, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, patchSize: 2 },
  cluster: { hardware: 'h100-sxm', gpuCount, utilization: 0.4 },
});
const codes = (s: ScenarioSpec, hw?: HardwareSpec[]) => estimate(s, { customHardware: hw }).warnings;
const find = (s: ScenarioSpec, code: string, hw?: HardwareSpec[]) => codes(s, hw).find((w) => w.code === code);
const LIMITS = ['MORE_GPUS_THAN_SAMPLES_PER_STEP', 'STEP_FASTER_THAN_HARDWARE', 'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY'];

describe('MORE_GPUS_THAN_SAMPLES_PER_STEP', () => {
  it('fires when gpuCount exceeds the batch, and says a sample must then be split (tensor, pipeline, sequence/context parallelism)', () => {
    const w = find(dit(1024), 'MORE_GPUS_THAN_SAMPLES_PER_STEP');
    expect(w?.field).toBe('cluster.gpuCount');
    expect(w?.message).toMatch(
      /cluster.gpuCount \(1,024\) is more than the 256 samples per step of data\[0\].*split across 4 GPUs.*sequence\/context parallelism/,
    );
  });
  it('is silent at gpuCount = batchSize, and without steps × batchSize', () => {
    expect(find(dit(256), 'MORE_GPUS_THAN_SAMPLES_PER_STEP')).toBeUndefined();
    const byCount: ScenarioSpec = { ...dit(1024), data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }] };
    expect(codes(byCount).map((w) => w.code)).not.toEqual(expect.arrayContaining([LIMITS[0]]));
  });
  it('names TEXT batches in sequences', () => {
    const text: ScenarioSpec = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', steps: 1000, batchSize: 8 }], cluster: { gpuCount: 16 } };
    expect(find(text, 'MORE_GPUS_THAN_SAMPLES_PER_STEP')?.message).toMatch(/8 sequences per step/);
  });
});

describe('STEP_FASTER_THAN_HARDWARE', () => {
  it('step time = FLOPs per step / (gpuCount · peak · u): DiT-XL/2 at batch 256 on 256 H100s takes 1.8 ms, under the 10 ms floor', () => {
    const step = stepSeconds(3 * 237_242_843_136 * 256, 256, 989.4e12, 0.4);
    expect(step).toBeCloseTo(1.8e-3, 4);
    const w = find(dit(256), 'STEP_FASTER_THAN_HARDWARE');
    expect(w?.field).toBe('cluster.gpuCount');
    // 7M steps of at least 10 ms: 70,000 s = 0.81 days at least.
    expect(w?.message).toMatch(/A step of data\[0\] \(256 samples\) would take 1\.798 ms on 256 GPUs.*: 10 ms.*Its 7e6 steps take at least 0\.8102 days/);
  });
  it('is silent when the step takes longer than the floor: on 8 GPUs a step takes 58 ms', () => {
    expect(stepSeconds(3 * 237_242_843_136 * 256, 8, 989.4e12, 0.4)).toBeGreaterThan(MIN_STEP_SECONDS);
    expect(find(dit(8), 'STEP_FASTER_THAN_HARDWARE')).toBeUndefined();
  });
  it('with the memory bandwidth known, the floor is reading the weights once: bytes · N · min(G, B) / (G · bandwidth)', () => {
    // 70B parameters in BF16 on 16 GPUs of 3.35 TB/s, batches of 16 sequences of 16 tokens: reading is 2 · 70e9 / 3.35e12 = 41.8 ms,
    // computing 6 · 70e9 · 16 · 16 / (16 · 989.4e12 · 0.4) = 16.98 ms: above the 10 ms floor, below the read.
    expect(minStepSeconds(70e9, 2, 16, 16, 3.35)).toBeCloseTo(0.0418, 4);
    const hbm: HardwareSpec = {
      key: 'hbm-gpu',
      name: 'A GPU with HBM',
      peakTflops: { FP32: null, TF32: null, BF16: 989.4, FP16: null, FP8: null },
      memoryGB: 1000,
      memoryBandwidthTBps: 3.35,
      tdpWatts: null,
      pricePerGpuHour: 1,
      source: 'test',
    };
    const s: ScenarioSpec = {
      model: { parameters: 70e9 },
      data: [{ kind: 'TEXT', steps: 1000, batchSize: 16 }],
      training: { sequenceLength: 16 },
      cluster: { hardware: 'hbm-gpu', gpuCount: 16, utilization: 0.4 },
    };
    expect(find(s, 'STEP_FASTER_THAN_HARDWARE', [hbm])?.message).toMatch(/would take 16\.98 ms.*reading the weights once from memory \(41\.79 ms\)/);
    expect(find(s, 'STEP_FASTER_THAN_HARDWARE', [{ ...hbm, memoryBandwidthTBps: null }])).toBeUndefined();
  });
});

describe('MODEL_STATE_EXCEEDS_CLUSTER_MEMORY', () => {
  it('16 bytes per parameter (mixed-precision Adam, ZeRO): 30B needs 480 GB, more than one 80 GB H100', () => {
    const w = find({ model: { parameters: 30e9 }, data: [{ kind: 'TEXT', count: 6e11 }] }, 'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY');
    expect(w?.field).toBe('cluster.gpuCount');
    expect(w?.message).toMatch(/3e10 × 16 B = 480 GB, more than the 1 × 80 GB = 80 GB.*at least 6 GPUs/);
  });
  it('is silent when the state fits (6 H100s hold 480 GB), and without a published memory', () => {
    expect(
      find({ model: { parameters: 30e9 }, data: [{ kind: 'TEXT', count: 6e11 }], cluster: { gpuCount: 6 } }, 'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY'),
    ).toBeUndefined();
  });
});

describe('with stages, each stage is checked on its own cluster', () => {
  it('names the stage and its own gpuCount', () => {
    const staged: ScenarioSpec = {
      ...dit(8),
      data: undefined,
      stages: [
        { name: 'low', data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }] },
        { name: 'wide', data: [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }], cluster: { gpuCount: 1024 } },
      ],
    };
    const w = find(staged, 'MORE_GPUS_THAN_SAMPLES_PER_STEP');
    expect(w?.field).toBe('stages[1].cluster.gpuCount');
    expect(w?.message).toMatch(/^In stages\[1\] \(wide\): cluster.gpuCount \(1,024\)/);
  });
});
