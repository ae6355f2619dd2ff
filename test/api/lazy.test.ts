/**
 * An estimate answers the fields asked for, computed on demand: a field that cannot be computed
 * does not fail the fields that can, aliases and repeated reads of one scenario agree, and a
 * request keeps its most recent estimates (RECENT_ESTIMATES), not every estimate of a list.
 */
import { Client } from 'pg';
import { EstimateCache, RECENT_ESTIMATES, scenarioEstimate } from '../../src/services/estimate.service';
import { seedScenarios } from '../support/seed';
import { ADMIN_KEY, gql, startTestServer, TestServer } from './harness';

const INPUT = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
/** Valid inputs whose FLOPs overflow: tokens can be answered, FLOPs and everything after cannot. */
const OVERFLOWING = { model: { parameters: 1e200 }, data: [{ kind: 'TEXT', count: 1e200 }] };

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const estimate = (fields: string, input: unknown = INPUT) => gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { ${fields} } }`, { i: input });

test('asking only for tokens answers even where the FLOPs cannot be computed', async () => {
  const r = await estimate('tokens', OVERFLOWING);
  expect(r.errors).toBeUndefined();
  expect(r.data.estimate.tokens).toBe(1e200);
});

test('asking for the FLOPs of the same input is a BAD_USER_INPUT saying what overflowed, and no number is made up', async () => {
  const r = await estimate('tokens flops', OVERFLOWING);
  expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(r.errors?.[0].message).toMatch(/FLOPs/);
  expect(r.data?.estimate ?? null).toBeNull();
});

test('many fields and aliases on one estimate agree with each other and with the formula', async () => {
  const r = await estimate('a: flops b: flops tokens pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3 warnings { code }');
  expect(r.errors).toBeUndefined();
  const e = r.data.estimate;
  expect(e.a).toBe(e.b);
  expect(e.a).toBe(6 * 1e9 * 2e10); // 6·N·D (Kaplan et al. 2020)
  expect(e.pfDays).toBeCloseTo(e.a / 8.64e19, 6);
  expect(e.gpuHours).toBeCloseTo(e.gpuDays * 24, 6);
});

test('a saved scenario asked for its estimate twice in one request answers the same numbers', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "lazy" }) { id } }`, undefined, ADMIN_KEY);
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId: lib.data.createLibrary.id, name: 'lazy', ...INPUT } },
    ADMIN_KEY,
  );
  const id = created.data.createScenario.id;
  const r = await gql(
    s.url,
    `query($id: ID!) {
    one: scenario(id: $id) { x: estimate { flops costUsd } y: estimate { flops wallClockDays } }
    two: scenario(id: $id) { estimate { flops } }
  }`,
    { id },
    ADMIN_KEY,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.one.x.flops).toBe(6 * 1e9 * 2e10);
  expect(r.data.one.y.flops).toBe(r.data.one.x.flops);
  expect(r.data.two.estimate.flops).toBe(r.data.one.x.flops);
});

test('a list asking two aliases of each estimate answers every row, each alias alike', async () => {
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "lazy list" }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id;
  const client = new Client({ connectionString: s.app.db.url });
  await client.connect();
  try {
    await seedScenarios(client, { libraryId, count: 150 });
  } finally {
    await client.end();
  }
  const r = await gql(
    s.url,
    `query($lib: ID!) { scenarios(libraryId: $lib, first: 150) { edges { node {
    x: estimate { flops costUsd } y: estimate { flops wallClockDays } } } } }`,
    { lib: libraryId },
    ADMIN_KEY,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.scenarios.edges).toHaveLength(150);
  for (const { node } of r.data.scenarios.edges) {
    expect(node.x.flops).toBeGreaterThan(0);
    expect(node.y.flops).toBe(node.x.flops);
  }
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
