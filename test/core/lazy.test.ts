/** lazyEstimate: each stage computed only when asked for, at most once, and equal to the eager estimate. */
import {
  OUTPUTS,
  PRESETS,
  ScenarioSpec,
  chinchillaOptimal,
  daysForBudget,
  estimate,
  estimateRange,
  gpusForDeadline,
  inferenceEstimate,
  lazyEstimate,
  ratioTo,
} from '../../src/core';
import { expectIssue } from './helpers';

const TEXT_RUN: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 2e10 }],
  cluster: { hardware: 'h100-sxm', gpuCount: 64 },
};

describe('lazyEstimate computes stage by stage', () => {
  /** Valid inputs whose FLOPs overflow: any stage from the FLOPs on throws, the stages before it answer. */
  const OVERFLOWING: ScenarioSpec = { model: { parameters: 1e200 }, data: [{ kind: 'TEXT', count: 1e200 }] };

  it('checks nothing until asked: a bad input fails on the first stage asked for, not on creation', () => {
    const e = lazyEstimate({ model: { parameters: -1 }, data: [] } as never);
    expect(() => e.tokens()).toThrow();
  });

  it('asking for tokens computes no FLOPs; asking for FLOPs computes no cost', () => {
    const e = lazyEstimate(OVERFLOWING);
    expect(e.tokens().total).toBe(1e200);
    expect(() => e.flops()).toThrow(/FLOPs/);
    const priceless = lazyEstimate({ ...TEXT_RUN, cluster: { hardware: 'h100-sxm', pricePerGpuHour: 1e308, gpuCount: 64 } });
    expect(priceless.flops().total).toBe(6 * 1e9 * 2e10);
    expect(() => priceless.cluster()).toThrow();
  });

  it('runs each stage at most once, however often and by whichever question it is asked', () => {
    const e = lazyEstimate(TEXT_RUN);
    const [resolved, t, f, c] = [e.resolved(), e.tokens(), e.flops(), e.cluster()];
    e.ratioTo('palm');
    e.gpusForDeadline(30);
    e.daysForBudget(1e6);
    e.chinchillaOptimal();
    e.inference({ steps: 1 });
    expect(e.resolved()).toBe(resolved);
    expect(e.tokens()).toBe(t);
    expect(e.flops()).toBe(f);
    expect(e.cluster()).toBe(c);
  });

  it('computes its range once', () => {
    const e = lazyEstimate({ ...TEXT_RUN, ranges: [{ path: 'model.parameters', low: 5e8, high: 2e9 }] });
    expect(e.range()).toBe(e.range());
  });
});

describe('lazyEstimate answers as the eager functions do', () => {
  it.each(PRESETS.map((p) => [p.key, p.input] as const))('%s', (_key, spec) => {
    const lazy = lazyEstimate(spec);
    const eager = estimate(spec);
    expect(lazy.resolved()).toEqual(eager.resolved);
    expect(lazy.tokens()).toEqual(eager.tokens);
    expect(lazy.flops()).toEqual(eager.flops);
    expect(lazy.cluster()).toEqual(eager.cluster);
    expect(lazy.warnings()).toEqual(eager.warnings);
    expect(lazy.ratioVsGPT3()).toBe(eager.ratioVsGPT3);
    expect(lazy.ratioTo('palm')).toBe(ratioTo(eager.flops.total, 'palm'));
    const range = estimateRange(eager);
    for (const o of OUTPUTS) expect(lazy.range()[o]).toEqual(range[o]);
    expect(lazy.gpusForDeadline(90)).toEqual(gpusForDeadline(eager, 90));
    expect(lazy.chinchillaOptimal()).toEqual(chinchillaOptimal(eager));
    expect(lazy.inference({ steps: 20 })).toEqual(inferenceEstimate(eager, { steps: 20 }));
    expect(lazy.daysForBudget(1e7)).toEqual(eager.cluster.costUsd === null ? null : daysForBudget(eager, 1e7));
  });
});

describe('lazyEstimate errors', () => {
  it('a bad scenario fails when a stage is first asked for, on the offending field', () => {
    const e = lazyEstimate({ ...TEXT_RUN, model: { parameters: 0 } });
    expectIssue(() => e.tokens(), 'model.parameters');
    expectIssue(() => e.gpusForDeadline(30), 'model.parameters');
  });

  it('daysForBudget is null without a price (as costUsd is), and a bad budget is still an error', () => {
    const noPrice = lazyEstimate({ ...TEXT_RUN, cluster: { hardware: 'tpu-v5p' } });
    expect(noPrice.cluster().costUsd).toBeNull();
    expect(noPrice.daysForBudget(1e6)).toBeNull();
    expectIssue(() => noPrice.daysForBudget(0), 'budgetUsd');
    expectIssue(() => lazyEstimate(TEXT_RUN).daysForBudget(-1), 'budgetUsd');
  });

  it('an unknown reference or bad inference options are errors naming them', () => {
    const e = lazyEstimate(TEXT_RUN);
    expectIssue(() => e.ratioTo('gpt-5'), 'reference');
    expectIssue(() => e.inference({ steps: 0 }), 'inference.steps');
  });
});
