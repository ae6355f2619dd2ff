/**
 * Micro-benchmark of the core's sweep: points per second for a few grid shapes.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/sweep.js
 *
 * Each run validates the base scenario and axes once, then computes every point on one working copy.
 */
import { SweepAxis, findPreset, sweep } from '../src/core';

const spec = findPreset('sora-2024-latent')!.input;
const GRIDS: [string, SweepAxis[]][] = [
  ['parameters × utilization', [
    { path: 'model.parameters', from: 1e8, to: 1e11, steps: 100, scale: 'LOG' },
    { path: 'cluster.utilization', from: 0.1, to: 1, steps: 100 },
  ]],
  ['fps × patchSize (tokens recomputed every point)', [
    { path: 'data[0].fps', from: 1, to: 60, steps: 1000 },
    { path: 'tokenizer.patchSize', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  ]],
  ['one axis of 10,000 utilizations', [{ path: 'cluster.utilization', from: 0.01, to: 1, steps: 10_000 }]],
];

for (const [label, axes] of GRIDS) {
  sweep(spec, axes); // warm up
  let points = 0;
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) < 1e9) points += sweep(spec, axes).points;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label}: ${(points / seconds / 1e6).toFixed(2)}M points/s`);
}
