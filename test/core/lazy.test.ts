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
import * as cluster from '../../src/core/cluster';
import * as flops from '../../src/core/flops';
import * as tokens from '../../src/core/tokens';
import * as validate from '../../src/core/validate';
import { expectIssue } from './helpers';

const TEXT_RUN: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 2e10 }],
  cluster: { hardware: 'h100-sxm', gpuCount: 64 },
};

describe('lazyEstimate computes stage by stage', () => {
  let spies: Record<string, jest.SpyInstance>;
  beforeEach(() => {
    spies = {
      resolve: jest.spyOn(validate, 'resolveScenario'),
      tokens: jest.spyOn(tokens, 'computeTokens'),
      flops: jest.spyOn(flops, 'computeFlops'),
      cluster: jest.spyOn(cluster, 'computeCluster'),
    };
  });
  afterEach(() => jest.restoreAllMocks());
  const calls = () => Object.fromEntries(Object.entries(spies).map(([k, v]) => [k, v.mock.calls.length]));

  it('computes nothing until asked', () => {
    lazyEstimate(TEXT_RUN);
    expect(calls()).toEqual({ resolve: 0, tokens: 0, flops: 0, cluster: 0 });
  });

  it('asking for tokens computes no FLOPs; asking for FLOPs computes no cost', () => {
    const e = lazyEstimate(TEXT_RUN);
    e.tokens();
    expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 0, cluster: 0 });
    e.flops();
    e.ratioVsGPT3();
    e.warnings();
    expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 1, cluster: 0 });
  });

  it('runs each stage at most once, however often and by whichever question it is asked', () => {
    const e = lazyEstimate(TEXT_RUN);
    expect(e.flops()).toBe(e.flops());
    e.cluster();
    e.ratioTo('palm');
    e.gpusForDeadline(30);
    e.daysForBudget(1e6);
    e.chinchillaOptimal();
    e.inference({ steps: 1 });
    expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 1, cluster: 1 });
  });

  it('validates the scenario once for its range too (only the corners add stages)', () => {
    const e = lazyEstimate({ ...TEXT_RUN, ranges: [{ path: 'model.parameters', low: 5e8, high: 2e9 }] });
    e.cluster();
    e.range();
    e.range();
    // the estimate itself, then its 2 corners
    expect(calls()).toEqual({ resolve: 1, tokens: 3, flops: 3, cluster: 3 });
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
