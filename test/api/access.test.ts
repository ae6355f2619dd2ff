/**
 * The access matrix over real HTTP: every query and mutation × {no key, revoked key, viewer,
 * editor, owner, other user, admin}. Each cell gets fresh fixtures, so outcomes do not depend on
 * order. A library or scenario you cannot read does not exist for you (null / NOT_FOUND).
 */
import { ADMIN_KEY, gql, GqlResponse, startTestServer, TestServer } from './harness';

type Actor = 'anonymous' | 'revoked' | 'viewer' | 'editor' | 'owner' | 'other' | 'admin';
type Outcome = 'ok' | 'null' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';
const ACTORS: Actor[] = ['anonymous', 'revoked', 'viewer', 'editor', 'owner', 'other', 'admin'];

const INPUT = { name: 'fixture', model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
const DOC = {
  format: 'flopscope.library',
  version: 1,
  library: { name: 'x', description: null },
  hardware: [],
  scenarios: [{ name: 'imported', description: null, tags: [], input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }] } }],
};

let s: TestServer;
const keys = {} as Record<Actor, string | undefined>;
const ids = {} as Record<Actor, string>;
const ownLibrary = {} as Record<Actor, string>;
let L: string; // the private library under test, owned by "owner"

const as = (actor: Actor, query: string, variables?: Record<string, unknown>) => gql(s.url, query, variables, keys[actor]);
const ok = <T = any>(r: GqlResponse<T>) => {
  if (r.errors) throw new Error(`fixture failed: ${JSON.stringify(r.errors)}`);
  return r.data;
};

async function scenarioIn(library: string, extra: Record<string, unknown> = {}): Promise<string> {
  const d = ok(await as('owner', `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: library, ...INPUT, ...extra } }));
  return d.createScenario.id;
}

/** A fresh private library with the members L has (editor, viewer, and revoked as OWNER), for operations that use one up. */
async function libraryLikeL(): Promise<string> {
  const id = ok(await as('owner', `mutation { createLibrary(input: { name: "like L", visibility: PRIVATE }) { id } }`)).createLibrary.id;
  for (const [actor, role] of [
    ['editor', 'EDITOR'],
    ['viewer', 'VIEWER'],
    ['revoked', 'OWNER'],
  ] as const) {
    ok(
      await as('owner', `mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
        l: id,
        u: ids[actor],
        r: role,
      }),
    );
  }
  return id;
}

beforeAll(async () => {
  s = await startTestServer();
  keys.admin = ADMIN_KEY;
  for (const actor of ['owner', 'editor', 'viewer', 'other', 'revoked'] as Actor[]) {
    const d = ok(await gql(s.url, `mutation($n: String!) { createUser(name: $n) { user { id } apiKey } }`, { n: actor }, ADMIN_KEY));
    keys[actor] = d.createUser.apiKey;
    ids[actor] = d.createUser.user.id;
  }
  L = ok(await as('owner', `mutation { createLibrary(input: { name: "private", visibility: PRIVATE }) { id } }`)).createLibrary.id;
  for (const [actor, role] of [
    ['editor', 'EDITOR'],
    ['viewer', 'VIEWER'],
    ['revoked', 'OWNER'],
  ] as const) {
    ok(
      await as('owner', `mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
        l: L,
        u: ids[actor],
        r: role,
      }),
    );
  }
  for (const actor of ['viewer', 'editor', 'owner', 'other', 'admin'] as Actor[]) {
    ownLibrary[actor] = ok(await as(actor, `mutation { createLibrary(input: { name: "mine" }) { id } }`)).createLibrary.id;
  }
  ownLibrary.anonymous = ownLibrary.other;
  ownLibrary.revoked = ownLibrary.other;
  // "revoked" is an OWNER of L whose only key is revoked: it must stop working at once.
  const me = ok(await as('revoked', `{ me { apiKeys { id } } }`));
  ok(await as('revoked', `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: me.me.apiKeys[0].id }));
});
afterAll(async () => {
  await s?.stop();
});

