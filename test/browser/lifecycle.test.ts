/**
 * A scenario's life in the dashboard, walked as three colleagues would in real Chromium over the
 * real API and PostgreSQL (issue 18, items 1 and 2): an editor starts a scenario from scratch and
 * from a preset, edits, saves with a note and renames; the owner reads the history with authors
 * and diffs and restores version 1; a stale save by the editor shows the owner's change field by
 * field and merges without losing either side (and a field both changed is picked, not guessed);
 * a viewer sees read-only inputs and no save, and forks; a deleted scenario comes back from the
 * library's trash. Screenshots at 390 and 1400 px go to test/browser/screenshots/.
 */
import { ADMIN_KEY, gql, ok, startTestServer, type TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
const users: Record<'owner' | 'editor' | 'viewer', { id: string; key: string; name: string }> = {} as never;
let libraryId: string;
let veraLibraryId: string;
let scenarioId: string;

const api = async (key: string, query: string, variables?: Record<string, unknown>) => ok(await gql(s.url, query, variables, key));

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  for (const [role, name] of [
    ['owner', 'Olga Owner'],
    ['editor', 'Eddie Editor'],
    ['viewer', 'Vera Viewer'],
  ] as const) {
    const d = await api(ADMIN_KEY, `mutation($n: String!) { createUser(name: $n) { apiKey user { id name } } }`, { n: name });
    users[role] = { id: d.createUser.user.id, key: d.createUser.apiKey, name };
  }
  libraryId = (await api(users.owner.key, `mutation { createLibrary(input: { name: "Team runs" }) { id } }`)).createLibrary.id;
  for (const [who, role] of [
    ['editor', 'EDITOR'],
    ['viewer', 'VIEWER'],
  ] as const) {
    await api(users.owner.key, `mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
      l: libraryId,
      u: users[who].id,
      r: role,
    });
  }
  veraLibraryId = (await api(users.viewer.key, `mutation { createLibrary(input: { name: "Vera's sandbox" }) { id } }`)).createLibrary.id;
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

/** Opens a view as a user: their key in localStorage, the page loaded afresh. */
async function as(who: keyof typeof users | null, hash: string) {
  const { page } = b;
  if (!page.url().startsWith(base)) await page.goto(`${base}/dashboard`);
  await page.evaluate(who ? `localStorage.setItem('flopscope.apiKey', ${JSON.stringify(users[who].key)})` : `localStorage.removeItem('flopscope.apiKey')`);
  await page.goto(`${base}/dashboard${hash}`);
  await page.reload();
}

const cardText = (metric: string) => b.page.locator(`[data-metric="${metric}"] .card-value`).innerText();
const tableNames = () => b.page.locator('[data-testid="scenario-table"] td.name a').allInnerTexts();
const idFromUrl = () => decodeURIComponent(new URL(b.page.url()).hash.split('/')[2].split('?')[0]);
const stored = async (id: string) =>
  (
    await api(
      ADMIN_KEY,
      `query($id: ID!) { scenario(id: $id) { name version description tags library { id } forkedFrom { id } input { name model { parameters } data { kind count } cluster { hardware gpuCount utilization } } } }`,
      { id },
    )
  ).scenario;

/** Screenshots of the page as it is, at a phone's width and a desktop's. */
async function shots(name: string) {
  const { page } = b;
  for (const width of [390, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await b.shot(`lifecycle-${name}-${width}`, { fullPage: true });
  }
}

describe('the scenario lifecycle in the dashboard', () => {
  test('an editor creates a scenario from scratch, edits it, saves with a note, renames it; a preset becomes a fork', async () => {
    const { page } = b;
    await as('editor', `#/library/${libraryId}`);
    await eventually(
      () => page.getByTestId('scenario-table').innerText(),
      (t) => expect(t).toContain('Start one with “New scenario”'),
    );
    await page.getByTestId('new-scenario').click();
    await page.getByTestId('new-name').fill('Team 7B');
    await page.getByTestId('new-create').click();
    await page.locator('h1', { hasText: 'Team 7B' }).waitFor();
    scenarioId = idFromUrl();
    expect(await page.locator('h1 .version').innerText()).toBe('v1');
    // The minimal default: 1B parameters on 20B tokens on 64 H100s, estimated (6 · 1e9 · 2e10 = 1.2e20).
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('1.2e20'),
    );
    expect(await page.locator('#f-cluster-gpuCount').inputValue()).toBe('64');

    await page.locator('#f-cluster-gpuCount').fill('128');
    await page.getByTestId('modified').waitFor();
    await page.getByTestId('change-note').fill('double the GPUs');
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 2.').waitFor();
    expect(page.url()).not.toContain('edit=');

    // Rename, describe and tag: fields of the input, saved as a version.
    await page.getByTestId('scenario-name').fill('Team 7B on 128 H100s');
    await page.getByTestId('scenario-description').fill('Our first run.');
    await page.getByTestId('scenario-tags').fill('llm, team');
    await page.getByTestId('change-note').fill('rename');
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 3.').waitFor();
    await page.locator('h1', { hasText: 'Team 7B on 128 H100s' }).waitFor();
    expect(await stored(scenarioId)).toMatchObject({
      name: 'Team 7B on 128 H100s',
      version: 3,
      description: 'Our first run.',
      tags: ['llm', 'team'],
      forkedFrom: null,
      input: { cluster: { hardware: 'h100-sxm', gpuCount: 128 } },
    });

    // Read back, the tags are in their field (so the next save keeps them).
    await page.reload();
    await page.locator('h1', { hasText: 'Team 7B on 128 H100s' }).waitFor();
    expect(await page.getByTestId('scenario-tags').inputValue()).toBe('llm, team');
    expect(await page.getByTestId('modified').count()).toBe(0);

    // From a preset: a fork of the example, which remembers it.
    await as('editor', `#/library/${libraryId}`);
    await page.getByTestId('new-scenario').click();
    await page.locator('[data-testid="new-from"] option', { hasText: 'GPT-3 175B' }).first().waitFor({ state: 'attached' });
    const gpt3 = await page.locator('[data-testid="new-from"] option', { hasText: 'GPT-3 175B' }).first().getAttribute('value');
    await page.getByTestId('new-from').selectOption(gpt3 as string);
    await page.getByTestId('new-name').fill('GPT-3 redo');
    await page.getByTestId('new-create').click();
    await page.locator('h1', { hasText: 'GPT-3 redo' }).waitFor();
    expect(await page.getByTestId('forked-from').innerText()).toBe('Forked from GPT-3 175B in examples');
    expect((await stored(idFromUrl())).forkedFrom).toEqual({ id: gpt3 });
    await shots('editor-new');
    expect(b.problems).toEqual([]);
  });

  test('the owner sees the history with authors and field-by-field diffs, and restores version 1', async () => {
    const { page } = b;
    await as('owner', `#/scenario/${scenarioId}`);
    await page.locator('h1', { hasText: 'Team 7B on 128 H100s' }).waitFor();
    await page.locator('[data-testid="history"] summary').click();
    const rows = page.locator('[data-testid="history"] li[data-version]');
    await rows.nth(2).waitFor();
    expect(await Promise.all((await rows.all()).map((r) => r.getAttribute('data-version')))).toEqual(['3', '2', '1']);
    expect(await page.locator('[data-testid="revision-author"]').allInnerTexts()).toEqual(['Eddie Editor', 'Eddie Editor', 'Eddie Editor']);
    expect(await rows.nth(0).innerText()).toContain('current');
    expect(await rows.nth(0).innerText()).toContain('“rename”');
    expect(await rows.nth(1).innerText()).toContain('“double the GPUs”');
    // Version 1 against the current one, field by field.
    const v1 = rows.nth(2);
    expect(await v1.innerText()).toContain('4 fields differ from v3');
    const diff = async (path: string) => (await v1.locator(`tr[data-path="${path}"] td`).allInnerTexts()).slice(1);
    expect(await diff('name')).toEqual(['"Team 7B"', '"Team 7B on 128 H100s"']);
    expect(await diff('cluster.gpuCount')).toEqual(['64', '128']);
    expect(await diff('description')).toEqual(['—', '"Our first run."']);
    expect(await diff('tags')).toEqual(['—', '["llm", "team"]']);
    expect(await rows.nth(1).innerText()).toContain('3 fields differ from v3');
    await shots('history');

    await v1.getByTestId('restore-version').click();
    await page.locator('h1 .version', { hasText: 'v4' }).waitFor();
    await page.locator('h1', { hasText: 'Team 7B' }).waitFor();
    expect(await page.locator('#f-cluster-gpuCount').inputValue()).toBe('64');
    expect(await stored(scenarioId)).toMatchObject({ name: 'Team 7B', version: 4, tags: [], input: { cluster: { gpuCount: 64 } } });
    const history = (await api(ADMIN_KEY, `query($id: ID!) { scenario(id: $id) { history { version author { name } note } } }`, { id: scenarioId })).scenario
      .history;
    expect(history[0]).toEqual({ version: 4, author: { name: 'Olga Owner' }, note: 'restored version 1' });
    expect(b.problems).toEqual([]);
  });

  test("a stale save shows who saved what, field by field, and merges both sides' changes; a field both changed is picked", async () => {
    const { page } = b;
    await as('editor', `#/scenario/${scenarioId}`);
    await page.locator('h1 .version', { hasText: 'v4' }).waitFor();
    await page.locator('#f-cluster-utilization').fill('0.45');
    await page.getByTestId('modified').waitFor();

    // Meanwhile the owner saves version 5 with more GPUs.
    const theirs = await stored(scenarioId);
    const input = JSON.parse(JSON.stringify(theirs.input, (_k, v) => (v === null ? undefined : v)));
    await api(
      users.owner.key,
      `mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 4, input: $input, note: "more GPUs") { version } }`,
      { id: scenarioId, input: { ...input, cluster: { ...input.cluster, gpuCount: 256 } } },
    );

    await page.getByTestId('save-version').click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    const text = await conflict.innerText();
    expect(text).toContain('Someone saved version 5 since you opened version 4.');
    expect(text).toMatch(/Saved since: version 5 by Olga Owner at 20\d\d-\d\d-\d\d \d\d:\d\d UTC \(“more GPUs”\)\./);
    expect(await page.getByTestId('their-changes').innerText()).toBe('cluster.gpuCount: 64 → 256');
    expect(await page.getByTestId('my-changes').innerText()).toBe('cluster.utilization: — → 0.45');
    expect(await page.getByTestId('overlaps').count()).toBe(0);
    // Nothing was saved over theirs.
    expect((await stored(scenarioId)).input.cluster).toMatchObject({ gpuCount: 256, utilization: null });
    await shots('conflict');

    await page.getByTestId('conflict-merge').click();
    await page.getByTestId('conflict').waitFor({ state: 'detached' });
    expect(await page.locator('#f-cluster-gpuCount').inputValue()).toBe('256');
    expect(await page.locator('#f-cluster-utilization').inputValue()).toBe('0.45');
    expect(await page.locator('h1 .version').innerText()).toBe('v5');
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 6.').waitFor();
    expect(await stored(scenarioId)).toMatchObject({ version: 6, input: { cluster: { gpuCount: 256, utilization: 0.45 } } });

    // Both change the GPU count: both values are shown, and the merge waits for a pick.
    await page.locator('#f-cluster-gpuCount').fill('300');
    await page.locator('#f-cluster-pricePerGpuHour').fill('2.5');
    await api(users.owner.key, `mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 6, input: $input) { version } }`, {
      id: scenarioId,
      input: { ...input, cluster: { ...input.cluster, gpuCount: 512, utilization: 0.45 } },
    });
    await page.getByTestId('save-version').click();
    await page.getByTestId('overlaps').waitFor();
    const overlap = page.locator('.overlap[data-path="cluster.gpuCount"]');
    expect(await overlap.innerText()).toMatch(/cluster\.gpuCount\s*\(was 256\):\s*yours 300\s*theirs 512/);
    expect(await page.getByTestId('conflict-merge').isDisabled()).toBe(true);
    await shots('conflict-overlap');
    await overlap.getByTestId('pick-theirs').check();
    await page.getByTestId('conflict-merge').click();
    expect(await page.locator('#f-cluster-gpuCount').inputValue()).toBe('512');
    expect(await page.locator('#f-cluster-pricePerGpuHour').inputValue()).toBe('2.5');
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 8.').waitFor();
    expect((await stored(scenarioId)).input.cluster).toMatchObject({ gpuCount: 512, utilization: 0.45 });
    const price = (await api(ADMIN_KEY, `query($id: ID!) { scenario(id: $id) { input { cluster { pricePerGpuHour } } } }`, { id: scenarioId })).scenario;
    expect(price.input.cluster.pricePerGpuHour).toBe(2.5);
    // The conflicts (409) were meant.
    expect(b.problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });

  test('a viewer sees read-only inputs and no save button, and forks into a library they can edit', async () => {
    const { page } = b;
    await as('viewer', `#/scenario/${scenarioId}`);
    await page.getByTestId('read-only').waitFor();
    await page.getByTestId('fork-form').waitFor();
    expect(await page.getByTestId('save-version').count()).toBe(0);
    expect(await page.getByTestId('read-only-note').innerText()).toContain('You are a VIEWER of Team runs');
    expect(await page.locator('#f-cluster-gpuCount').isDisabled()).toBe(true);
    expect(await page.getByTestId('scenario-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('delete-scenario').count()).toBe(0);
    expect(await page.locator('[data-testid="fork-form"] strong').innerText()).toBe('Fork to a library you can edit');
    // Only the libraries Vera can write to are offered (not Team runs, where she is a VIEWER).
    expect(await page.locator('[data-testid="copy-library"] option').allInnerTexts()).toEqual(["Vera's sandbox"]);
    await page.locator('[data-testid="history"] summary').click();
    await page.locator('[data-testid="history"] li[data-version="1"]').waitFor();
    expect(await page.getByTestId('restore-version').count()).toBe(0);
    await shots('viewer');

    // She may try changes (never saved here), and the fork keeps them as its version 2.
    await page.getByTestId('try-changes').click();
    await page.locator('#f-cluster-gpuCount').fill('1024');
    await page.getByTestId('modified').waitFor();
    expect(await page.getByTestId('save-version').count()).toBe(0);
    await page.getByTestId('copy-name').fill('Vera’s 7B');
    await page.getByTestId('save-copy').click();
    await page.locator('h1', { hasText: 'Vera’s 7B' }).waitFor();
    const forkId = idFromUrl();
    expect(forkId).not.toBe(scenarioId);
    expect(await page.getByTestId('forked-from').innerText()).toBe('Forked from Team 7B in Team runs');
    expect(await page.locator('[data-testid="forked-from"] a').first().getAttribute('href')).toBe(`#/scenario/${scenarioId}`);
    // In her own library she edits and saves.
    expect(await page.getByTestId('read-only').count()).toBe(0);
    await page.getByTestId('save-version').waitFor();
    const fork = await stored(forkId);
    expect(fork).toMatchObject({
      name: 'Vera’s 7B',
      version: 2,
      library: { id: veraLibraryId },
      forkedFrom: { id: scenarioId },
      input: { name: 'Vera’s 7B', cluster: { gpuCount: 1024 } },
    });
    const forkHistory = (
      await api(ADMIN_KEY, `query($id: ID!) { scenario(id: $id) { history { version note input { cluster { gpuCount } } } } }`, { id: forkId })
    ).scenario.history;
    expect(forkHistory).toEqual([
      { version: 2, note: 'edits made before forking', input: { cluster: { gpuCount: 1024 } } },
      { version: 1, note: null, input: { cluster: { gpuCount: 512 } } },
    ]);
    expect((await stored(scenarioId)).input.cluster.gpuCount).toBe(512);
    expect(b.problems).toEqual([]);
  });

  test('deleted, the scenario is in the trash, and restored from it, it is back in the table', async () => {
    const { page } = b;
    await as('editor', `#/scenario/${scenarioId}`);
    // Asked first: the question has the focus, and Escape backs out.
    await page.getByTestId('delete-scenario').click();
    await eventually(
      () => page.evaluate('document.activeElement?.dataset.testid'),
      (t) => expect(t).toBe('delete-cancel'),
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('delete-confirm').waitFor({ state: 'detached' });
    await page.getByTestId('delete-scenario').click();
    await page.getByTestId('delete-confirm').click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).toContain(`#/library/${libraryId}`),
    );
    const trash = page.getByTestId('trash');
    await trash.locator(`li[data-scenario-id="${scenarioId}"]`).waitFor();
    expect(await trash.innerText()).toContain('“Team 7B” was deleted');
    await eventually(tableNames, (n) => expect(n).toEqual(['GPT-3 redo']));
    await shots('trash');

    await trash.getByRole('button', { name: 'Restore Team 7B' }).click();
    await trash.getByText('Restored Team 7B.').waitFor();
    await eventually(tableNames, (n) => expect(n.sort()).toEqual(['GPT-3 redo', 'Team 7B']));
    // The trash reloads with a request of its own, which may answer after the table's.
    await trash.getByText('The trash is empty.').waitFor();
    expect((await stored(scenarioId)).version).toBe(8);
    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });

  test('the JSON download is the saved input, as createScenario and the CLI read it', async () => {
    const { page } = b;
    await as('viewer', `#/scenario/${scenarioId}`);
    await page.getByTestId('download-json').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    expect(download.suggestedFilename()).toBe('team-7b-v8.json');
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let t = '';
        stream.on('data', (c) => (t += c));
        stream.on('end', () => resolve(t));
        stream.on('error', reject);
      }, reject);
    });
    const json = JSON.parse(text);
    expect(json).toMatchObject({ name: 'Team 7B', model: { parameters: 1e9 }, cluster: { gpuCount: 512, utilization: 0.45, pricePerGpuHour: 2.5 } });
    // It estimates as it is.
    const est = await gql(s.url, `query($i: ScenarioInput!) { estimate(input: $i) { flops } }`, { i: json });
    expect(est.data.estimate.flops / 1.2e20).toBeCloseTo(1, 12);
  });

  test('a guest reading a public team library sees read-only inputs and is told a key is needed to save or fork', async () => {
    const { page } = b;
    await api(users.owner.key, `mutation($id: ID!) { updateLibrary(id: $id, input: { visibility: PUBLIC }) { id } }`, { id: libraryId });
    await as(null, `#/scenario/${scenarioId}`);
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('read-only').innerText()).toContain('Read-only: saving needs an API key.');
    expect(await page.locator('#f-cluster-gpuCount').isDisabled()).toBe(true);
    expect(await page.getByTestId('save-version').count()).toBe(0);
    expect(await page.getByTestId('delete-scenario').count()).toBe(0);
    expect(await page.getByTestId('save-panel').innerText()).toBe('To save or fork, enter an API key (top right).');
    expect(b.problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });

  test('a restore refused because someone saved meanwhile says so, shows their version, and goes through on a second try', async () => {
    const { page } = b;
    await as('owner', `#/scenario/${scenarioId}`);
    await page.locator('h1 .version', { hasText: 'v8' }).waitFor();
    await page.locator('[data-testid="history"] summary').click();
    const v1 = page.locator('[data-testid="history"] li[data-version="1"]');
    await v1.waitFor();
    const current = await stored(scenarioId);
    const input = JSON.parse(JSON.stringify(current.input, (_k, v) => (v === null ? undefined : v)));
    await api(
      users.editor.key,
      `mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 8, input: $input, note: "meanwhile") { version } }`,
      { id: scenarioId, input: { ...input, cluster: { ...input.cluster, gpuCount: 2048 } } },
    );
    await v1.getByTestId('restore-version').click();
    await page.getByText('Someone saved version 9 meanwhile, so version 1 was not restored').waitFor();
    await page.locator('h1 .version', { hasText: 'v9' }).waitFor();
    await page.locator('[data-testid="history"] li[data-version="9"]').waitFor();
    expect(await page.locator('[data-testid="history"] li[data-version="9"]').innerText()).toContain('Eddie Editor');
    expect((await stored(scenarioId)).version).toBe(9);

    await v1.getByTestId('restore-version').click();
    await page.locator('h1 .version', { hasText: 'v10' }).waitFor();
    // The history stays open, the restore at its top.
    await page.locator('[data-testid="history"] li[data-version="10"]').waitFor();
    expect(await stored(scenarioId)).toMatchObject({ version: 10, input: { cluster: { gpuCount: 64 } } });
    expect(b.problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });
});
