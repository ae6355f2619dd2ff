/**
 * A team's library in a real browser (Debian's Chromium) over the real API and PostgreSQL, as its
 * people walk through it: the admin creates three users in the page (each key shown once, copied
 * with the button); the owner creates a library, renames it, describes it, makes it public, adds a
 * colleague found by name as EDITOR and another as VIEWER, one more by user id (role changed, then
 * removed); downloads the library as JSON and as CSV (the files' contents checked against the
 * API); imports the JSON into another library twice without duplicating (then once more as copies);
 * the editor and the viewer see the controls their roles allow; the owner deletes a library and
 * restores it. Screenshots at 390 px and 1400 px.
 */
import fs from 'node:fs';
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};
let libraryId: string;
let archiveId: string;
let jsonFile: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  b = await openBrowser();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

async function api(query: string, variables: Record<string, unknown> = {}, key = ADMIN_KEY) {
  const r = await gql(s.url, query, variables, key);
  expect(r.errors).toBeUndefined();
  return r.data;
}

/** Opens `hash` with `key` saved in the browser, as that person would after entering it. */
async function as(key: string, hash: string) {
  await b.page.goto(`${base}/dashboard`);
  await b.page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(key)})`);
  await b.page.goto(`${base}/dashboard#${hash}`);
  await b.page.reload();
  await b.page.getByTestId('library-panel').waitFor();
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

const LLAMA = {
  name: 'Llama-style 8B, "over-trained"',
  description: 'Text only,\non 15T tokens',
  tags: ['llm', 'text'],
  model: { parameters: 8e9, layers: 32, hiddenSize: 4096 },
  data: [{ kind: 'TEXT', count: 15e12 }],
  training: { sequenceLength: 8192, attention: true },
  cluster: { hardware: 'h100-sxm', gpuCount: 2048, utilization: 0.38 },
};
const DIT = {
  name: 'Image DiT 2B',
  model: { parameters: 2e9, encoders: [{ name: 'T5-XXL', parameters: 4762310656, tokensPerSample: 512 }] },
  data: [{ kind: 'IMAGE', count: 1e8, width: 256, height: 256 }],
  tokenizer: { method: 'LATENT', patchSize: 2, vaeSpatialFactor: 8 },
  cluster: { hardware: 'h100-sxm', gpuCount: 256 },
};

