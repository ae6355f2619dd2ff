/**
 * The threads' heaps are bounded (FLOPSCOPE_GRAPHQL_HEAP_MB, FLOPSCOPE_COMPUTE_HEAP_MB): a GraphQL
 * thread whose live data reaches its bound is stopped and started again — its requests in flight
 * answered 503 SERVICE_UNAVAILABLE naming the limit, the process, /healthz and the database
 * untouched, and the next requests served as before. The GraphQL bound here is far below its
 * default, so that requests the budget admits reach it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { heapLimits } from '../../src/compute/heap';
import { loadConfig } from '../../src/config';
import { ADMIN_KEY } from '../api/harness';
import { AbuseServer, post, probeHealth, startProductionServer } from './support';

const NINE = 'tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3';
const INPUT = { model: { parameters: 3e9 }, data: [{ kind: 'TEXT', count: 1e12 }], cluster: { hardware: 'h100-sxm', gpuCount: 4096 } };
/** A 100 × 100 grid: 10,000 points, 90,000 values with the nine outputs. */
const GRID = [
  { path: 'model.parameters', from: 1e8, to: 1e11, steps: 100, scale: 'LOG' },
  { path: 'cluster.gpuCount', from: 64, to: 8192, steps: 100 },
];
/** `aliases` sweeps of the grid in one request: 6 are 540,000 values (~11 MB of answer), within the budget's 600,000. */
const sweeps = (aliases: number) =>
  JSON.stringify({
    query: `query($i: ScenarioInput!, $a: [SweepAxisInput!]!) { ${Array.from({ length: aliases }, (_, k) => `s${k}: sweep(input: $i, axes: $a) { points series { ${NINE} } }`).join(' ')} }`,
    variables: { i: INPUT, a: GRID },
  });

const codeOf = (body: string) => {
  try {
    return (JSON.parse(body) as { errors?: { extensions: { code: string; limit?: string } }[] }).errors?.[0]?.extensions;
  } catch {
    return { code: `not JSON: ${body.slice(0, 80)}` };
  }
};

