/**
 * What a team needs of the API (issue 18), over real HTTP on the real PostgreSQL: libraries deleted
 * softly and restored, a user directory for owners, change notes on versions, renames through
 * updateScenario, conflicts that say who saved what, imports that do not duplicate, and warnings
 * with a severity.
 */
import { ADMIN_KEY, errorCode, gql, GqlResponse, ok, startTestServer, TestServer } from './harness';

let s: TestServer;
const as = (key: string | undefined) => (query: string, variables?: Record<string, unknown>) => gql(s.url, query, variables, key);
const admin = as(ADMIN_KEY);
const users: Record<string, { id: string; key: string }> = {};

const TEXT = (name: string, parameters = 1e9) => ({ name, model: { parameters }, data: [{ kind: 'TEXT', count: 2e10 }] });
const newLibrary = async (key: string, name: string, visibility = 'PRIVATE') =>
  ok(await as(key)(`mutation($n: String!, $v: Visibility) { createLibrary(input: { name: $n, visibility: $v }) { id } }`, { n: name, v: visibility }))
    .createLibrary.id as string;
const addMember = async (owner: string, libraryId: string, userId: string, role: string) =>
  ok(
    await as(owner)(`mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
      l: libraryId,
      u: userId,
      r: role,
    }),
  );
const createScenario = async (key: string, libraryId: string, input: Record<string, unknown>) =>
  ok(await as(key)(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } })).createScenario as {
    id: string;
    version: number;
  };
const UPDATE = `mutation($id: ID!, $v: Int!, $i: ScenarioInput!, $note: String) {
  updateScenario(id: $id, expectedVersion: $v, input: $i, note: $note) { id name description tags version note } }`;
const update = (key: string, id: string, v: number, input: Record<string, unknown>, note?: string | null) => as(key)(UPDATE, { id, v, i: input, note });
const ext = (r: GqlResponse) => r.errors?.[0]?.extensions ?? {};

beforeAll(async () => {
  s = await startTestServer();
  for (const name of ['owner', 'editor', 'viewer', 'stranger', 'Ada Lovelace', 'Adam Smith', 'Grace Hopper', 'newcomer']) {
    const d = ok(await admin(`mutation($n: String!) { createUser(name: $n) { user { id } apiKey } }`, { n: name }));
    users[name] = { id: d.createUser.user.id, key: d.createUser.apiKey };
  }
});
afterAll(async () => {
  await s?.stop();
});

describe('deleteLibrary, restoreLibrary, deletedLibraries', () => {
  test('a deleted library leaves every read path, refuses writes saying why, and comes back whole with restoreLibrary', async () => {
    const { owner, editor, stranger } = users;
    const lib = await newLibrary(owner.key, 'to be deleted', 'PUBLIC');
    await addMember(owner.key, lib, editor.id, 'EDITOR');
    const sc = await createScenario(owner.key, lib, TEXT('in the deleted library'));
    const elsewhere = await newLibrary(editor.key, 'fork target');
    const fork = ok(await as(editor.key)(`mutation($id: ID!, $l: ID!) { forkScenario(id: $id, libraryId: $l) { id } }`, { id: sc.id, l: elsewhere }))
      .forkScenario.id;

    // Only its owner deletes it: an editor is FORBIDDEN, a stranger (of a public library) too, an unknown id NOT_FOUND.
    const byEditor = await as(editor.key)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: lib });
    expect(ext(byEditor)).toMatchObject({ code: 'FORBIDDEN' });
    expect(byEditor.errors?.[0]?.message).toMatch(/needs the OWNER role; you are EDITOR/);
    expect(errorCode(await as(stranger.key)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: lib }))).toBe('FORBIDDEN');
    expect(errorCode(await as(undefined)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: lib }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await as(owner.key)(`mutation { deleteLibrary(id: "00000000-0000-7000-8000-000000000000") }`))).toBe('NOT_FOUND');
    expect(ok(await as(owner.key)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: lib })).deleteLibrary).toBe(true);

    for (const key of [owner.key, editor.key, stranger.key, ADMIN_KEY, undefined]) {
      const ask = as(key);
      const reads = ok(
        await ask(
          `query($l: ID!, $s: ID!, $f: ID!) { libraries { id } library(id: $l) { id } scenario(id: $s) { id } scenarios(first: 1000) { edges { node { id } } } fork: scenario(id: $f) { forkedFrom { id } } }`,
          { l: lib, s: sc.id, f: fork },
        ),
      );
      expect(reads.libraries.map((l: { id: string }) => l.id)).not.toContain(lib);
      expect(reads.library).toBeNull();
      expect(reads.scenario).toBeNull();
      expect(reads.scenarios.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(sc.id);
      // the fork stays, but its origin cannot be read (the fork itself is readable by its library's members and the admin)
      if (key === editor.key || key === ADMIN_KEY) expect(reads.fork).toEqual({ forkedFrom: null });
    }
    // Writes are refused: NOT_FOUND, and its members are told that it is deleted (a stranger learns nothing).
    const writes = [
      [
        `mutation($l: ID!) { createScenario(input: { libraryId: $l, name: "x", model: { parameters: 1e9 }, data: [{ kind: TEXT, count: 1e9 }] }) { id } }`,
        { l: lib },
      ],
      [UPDATE, { id: sc.id, v: 1, i: TEXT('renamed') }],
      [`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: sc.id }],
      [`mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "x-1", name: "X", peakTflops: { BF16: 1 } }) { key } }`, { l: lib }],
      [`mutation($l: ID!) { updateLibrary(id: $l, input: { name: "back?" }) { id } }`, { l: lib }],
      [`mutation($l: ID!) { importLibrary(libraryId: $l, document: { format: "flopscope.library", version: 2, scenarios: [] }) { scenarios } }`, { l: lib }],
      [`query($l: ID!) { exportLibrary(id: $l) }`, { l: lib }],
      [`mutation($l: ID!) { deleteLibrary(id: $l) }`, { l: lib }],
    ] as const;
    for (const [query, variables] of writes) {
      const mine = await as(owner.key)(query, variables);
      expect(ext(mine)).toMatchObject({ code: 'NOT_FOUND', deleted: true });
      expect(mine.errors?.[0]?.message).toMatch(/is deleted; its owner can bring it back with restoreLibrary/);
      const theirs = await as(stranger.key)(query, variables);
      expect(errorCode(theirs)).toBe('NOT_FOUND');
      expect(JSON.stringify(theirs.errors)).not.toMatch(/deleted/);
    }

    // The trash: deleted libraries the caller owns (the admin: all of them).
    const trash = async (key: string) =>
      ok(
        await as(key)(`{ deletedLibraries { id name deletedAt myRole members { role } scenarios { totalCount edges { node { name estimate { flops } } } } } }`),
      ).deletedLibraries as { id: string; deletedAt: string; myRole: string }[];
    const [mine] = (await trash(owner.key)).filter((l) => l.id === lib);
    // what is in it can be looked at there, and only there
    expect(mine).toMatchObject({
      name: 'to be deleted',
      myRole: 'OWNER',
      members: [{ role: 'OWNER' }, { role: 'EDITOR' }],
      scenarios: { totalCount: 1, edges: [{ node: { name: 'in the deleted library', estimate: { flops: 6 * 1e9 * 2e10 } } }] },
    });
    expect(Date.parse(mine.deletedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await trash(editor.key)).map((l) => l.id)).not.toContain(lib);
    expect((await trash(ADMIN_KEY)).map((l) => l.id)).toContain(lib);
    expect(errorCode(await as(undefined)(`{ deletedLibraries { id } }`))).toBe('UNAUTHENTICATED');

    // Restoring: OWNER only; then everything reads as before.
    const restore = (key: string | undefined) => as(key)(`mutation($id: ID!) { restoreLibrary(id: $id) { id name deletedAt } }`, { id: lib });
    expect(errorCode(await restore(editor.key))).toBe('FORBIDDEN');
    expect(errorCode(await restore(stranger.key))).toBe('NOT_FOUND');
    expect(errorCode(await restore(undefined))).toBe('UNAUTHENTICATED');
    expect(ok(await restore(owner.key)).restoreLibrary).toEqual({ id: lib, name: 'to be deleted', deletedAt: null });
    expect(ext(await restore(owner.key))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const back = ok(
      await as(editor.key)(`query($l: ID!, $s: ID!, $f: ID!) { library(id: $l) { id } scenario(id: $s) { id } fork: scenario(id: $f) { forkedFrom { id } } }`, {
        l: lib,
        s: sc.id,
        f: fork,
      }),
    );
    expect(back).toEqual({ library: { id: lib }, scenario: { id: sc.id }, fork: { forkedFrom: { id: sc.id } } });
    expect(ok(await update(editor.key, sc.id, 1, TEXT('saved again'))).updateScenario.version).toBe(2);
  });

  test('saves racing a delete: each lands before it (and is there after the restore) or is refused NOT_FOUND, nothing in between', async () => {
    const { owner } = users;
    for (let round = 0; round < 5; round++) {
      const lib = await newLibrary(owner.key, `raced ${round}`);
      const create = (i: number) =>
        as(owner.key)(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, { i: { libraryId: lib, ...TEXT(`racer ${i}`) } });
      const [deleted, ...saves] = await Promise.all([
        as(owner.key)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: lib }),
        ...Array.from({ length: 8 }, (_, i) => create(i)),
      ]);
      expect(ok(deleted).deleteLibrary).toBe(true);
      const landed = saves.filter((r) => !r.errors).map((r) => r.data.createScenario.id);
      for (const r of saves.filter((x) => x.errors)) expect(ext(r)).toMatchObject({ code: 'NOT_FOUND', deleted: true });
      ok(await as(owner.key)(`mutation($id: ID!) { restoreLibrary(id: $id) { id } }`, { id: lib }));
      const there = ok(await as(owner.key)(`query($l: ID!) { scenarios(libraryId: $l) { edges { node { id } } } }`, { l: lib })).scenarios.edges;
      expect(there.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(landed.sort());
    }
  });

  test('the built-in examples library cannot be deleted, by anyone', async () => {
    const examples = ok(await admin(`{ library(id: "examples") { id } }`)).library.id;
    for (const id of ['examples', examples]) {
      const r = await admin(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id });
      expect(ext(r)).toMatchObject({ code: 'FORBIDDEN' });
      expect(r.errors?.[0]?.message).toBe('The built-in library "examples" cannot be deleted');
    }
    expect(ok(await admin(`{ library(id: "examples") { id deletedAt } }`)).library).toEqual({ id: examples, deletedAt: null });
  });
});

