/**
 * Search, filter, order and count on the server (issue 19): every ScenarioOrderField both ways by
 * keyset (no duplicates or gaps, also while rows are inserted), the filters, the summary each write
 * path stores with the row, its rebuild by the queue (a stale stamp, a redefined accelerator), and
 * counts exact or bounded — over real HTTP against the real embedded PostgreSQL.
 */
import { Client } from 'pg';
import { seedScenarios } from '../support/seed';
import { ADMIN_KEY, errorCode, gql, GqlResponse, libraryWrites, ok, startTestServer, TestServer } from './harness';

let s: TestServer;
let db: Client;
const q = (query: string, variables?: Record<string, unknown>) => gql(s.url, query, variables, ADMIN_KEY);
const { newLibrary, setHardware } = libraryWrites(q);

const TEXT = (name: string, parameters: number, extra: Record<string, unknown> = {}) => ({
  name,
  model: { parameters },
  data: [{ kind: 'TEXT', count: 1e12 }],
  ...extra,
});
const create = async (libraryId: string, input: Record<string, unknown>) =>
  ok(await q(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } })).createScenario as {
    id: string;
    version: number;
  };

interface Row {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  estimate: { flops: number; costUsd: number | null; wallClockDays: number; gpuDays: number; ratioVsGPT3: number } | null;
}
const FIELDS = 'id name createdAt updatedAt estimate { flops costUsd wallClockDays gpuDays ratioVsGPT3 }';

/** Every page of a listing, `first` at a time. */
async function walk(lib: string, args: { orderBy?: unknown; filter?: unknown }, first: number, between?: () => Promise<void>): Promise<Row[]> {
  const out: Row[] = [];
  let after: string | null = null;
  for (let i = 0; i < 200; i++) {
    const r: GqlResponse = await q(
      `query($l: ID!, $f: Int, $a: String, $o: ScenarioOrder, $x: ScenarioFilter) {
        library(id: $l) { scenarios(first: $f, after: $a, orderBy: $o, filter: $x) { edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }
      }`,
      { l: lib, f: first, a: after, o: args.orderBy ?? null, x: args.filter ?? null },
    );
    // The row that does not estimate has its own error on `estimate` (null); anything else fails the test.
    if (r.errors?.some((e) => e.path?.[e.path.length - 1] !== 'estimate')) throw new Error(JSON.stringify(r.errors));
    const page = r.data.library.scenarios;
    out.push(...page.edges.map((e: { node: Row }) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
    await between?.();
  }
  throw new Error('too many pages');
}

const KEY: Record<string, (r: Row) => string | number | null> = {
  NAME: (r) => r.name,
  CREATED_AT: (r) => r.createdAt,
  UPDATED_AT: (r) => r.updatedAt,
  FLOPS: (r) => r.estimate?.flops ?? null,
  COST_USD: (r) => r.estimate?.costUsd ?? null,
  WALL_CLOCK_DAYS: (r) => r.estimate?.wallClockDays ?? null,
  GPU_DAYS: (r) => r.estimate?.gpuDays ?? null,
  RATIO_VS_GPT3: (r) => r.estimate?.ratioVsGPT3 ?? null,
};

/** The order the server must give: the key (nulls last either way), then the id, both in the direction asked. */
function expectedOrder(rows: Row[], field: string, desc: boolean): string[] {
  const key = KEY[field];
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) return ka === kb ? cmp(a.id, b.id) * (desc ? -1 : 1) : ka === null ? 1 : -1;
      return (cmp(ka, kb) || cmp(a.id, b.id)) * (desc ? -1 : 1);
    })
    .map((r) => r.id);
}

let lib: string;
let all: Row[];
let broken: string;

beforeAll(async () => {
  s = await startTestServer();
  db = new Client({ connectionString: s.app.db.url });
  await db.connect();
  lib = await newLibrary('search');
  ok(await setHardware(lib, { key: 'lab-x1', name: 'Lab X1', peakTflops: { BF16: 400 }, pricePerGpuHour: 3 }));
  for (let i = 0; i < 24; i++) {
    const tags = i % 3 === 0 ? ['grid', 'Rare-Tag'] : ['grid'];
    const cluster = i % 4 === 0 ? { hardware: 'lab-x1', precision: 'BF16', gpuCount: 64, utilization: 0.4 } : { gpuCount: 8 * (1 + (i % 5)) };
    await create(lib, TEXT(`s${String(i).padStart(2, '0')}`, 1e9 * (1 + ((i * 7) % 24)), { tags, cluster, description: i === 5 ? 'the 100% needle' : null }));
  }
  // A row no path of the API writes (by hand, or an older version): it does not estimate, so its summary is null.
  const id = (await create(lib, TEXT('s99 broken', 1e9))).id;
  await db.query(
    `UPDATE scenarios SET input = '{"model":{"parameters":-1},"data":[{"kind":"TEXT","count":1e12}]}', summary_flops = NULL, summary_cost_usd = NULL,
       summary_wall_clock_days = NULL, summary_gpu_days = NULL, summary_ratio_vs_gpt3 = NULL WHERE id = $1`,
    [id],
  );
  broken = id;
  all = await walk(lib, {}, 100);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await s?.stop();
});

