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

/** The architecture path's cost per estimate against 6·N·D's, at most (issue 17). */
const ARCHITECTURE_COST_RATIO = 3;

/**
 * The core's estimates per second (target, issue 17): the seed article's 6·N·D scenario beside
 * Open-Sora 2.0 (an MM-DiT by architecture, three stages on their own clusters); counting by
 * operation costs at most 3× per estimate.
 */
export const coreEstimate: StepDef = {
  step: 'core-estimate',
  title: 'the core: estimates per second, 6·N·D vs a three-stage MM-DiT by architecture',
  kind: 'target',
  limit: `a three-stage MM-DiT estimate costs ≤ ${ARCHITECTURE_COST_RATIO}× a 6·N·D one`,
  seeded: false,
  freeExecution: false,
  async run() {
    const { sixND, mmditThreeStages, sixNDThreeStages } = JSON.parse(coreBench('--estimates')) as Record<string, number>;
    const ratio = sixND / mmditThreeStages;
    return {
      measured:
        `6·N·D (sora-2024) ${fig(sixND)} estimates/s; three-stage MM-DiT (open-sora-2.0) ${fig(mmditThreeStages)}/s: ${round(ratio, 2)}× per estimate ` +
        `(the same three stages by 6·N·D ${fig(sixNDThreeStages)}/s: the operation counting itself ${round(sixNDThreeStages / mmditThreeStages, 2)}×)`,
      pass: ratio <= ARCHITECTURE_COST_RATIO,
      details: { estimatesPerSecond: { sixND, mmditThreeStages, sixNDThreeStages }, costRatio: ratio, limit: ARCHITECTURE_COST_RATIO },
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