describe('userDirectory', () => {
  const DIRECTORY = `query($s: String!, $f: Int) { userDirectory(search: $s, first: $f) { id name } }`;

  test('library owners and the admin find users by part of their name, in any case; ids and names only', async () => {
    const { owner } = users;
    await newLibrary(owner.key, 'owned, so the directory is open');
    const found = await as(owner.key)(DIRECTORY, { s: 'ADA' });
    expect(ok(found).userDirectory).toEqual([
      { id: users['Ada Lovelace'].id, name: 'Ada Lovelace' },
      { id: users['Adam Smith'].id, name: 'Adam Smith' },
    ]);
    expect(ok(await admin(DIRECTORY, { s: 'hopper' })).userDirectory).toEqual([{ id: users['Grace Hopper'].id, name: 'Grace Hopper' }]);
    expect(ok(await as(owner.key)(DIRECTORY, { s: 'ada', f: 1 })).userDirectory).toEqual([{ id: users['Ada Lovelace'].id, name: 'Ada Lovelace' }]);
    // a plain substring: LIKE's wildcards match only themselves
    expect(ok(await as(owner.key)(DIRECTORY, { s: 'a%' })).userDirectory).toEqual([]);
    expect(ok(await as(owner.key)(DIRECTORY, { s: 'Ad_' })).userDirectory).toEqual([]);
    // nothing but id and name: no key, no key prefix, not even as a field to ask for
    expect(found.raw).not.toMatch(/fsk_|prefix|apiKey/);
    expect(errorCode(await as(owner.key)(`{ userDirectory(search: "ada") { id apiKeys { prefix } } }`))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a user who owns no library is FORBIDDEN until they create one; no key is UNAUTHENTICATED', async () => {
    const { newcomer } = users;
    const refused = await as(newcomer.key)(DIRECTORY, { s: 'ada' });
    expect(ext(refused)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.errors?.[0]?.message).toMatch(/for library owners and the admin/);
    // an EDITOR somewhere is not an owner
    const shared = await newLibrary(users.owner.key, 'newcomer edits here');
    await addMember(users.owner.key, shared, newcomer.id, 'EDITOR');
    expect(errorCode(await as(newcomer.key)(DIRECTORY, { s: 'ada' }))).toBe('FORBIDDEN');
    const own = await newLibrary(newcomer.key, 'now an owner');
    expect(ok(await as(newcomer.key)(DIRECTORY, { s: 'ada' })).userDirectory).toHaveLength(2);
    // …and owning only a deleted library is owning none
    ok(await as(newcomer.key)(`mutation($id: ID!) { deleteLibrary(id: $id) }`, { id: own }));
    expect(errorCode(await as(newcomer.key)(DIRECTORY, { s: 'ada' }))).toBe('FORBIDDEN');
    expect(errorCode(await as(undefined)(DIRECTORY, { s: 'ada' }))).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['a one-character search', { s: 'a' }, 'search'],
    ['a blank search', { s: '   ' }, 'search'],
    ['first above 50', { s: 'ada', f: 51 }, 'first'],
    ['first of 0', { s: 'ada', f: 0 }, 'first'],
  ])('%s is BAD_USER_INPUT naming the field', async (_what, variables, field) => {
    const r = await admin(DIRECTORY, variables);
    expect(ext(r)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('versions: change notes, renames, description and tags through updateScenario', () => {
  test('a note is trimmed and stored on its version; Scenario.note is the current version’s', async () => {
    const { owner } = users;
    const lib = await newLibrary(owner.key, 'notes');
    const sc = await createScenario(owner.key, lib, { ...TEXT('first'), description: 'on 10,000 A100s', tags: ['a100'] });
    const v2 = ok(
      await update(owner.key, sc.id, 1, { ...TEXT('renamed', 2e9), description: 'on 4,096 H100s', tags: ['h100', 'llm'] }, '  moved to H100s  '),
    ).updateScenario;
    expect(v2).toEqual({ id: sc.id, name: 'renamed', description: 'on 4,096 H100s', tags: ['h100', 'llm'], version: 2, note: 'moved to H100s' });
    const restored = ok(
      await as(owner.key)(
        `mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 1, expectedVersion: 2, note: "back to the A100 plan") { name version note } }`,
        {
          id: sc.id,
        },
      ),
    ).restoreScenarioRevision;
    expect(restored).toEqual({ name: 'first', version: 3, note: 'back to the A100 plan' });
    expect(ok(await update(owner.key, sc.id, 3, TEXT('no note'), '   ')).updateScenario.note).toBeNull();

    const read = ok(
      await as(owner.key)(
        `query($id: ID!, $l: ID!) {
        scenario(id: $id) { name description tags note history { version note author { name } input { name description tags } } }
        library(id: $l) { scenarios(filter: { text: "no note" }) { edges { node { id } } } } }`,
        { id: sc.id, l: lib },
      ),
    );
    expect(read.scenario).toMatchObject({ name: 'no note', description: null, tags: [], note: null });
    expect(read.scenario.history.map((h: any) => [h.version, h.note, h.author.name, h.input.name, h.input.tags])).toEqual([
      [4, null, 'owner', 'no note', []],
      [3, 'back to the A100 plan', 'owner', 'first', ['a100']],
      [2, 'moved to H100s', 'owner', 'renamed', ['h100', 'llm']],
      [1, null, 'owner', 'first', ['a100']],
    ]);
    expect(read.library.scenarios.edges).toEqual([{ node: { id: sc.id } }]);
  });

  test.each([
    ['longer than 500 characters', 'x'.repeat(501), /at most 500 characters, got 501/],
    ['with a NUL character', 'a\u0000b', /NUL/],
  ])('a note %s is BAD_USER_INPUT naming note, and nothing is written', async (_what, note, message) => {
    const { owner } = users;
    const lib = await newLibrary(owner.key, 'bad notes');
    const sc = await createScenario(owner.key, lib, TEXT('noted'));
    for (const r of [
      await update(owner.key, sc.id, 1, TEXT('noted again'), note),
      await as(owner.key)(`mutation($id: ID!, $n: String) { restoreScenarioRevision(id: $id, version: 1, note: $n) { version } }`, { id: sc.id, n: note }),
    ]) {
      expect(ext(r)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      expect(r.errors?.[0]?.message).toMatch(message);
    }
    expect(ok(await as(owner.key)(`query($id: ID!) { scenario(id: $id) { version name } }`, { id: sc.id })).scenario).toEqual({ version: 1, name: 'noted' });
    // 500 characters are fine
    expect(ok(await update(owner.key, sc.id, 1, TEXT('noted'), 'y'.repeat(500))).updateScenario.note).toHaveLength(500);
  });

  test('a VIEWER may not save, with or without a note: FORBIDDEN; a missing scenario is NOT_FOUND', async () => {
    const { owner, viewer } = users;
    const lib = await newLibrary(owner.key, 'viewed');
    await addMember(owner.key, lib, viewer.id, 'VIEWER');
    const sc = await createScenario(owner.key, lib, TEXT('looked at'));
    expect(errorCode(await update(viewer.key, sc.id, 1, TEXT('mine now'), 'a note'))).toBe('FORBIDDEN');
    expect(errorCode(await update(owner.key, '00000000-0000-7000-8000-000000000000', 1, TEXT('nobody'), 'a note'))).toBe('NOT_FOUND');
  });
});

describe('a stale save is a CONFLICT that says who saved what', () => {
  const BASE = {
    name: 'contended',
    model: { parameters: 7e9 },
    data: [{ kind: 'TEXT', count: 1.4e11 }],
    cluster: { hardware: 'h100-sxm', gpuCount: 512, utilization: 0.4 },
  };

  test('currentVersion, savedBy, savedAt and the input paths that changed since the version the client started from', async () => {
    const { owner, editor } = users;
    const lib = await newLibrary(owner.key, 'conflicts');
    await addMember(owner.key, lib, editor.id, 'EDITOR');
    const sc = await createScenario(owner.key, lib, BASE);
    // the editor raises utilization and the token count: version 2
    ok(await update(editor.key, sc.id, 1, { ...BASE, cluster: { ...BASE.cluster, utilization: 0.45 }, data: [{ kind: 'TEXT', count: 2e11 }] }, 'MFU measured'));
    const history = ok(await as(owner.key)(`query($id: ID!) { scenario(id: $id) { history { version createdAt } } }`, { id: sc.id })).scenario.history;

    // the owner, still on version 1, changes the GPU count
    const stale = await update(owner.key, sc.id, 1, { ...BASE, cluster: { ...BASE.cluster, gpuCount: 1024 } });
    expect(ext(stale)).toEqual({
      code: 'CONFLICT',
      currentVersion: 2,
      expectedVersion: 1,
      savedBy: { id: editor.id, name: 'editor' },
      savedAt: history[0].createdAt,
      changedPaths: ['cluster.utilization', 'data.0.count'],
    });
    expect(stale.errors?.[0]?.message).toMatch(/is at version 2, not 1: saved by editor at .*; reload it and apply your change again/);

    // Three-way: their paths and mine differ, so mine goes on top of theirs, and nothing is lost.
    const merged = { ...BASE, cluster: { ...BASE.cluster, gpuCount: 1024, utilization: 0.45 }, data: [{ kind: 'TEXT', count: 2e11 }] };
    ok(await update(owner.key, sc.id, 2, merged, 'merged: 1,024 GPUs'));
    const now = ok(
      await as(owner.key)(`query($id: ID!) { scenario(id: $id) { version input { data { count } cluster { gpuCount utilization } } } }`, { id: sc.id }),
    );
    expect(now.scenario).toEqual({ version: 3, input: { data: [{ count: 2e11 }], cluster: { gpuCount: 1024, utilization: 0.45 } } });

    // From further back: every path changed since version 1, renames and tags included; a restore says the same.
    ok(await update(editor.key, sc.id, 3, { ...merged, name: 'contended, renamed', tags: ['h100'], training: { epochs: 2 } }));
    const older = await as(owner.key)(`mutation($id: ID!) { restoreScenarioRevision(id: $id, version: 1, expectedVersion: 1) { version } }`, { id: sc.id });
    expect(ext(older)).toMatchObject({ code: 'CONFLICT', currentVersion: 4, savedBy: { id: editor.id, name: 'editor' } });
    expect(ext(older).changedPaths).toEqual(['cluster.gpuCount', 'cluster.utilization', 'data.0.count', 'name', 'tags.0', 'training.epochs']);
    // A version that never was: no paths to give.
    expect(ext(await update(owner.key, sc.id, 99, BASE))).toMatchObject({ code: 'CONFLICT', currentVersion: 4, changedPaths: null });
  });
});

describe('importLibrary does not duplicate: onDuplicate SKIP (the default) or COPY', () => {
  const IMPORT = `mutation($l: ID!, $d: JSONObject!, $o: ImportDuplicates) { importLibrary(libraryId: $l, document: $d, onDuplicate: $o) { scenarios hardware skipped } }`;

  test('the same export imported twice creates nothing the second time; COPY copies; a changed or deleted scenario is no duplicate', async () => {
    const { owner } = users;
    const source = await newLibrary(owner.key, 'export me');
    ok(
      await as(owner.key)(
        `mutation($l: ID!) { setLibraryHardware(libraryId: $l, input: { key: "tpu-x", name: "TPU X", peakTflops: { BF16: 700 } }) { key } }`,
        { l: source },
      ),
    );
    await createScenario(owner.key, source, { ...TEXT('on tpu', 7e9), tags: ['tpu'], cluster: { hardware: 'tpu-x', utilization: 0.4 } });
    await createScenario(owner.key, source, TEXT('plain'));
    const doc = ok(await as(owner.key)(`query($l: ID!) { exportLibrary(id: $l) }`, { l: source })).exportLibrary;

    const target = await newLibrary(owner.key, 'import here');
    const importInto = async (o?: string) => ok(await as(owner.key)(IMPORT, { l: target, d: doc, o })).importLibrary;
    const count = async () =>
      ok(await as(owner.key)(`query($l: ID!) { library(id: $l) { scenarios { totalCount } } }`, { l: target })).library.scenarios.totalCount;
    expect(await importInto()).toEqual({ scenarios: 2, hardware: 1, skipped: 0 });
    expect(await importInto()).toEqual({ scenarios: 0, hardware: 0, skipped: 2 });
    expect(await importInto('SKIP')).toEqual({ scenarios: 0, hardware: 0, skipped: 2 });
    expect(await count()).toBe(2);
    expect(await importInto('COPY')).toEqual({ scenarios: 2, hardware: 0, skipped: 0 });
    expect(await count()).toBe(4);

    // A second target: same name but another input is no duplicate; neither is a deleted copy.
    const other = await newLibrary(owner.key, 'second target');
    const same = await createScenario(owner.key, other, TEXT('plain'));
    await createScenario(owner.key, other, TEXT('on tpu', 7e9)); // another input (no tags/hardware): not the same
    expect(ok(await as(owner.key)(IMPORT, { l: other, d: doc })).importLibrary).toEqual({ scenarios: 1, hardware: 1, skipped: 1 });
    ok(await as(owner.key)(`mutation($id: ID!) { deleteScenario(id: $id) }`, { id: same.id }));
    expect(ok(await as(owner.key)(IMPORT, { l: other, d: doc })).importLibrary).toEqual({ scenarios: 1, hardware: 0, skipped: 1 });
  });

  test('a bad onDuplicate is refused before anything runs; a VIEWER may not import: FORBIDDEN', async () => {
    const { owner, viewer } = users;
    const lib = await newLibrary(owner.key, 'import guarded');
    await addMember(owner.key, lib, viewer.id, 'VIEWER');
    const doc = {
      format: 'flopscope.library',
      version: 2,
      scenarios: [{ name: 'x', input: { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }] } }],
    };
    expect(ext(await as(owner.key)(IMPORT, { l: lib, d: doc, o: 'MERGE' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'o' });
    expect(errorCode(await as(viewer.key)(IMPORT, { l: lib, d: doc }))).toBe('FORBIDDEN');
    expect(ok(await as(owner.key)(`query($l: ID!) { library(id: $l) { scenarios { totalCount } } }`, { l: lib })).library.scenarios.totalCount).toBe(0);
  });
});

describe('warnings carry a severity', () => {
  const WARNINGS = `query($i: ScenarioInput!) { estimate(input: $i) { plain: warnings { code severity message } advised: warnings(computeOptimal: true) { code severity } } }`;

  test('an over-trained LLM is told so as INFO, or as a WARNING when compute-optimal advice is asked for', async () => {
    // Llama 3 8B style: 15T tokens on 8B parameters
    const llama = {
      name: 'Llama-style 8B',
      model: { parameters: 8e9 },
      data: [{ kind: 'TEXT', count: 15e12 }],
      cluster: { hardware: 'h100-sxm', gpuCount: 1024, utilization: 0.4 },
    };
    const e = ok(await gql(s.url, WARNINGS, { i: llama })).estimate;
    expect(e.plain).toEqual([expect.objectContaining({ code: 'FAR_FROM_CHINCHILLA_OPTIMAL', severity: 'INFO' })]);
    expect(e.advised).toEqual([{ code: 'FAR_FROM_CHINCHILLA_OPTIMAL', severity: 'WARNING' }]);
  });

  test("PARAMETER_COUNT_AMBIGUOUS quotes the article's 30亿/30B only where the slip looks like it", async () => {
    const gpt3 = { name: 'GPT-3 175B, from a 13B run', model: { parameters: 175e9 }, data: [{ kind: 'TEXT', count: 3e11 }], cluster: { pricePerGpuHour: 2 } };
    const plain = ok(await gql(s.url, WARNINGS, { i: gpt3 })).estimate.plain.find((w: { code: string }) => w.code === 'PARAMETER_COUNT_AMBIGUOUS');
    expect(plain).toMatchObject({ severity: 'WARNING' });
    expect(plain.message).toMatch(/"13B" .* 13\.46x apart\. Check which is meant\.$/);
    expect(plain.message).not.toMatch(/30亿/);
    const sora = { ...gpt3, name: 'Sora 参数量 30亿', model: { parameters: 30e9 } };
    const slip = ok(await gql(s.url, WARNINGS, { i: sora })).estimate.plain.find((w: { code: string }) => w.code === 'PARAMETER_COUNT_AMBIGUOUS');
    expect(slip.message).toMatch(/the seed article writes both "30亿" \(3e9\) and "30B" \(3e10\)/);
  });
});
