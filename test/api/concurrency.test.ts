/**
 * No lost updates: many concurrent writers against two API processes sharing one PostgreSQL.
 * Every update either lands or is refused with CONFLICT; the final version equals 1 + the number
 * that landed, and history holds exactly those revisions.
 */
import { createLogger } from '../../src/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/db/embedded';
import { ADMIN_KEY, gql } from './harness';
import { removeDataDir, ServerProcess, spawnServer, tempDataDir } from './process';

const WRITERS = 12;
const ROUNDS = 10;

let pg: EmbeddedPostgres;
const dataDir = tempDataDir('flopscope-conc-');
let servers: ServerProcess[] = [];

beforeAll(async () => {
  pg = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  const env = { DATABASE_URL: pg.url, FLOPSCOPE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info' };
  // started together: migrations and seeding must not race either
  servers = await Promise.all([spawnServer(env), spawnServer(env)]);
});
afterAll(async () => {
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await s.exited;
  }
  await pg?.stop();
  removeDataDir(dataDir);
});

test(`${WRITERS} writers × ${ROUNDS} rounds across two processes: every update lands or is a CONFLICT, none lost`, async () => {
  const [a, b] = servers.map((s) => s.url);
  const lib = await gql(a, `mutation { createLibrary(input: { name: "contended" }) { id } }`, undefined, ADMIN_KEY);
  const created = await gql(
    b,
    `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`,
    {
      i: { libraryId: lib.data.createLibrary.id, name: 'w0', model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }] },
    },
    ADMIN_KEY,
  );
  const id = created.data.createScenario.id;

  const landed: { writer: number; version: number; parameters: number }[] = [];
  let conflicts = 0;
  const other: unknown[] = [];
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let r = 0; r < ROUNDS; r++) {
        const readFrom = (w + r) % 2 === 0 ? a : b;
        const writeTo = (w + r) % 2 === 0 ? b : a;
        const cur = await gql(readFrom, `query($id: ID!) { scenario(id: $id) { version } }`, { id }, ADMIN_KEY);
        const parameters = 1e9 + w * 1000 + r;
        const res = await gql(
          writeTo,
          `mutation($id: ID!, $v: Int!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $i) { version } }`,
          {
            id,
            v: cur.data.scenario.version,
            i: { name: `w${w}r${r}`, model: { parameters }, data: [{ kind: 'TEXT', count: 1e9 }] },
          },
          ADMIN_KEY,
        );
        if (!res.errors) landed.push({ writer: w, version: res.data.updateScenario.version, parameters });
        else if (res.errors[0].extensions?.code === 'CONFLICT') conflicts++;
        else other.push(res.errors);
      }
    }),
  );

  expect(other).toEqual([]);
  expect(landed.length + conflicts).toBe(WRITERS * ROUNDS);
  expect(landed.length).toBeGreaterThan(0);
  expect(conflicts).toBeGreaterThan(0); // the test really contended

  const final = await gql(
    a,
    `query($id: ID!) { scenario(id: $id) { version input { model { parameters } } history { version input { model { parameters } } } } }`,
    { id },
    ADMIN_KEY,
  );
  const sc = final.data.scenario;
  expect(sc.version).toBe(1 + landed.length);
  // each landed update got its own version, and history holds exactly version 1 plus those
  const versions = landed.map((l) => l.version).sort((x, y) => x - y);
  expect(versions).toEqual(Array.from({ length: landed.length }, (_, i) => i + 2));
  expect(sc.history.map((h: { version: number }) => h.version)).toEqual(Array.from({ length: 1 + landed.length }, (_, i) => 1 + landed.length - i));
  for (const l of landed) {
    expect(sc.history.find((h: { version: number }) => h.version === l.version).input.model.parameters).toBe(l.parameters);
  }
  const last = landed.find((l) => l.version === sc.version)!;
  expect(sc.input.model.parameters).toBe(last.parameters);
});

test('the two processes give the same answers: estimates, pages and the examples library', async () => {
  const q = `{ library(id: "examples") { scenarios(first: 100) { totalCount edges { cursor node { id name version estimate { flops pfDays wallClockDays costUsd warnings { code } } } } } } }`;
  const [ra, rb] = await Promise.all(servers.map((s) => gql(s.url, q)));
  expect(ra.errors).toBeUndefined();
  expect(ra.data.library.scenarios.totalCount).toBeGreaterThan(0);
  expect(rb.data).toEqual(ra.data);
});