interface Op {
  /** Builds the request for one actor, with fresh fixtures; `field` is the top-level result. */
  run(actor: Actor): Promise<GqlResponse>;
  field: string;
  expect: Record<Actor, Outcome>;
}

const row = (anonymous: Outcome, revoked: Outcome, viewer: Outcome, editor: Outcome, owner: Outcome, other: Outcome, admin: Outcome) => ({
  anonymous,
  revoked,
  viewer,
  editor,
  owner,
  other,
  admin,
});
const READ_OR_NULL = row('null', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'null', 'ok');
const READ = row('NOT_FOUND', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'NOT_FOUND', 'ok');
const ANYONE = row('ok', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'ok', 'ok');
const EDIT = row('UNAUTHENTICATED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ok', 'ok', 'NOT_FOUND', 'ok');
const OWN = row('UNAUTHENTICATED', 'UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'NOT_FOUND', 'ok');
const ANY_USER = row('UNAUTHENTICATED', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'ok', 'ok');
const ADMIN_ONLY = row('UNAUTHENTICATED', 'UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok');

const OPS: Record<string, Op> = {
  'query scenario': {
    field: 'scenario',
    expect: READ_OR_NULL,
    run: async (a) => as(a, `query($id: ID!) { scenario(id: $id) { id estimate { flops } history { version } } }`, { id: await scenarioIn(L) }),
  },
  'query library': {
    field: 'library',
    expect: READ_OR_NULL,
    run: (a) => as(a, `query($id: ID!) { library(id: $id) { id myRole members { role } hardware { key } } }`, { id: L }),
  },
  'query scenarios(libraryId)': {
    field: 'scenarios',
    expect: READ,
    run: (a) => as(a, `query($id: ID!) { scenarios(libraryId: $id) { totalCount } }`, { id: L }),
  },
  'query exportLibrary': { field: 'exportLibrary', expect: READ, run: (a) => as(a, `query($id: ID!) { exportLibrary(id: $id) }`, { id: L }) },
  'query libraries': { field: 'libraries', expect: ANYONE, run: (a) => as(a, `{ libraries { id } }`) },
  'query estimate': { field: 'estimate', expect: ANYONE, run: (a) => as(a, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, { i: INPUT }) },
  'query sweep': {
    field: 'sweep',
    expect: ANYONE,
    run: (a) => as(a, `query($i: ScenarioInput!) { sweep(input: $i, axes: [{ path: "cluster.gpuCount", values: [1, 2] }]) { points } }`, { i: INPUT }),
  },
  'query hardware': { field: 'hardware', expect: ANYONE, run: (a) => as(a, `{ hardware { key } }`) },
  'query referenceModels': { field: 'referenceModels', expect: ANYONE, run: (a) => as(a, `{ referenceModels { key } }`) },
  'query me': { field: 'me', expect: row('null', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'ok', 'ok'), run: (a) => as(a, `{ me { id name } }`) },
  'query users': { field: 'users', expect: ADMIN_ONLY, run: (a) => as(a, `{ users { id } }`) },
  createScenario: {
    field: 'createScenario',
    expect: EDIT,
    run: (a) => as(a, `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: L, ...INPUT } }),
  },
  updateScenario: {
    field: 'updateScenario',
    expect: EDIT,
    run: async (a) =>
      as(a, `mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`, {
        id: await scenarioIn(L),
        i: INPUT,
      }),
  },
  deleteScenario: {
    field: 'deleteScenario',
    expect: EDIT,
    run: async (a) => as(a, `mutation($id: ID!) { deleteScenario(id: $id) }`, { id: await scenarioIn(L) }),
  },
  restoreScenario: {
    field: 'restoreScenario',
    expect: EDIT,
    run: async (a) => {
      const id = await scenarioIn(L);
      ok(await as('owner', `mutation($id: ID!) { deleteScenario(id: $id) }`, { id }));
      return as(a, `mutation($id: ID!) { restoreScenario(id: $id) { id } }`, { id });
    },
  },
  restoreScenarioRevision: {
    field: 'restoreScenarioRevision',
    expect: EDIT,
    run: async (a) => {
      const id = await scenarioIn(L);
      ok(
        await as('owner', `mutation($id: ID!, $i: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $i) { version } }`, {
          id,
          i: { ...INPUT, name: 'v2' },
        }),
      );
      return as(a, `mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 1) { version } }`, { id });
    },
  },
  purgeScenario: {
    field: 'purgeScenario',
    expect: OWN,
    run: async (a) => {
      const id = await scenarioIn(L);
      ok(await as('owner', `mutation($id: ID!) { deleteScenario(id: $id) }`, { id }));
      return as(a, `mutation($id: ID!) { purgeScenario(id: $id) }`, { id });
    },
  },
  'forkScenario (into own library)': {
    field: 'forkScenario',
    expect: row('UNAUTHENTICATED', 'UNAUTHENTICATED', 'ok', 'ok', 'ok', 'NOT_FOUND', 'ok'),
    run: async (a) => as(a, `mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: await scenarioIn(L), l: ownLibrary[a] }),
  },
  createLibrary: { field: 'createLibrary', expect: ANY_USER, run: (a) => as(a, `mutation { createLibrary(input: { name: "new" }) { id } }`) },
  updateLibrary: {
    field: 'updateLibrary',
    expect: OWN,
    run: (a) => as(a, `mutation($id: ID!) { updateLibrary(id: $id, input: { description: "d" }) { id } }`, { id: L }),
  },
  addLibraryMember: {
    field: 'addLibraryMember',
    expect: OWN,
    run: async (a) => {
      const u = ok(await gql(s.url, `mutation { createUser(name: "newcomer") { user { id } } }`, undefined, ADMIN_KEY)).createUser.user.id;
      return as(a, `mutation($l: ID!, $u: ID!) { addLibraryMember(libraryId: $l, userId: $u, role: VIEWER) { role } }`, { l: L, u });
    },
  },
  removeLibraryMember: {
    field: 'removeLibraryMember',
    expect: OWN,
    run: async (a) => {
      const u = ok(await gql(s.url, `mutation { createUser(name: "leaver") { user { id } } }`, undefined, ADMIN_KEY)).createUser.user.id;
      ok(await as('owner', `mutation($l: ID!, $u: ID!) { addLibraryMember(libraryId: $l, userId: $u, role: VIEWER) { role } }`, { l: L, u }));
      return as(a, `mutation($l: ID!, $u: ID!) { removeLibraryMember(libraryId: $l, userId: $u) }`, { l: L, u });
    },
  },
  setLibraryHardware: {
    field: 'setLibraryHardware',
    expect: EDIT,
    run: (a) =>
      as(a, `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "acme-1", name: "Acme 1", peakTflops: { BF16: 500 } }) { key } }`, { l: L }),
  },
  deleteLibraryHardware: {
    field: 'deleteLibraryHardware',
    expect: EDIT,
    run: async (a) => {
      const key = `tmp-${Math.random().toString(36).slice(2, 8)}`;
      ok(
        await as(
          'owner',
          `mutation($l: ID!, $k: String!) { setLibraryHardware(libraryId: $l, input: { key: $k, name: "t", peakTflops: { BF16: 1 } }) { key } }`,
          { l: L, k: key },
        ),
      );
      return as(a, `mutation($l: ID!, $k: String!) { deleteLibraryHardware(libraryId: $l, key: $k) }`, { l: L, k: key });
    },
  },
  importLibrary: {
    field: 'importLibrary',
    expect: EDIT,
    run: (a) => as(a, `mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l: L, d: DOC }),
  },
  'query deletedLibraries': { field: 'deletedLibraries', expect: ANY_USER, run: (a) => as(a, `{ deletedLibraries { id } }`) },
  // Every user in the fixtures owns a library of their own ("mine"): one who owns none is FORBIDDEN (team.test.ts).
  'query userDirectory': { field: 'userDirectory', expect: ANY_USER, run: (a) => as(a, `{ userDirectory(search: "edit") { id name } }`) },
  deleteLibrary: {
    field: 'deleteLibrary',
    expect: OWN,
    run: async (a) => as(a, `mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: await libraryLikeL() }),
  },
  restoreLibrary: {
    field: 'restoreLibrary',
    expect: OWN,
    run: async (a) => {
      const id = await libraryLikeL();
      ok(await as('owner', `mutation($id: ID!) { deleteLibrary(id: $id) }`, { id }));
      return as(a, `mutation($id: ID!) { restoreLibrary(id: $id) { id } }`, { id });
    },
  },
  createUser: { field: 'createUser', expect: ADMIN_ONLY, run: (a) => as(a, `mutation { createUser(name: "x") { apiKey } }`) },
  createApiKey: { field: 'createApiKey', expect: ANY_USER, run: (a) => as(a, `mutation { createApiKey(name: "ci") { id apiKey } }`) },
  'revokeApiKey (a key of their own)': {
    field: 'revokeApiKey',
    expect: ANY_USER,
    run: async (a) => {
      // anonymous and revoked have no working key to make one with: aim at someone else's
      const maker: Actor = a === 'anonymous' || a === 'revoked' ? 'other' : a;
      const id = ok(await as(maker, `mutation { createApiKey { id } }`)).createApiKey.id;
      return as(a, `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id });
    },
  },
};

const cells = Object.entries(OPS).flatMap(([name, op]) => ACTORS.map((actor) => [name, actor, op.expect[actor]] as const));

test.each(cells)('%s as %s → %s', async (name, actor, expected) => {
  const op = OPS[name];
  const r = await op.run(actor);
  expect(r.status).toBeLessThan(500);
  expect(r.raw).not.toMatch(/stacktrace/);
  if (expected === 'ok') {
    expect(r.errors).toBeUndefined();
    expect(r.data[op.field]).not.toBeNull();
  } else if (expected === 'null') {
    expect(r.errors).toBeUndefined();
    expect(r.data[op.field]).toBeNull();
  } else {
    expect(r.errors?.[0]?.extensions?.code).toBe(expected);
  }
});

test("another user's key cannot be revoked (NOT_FOUND), and a revoked key stops working with the next request", async () => {
  const theirs = ok(await as('editor', `mutation { createApiKey { id apiKey } }`)).createApiKey;
  const r = await as('other', `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: theirs.id });
  expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect((await gql(s.url, `{ me { name } }`, undefined, theirs.apiKey)).data.me.name).toBe('editor');
  ok(await as('editor', `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: theirs.id }));
  const after = await gql(s.url, `{ me { name } }`, undefined, theirs.apiKey);
  expect(after.status).toBe(401);
  expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('private libraries do not show up in lists for non-members; public ones do for everyone', async () => {
  const names = async (a: Actor) => ok(await as(a, `{ libraries { id } }`)).libraries.map((l: { id: string }) => l.id);
  expect(await names('viewer')).toContain(L);
  expect(await names('other')).not.toContain(L);
  expect(await names('anonymous')).not.toContain(L);
  const all = ok(await as('other', `{ scenarios(first: 1000) { edges { node { library { id } } } } }`));
  expect(all.scenarios.edges.every((e: { node: { library: { id: string } } }) => e.node.library.id !== L)).toBe(true);
});

test('the examples library is public and read-only for everyone, the admin included', async () => {
  const examples = ok(await as('anonymous', `{ library(id: "examples") { id scenarios(first: 1) { edges { node { id } } } } }`)).library;
  for (const a of ['editor', 'admin'] as Actor[]) {
    const r = await as(a, `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: examples.id, ...INPUT } });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  const fork = await as('viewer', `mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id forkedFrom { id } } }`, {
    id: examples.scenarios.edges[0].node.id,
    l: ownLibrary.viewer,
  });
  expect(fork.errors).toBeUndefined();
  expect(fork.data.forkScenario.forkedFrom.id).toBe(examples.scenarios.edges[0].node.id);
});

test('a library keeps at least one owner', async () => {
  const lib = ok(await as('editor', `mutation { createLibrary(input: { name: "solo" }) { id } }`)).createLibrary.id;
  const r = await as('editor', `mutation($l: ID!, $u: ID!) { removeLibraryMember(libraryId: $l, userId: $u) }`, { l: lib, u: ids.editor });
  expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
