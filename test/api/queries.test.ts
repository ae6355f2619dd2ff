/**
 * No N+1: listing scenarios with their estimate, the estimate's hardware and the library (with
 * its custom hardware) runs a small, constant number of SQL statements whatever the page size —
 * counted from Prisma's query events (App.db.queries), over real HTTP.
 *
 * The 1,000 scenarios are written straight into PostgreSQL (test/support/seed.ts), as the benchmark does.
 */
import { Client } from 'pg';
import { seedScenarios } from '../support/seed';
import { ADMIN_KEY, gql, startTestServer, TestServer } from './harness';

const MAX_STATEMENTS = 4;
const PAGE_SIZES = [1000, 100, 10];

const LIST = `query($lib: ID, $first: Int, $after: String) {
  scenarios(libraryId: $lib, first: $first, after: $after) {
    edges { cursor node {
      id name version
      library { id name hardware { key } }
      estimate { tokens flops costUsd wallClockDays hardware { key name peakTflops { BF16 } } warnings { code } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let s: TestServer;
let publicLib: string;
let privateLib: string;

beforeAll(async () => {
  s = await startTestServer();
  const mk = async (name: string, visibility: string) => {
    const r = await gql(s.url, `mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name, visibility } }, ADMIN_KEY);
    expect(r.errors).toBeUndefined();
    return r.data.createLibrary.id as string;
  };
  publicLib = await mk('n+1 public', 'PUBLIC');
  privateLib = await mk('n+1 private', 'PRIVATE');
  for (const lib of [publicLib, privateLib]) {
    // A custom accelerator, so the library's hardware lookup returns rows.
    const hw = await gql(
      s.url,
      `mutation($lib: ID!, $i: HardwareInput!) { setLibraryHardware(libraryId: $lib, input: $i) { key } }`,
      { lib, i: { key: 'lab-x1', name: 'Lab X1', peakTflops: { BF16: 500 }, pricePerGpuHour: 2 } },
      ADMIN_KEY,
    );
    expect(hw.errors).toBeUndefined();
  }
  const client = new Client({ connectionString: s.app.db.url });
  await client.connect();
  try {
    await seedScenarios(client, { libraryId: publicLib, count: 1000 });
    await seedScenarios(client, { libraryId: privateLib, count: 1000 });
  } finally {
    await client.end();
  }
});
afterAll(async () => {
  await s?.stop();
});

/** Statements one request runs, and its response. */
async function counted(variables: Record<string, unknown>, key?: string) {
  const before = s.app.db.queries.count;
  const r = await gql(s.url, LIST, variables, key);
  const statements = s.app.db.queries.count - before;
  expect(r.errors).toBeUndefined();
  return { statements, r };
}

describe.each([
  ['a public library, anonymously', () => publicLib, undefined],
  ['a public library, with a key', () => publicLib, ADMIN_KEY],
  ['a private library, with a key', () => privateLib, ADMIN_KEY],
])('listing %s', (_label, lib, key) => {
  test(`runs at most ${MAX_STATEMENTS} SQL statements, the same for every page size`, async () => {
    const counts: Record<number, number> = {};
    for (const first of PAGE_SIZES) {
      const { statements, r } = await counted({ lib: lib(), first }, key);
      expect(r.data.scenarios.edges).toHaveLength(first);
      const node = r.data.scenarios.edges[0].node;
      expect(node.library.id).toBe(lib());
      expect(node.library.hardware).toEqual([{ key: 'lab-x1' }]);
      expect(node.estimate.flops).toBeGreaterThan(0);
      expect(node.estimate.hardware.key).toBeTruthy();
      counts[first] = statements;
    }
    expect(Math.max(...Object.values(counts))).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(new Set(Object.values(counts)).size).toBe(1);
  });

  test('a deep page by cursor costs the same as the first', async () => {
    const first = await counted({ lib: lib(), first: 500 }, key);
    const deep = await counted({ lib: lib(), first: 500, after: first.r.data.scenarios.pageInfo.endCursor }, key);
    expect(deep.r.data.scenarios.edges).toHaveLength(500);
    expect(deep.r.data.scenarios.pageInfo.hasNextPage).toBe(false);
    expect(deep.statements).toBe(first.statements);
  });
});

test('listing across every readable library (no libraryId) stays constant too', async () => {
  const counts = [];
  for (const first of PAGE_SIZES) counts.push((await counted({ first }, ADMIN_KEY)).statements);
  expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_STATEMENTS);
  expect(new Set(counts).size).toBe(1);
});

test("a page's histories, with their authors, add the same statements for 10 scenarios as for 1,000", async () => {
  const HISTORY = `query($lib: ID!, $first: Int) { scenarios(libraryId: $lib, first: $first) { edges { node { id history { version author { name } } } } } }`;
  const counts: Record<number, number> = {};
  for (const first of [10, 1000]) {
    const before = s.app.db.queries.count;
    const r = await gql(s.url, HISTORY, { lib: publicLib, first }, ADMIN_KEY);
    counts[first] = s.app.db.queries.count - before;
    expect(r.errors).toBeUndefined();
    expect(r.data.scenarios.edges).toHaveLength(first);
    expect(r.data.scenarios.edges[0].node.history[0].version).toBe(1);
  }
  expect(counts[1000]).toBe(counts[10]);
  expect(counts[10]).toBeLessThanOrEqual(MAX_STATEMENTS + 1);
});