describe('orderBy', () => {
  for (const field of Object.keys(KEY)) {
    for (const direction of ['ASC', 'DESC']) {
      test(`${field} ${direction}: every row once, in order, page after page; a row that does not estimate comes last`, async () => {
        const rows = await walk(lib, { orderBy: { field, direction } }, 7);
        expect(rows.map((r) => r.id)).toEqual(expectedOrder(all, field, direction === 'DESC'));
        if (!['NAME', 'CREATED_AT', 'UPDATED_AT'].includes(field)) expect(rows[rows.length - 1].id).toBe(broken);
      });
    }
  }

  test('direction defaults to ASC; a cursor of another order (or of none) is BAD_USER_INPUT naming after', async () => {
    const asc = await walk(lib, { orderBy: { field: 'FLOPS' } }, 50);
    expect(asc.map((r) => r.id)).toEqual(expectedOrder(all, 'FLOPS', false));
    const page = (o: unknown, a: string | null) =>
      q(`query($l: ID!, $o: ScenarioOrder, $a: String) { scenarios(libraryId: $l, first: 3, orderBy: $o, after: $a) { pageInfo { endCursor } } }`, {
        l: lib,
        o: o,
        a,
      });
    const byFlops = ok(await page({ field: 'FLOPS', direction: 'DESC' }, null)).scenarios.pageInfo.endCursor;
    const plain = ok(await page(null, null)).scenarios.pageInfo.endCursor;
    for (const [o, a] of [
      [{ field: 'COST_USD', direction: 'DESC' }, byFlops],
      [{ field: 'FLOPS', direction: 'ASC' }, byFlops],
      [null, byFlops],
      [{ field: 'NAME' }, plain],
      [{ field: 'NAME' }, 'bm90LWEtY3Vyc29y'],
    ] as const) {
      const r = await page(o, a);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe('after');
    }
  });

  test('keyset paging by FLOPs while rows are inserted: no row twice, none of those present at the start missed', async () => {
    const extra = await newLibrary('search inserts');
    for (let i = 0; i < 12; i++) await create(extra, TEXT(`base ${i}`, 1e9 * (i + 1)));
    const before = await walk(extra, {}, 100);
    let n = 0;
    const seen = await walk(extra, { orderBy: { field: 'FLOPS', direction: 'DESC' } }, 4, async () => {
      // Rows landing before, at and after the cursor as the pages go.
      await create(extra, TEXT(`new ${n}`, 1e9 * (1 + ((n * 5) % 13) + 0.5)));
      n++;
    });
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of before) expect(ids).toContain(r.id);
    const flops = seen.map((r) => r.estimate!.flops);
    expect(flops).toEqual([...flops].sort((a, b) => b - a));
  });
});

