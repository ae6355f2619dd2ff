/**
 * The low items, as rules: a subscription is refused as invalid (no internal error), a
 * production server gives no "Did you mean …?" hints, /readyz says not ready when new connections
 * would be refused, and an admin key shorter than 32 characters stops the start with a clear message.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { AbuseServer, post, startProductionServer } from './support';

let s: AbuseServer;
beforeAll(async () => {
  s = await startProductionServer({ FLOPSCOPE_MAX_CONNECTIONS: '50' });
});
afterAll(async () => {
  await s?.stop();
});

test('a subscription operation is a 400 GRAPHQL_VALIDATION_FAILED saying there are none', async () => {
  const r = await post(s.url, JSON.stringify({ query: 'subscription { estimate }' }));
  expect(r.status).toBe(400);
  const body = JSON.parse(r.body);
  expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(body.errors[0].message).toMatch(/no subscriptions/);
});

test('in production an enum typo gets no "Did you mean" hint', async () => {
  const query = 'query($i: ScenarioInput!) { estimate(input: $i) { flops } }';
  const i = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }], tokenizer: { method: 'LATENTX' } };
  const r = await post(s.url, JSON.stringify({ query, variables: { i } }));
  expect(r.status).toBe(400);
  expect(r.body).toContain('LATENTX');
  expect(r.body).not.toMatch(/Did you mean/);
});

test('/readyz is 503 while the server is near its connection limit, and ready again when the connections go', async () => {
  const { port } = new URL(s.url);
  const sockets = Array.from({ length: 46 }, () => net.connect(Number(port), '127.0.0.1').on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const busy = await fetch(`${s.base}/readyz`);
  expect(busy.status).toBe(503);
  expect(await busy.json()).toEqual({ status: 'at its connection limit' });
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
});

test('an admin key shorter than 32 characters stops the start, saying why', () => {
  const main = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');
  const r = spawnSync(process.execPath, [main], { env: { ...process.env, FLOPSCOPE_ADMIN_KEY: 'short-key', PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/FLOPSCOPE_ADMIN_KEY must be at least 32 characters/);
});
