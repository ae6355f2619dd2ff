/**
 * Execution is compiled per document from its second use (src/server/executor.ts): a compiled
 * document must answer exactly as graphql-js did the first time, for data and for every kind of
 * error (domain errors with their code and field, variables that do not coerce, nulls in lists).
 */
import * as jit from 'graphql-jit';
import { ADMIN_KEY, gql, startTestServer, TestServer } from './harness';

// graphql-jit itself, its compileQuery watched (the server runs in this process).
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});
const compiles = jit.compileQuery as jest.Mock;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});
beforeEach(() => compiles.mockClear());

/** The same request three times: interpreted, compiled on the second use, compiled. */
async function thrice(query: string, variables?: Record<string, unknown>, key?: string) {
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await gql(s.url, query, variables, key));
  return answers;
}

const INPUT = {
  model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
  data: [{ kind: 'IMAGE', count: 6e9, width: 1980, height: 1024 }, { kind: 'TEXT', count: 1e9 }],
  tokenizer: { method: 'LATENT' },
  training: { attention: true },
  cluster: { hardware: 'h100-sxm', gpuCount: 4096 },
  ranges: [{ path: 'model.parameters', low: 1e9, high: 3e10 }],
};

test('an estimate with every kind of field answers the same compiled as interpreted', async () => {
  const query = `query($i: ScenarioInput!) { estimate(input: $i) {
    tokens flops costUsd ratioTo(reference: "gpt-4") hardware { key peakTflops { BF16 } }
    breakdown { index kind share } assumptions { field value } warnings { code field }
    range { flops { low expected high } costUsd { low high } } gpusForDeadline(days: 90) { gpuCount }
    daysForBudget(budgetUsd: 1e7) { daysAffordable } chinchillaOptimal { parameters } inference(steps: 20) { flopsPerSample }
    alias: flops } }`;
  const [a, b, c] = await thrice(query, { i: INPUT });
  expect(a.errors).toBeUndefined();
  expect(b.raw).toBe(a.raw);
  expect(c.raw).toBe(a.raw);
  expect(compiles).toHaveBeenCalledTimes(1);
});

test('a domain error keeps its code, field and path when compiled', async () => {
  const query = `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`;
  const [a, b, c] = await thrice(query, { i: { ...INPUT, model: { parameters: -1 } } });
  expect(a.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'model.parameters' });
  expect(b.raw).toBe(a.raw);
  expect(c.raw).toBe(a.raw);
  expect(c.status).toBe(a.status);
});

test('variables that do not coerce get graphql-js\'s own error (and its 400) when compiled', async () => {
  const query = `query($i: ScenarioInput!) { estimate(input: $i) { tokens } }`;
  await thrice(query, { i: INPUT }); // compiled now
  const [a, b] = await thrice(query, { i: { ...INPUT, model: { parameters: 'many' } } });
  expect(a.status).toBe(400);
  expect(a.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'model.parameters' });
  expect(b.raw).toBe(a.raw);
  expect(b.status).toBe(400);
});

test('sweep columns (FloatSeries) and nulls in them are the same compiled', async () => {
  const query = `query($i: ScenarioInput!, $a: [SweepAxisInput!]!) { sweep(input: $i, axes: $a) { points series { flops costUsd } } }`;
  const input = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e10 }], cluster: { hardware: 'tpu-v5p', gpuCount: 8 } };
  const [a, b, c] = await thrice(query, { i: input, a: [{ path: 'model.parameters', values: [1e9, 2e9] }] });
  expect(a.errors).toBeUndefined();
  expect(a.data.sweep.series.flops).toHaveLength(2);
  expect(b.raw).toBe(a.raw);
  expect(c.raw).toBe(a.raw);
});

test('a keyed listing of saved scenarios answers the same compiled', async () => {
  const query = `{ scenarios(libraryId: "examples", first: 5) { edges { node { name version estimate { flops warnings { code } } } } pageInfo { hasNextPage } } }`;
  const [a, b, c] = await thrice(query, undefined, ADMIN_KEY);
  expect(a.errors).toBeUndefined();
  expect(a.data.scenarios.edges.length).toBeGreaterThan(0);
  expect(b.raw).toBe(a.raw);
  expect(c.raw).toBe(a.raw);
});

test('each operation of a document is compiled on its own, and answers as itself', async () => {
  const document = `query A { hardware { key } } query B($i: ScenarioInput!) { estimate(input: $i) { flops } }`;
  const ask = (operationName: string, variables?: Record<string, unknown>) =>
    fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document, operationName, variables }) }).then((r) => r.text());
  const answers: Record<string, string[]> = { A: [], B: [] };
  for (let i = 0; i < 3; i++) {
    answers.A.push(await ask('A'));
    answers.B.push(await ask('B', { i: INPUT }));
  }
  expect(JSON.parse(answers.A[0]).data.hardware.length).toBeGreaterThan(0);
  expect(JSON.parse(answers.B[0]).data.estimate.flops).toBeGreaterThan(0);
  expect(new Set(answers.A).size).toBe(1);
  expect(new Set(answers.B).size).toBe(1);
  expect(compiles).toHaveBeenCalledTimes(2);
});