describe('filters', () => {
  // Small pages: a filtered page is found among the next rows in order when they fill it, else through the filter's index; both are walked here.
  const ids = async (filter: unknown, orderBy: unknown = null) => (await walk(lib, { filter, orderBy }, 3)).map((r) => r.id).sort();
  const named = (pred: (r: Row) => boolean) =>
    all
      .filter(pred)
      .map((r) => r.id)
      .sort();

  test('text matches the name, the description and the tags, in any case; LIKE wildcards are literal', async () => {
    expect(await ids({ text: 'S0' })).toEqual(named((r) => r.name.startsWith('s0')));
    expect(await ids({ text: '100% NEEDLE' })).toEqual(named((r) => r.name === 's05'));
    expect(await ids({ text: '1_0%' })).toEqual([]);
    expect(await ids({ text: 'rare-tag' })).toHaveLength(8);
    expect(await ids({ text: 'zzz-no-match' })).toEqual([]);
  });

  test('a filtered list keeps its order, page after page, the row without figures last', async () => {
    for (const [field, direction] of [
      ['COST_USD', 'DESC'],
      ['FLOPS', 'ASC'],
      ['NAME', 'DESC'],
    ]) {
      for (const first of [2, 5, 50]) {
        const rows = await walk(lib, { filter: { text: 'S' }, orderBy: { field, direction } }, first);
        expect(rows.map((r) => r.id)).toEqual(expectedOrder(all, field, direction === 'DESC'));
        const tagged = await walk(lib, { filter: { tag: 'grid' }, orderBy: { field, direction } }, first);
        expect(tagged.map((r) => r.id)).toEqual(
          expectedOrder(
            all.filter((r) => r.id !== broken),
            field,
            direction === 'DESC',
          ),
        );
      }
    }
  });

  test('tag, tokenizerMethod and hardware', async () => {
    expect(await ids({ tag: 'Rare-Tag' })).toHaveLength(8);
    expect(await ids({ tag: 'rare-tag' })).toEqual([]);
    expect(await ids({ tokenizerMethod: 'LATENT' })).toHaveLength(all.length);
    const onLab = await ids({ hardware: 'lab-x1' });
    expect(onLab).toHaveLength(6);
    expect(await ids({ hardware: 'lab-x1', tag: 'Rare-Tag' })).toHaveLength(2);
  });

  test('minFlops, maxFlops, minCostUsd and maxCostUsd bound the summary; a row without figures matches no bound', async () => {
    const flops = all
      .filter((r) => r.estimate)
      .map((r) => r.estimate!.flops)
      .sort((a, b) => a - b);
    const mid = flops[Math.floor(flops.length / 2)];
    expect(await ids({ minFlops: mid })).toEqual(named((r) => r.estimate !== null && r.estimate.flops >= mid));
    expect(await ids({ maxFlops: mid }, { field: 'FLOPS', direction: 'DESC' })).toEqual(named((r) => r.estimate !== null && r.estimate.flops <= mid));
    const costs = all.filter((r) => r.estimate?.costUsd != null).map((r) => r.estimate!.costUsd!);
    const c = costs.sort((a, b) => a - b)[Math.floor(costs.length / 3)];
    expect(await ids({ maxCostUsd: c })).toEqual(named((r) => r.estimate?.costUsd != null && r.estimate.costUsd <= c));
    expect(await ids({ minCostUsd: c, maxFlops: mid })).toEqual(
      named((r) => r.estimate?.costUsd != null && r.estimate.costUsd >= c && r.estimate.flops <= mid),
    );
  });
});