describe('a GraphQL thread that reaches FLOPSCOPE_GRAPHQL_HEAP_MB', () => {
  let s: AbuseServer;
  beforeAll(async () => {
    s = await startProductionServer({ FLOPSCOPE_GRAPHQL_HEAP_MB: '48' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  test('is started again: its requests are answered 503 naming the limit, /healthz never misses, and the next requests are served', async () => {
    const seen: string[] = [];
    let outOfHeap: Record<string, unknown> | undefined;
    const heavy = async () => {
      // Six at once of ~11 MB answers each: more live data than 48 MB holds. A round that happens to fit is tried again.
      for (let round = 0; round < 5 && !outOfHeap; round++) {
        const answers = await Promise.all(Array.from({ length: 6 }, () => post(s.url, sweeps(6))));
        for (const a of answers) {
          const ext = codeOf(a.body);
          seen.push(`${a.status} ${ext?.code ?? 'data'}`);
          if (a.status === 503 && ext?.limit === 'graphqlHeapMb') outOfHeap = ext;
        }
      }
    };
    const running = heavy();
    const health = await probeHealth(s.base, running, 20);
    await running;

    expect(outOfHeap).toMatchObject({ code: 'SERVICE_UNAVAILABLE', limit: 'graphqlHeapMb', max: 48, retryAfterSeconds: 1 });
    // Each answer either whole or the thread's refusal: no 500, no reset connection (post would have thrown).
    expect(seen.filter((x) => x !== '200 data' && x !== '503 SERVICE_UNAVAILABLE')).toEqual([]);
    expect(health.length).toBeGreaterThan(0);
    expect(s.child.exitCode).toBeNull();

    // Served again once its replacement is up (a second or two): a read, and a write through the new thread's pool.
    let typename = '';
    for (let i = 0; i < 100 && typename !== 'Query'; i++) {
      const r = await post(s.url, JSON.stringify({ query: '{ __typename }' }));
      if (r.status === 200) typename = (JSON.parse(r.body) as { data: { __typename: string } }).data.__typename;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(typename).toBe('Query');
    const created = await post(s.url, JSON.stringify({ query: 'mutation { createLibrary(input: { name: "after the restart" }) { id name } }' }), {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body).data.createLibrary.name).toBe('after the restart');
    expect(s.output()).toContain('the GraphQL thread reached its heap limit');
    expect(s.output()).toContain('the GraphQL thread is serving again');
  });
});

describe('a streamed import under a small GraphQL heap', () => {
  let s: AbuseServer;
  beforeAll(async () => {
    s = await startProductionServer({ FLOPSCOPE_GRAPHQL_HEAP_MB: '96' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  // Prisma keeps its last 100 debug lines, a raw statement's parameters included: written 1,000
  // rows a statement, these inputs (DiTs, MM-DiTs, LLMs by architecture: ~1.8 KB each) held ~100 MB
  // there, and this import ended the thread. Written in statements of at most 64 KB, it fits.
  test('20,000 scenarios of the examples library, each with its architecture, go in whole', async () => {
    const exported = (await (await fetch(`${s.base}/libraries/examples/export`)).text()).trim().split('\n');
    const [header, ...rows] = exported;
    const lines = [header, ...Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ ...JSON.parse(rows[i % rows.length]), name: `copy ${i}` }))];
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const lib = JSON.parse((await post(s.url, JSON.stringify({ query: 'mutation { createLibrary(input: { name: "bulk" }) { id } }' }), auth)).body).data
      .createLibrary.id;
    const r = await fetch(`${s.base}/libraries/${lib}/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
    expect(await r.json()).toEqual({ scenarios: 20_000, skipped: 0, hardware: 0 });
    expect(r.status).toBe(200);
    expect(s.output()).not.toContain('the GraphQL thread reached its heap limit');
    // Imported again, every row is a duplicate of one now there: skipped, nothing written.
    const again = await fetch(`${s.base}/libraries/${lib}/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
    expect(await again.json()).toEqual({ scenarios: 0, skipped: 20_000, hardware: 0 });
  }, 120_000);
});

describe('the bounds themselves', () => {
  const main = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [main], { env: { ...process.env, PORT: '0', ...env }, encoding: 'utf8', timeout: 30_000 });

  test('a bound too small for a thread to start stops the start, saying why', () => {
    const graphql = start({ FLOPSCOPE_GRAPHQL_HEAP_MB: '24' });
    expect(graphql.status).toBe(1);
    expect(graphql.stderr).toMatch(/FLOPSCOPE_GRAPHQL_HEAP_MB must be at least 48 \(MB\), got 24/);
    const compute = start({ FLOPSCOPE_COMPUTE_HEAP_MB: '4' });
    expect(compute.status).toBe(1);
    expect(compute.stderr).toMatch(/FLOPSCOPE_COMPUTE_HEAP_MB must be at least 16 \(MB\), got 4/);
  });

  test('defaults: the GraphQL thread 256 MB, each compute thread 128 MB, their young generations 16 MB', () => {
    expect(loadConfig({})).toMatchObject({ graphqlHeapMb: 256, computeHeapMb: 128 });
    expect(heapLimits(256)).toEqual({ maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 });
    expect(heapLimits(48)).toEqual({ maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 6 });
  });
});

describe('a compute thread at the smallest bound', () => {
  let s: AbuseServer;
  beforeAll(async () => {
    s = await startProductionServer({ FLOPSCOPE_COMPUTE_HEAP_MB: '16' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  // What a sweep keeps is its series (90,000 numbers here): measured, a 1,000-source 10,000-point
  // sweep runs in a 7 MB heap, so no sweep the budget admits fills even the smallest bound. (At 6 MB
  // such a sweep is refused 400 COMPUTE_BUDGET_EXCEEDED, limit computeHeapMb; too close to the
  // ~5 MB a thread needs to start to be tested here.)
  test('answers the largest sweeps the budget admits, one after another', async () => {
    for (let k = 0; k < 3; k++) {
      const r = await post(s.url, sweeps(6));
      expect(r.status).toBe(200);
      expect((JSON.parse(r.body) as { data: { s5: { points: number } } }).data.s5.points).toBe(10_000);
    }
  });
});
