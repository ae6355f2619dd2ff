/**
 * Estimate fields resolve lazily through the core: a query asking only for `flops` computes no
 * cost, and one scenario's estimate is computed once however many fields (or aliases) ask; a
 * request keeps its most recent estimates (RECENT_ESTIMATES), not every estimate of a list. The
 * server runs in this process so the core's functions can be watched.
 */
import { Client } from 'pg';
import { seedScenarios } from '../../bench/seed';
import * as cluster from '../../src/core/cluster';
import * as flops from '../../src/core/flops';
import * as tokens from '../../src/core/tokens';
import * as validate from '../../src/core/validate';
import { EstimateCache, RECENT_ESTIMATES, scenarioEstimate } from '../../src/services/estimate.service';
import { ADMIN_KEY, gql, startTestServer, TestServer } from './harness';

const INPUT = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };

let s: TestServer;
let spies: Record<string, jest.SpyInstance>;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});
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

test('asking only for flops computes tokens and FLOPs, not cost', async () => {
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, { i: INPUT });
  expect(r.errors).toBeUndefined();
  expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 1, cluster: 0 });
});

test('asking only for tokens computes no FLOPs', async () => {
  await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { tokens } }`, { i: INPUT });
  expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 0, cluster: 0 });
});

test('many fields and aliases on one estimate compute each stage once', async () => {
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) {
    a: flops b: flops tokens pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3 warnings { code } } }`, { i: INPUT });
  expect(r.errors).toBeUndefined();
  expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 1, cluster: 1 });
});

test('a saved scenario asked for its estimate twice in one request is computed once', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "lazy" }) { id } }`, undefined, ADMIN_KEY);
  const created = await gql(s.url, `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId: lib.data.createLibrary.id, name: 'lazy', ...INPUT } }, ADMIN_KEY);
  const id = created.data.createScenario.id;
  jest.clearAllMocks();
  const r = await gql(s.url, `query($id: ID!) {
    one: scenario(id: $id) { x: estimate { flops costUsd } y: estimate { pfDays wallClockDays } }
    two: scenario(id: $id) { estimate { flops } }
  }`, { id }, ADMIN_KEY);
  expect(r.errors).toBeUndefined();
  expect(calls()).toEqual({ resolve: 1, tokens: 1, flops: 1, cluster: 1 });
});

test('the what-if fields start from the request\'s estimate: the scenario is validated once', async () => {
  const input = { ...INPUT, cluster: { hardware: 'h100-sxm', gpuCount: 64 }, ranges: [{ path: 'model.parameters', low: 5e8, high: 2e9 }] };
  const r = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) {
    flops range { flops { low high } } gpusForDeadline(days: 30) { gpuCount } daysForBudget(budgetUsd: 1e6) { daysAffordable }
    chinchillaOptimal { parameters } inference(steps: 1) { flopsPerSample } } }`, { i: input });
  expect(r.errors).toBeUndefined();
  // Once for the estimate; the range adds its 2 corners (tokens and FLOPs computed at each).
  expect(calls()).toEqual({ resolve: 1, tokens: 3, flops: 3, cluster: 3 });
});

test('a list asking two aliases of each estimate computes each scenario once', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "lazy list" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const client = new Client({ connectionString: s.app.db.url });
  await client.connect();
  try {
    await seedScenarios(client, { libraryId, count: 150 });
  } finally {
    await client.end();
  }
  jest.clearAllMocks();
  const r = await gql(s.url, `query($lib: ID!) { scenarios(libraryId: $lib, first: 150) { edges { node {
    x: estimate { flops costUsd } y: estimate { pfDays wallClockDays } } } } }`, { lib: libraryId }, ADMIN_KEY);
  expect(r.errors).toBeUndefined();
  expect(r.data.scenarios.edges).toHaveLength(150);
  expect(calls()).toEqual({ resolve: 150, tokens: 150, flops: 150, cluster: 150 });
});

test('a request keeps only the most recent estimates, not every estimate of a list', () => {
  const cache: EstimateCache = new Map();
  const spec = () => INPUT as never;
  const first = scenarioEstimate(cache, 'scenario-0@1', spec);
  for (let i = 1; i < 3 * RECENT_ESTIMATES; i++) scenarioEstimate(cache, `scenario-${i}@1`, spec);
  expect(cache.size).toBe(RECENT_ESTIMATES);
  const last = `scenario-${3 * RECENT_ESTIMATES - 1}@1`;
  expect(scenarioEstimate(cache, last, spec)).toBe(cache.get(last));
  // Asked for again long after, the first one is computed anew (the same numbers).
  const again = scenarioEstimate(cache, 'scenario-0@1', spec);
  expect(again).not.toBe(first);
  expect(again.flops().total).toBe(first.flops().total);
});