describe('a team library', () => {
  test('the admin creates users in the page; each key is shown once and copied with the button', async () => {
    const { page } = b;
    await as(ADMIN_KEY, '/library/examples');
    for (const name of ['Alice Owner', 'Bob Editor', 'Carol Viewer']) {
      await page.getByTestId('new-user-name').fill(name);
      await page.getByTestId('new-user-create').click();
      await page.getByTestId('new-user-key').waitFor();
      const box = await page.getByTestId('new-user-key').innerText();
      expect(box).toContain(name);
      expect(box).toMatch(/shown once/);
      expect(box).toMatch(/cannot be shown again/);
      const key = await page.getByTestId('new-user-key-value').innerText();
      expect(key).toMatch(/^fsk_/);
      await page.getByTestId('new-user-copy').click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
      if (name === 'Alice Owner') await b.shot('team-new-user-key-1400');
      await page.getByRole('button', { name: 'Done, hide it' }).click();
      await page.getByTestId('new-user-key').waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(key);
      // The key works: it is that user's.
      const me = await api('{ me { id name } }', {}, key);
      expect(me.me.name).toBe(name);
      keys[name] = key;
      ids[name] = me.me.id;
    }
    // A fourth, made by a script, to be added by user id.
    const dave = await api('mutation { createUser(name: "Dave Contractor") { apiKey user { id } } }');
    ids['Dave Contractor'] = dave.createUser.user.id;
    expect(b.problems).toEqual([]);
  });

  test('an owner creates a library, renames, describes and publishes it, and adds colleagues by name and by id', async () => {
    const { page } = b;
    await as(keys['Alice Owner'], '/library/examples');
    await page.getByLabel('New library name').fill("Alice's planning");
    await page.getByRole('button', { name: 'Create library' }).click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).not.toContain('/library/examples'),
    );
    libraryId = decodeURIComponent(new URL(page.url()).hash.split('/')[2].split('?')[0]);
    await page.getByTestId('library-settings').waitFor();
    expect(await page.getByTestId('library-panel').innerText()).toContain('Your role here: OWNER');

    await page.getByTestId('library-name').fill('Video planning');
    await page.getByTestId('library-description').fill('Runs we plan for Q3');
    await page.getByTestId('visibility-PUBLIC').check();
    await page.getByTestId('library-save').click();
    await page.getByTestId('library-settings-status').getByText('Saved.').waitFor();
    const lib = await api('query($id: ID!) { library(id: $id) { name description visibility } }', { id: libraryId });
    expect(lib.library).toEqual({ name: 'Video planning', description: 'Runs we plan for Q3', visibility: 'PUBLIC' });
    await eventually(
      () => page.locator('[data-testid="library-picker"] option:checked').innerText(),
      (t) => expect(t).toBe('Video planning'),
    );
    await page.getByText('Runs we plan for Q3').first().waitFor();

    // Colleagues found by name in the directory.
    for (const [search, name, role] of [
      ['bob', 'Bob Editor', 'EDITOR'],
      ['carol', 'Carol Viewer', 'VIEWER'],
    ]) {
      await page.getByTestId('member-search').fill(search);
      await page.getByTestId('directory-results').getByRole('button', { name }).click();
      await page.getByTestId('member-role').selectOption(role);
      expect(await page.getByTestId('member-add').innerText()).toBe(`Add ${name} as ${role}`);
      await page.getByTestId('member-add').click();
      await page.getByTestId('members-status').getByText(`${name} is now ${role}.`).waitFor();
    }
    // One more by user id: then their role changed, then removed.
    await page.getByTestId('member-search').fill(ids['Dave Contractor']);
    await page.getByTestId('member-role').selectOption('VIEWER');
    await page.getByTestId('member-add').click();
    await page.getByTestId('members-status').getByText('Dave Contractor is now VIEWER.').waitFor();
    await page.locator('tr[data-member="Dave Contractor"]').getByTestId('member-role-select').selectOption('EDITOR');
    await page.getByTestId('members-status').getByText('Dave Contractor is now EDITOR.').waitFor();
    let members = await api('query($id: ID!) { library(id: $id) { members { role user { name } } } }', { id: libraryId });
    expect(members.library.members).toEqual(expect.arrayContaining([{ role: 'EDITOR', user: { name: 'Dave Contractor' } }]));
    await page.getByRole('button', { name: 'Remove Dave Contractor' }).click();
    await page.getByTestId('members-status').getByText('Dave Contractor was removed.').waitFor();

    members = await api('query($id: ID!) { library(id: $id) { members { role user { name } } } }', { id: libraryId });
    const roles = Object.fromEntries(members.library.members.map((m: { role: string; user: { name: string } }) => [m.user.name, m.role]));
    expect(roles).toEqual({ 'Alice Owner': 'OWNER', 'Bob Editor': 'EDITOR', 'Carol Viewer': 'VIEWER' });
    expect(await page.locator('[data-testid="members-table"] tbody tr').count()).toBe(3);
    await page.getByTestId('library-panel').scrollIntoViewIfNeeded();
    await b.shot('team-library-panel-1400', { fullPage: true });
    expect(b.problems).toEqual([]);
  });

  test('the library downloads as JSON and as CSV, each file holding what the API holds', async () => {
    const { page } = b;
    for (const input of [LLAMA, DIT])
      await api('mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }', { input: { libraryId, ...input } }, keys['Alice Owner']);
    await as(keys['Alice Owner'], `/library/${libraryId}`);
    await page.locator('[data-testid="scenario-table"] td.name a', { hasText: 'Image DiT 2B' }).waitFor();

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toBe('video-planning.flopscope.json');
    jsonFile = (await json.path()) as string;
    const doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    const exported = (await api('query($id: ID!) { exportLibrary(id: $id) }', { id: libraryId })).exportLibrary;
    expect({ ...doc, exportedAt: null }).toEqual({ ...exported, exportedAt: null });
    expect(doc.scenarios.map((x: { name: string }) => x.name).sort()).toEqual(['Image DiT 2B', LLAMA.name]);
    await page.getByTestId('transfer-status').getByText('Downloaded video-planning.flopscope.json: 2 scenarios.').waitFor();

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toBe('video-planning.csv');
    const text = fs.readFileSync((await csv.path()) as string, 'utf8');
    // Quoting: the comma, the quotes and the line break survive.
    expect(text).toContain('"Llama-style 8B, ""over-trained"""');
    expect(text).toContain('"Text only,\non 15T tokens"');
    const [header, ...rows] = parseCsv(text);
    expect(header.slice(0, 5)).toEqual(['id', 'name', 'description', 'tags', 'version']);
    expect(header.slice(-7)).toEqual([
      'estimate.flops',
      'estimate.pfDays',
      'estimate.gpuDays',
      'estimate.wallClockDays',
      'estimate.costUsd',
      'estimate.energyMWh',
      'estimate.ratioVsGPT3',
    ]);
    expect(header).toEqual(
      expect.arrayContaining([
        'input.model.parameters',
        'input.model.encoders[0].parameters',
        'input.data[0].count',
        'input.cluster.gpuCount',
        'input.tokenizer.method',
      ]),
    );
    expect(new Set(header).size).toBe(header.length);
    expect(rows).toHaveLength(2);
    const listed = await api(
      `query($id: ID!) { library(id: $id) { scenarios { edges { node { id name tags estimate { flops pfDays gpuDays wallClockDays costUsd energyMWh ratioVsGPT3 } } } } } }`,
      { id: libraryId },
    );
    for (const { node } of listed.library.scenarios.edges) {
      const row = rows.find((r) => r[0] === node.id) as string[];
      const cell = (col: string) => row[header.indexOf(col)];
      expect(cell('name')).toBe(node.name);
      expect(cell('tags')).toBe(node.tags.join('; '));
      for (const [k, v] of Object.entries(node.estimate)) expect(Number(cell(`estimate.${k}`))).toBe(v);
      expect(row).toHaveLength(header.length);
    }
    const llama = rows.find((r) => r[1] === LLAMA.name) as string[];
    expect(llama[header.indexOf('input.model.parameters')]).toBe('8000000000');
    expect(llama[header.indexOf('input.data[0].kind')]).toBe('TEXT');
    expect(llama[header.indexOf('input.model.encoders[0].parameters')]).toBe('');
    expect(llama[header.indexOf('description')]).toBe(LLAMA.description);
    const dit = rows.find((r) => r[1] === 'Image DiT 2B') as string[];
    expect(dit[header.indexOf('input.model.encoders[0].name')]).toBe('T5-XXL');
    // An input column of a scenario's section sits with that section: the encoders beside the model's parameters.
    expect(header.indexOf('input.model.encoders[0].name')).toBeLessThan(header.indexOf('input.data[0].kind'));
    expect(b.problems).toEqual([]);
  });

  test('the JSON re-imports into another library, and a second import skips every duplicate (or copies them when asked)', async () => {
    const { page } = b;
    archiveId = (await api(`mutation { createLibrary(input: { name: "Archive" }) { id } }`, {}, keys['Alice Owner'])).createLibrary.id;
    await as(keys['Alice Owner'], `/library/${archiveId}`);
    const count = async () => (await api('query($id: ID!) { library(id: $id) { scenarios { totalCount } } }', { id: archiveId })).library.scenarios.totalCount;

    await page.getByTestId('import-file').setInputFiles(jsonFile);
    expect(await page.getByTestId('import-skip').isChecked()).toBe(true);
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').innerText()).toBe('Imported 2 scenarios and 0 custom accelerators; skipped 0 duplicates.');
    await eventually(
      () => page.locator('[data-testid="scenario-table"] td.name a').allInnerTexts(),
      (n) => expect(n.sort()).toEqual(['Image DiT 2B', LLAMA.name]),
    );
    expect(await count()).toBe(2);

    await page.getByTestId('import-file').setInputFiles(jsonFile);
    await page.getByTestId('import-run').click();
    await eventually(
      () => page.getByTestId('import-result').innerText(),
      (t) => expect(t).toBe('Imported 0 scenarios and 0 custom accelerators; skipped 2 duplicates (already here with the same name and input).'),
    );
    expect(await count()).toBe(2);
    await b.shot('team-import-1400', { fullPage: true });

    await page.getByTestId('import-copy').check();
    await page.getByTestId('import-file').setInputFiles(jsonFile);
    await page.getByTestId('import-run').click();
    await eventually(
      () => page.getByTestId('import-result').innerText(),
      (t) => expect(t).toBe('Imported 2 scenarios and 0 custom accelerators; skipped 0 duplicates.'),
    );
    expect(await count()).toBe(4);

    // Not an export: said plainly, nothing imported.
    await page.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.getByTestId('import-run').click();
    await page.getByTestId('transfer-status').getByText('document.format').waitFor();
    expect(await count()).toBe(4);
    // The refused document (400) was meant.
    expect(b.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    b.problems.length = 0;
  });

  test('the editor and the viewer see what their roles allow', async () => {
    const { page } = b;
    await as(keys['Bob Editor'], `/library/${libraryId}`);
    const panel = page.getByTestId('library-panel');
    expect(await panel.innerText()).toContain('Your role here: EDITOR');
    expect(await page.getByTestId('library-settings').count()).toBe(0);
    expect(await page.getByTestId('add-member').count()).toBe(0);
    expect(await page.getByTestId('delete-library').count()).toBe(0);
    expect(await page.getByTestId('member-role-text').allInnerTexts()).toEqual(expect.arrayContaining(['OWNER', 'EDITOR', 'VIEWER']));
    await page.getByTestId('import-form').waitFor();

    await as(keys['Carol Viewer'], `/library/${libraryId}`);
    expect(await panel.innerText()).toContain('Your role here: VIEWER');
    expect(await page.getByTestId('import-form').count()).toBe(0);
    expect(await page.getByTestId('library-settings').count()).toBe(0);
    await page.getByTestId('export-csv').waitFor();
    await page.setViewportSize({ width: 390, height: 900 });
    await panel.scrollIntoViewIfNeeded();
    await b.shot('team-library-viewer-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(b.problems).toEqual([]);
  });

  test('the owner deletes a library and restores it', async () => {
    const { page } = b;
    await as(keys['Alice Owner'], `/library/${archiveId}`);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByTestId('library-panel').scrollIntoViewIfNeeded();
    await b.shot('team-library-panel-390', { fullPage: true });
    const box = await page
      .getByTestId('library-panel')
      .evaluate((el) => ({ right: el.getBoundingClientRect().right, scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.right).toBeLessThanOrEqual(390);
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    await page.setViewportSize({ width: 1400, height: 900 });

    await page.getByTestId('delete-library-start').click();
    await page.getByTestId('delete-library-confirm').click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).toContain('/library/examples'),
    );
    await eventually(
      () => page.locator('[data-testid="library-picker"] option').allInnerTexts(),
      (o) => expect(o.join('|')).not.toContain('Archive'),
    );
    expect((await api('query($id: ID!) { library(id: $id) { id } }', { id: archiveId }, keys['Alice Owner'])).library).toBeNull();
    await page.getByTestId('deleted-libraries').locator('summary').click();
    expect(await page.getByTestId('deleted-libraries').innerText()).toContain('Archive');
    await b.shot('team-deleted-libraries-1400');
    await page.getByTestId('restore-library').click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).toContain(`/library/${archiveId}`),
    );
    await page.locator('[data-testid="scenario-table"] td.name a').first().waitFor();
    expect(
      (await api('query($id: ID!) { library(id: $id) { scenarios { totalCount } } }', { id: archiveId }, keys['Alice Owner'])).library.scenarios.totalCount,
    ).toBe(4);
    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
