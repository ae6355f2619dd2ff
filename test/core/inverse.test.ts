/** Inverse questions, asked of an estimate: GPUs for a deadline, days for a budget, the compute-optimal model. */
import { ScenarioSpec, chinchillaOptimal, daysForBudget, estimate, findPreset, gpusForDeadline } from '../../src/core';
import { expectClose, expectIssue } from './helpers';

const SEED = findPreset('sora-2024')!.input;
const SEED_ESTIMATE = estimate(SEED);
// The seed needs 2.56609e24 / 19.5e12 FLOP/s / 86,400 s = 1,523,088 A100-days (at 100% of FP32 peak).
const SEED_GPU_DAYS = 2.5660932890625e24 / 19.5e12 / 86_400;

/** A toy run of exactly 100 GPU-days: 6 × 1.2e5 × 1.2e10 = 8.64e15 FLOPs at 1e9 FLOP/s = 8.64e6 s. */
const slow = {
  key: 'slow',
  name: 'Slow chip',
  peakTflops: { FP32: null, TF32: null, BF16: 0.001, FP16: 0.001, FP8: null },
  memoryGB: null,
  tdpWatts: 100,
  pricePerGpuHour: 1,
  source: 'test',
};
const HUNDRED_DAYS: ScenarioSpec = {
  model: { parameters: 1.2e5 },
  data: [{ kind: 'TEXT', count: 1.2e10 }],
  cluster: { hardware: 'slow', utilization: 1 },
};

describe('gpusForDeadline', () => {
  it('rounds GPUs up: the seed in 30 days needs ceil(1,523,088 / 30) = 50,770 A100s', () => {
    const r = gpusForDeadline(SEED_ESTIMATE, 30);
    expect(r.gpuCount).toBe(Math.ceil(SEED_GPU_DAYS / 30));
    expect(r.gpuCount).toBe(50_770);
    expect(r.wallClockDays).toBeLessThanOrEqual(30);
    expectClose(r.wallClockDays, SEED_GPU_DAYS / 50_770, 1e-12);
  });

  it('uses exactly as many GPUs as an exact division needs, and one more past it', () => {
    const hundredDays = estimate(HUNDRED_DAYS, { customHardware: [slow] });
    expect(gpusForDeadline(hundredDays, 25)).toEqual({ gpuCount: 4, wallClockDays: 25 });
    expect(gpusForDeadline(hundredDays, 24.9).gpuCount).toBe(5);
    expect(gpusForDeadline(hundredDays, 1000)).toEqual({ gpuCount: 1, wallClockDays: 100 });
  });

  it('never asks for an extra GPU when the division is exact but the float quotient is not (e.g. 1.1 / 0.1 = 11.000000000000002)', () => {
    const gpuDays = gpusForDeadline(SEED_ESTIMATE, 1e12).wallClockDays; // one GPU: all the GPU-days
    let inexact = 0;
    for (let k = 1; k <= 2000; k++) {
      const days = gpuDays / k;
      if (gpuDays / days !== k) inexact += 1;
      expect(gpusForDeadline(SEED_ESTIMATE, days).gpuCount).toBe(k);
    }
    expect(inexact).toBeGreaterThan(0); // the case the guard exists for does occur
  });

  it('rejects a deadline that is not a positive number, on `days`', () => {
    for (const bad of [0, -3, NaN, Infinity, '30']) expectIssue(() => gpusForDeadline(SEED_ESTIMATE, bad as number), 'days');
  });
});

describe('daysForBudget', () => {
  it("turns dollars into GPU-hours at the scenario's price: $10M buys 13.7% of the seed", () => {
    // $10,000,000 / $1.99 = 5,025,126 GPU-hours; / 24 / 10,000 GPUs = 20.94 days;
    // the seed needs 1,523,088 × 24 = 36,554,107 GPU-hours → 13.75%
    const r = daysForBudget(SEED_ESTIMATE, 10e6);
    expectClose(r.affordableGpuHours, 10e6 / 1.99, 1e-12);
    expectClose(r.daysAffordable, 10e6 / 1.99 / 24 / 10_000, 1e-12);
    expectClose(r.fractionOfTraining, 10e6 / 1.99 / (SEED_GPU_DAYS * 24), 1e-9);
    expectClose(r.fractionOfTraining, 0.1375, 0.001);
    expectClose(r.wallClockDaysNeeded, 152.3, 0.001);
    expectClose(r.costUsd, SEED_GPU_DAYS * 24 * 1.99, 1e-9);
  });

  it('explains that a price is needed when there is none', () => {
    const msg = expectIssue(() => daysForBudget(estimate({ ...SEED, cluster: { hardware: 'v100-sxm2', precision: 'FP16' } }), 1e6), 'cluster.pricePerGpuHour');
    expect(msg).toMatch(/NVIDIA V100 SXM2 has no catalog price; set cluster.pricePerGpuHour/);
  });

  it('rejects a budget that is not a positive number, on `budgetUsd`', () => {
    for (const bad of [0, -1, NaN, -Infinity, null]) expectIssue(() => daysForBudget(SEED_ESTIMATE, bad as number), 'budgetUsd');
  });
});

describe('chinchillaOptimal', () => {
  it("splits Gopher's 5.76e23 FLOPs into about Chinchilla: N = sqrt(C/120) = 6.93e10, D = 20·N = 1.39e12", () => {
    // Any scenario with 6·N·D = 5.76e23: 6 × 1e11 × 9.6e11
    const r = chinchillaOptimal(estimate({ model: { parameters: 1e11 }, data: [{ kind: 'TEXT', count: 9.6e11 }] }));
    expectClose(r.computeFlops, 5.76e23, 1e-12);
    expectClose(r.parameters, Math.sqrt(5.76e23 / 120), 1e-12);
    expectClose(r.parameters, 70e9, 0.011); // Chinchilla 70B
    expectClose(r.tokens, 1.4e12, 0.011); // on 1.4T tokens
    expect(r.tokensPerParameter).toBe(20);
    expectClose(6 * r.parameters * r.tokens, r.computeFlops, 1e-12);
  });
});
