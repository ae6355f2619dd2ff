/**
 * Failures are named as failures: while a lock makes every statement on the scenarios and
 * libraries hit the statement timeout, reads and writes answer TIMEOUT (or SERVICE_UNAVAILABLE) with
 * one HTTP status, 503, with or without a key — never NOT_FOUND, null or INTERNAL_SERVER_ERROR —
 * and a mutation that times out has written nothing. An import that runs out of time is rolled
 * back before it is answered.
 */
import { Client } from 'pg';
import { ADMIN_KEY, gql, GqlResponse, startTestServer, TestServer } from '../api/harness';

let s: TestServer;
let libraryId: string;
let scenarioId: string;
const INPUT = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e10 }] };

beforeAll(async () => {
  s = await startTestServer({ config: { statementTimeoutMs: 500 } });
  libraryId = (await gql(s.url, `mutation { createLibrary(input: { name: "locked", visibility: PUBLIC }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary
    .id;
  const created = await gql(
    s.url,
    `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`,
    { i: { libraryId, name: 'held', ...INPUT } },
    ADMIN_KEY,
  );
  scenarioId = created.data.createScenario.id;
});
afterAll(async () => {
  await s?.stop();
});

/** Runs `probe` while another session holds ACCESS EXCLUSIVE locks on the scenario and library tables. */
async function whileLocked<T>(probe: () => Promise<T>): Promise<T> {
  const locker = new Client({ connectionString: s.app.db.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE scenarios, libraries IN ACCESS EXCLUSIVE MODE');
    return await probe();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
}

const FAILURE_CODES = ['TIMEOUT', 'SERVICE_UNAVAILABLE'];

function expectNamedFailure(r: GqlResponse, what: string) {
  const codes = (r.errors ?? []).map((e) => e.extensions?.code);
  expect({ what, status: r.status, codes }).toEqual({ what, status: 503, codes: [expect.stringMatching(/^(TIMEOUT|SERVICE_UNAVAILABLE)$/)] });
  expect(FAILURE_CODES).toContain(codes[0]);
}

const PROBES: [string, string, Record<string, unknown>][] = [
  ['scenario(id)', `query($id: ID!) { scenario(id: $id) { id name } }`, {}],
  ['library(id)', `query($lib: ID!) { library(id: $lib) { id name } }`, {}],
  ['scenarios', `query($lib: ID!) { scenarios(libraryId: $lib) { edges { node { id } } } }`, {}],
  [
    'updateScenario',
    `mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`,
    { i: { name: 'changed', ...INPUT } },
  ],
  ['forkScenario', `mutation($id: ID!, $lib: ID!) { forkScenario(id: $id, libraryId: $lib) { id } }`, {}],
  ['deleteScenario', `mutation($id: ID!) { deleteScenario(id: $id) }`, {}],
];

for (const [what, query, extra] of PROBES) {
  for (const key of [ADMIN_KEY, undefined]) {
    if (!key && what !== 'scenario(id)' && what !== 'library(id)' && what !== 'scenarios') continue; // mutations need a key before they reach the database
    test(`${what} ${key ? 'with a key' : 'anonymously'}: 503 TIMEOUT or SERVICE_UNAVAILABLE while the database times out, never NOT_FOUND or null`, async () => {
      const r = await whileLocked(() => gql(s.url, query, { id: scenarioId, lib: libraryId, ...extra }, key));
      expectNamedFailure(r, what);
      expect(r.raw).not.toContain('NOT_FOUND');
    }, 30_000);
  }
}

test('after the lock, the scenario is as it was: the timed-out update, fork and delete wrote nothing', async () => {
  const r = await gql(
    s.url,
    `query($id: ID!) { scenario(id: $id) { name version } library(id: "${libraryId}") { scenarios { totalCount } } }`,
    { id: scenarioId },
    ADMIN_KEY,
  );
  expect(r.data.scenario).toEqual({ name: 'held', version: 1 });
  expect(r.data.library.scenarios.totalCount).toBe(1);
});

test('an import that outlives the request timeout is rolled back before it is answered: TIMEOUT, and nothing is written', async () => {
  const impatient = await startTestServer({ databaseUrl: s.app.db.url, dataDir: s.dataDir, config: { requestTimeoutMs: 300 } });
  try {
    const lib = (await gql(impatient.url, `mutation { createLibrary(input: { name: "import target" }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary.id;
    const document = {
      format: 'flopscope.library',
      version: 1,
      library: { name: 'big', description: null },
      hardware: [],
      scenarios: Array.from({ length: 5000 }, (_, i) => ({ name: `imported ${i}`, description: null, tags: [], input: INPUT })),
    };
    const r = await gql(
      impatient.url,
      `mutation($lib: ID!, $d: JSONObject!) { importLibrary(libraryId: $lib, document: $d) { scenarios } }`,
      { lib, d: document },
      ADMIN_KEY,
    );
    expect(r.status).toBe(503);
    expect(r.errors?.[0].extensions?.code).toBe('TIMEOUT');
    expect(r.errors?.[0].message).toMatch(/nothing was written/);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a commit after the answer would show by now
    const count = await gql(s.url, `query($lib: ID!) { library(id: $lib) { scenarios { totalCount } } }`, { lib }, ADMIN_KEY);
    expect(count.data.library.scenarios.totalCount).toBe(0);
  } finally {
    await impatient.stop();
  }
}, 60_000);
