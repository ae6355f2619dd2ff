/**
 * The core alone, in a process of its own (no server, no load generator's heap): the sweep's points
 * per second for a few grid shapes, and (--estimates) full estimates per second of a 6·N·D and a
 * three-stage MM-DiT scenario.
 *
 *   npx tsc -p bench/tsconfig.json && node .bench/bench/core-sweep.js
 *
 * Each run validates the base scenario and axes once, then computes every point on one working
 * copy. `npm run bench` (bench/targets/sweep.ts) runs it with --grid-100x100 for the grid it also
 * sends to the API.
 */
import { estimate, findPreset, ScenarioSpec, SweepAxis, sweep } from '../src/core';

/**
 * The retired preset `sora-2024-latent`, as it was defined (the article's dataset in latent patches, a 3e9-parameter
 * 32 × 2,560 model, 6·N·D plus the attention term): kept here so the bench's figures stay comparable across releases.
 */
export const SWEEP_SPEC: ScenarioSpec = {
  name: 'Sora dataset, latent-space patches (corrected)',
  model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
  data: [
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, durationSeconds: 30, fps: 60 },
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024 },
  ],
  tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
  training: { epochs: 1, attention: true },
  cluster: { hardware: 'a100-sxm-80gb', precision: 'BF16', gpuCount: 10_000, utilization: 0.4 },
};

/** The 100 x 100 grid over two inputs that the bench's sweep step sends to the API too. */
export const GRID_100X100: SweepAxis[] = [
  { path: 'model.parameters', from: 1e8, to: 1e11, steps: 100, scale: 'LOG' },
  { path: 'cluster.utilization', from: 0.1, to: 1, steps: 100 },
];

export const GRIDS: [string, SweepAxis[]][] = [
  ['parameters × utilization', GRID_100X100],
  [
    'fps × patchSize (tokens recomputed every point)',
    [
      { path: 'data[0].fps', from: 1, to: 60, steps: 1000 },
      { path: 'tokenizer.patchSize', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    ],
  ],
  ['one axis of 10,000 utilizations', [{ path: 'cluster.utilization', from: 0.01, to: 1, steps: 10_000 }]],
];

/** Points per second the core computes for `axes` over `spec`, sweeping for about `ms` milliseconds after a warm-up. */
export function sweepPointsPerSecond(axes: SweepAxis[], spec: ScenarioSpec = SWEEP_SPEC, ms = 1000): number {
  sweep(spec, axes); // warm up
  let points = 0;
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) < ms * 1e6) points += sweep(spec, axes).points;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return points / seconds;
}

/**
 * The scenarios of the core's estimate comparison (issue 17): Open-Sora 2.0 — an MM-DiT counted by
 * architecture, in three stages on their own clusters — and the same stages by 6·N·D (the target
 * compares these two paths); and the seed article's one-stage 6·N·D scenario, for scale.
 */
const OPEN_SORA = findPreset('open-sora-2.0')!.input;
export const ESTIMATE_SPECS = {
  sixND: findPreset('sora-2024')!.input,
  mmditThreeStages: OPEN_SORA,
  /** The same three stages by 6·N·D (N the architecture's count, no architecture): what the stages cost without the operation counting. */
  sixNDThreeStages: { ...OPEN_SORA, model: { parameters: estimate(OPEN_SORA).parameters.total, encoders: OPEN_SORA.model?.encoders } } as ScenarioSpec,
};

/** Full estimates per second of `spec` (validation, tokens, FLOPs, cluster, warnings), for about `ms` milliseconds after a warm-up. */
export function estimatesPerSecond(spec: ScenarioSpec, ms = 500): number {
  for (let i = 0; i < 200; i++) estimate(spec);
  let n = 0;
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) < ms * 1e6) {
    for (let i = 0; i < 100; i++) estimate(spec);
    n += 100;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Estimates per second of each, in rounds whose order rotates (A B C, B C A, …), the median of each: one JSON line. */
function compareEstimates(rounds = 6) {
  const keys = Object.keys(ESTIMATE_SPECS) as (keyof typeof ESTIMATE_SPECS)[];
  const runs = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<keyof typeof ESTIMATE_SPECS, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(i + r) % keys.length];
      runs[k].push(estimatesPerSecond(ESTIMATE_SPECS[k]));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  return Object.fromEntries(keys.map((k) => [k, median(runs[k])])) as Record<keyof typeof ESTIMATE_SPECS, number>;
}

if (require.main === module) {
  if (process.argv.includes('--estimates')) {
    console.log(JSON.stringify(compareEstimates()));
  } else if (process.argv.includes('--grid-100x100')) {
    // For npm run bench: the one figure.
    console.log(Math.round(sweepPointsPerSecond(GRID_100X100)));
  } else {
    for (const [label, axes] of GRIDS) {
      console.log(`${label}: ${(sweepPointsPerSecond(axes) / 1e6).toFixed(2)}M points/s`);
    }
  }
}
