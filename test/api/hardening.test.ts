/**
 * Hostile and abusive requests are refused before they run, with a code and a 4xx status;
 * production mode hides what it should; a database outage is survived by the same process.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from './harness';
import { LIMITS } from '../../src/server/limits';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/server/app';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('abusive queries are refused before they run (HTTP 400 with a code)', () => {
  test('depth: forkedFrom nested past the limit', async () => {
    let sel = 'id';
    for (let i = 0; i < LIMITS.maxDepth + 2; i++) sel = `forkedFrom { ${sel} }`;
    const r = await gql(s.url, `{ scenarios { edges { node { ${sel} } } } }`);
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/depth/i);
  });

  test('aliases: the same field asked for under many names', async () => {
    const fields = Array.from({ length: LIMITS.maxAliases + 5 }, (_, i) => `a${i}: hardware { key }`).join(' ');
    const r = await gql(s.url, `{ ${fields} }`);
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toMatch(/alias/i);
  });

  test('tokens: a query too long to parse', async () => {
    const r = await gql(s.url, `{ ${Array.from({ length: LIMITS.maxTokens }, () => '__typename').join(' ')} }`);
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toMatch(/token/i);
  });

  test('cost: a wide and deep selection over the cost limit', async () => {
    const est =
      'estimate { tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3 breakdown { index kind tokens share tokensPerSequence } warnings { code message field } assumptions { field value reason } }';
    const node = `id name ${est} history { version input { model { parameters layers hiddenSize } data { kind count width height } } } library { id name }`;
    const aliases = Array.from(
      { length: 25 },
      (_, i) => `s${i}: scenarios(first: 100) { edges { node { ${node} forkedFrom { ${node} forkedFrom { ${node} } } } } }`,
    ).join(' ');
    const r = await gql(s.url, `{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toMatch(/cost/i);
  });

  test('batched requests are off', async () => {
    const res = await post(s.url, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBe(400);
  });

  test('a body over the size limit is 413 with a code, before parsing', async () => {
    const res = await post(s.url, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(LIMITS.maxBodyBytes) } }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a body that is not JSON, or not UTF-8, is a 400', async () => {
    const notJson = await post(s.url, '{"query": ');
    expect(notJson.status).toBe(400);
    const bytes = Buffer.concat([Buffer.from('{"query":"{ __typename }","variables":{"x":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}}')]);
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(res.status).toBeLessThan(500);
  });

  test('page size and sweep grid are capped', async () => {
    const page = await gql(s.url, `{ scenarios(first: 1001) { totalCount } }`);
    expect(page.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const sweep = await gql(
      s.url,
      `{ sweep(input: { model: { parameters: 1e9 }, data: [{ kind: TEXT, count: 1e9 }] }, axes: [{ path: "model.parameters", from: 1e9, to: 1e10, steps: 101 }, { path: "cluster.gpuCount", from: 1, to: 100, steps: 100 }]) { points } }`,
    );
    expect(sweep.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(sweep.errors![0].message).toMatch(/10,?000/);
  });
});

test('hostile ids and filter text are refused cleanly, never a server error', async () => {
  for (const id of ['\u0000', 'x'.repeat(5000), '\ud800', "'; DROP TABLE scenarios; --", 'examples\u0000']) {
    const lib = await gql(s.url, `query($id: ID!) { library(id: $id) { id } scenario(id: $id) { id } }`, { id });
    expect(lib.status).toBe(200);
    expect(lib.data).toEqual({ library: null, scenario: null });
    const page = await gql(s.url, `query($id: ID!) { scenarios(libraryId: $id) { totalCount } }`, { id });
    expect(page.errors![0].extensions!.code).toBe('NOT_FOUND');
    const text = await gql(s.url, `query($t: String!) { scenarios(filter: { text: $t, tag: $t }) { totalCount } }`, { t: id });
    expect(text.status).toBe(200);
    if (text.errors) expect(text.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  }
});

test('production mode: no field suggestions, no introspection, no stack traces', async () => {
  const config = { ...loadConfig({ NODE_ENV: 'production' }), port: 0, host: '127.0.0.1', dataDir: s.dataDir, databaseUrl: s.app.db.url, adminKey: ADMIN_KEY };
  const prod = await startApp(config, createLogger('silent'));
  try {
    const typo = await gql(prod.url, `{ hardwar { key } }`);
    expect(typo.status).toBe(400);
    expect(typo.raw).not.toMatch(/Did you mean/i);
    const intro = await gql(prod.url, `{ __schema { types { name } } }`);
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const bad = await gql(prod.url, `{ estimate(input: { model: { parameters: 1e308 }, data: [{ kind: TEXT, count: 1e308 }] }) { flops } }`);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.raw).not.toMatch(/stacktrace|\.ts:\d+/);
  } finally {
    await prod.stop();
  }
});

test('a request that outlives the request timeout gets 503 TIMEOUT, and the server carries on', async () => {
  const config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    port: 0,
    host: '127.0.0.1',
    dataDir: s.dataDir,
    databaseUrl: s.app.db.url,
    adminKey: ADMIN_KEY,
    requestTimeoutMs: 1,
  };
  const impatient = await startApp(config, createLogger('silent'));
  try {
    const slow = await gql(
      impatient.url,
      `{ scenarios(first: 1000) { totalCount edges { node { history { version } estimate { flops } } } } }`,
      undefined,
      ADMIN_KEY,
    );
    expect(slow.status).toBe(503);
    expect(slow.errors![0].extensions!.code).toBe('TIMEOUT');
  } finally {
    await impatient.stop();
  }
});

test('database outage: /readyz 503 and SERVICE_UNAVAILABLE within a bounded time; the same process recovers', async () => {
  const base = s.url.replace('/graphql', '');
  const pg = s.app.db.embedded;
  expect(pg).not.toBeNull();
  await pg!.stop();
  try {
    let t = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(Date.now() - t).toBeLessThan(6000);

    t = Date.now();
    const keyed = await gql(s.url, `{ libraries { id } }`, undefined, ADMIN_KEY);
    expect(keyed.status).toBe(503);
    expect(keyed.errors![0].extensions!.code).toBe('SERVICE_UNAVAILABLE');
    const anon = await gql(s.url, `{ libraries { id } }`);
    expect(anon.errors![0].extensions!.code).toBe('SERVICE_UNAVAILABLE');
    expect(anon.raw).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    expect(Date.now() - t).toBeLessThan(12000);

    // what needs no database keeps working
    const est = await gql(s.url, `{ estimate(input: { model: { parameters: 1e9 }, data: [{ kind: TEXT, count: 1e9 }] }) { flops } }`);
    expect(est.data.estimate.flops).toBe(6e18);
  } finally {
    await pg!.start();
  }
  let ready = 0;
  for (let i = 0; i < 50 && ready !== 200; i++) {
    ready = (await fetch(`${base}/readyz`)).status;
    if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(ready).toBe(200);
  const back = await gql(s.url, `{ libraries { id } }`, undefined, ADMIN_KEY);
  expect(back.errors).toBeUndefined();
});
