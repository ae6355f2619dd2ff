/**
 * Sweep latency (information; it replaces issue 6's retired target 5): median latency at 1
 * connection of a 10,000-point sweep (100 x 100) returning the 9 headline outputs per point, and
 * one output per point (what a heatmap asks), with one estimate of the same 9 outputs for scale;
 * the core's own speed on that grid, in a process of its own (bench/core-sweep.ts); beside the
 * free-execution floor, the 9-output sweep on the server whose execution is free.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { floor, measured, sameAnswer } from '../lib/free-execution';
import { alternate, check, med, Side, stringifyMs, summary } from '../lib/load';
import { ESTIMATE_SCALARS, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { fig, round } from '../lib/stats';

/** Runs bench/core-sweep.ts with `flag` in a fresh node process: its one line of output. */
function coreBench(flag: string): string {
  const res = spawnSync(process.execPath, [path.join(__dirname, '..', 'core-sweep.js'), flag], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`the core micro-benchmark (${flag}) failed: ${res.stderr || res.stdout}`);
  return res.stdout.trim();
}

/** The architecture path's cost per estimate against the 6·N·D path's on the same stages, at most (issue 17). */
const ARCHITECTURE_COST_RATIO = 3;

/**
 * The core's estimates per second (target, issue 17): a three-stage MM-DiT by architecture
 * (open-sora-2.0: three stages on their own clusters) beside the same three stages by today's
 * 6·N·D path (N the architecture's count, no architecture); counting by operation costs at most 3×
 * per estimate. Beside them, the seed article's one-stage 6·N·D scenario (sora-2024), for scale:
 * against it the three-stage scenario also does three stages' work.
 */
export const coreEstimate: StepDef = {
  step: 'core-estimate',
  title: 'the core: estimates per second, a three-stage MM-DiT by architecture vs the same stages by 6·N·D',
  kind: 'target',
  limit: `the architecture path costs ≤ ${ARCHITECTURE_COST_RATIO}× the 6·N·D path per estimate`,
  seeded: false,
  freeExecution: false,
  async run() {
    const { sixND, mmditThreeStages, sixNDThreeStages } = JSON.parse(coreBench('--estimates')) as Record<string, number>;
    const ratio = sixNDThreeStages / mmditThreeStages;
    return {
      measured:
        `three-stage MM-DiT by architecture (open-sora-2.0) ${fig(mmditThreeStages)} estimates/s, the same three stages by 6·N·D ${fig(sixNDThreeStages)}/s: ` +
        `the architecture path ${round(ratio, 2)}× per estimate (the one-stage 6·N·D seed scenario, sora-2024: ${fig(sixND)}/s, ${round(sixND / mmditThreeStages, 2)}× the three-stage MM-DiT)`,
      pass: ratio <= ARCHITECTURE_COST_RATIO,
      details: {
        estimatesPerSecond: { sixND, mmditThreeStages, sixNDThreeStages },
        architectureCostRatio: ratio,
        versusOneStageSeed: sixND / mmditThreeStages,
        limit: ARCHITECTURE_COST_RATIO,
      },
    };
  },
};

/** Points per second of the core's sweep on the 100 x 100 grid, in a fresh node process. */
function corePointsPerSecond(): number {
  const value = Number(coreBench('--grid-100x100'));
  if (!Number.isFinite(value)) throw new Error('the core sweep micro-benchmark printed no number');
  return value;
}

export const sweep: StepDef = {
  step: 'sweep',
  title: '10,000-point sweep latency (100 x 100), median at 1 connection',
  kind: 'info',
  limit: 'the free-execution floor',
  seeded: false,
  freeExecution: true,
  async run({ s, p }) {
    const base = s.server.base;
    const nine = { body: Q.sweep };
    const data = await check(base, nine);
    if (data.sweep.points !== 10_000) throw new Error(`expected 10,000 points, got ${data.sweep.points}`);
    const free = await floor(async () => {
      const server = await s.free.get();
      await sameAnswer(base, server, nine);
      return server.base;
    });
    const sides: Side[] = [
      { base, shape: nine },
      { base, shape: { body: Q.sweepOne } },
      { base, shape: { body: Q.estimateScalars } },
    ];
    if (measured(free)) sides.push({ base: free, shape: nine });
    const [real, one, single, onFree] = await alternate(sides, 1, p.latency, p);
    const core = corePointsPerSecond();
    const ms = (x: typeof real) => `${fig(med(x, 'p50'))} ms`;
    const floorText = onFree
      ? `floor ${ms(onFree)}: ratio ${round(med(real, 'p50') / med(onFree, 'p50'), 2)}`
      : `floor not measured: ${(free as { error: string }).error}`;
    return {
      measured: `9 outputs ${ms(real)} (one output ${ms(one)}; one estimate ${ms(single)}); the core alone ${round(core / 1e6, 3)}M points/s; ${floorText}`,
      pass: null,
      details: {
        connections: 1,
        sweep: { outputs: ESTIMATE_SCALARS, ...summary(real) },
        oneOutput: { outputs: 'wallClockDays', ...summary(one) },
        oneEstimate: { outputs: ESTIMATE_SCALARS, ...summary(single) },
        answerBytes: JSON.stringify({ data }).length,
        jsonStringifyMs: round(stringifyMs({ data })),
        corePointsPerSecond: Math.round(core),
        coreMsFor10000Points: round((10_000 / core) * 1000),
        freeExecutionFloor: onFree ? { sweep: summary(onFree), ratio: round(med(real, 'p50') / med(onFree, 'p50')) } : free,
      },
    };
  },
};