describe('counts', () => {
  const count = async (l: string, filter: unknown = null) =>
    ok(await q(`query($l: ID!, $x: ScenarioFilter) { scenarios(libraryId: $l, first: 0, filter: $x) { totalCount totalCountIsExact } }`, { l, x: filter }))
      .scenarios as { totalCount: number; totalCountIsExact: boolean };

  test('unfiltered: the library counter, kept by every write; filtered: exact up to 10,000, then a lower bound', async () => {
    const big = await newLibrary('counts');
    await seedScenarios(db, { libraryId: big, count: 10_050, deleted: 20 });
    expect(await count(big)).toEqual({ totalCount: 10_050, totalCountIsExact: true });
    expect(await count(big, { tag: 'bench' })).toEqual({ totalCount: 10_000, totalCountIsExact: false });
    expect(await count(big, { tag: 'group-3' })).toEqual({ totalCount: 1005, totalCountIsExact: true });
    expect(await count(big, { text: 'bench scenario 10049' })).toEqual({ totalCount: 1, totalCountIsExact: true });
    const one = ok(await q(`query($l: ID!) { scenarios(libraryId: $l, first: 1) { edges { node { id } } } }`, { l: big })).scenarios.edges[0].node.id;
    ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: one }));
    expect(await count(big)).toEqual({ totalCount: 10_049, totalCountIsExact: true });
    ok(await q(`mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id: one }));
    expect(await count(big)).toEqual({ totalCount: 10_050, totalCountIsExact: true });
    const deleted = ok(await q(`query($l: ID!) { library(id: $l) { deletedScenarios(first: 0) { totalCount totalCountIsExact } } }`, { l: big }));
    expect(deleted.library.deletedScenarios).toEqual({ totalCount: 20, totalCountIsExact: true });
  });
});

describe('the summary', () => {
  /** The stored summary of a scenario next to its estimate. */
  async function check(id: string) {
    const { rows } = await db.query(
      'SELECT summary_flops AS flops, summary_cost_usd AS cost, summary_gpu_days AS gpu, summary_hardware AS hardware, summary_stamp AS stamp FROM scenarios WHERE id = $1',
      [id],
    );
    const e = ok(await q(`query($id: ID!) { scenario(id: $id) { estimate { flops costUsd gpuDays hardware { key } } } }`, { id })).scenario.estimate;
    expect(rows[0]).toEqual({ flops: e.flops, cost: e.costUsd, gpu: e.gpuDays, hardware: e.hardware.key, stamp: expect.stringMatching(/^[0-9a-f]{16}$/) });
    return rows[0];
  }
  const idNamed = async (l: string, name: string) => {
    const { rows } = await db.query('SELECT id::text FROM scenarios WHERE library_id = $1 AND name = $2 AND deleted_at IS NULL', [l, name]);
    return rows[0].id as string;
  };

  test('is written with the row by every write path', async () => {
    const l = await newLibrary('writes');
    const a = await create(l, TEXT('a', 2e9));
    await check(a.id);
    ok(
      await q(`mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`, { id: a.id, i: TEXT('a', 5e9) }),
    );
    expect((await check(a.id)).flops).toBe(6 * 5e9 * 1e12);
    ok(await q(`mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 1) { version } }`, { id: a.id }));
    expect((await check(a.id)).flops).toBe(6 * 2e9 * 1e12);
    const other = await newLibrary('writes fork target');
    const fork = ok(await q(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: a.id, l: other })).forkScenario;
    await check(fork.id);
    ok(await q(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: a.id }));
    await db.query('UPDATE scenarios SET summary_flops = NULL, summary_stamp = NULL WHERE id = $1', [a.id]);
    ok(await q(`mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id: a.id }));
    await check(a.id);
    const doc = {
      format: 'flopscope.library',
      version: 2,
      library: { name: 'x' },
      hardware: [],
      scenarios: [{ name: 'imported', input: TEXT('imported', 3e9) }],
    };
    ok(await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l, d: doc }));
    await check(await idNamed(l, 'imported'));
    const header = { format: 'flopscope.library', version: 2, library: { name: 'x' }, hardware: [] };
    const body = [header, { name: 'streamed', input: { model: { parameters: 4e9 }, data: [{ kind: 'TEXT', count: 1e12 }] } }]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const res = await fetch(`${s.url.replace(/\/graphql$/, '')}/libraries/${l}/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ADMIN_KEY}` },
      body,
    });
    expect(res.status).toBe(200);
    await check(await idNamed(l, 'streamed'));
  });

  test('a redefined accelerator makes its scenarios\u2019 summaries stale; the queue rebuilds them', async () => {
    const l = await newLibrary('hardware');
    ok(await setHardware(l, { key: 'lab-y', name: 'Lab Y', peakTflops: { BF16: 300 }, pricePerGpuHour: 2 }));
    const on = [];
    for (let i = 0; i < 5; i++) on.push((await create(l, TEXT(`on y ${i}`, 1e9 * (i + 1), { cluster: { hardware: 'lab-y', gpuCount: 16 } }))).id);
    const off = (await create(l, TEXT('elsewhere', 1e9))).id;
    const before = await check(on[0]);
    ok(await setHardware(l, { key: 'lab-y', name: 'Lab Y', peakTflops: { BF16: 300 }, pricePerGpuHour: 20 }));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await db.query('SELECT summary_cost_usd AS cost FROM scenarios WHERE id = $1', [on[0]]);
      if (rows[0].cost !== before.cost) break;
      if (Date.now() > deadline) throw new Error('the summaries were not rebuilt within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const id of [...on, off]) await check(id);
    const order = await walk(l, { orderBy: { field: 'COST_USD', direction: 'DESC' } }, 2);
    expect(order.map((r) => r.id)).toEqual(expectedOrder(order, 'COST_USD', true));
  });

  test('rows stamped by another core are rebuilt by the queue (any process takes the jobs)', async () => {
    const l = await newLibrary('stale');
    await seedScenarios(db, { libraryId: l, count: 2_500 });
    const { rows: truth } = await db.query('SELECT id::text, summary_flops AS flops FROM scenarios WHERE library_id = $1 ORDER BY id', [l]);
    await db.query(`UPDATE scenarios SET summary_stamp = 'an-older-core', summary_flops = 1 WHERE library_id = $1`, [l]);
    // A new process starts (as after an upgrade): it plans the rebuild, and both processes' workers run its batches.
    const second = await startTestServer({ databaseUrl: s.app.db.url, dataDir: s.dataDir });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM scenarios WHERE library_id = $1 AND summary_stamp = 'an-older-core'`, [l]);
        if (rows[0].n === 0) break;
        if (Date.now() > deadline) throw new Error(`${rows[0].n} summaries still stale after 60 s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await second.stop();
    }
    const { rows: after } = await db.query('SELECT id::text, summary_flops AS flops FROM scenarios WHERE library_id = $1 ORDER BY id', [l]);
    expect(after).toEqual(truth);
  }, 120_000);
});
