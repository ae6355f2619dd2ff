/**
 * The dashboard in a real browser (Debian's Chromium): the examples library as a table and a log
 * chart, live re-estimation on a scenario page, the URL reproducing a view, a sweep, a comparison,
 * and scenarios saved with an API key showing up in a library's table.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser, paintedPixels } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let seedId: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const r = await gql(s.url, `{ scenarios(libraryId: "examples", filter: { text: "2024 article (as written)" }) { edges { node { id } } } }`);
  seedId = r.data.scenarios.edges[0].node.id;
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const cardText = (metric: string) => b.page.locator(`[data-metric="${metric}"] .card-value`).innerText();
const tableNames = () => b.page.locator('[data-testid="scenario-table"] td.name a').allInnerTexts();

describe('dashboard', () => {
  test('/ redirects to /dashboard, which lists the examples library and draws the FLOPs chart, within a second', async () => {
    const { page } = b;
    const started = Date.now();
    await page.goto(`${base}/`);
    await page.locator('[data-testid="scenario-table"] tbody tr').nth(5).waitFor();
    await page.locator('[data-testid="flops-chart"] canvas').waitFor();
    const firstView = Date.now() - started;
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    // Measured here at ~0.2 s; the bound leaves room for a loaded CI machine.
    expect(firstView).toBeLessThan(3000);

    expect(await tableNames()).toEqual(
      expect.arrayContaining([
        'Sora compute, 2024 article (as written)',
        'GPT-3 175B',
        'Llama 3.1 405B on 16,384 H100s',
        'Sora-class video model, trained as published recipes train',
        'Open-Sora 2.0 in three stages on H200s',
      ]),
    );
    // The seed row, written the way the field writes it, with the exact value on hover.
    const row = page.locator('tr', { hasText: 'Sora compute, 2024 article (as written)' });
    const cells = await row.locator('td.numeric').allInnerTexts();
    expect(cells).toEqual(['1.43e14', '2.57e24', '29.7k', '1.52M', '152', '$72.7M', '8.2x']);
    const flopsTitle = await row.locator('td.numeric .num').nth(1).getAttribute('title');
    expect(flopsTitle).toMatch(/^2,566,093,28\d,\d{3},\d{3},\d{3},\d{3},\d{3} FLOPs$/);
    expect(await row.locator('.badge').allInnerTexts()).toEqual(expect.arrayContaining(['SEED_VIDEO_RESOLUTION_IGNORED', 'SEED_CHANNELS_COUNTED_AS_TOKENS']));

    // The chart is drawn: a canvas with a few thousand painted pixels (bars, reference lines, labels).
    await eventually(
      () => paintedPixels(page, '[data-testid="flops-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(5000),
    );
    await b.shot('dashboard-library', { fullPage: true });
    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  test('the table sorts by any column, and the sort is in the URL', async () => {
    const { page } = b;
    // Default: FLOPs, largest first (Llama 3.1 405B counted by its architecture, 4.1e25; PixArt-α the least, 5.6e20).
    expect((await tableNames())[0]).toBe('Llama 3.1 405B on 16,384 H100s');
    await page.getByTestId('sort-flops').click();
    await eventually(tableNames, (n) => expect(n[0]).toBe('PixArt-α in three stages'));
    expect(page.url()).toContain('sort=flops&dir=asc');
    await page.getByTestId('sort-name').click();
    await eventually(tableNames, (n) => expect(n).toEqual([...n].sort((a, c) => a.toLowerCase().localeCompare(c.toLowerCase()))));
    await page.getByTestId('sort-costUsd').click();
    // Cost unknown (GPT-3 on V100s has no catalog price) sorts last.
    await eventually(tableNames, (n) => expect(n[n.length - 1]).toBe('GPT-3 175B'));
  });

  test('a scenario page re-estimates live when an input changes, and its URL reproduces the edit', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/scenario/${seedId}`);
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('152'),
    );
    expect(await cardText('flops')).toBe('2.57e24');
    expect(await cardText('ratioVsGPT3')).toBe('8.2x');
    expect(await page.locator('#f-model-parameters').inputValue()).toBe('3e9');
    await eventually(
      () => paintedPixels(page, '[data-testid="breakdown-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(1000),
    );
    expect(await page.locator('[data-testid="warnings"] li').count()).toBeGreaterThanOrEqual(2);

    const estimates = () => b.requests.filter((u) => u === `${base}/graphql`).length;
    const before = estimates();
    await page.locator('#f-cluster-gpuCount').fill('20000');
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('76.2'),
    );
    expect(estimates()).toBeGreaterThan(before);
    await page.getByTestId('modified').waitFor();

    // A bad value: the field says why, the last good estimate stays (dimmed).
    await page.locator('#f-cluster-utilization').fill('1.5');
    await page.getByTestId('input-problems').waitFor();
    expect(await page.getByTestId('input-problems').innerText()).toContain('cluster.utilization');
    await b.shot('dashboard-scenario-invalid');
    await page.locator('#f-cluster-utilization').fill('1');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });

    // The URL carries the edit: opening it elsewhere shows the same view.
    const url = page.url();
    expect(decodeURIComponent(url)).toContain('"gpuCount":20000');
    const other = await b.context.newPage();
    await other.goto(url);
    await eventually(
      () => other.locator('[data-metric="wallClockDays"] .card-value').innerText(),
      (t) => expect(t).toBe('76.2'),
    );
    expect(await other.locator('#f-cluster-gpuCount').inputValue()).toBe('20000');
    await other.close();
    await b.shot('dashboard-scenario', { fullPage: true });
    expect(b.problems).toEqual([]);
  });

  test('a sweep from the URL draws wall-clock days, then cost, along an input', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/scenario/${seedId}?sweep=cluster.gpuCount&from=1000&to=100000&steps=20&scale=LOG&metric=wallClockDays`);
    await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
    expect(await page.getByTestId('sweep-path').inputValue()).toBe('cluster.gpuCount');
    await eventually(
      () => paintedPixels(page, '[data-testid="sweep-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(2000),
    );
    await page.locator('.segmented button', { hasText: 'Cost' }).click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).toContain('metric=costUsd'),
    );
    await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
    await page.locator('[data-testid="sweep"]').scrollIntoViewIfNeeded();
    await b.shot('dashboard-sweep');
    expect(b.problems).toEqual([]);
  });

  test('compare 2–4 scenarios: inputs that differ are highlighted, outputs drawn as bars', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/library/examples`);
    await page.locator('[data-testid="scenario-table"] tbody tr').nth(5).waitFor();
    await page.getByLabel('Compare Sora compute, 2024 article (as written)').check();
    await page.getByLabel('Compare Sora compute, 2024 article, 30B parameters').check();
    await page.getByLabel('Compare Llama 3.1 405B on 16,384 H100s').check();
    await page.getByTestId('compare-link').click();
    await page.getByTestId('compare-table').waitFor();
    const differing = await page.locator('[data-testid="compare-table"] tr[data-differs] code').allInnerTexts();
    expect(differing).toEqual(expect.arrayContaining(['model.parameters', 'tokenizer.method', 'cluster.precision']));
    expect(differing).not.toContain('training.epochs'); // 1 in all three
    for (const m of ['flops', 'wallClockDays', 'costUsd']) {
      await eventually(
        () => paintedPixels(page, `[data-testid="compare-${m}"] canvas`),
        (n) => expect(n).toBeGreaterThan(500),
      );
    }
    await b.shot('dashboard-compare', { fullPage: true });
    expect(b.problems).toEqual([]);
  });

  test('with an API key, a scenario saved from the page, and one created through the API, show up in the table', async () => {
    const { page } = b;
    const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Browser team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
    const libraryId = lib.data.createLibrary.id as string;

    // The key goes in once; it is checked against the API and kept in localStorage.
    await page.goto(`${base}/dashboard#/scenario/${seedId}`);
    await page.getByTestId('apikey-toggle').click();
    await page.getByTestId('apikey-input').fill('fsk_not_a_key');
    await page.getByTestId('apikey-save').click();
    await page.getByText('That key was not accepted.').waitFor();
    await page.getByTestId('apikey-input').fill(ADMIN_KEY);
    await page.getByTestId('apikey-save').click();
    await eventually(
      () => page.getByTestId('apikey-toggle').innerText(),
      (t) => expect(t).toBe('API key ✓'),
    );
    expect(await page.evaluate('localStorage.getItem("flopscope.apiKey")')).toBe(ADMIN_KEY);

    // Edit the read-only example, save a copy in the team library.
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('152'),
    );
    await page.locator('#f-cluster-gpuCount').fill('25000');
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('60.9'),
    );
    await page.getByTestId('copy-library').selectOption(libraryId);
    await page.getByTestId('copy-name').fill('Sora on 25k A100s (browser)');
    await page.getByTestId('save-copy').click();
    await eventually(
      async () => page.url(),
      (u) => expect(u).not.toContain(seedId),
    );
    const savedId = decodeURIComponent(new URL(page.url()).hash.split('/')[2].split('?')[0]);
    await page.locator('h1', { hasText: 'Sora on 25k A100s (browser)' }).waitFor();

    // The copy is a fork (forkedFrom: the example) whose version 2 holds the edits made before forking.
    expect(await page.getByTestId('forked-from').innerText()).toBe('Forked from Sora compute, 2024 article (as written) in examples');

    // Then a new version of the copy (updateScenario with expectedVersion).
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('60.9'),
    );
    await page.locator('#f-cluster-utilization').fill('0.5');
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('122'),
    );
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 3.').waitFor();
    await b.shot('dashboard-saved');

    const check = await gql(
      s.url,
      `query($id: ID!) { scenario(id: $id) { version library { id } forkedFrom { id } input { cluster { gpuCount utilization } } history { version } } }`,
      { id: savedId },
      ADMIN_KEY,
    );
    expect(check.data.scenario).toMatchObject({
      version: 3,
      library: { id: libraryId },
      forkedFrom: { id: seedId },
      input: { cluster: { gpuCount: 25000, utilization: 0.5 } },
    });

    // Someone else saves version 4 meanwhile: saving from the page is a conflict, laid out field by
    // field (Conflict.tsx; lifecycle.test.ts walks the merge), and can be saved over version 4 on purpose.
    const { input: current } = (
      await gql(
        s.url,
        `query($id: ID!) { scenario(id: $id) { input { name description tags model { parameters } data { kind count width height channels durationSeconds fps } tokenizer { method patchSize } training { epochs } cluster { hardware precision gpuCount utilization } } } }`,
        { id: savedId },
        ADMIN_KEY,
      )
    ).data.scenario;
    const clean = JSON.parse(JSON.stringify(current, (_k, v) => (v === null ? undefined : v)));
    const other = await gql(
      s.url,
      `mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 3, input: $input) { version } }`,
      { id: savedId, input: { ...clean, cluster: { ...clean.cluster, gpuCount: 30000 } } },
      ADMIN_KEY,
    );
    expect(other.data.updateScenario.version).toBe(4);
    await page.locator('#f-cluster-utilization').fill('0.45');
    await page.getByTestId('save-version').click();
    await page.getByText('Someone saved version 4 since you opened version 3.').waitFor();
    expect(await page.getByTestId('their-changes').innerText()).toBe('cluster.gpuCount: 25000 → 30000');
    expect(await page.getByTestId('my-changes').innerText()).toBe('cluster.utilization: 0.5 → 0.45');
    await b.shot('dashboard-conflict');
    await page.getByRole('button', { name: 'Save over version 4' }).click();
    await page.getByText('Saved as version 5.').waitFor();
    const after = await gql(
      s.url,
      `query($id: ID!) { scenario(id: $id) { version input { cluster { utilization } } history { version } } }`,
      { id: savedId },
      ADMIN_KEY,
    );
    expect(after.data.scenario.version).toBe(5);
    expect(after.data.scenario.input.cluster.utilization).toBe(0.45);
    expect(after.data.scenario.history.map((h: { version: number }) => h.version)).toEqual([5, 4, 3, 2, 1]);

    // One more, created through the API, as a script would.
    const created = await gql(
      s.url,
      `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
      {
        input: {
          libraryId,
          name: 'Script-made 7B on 2T tokens',
          model: { parameters: 7e9 },
          data: [{ kind: 'TEXT', count: 2e12 }],
          cluster: { hardware: 'h100-sxm', gpuCount: 1024 },
        },
      },
      ADMIN_KEY,
    );
    expect(created.errors).toBeUndefined();

    await page.goto(`${base}/dashboard#/library/${libraryId}`);
    await eventually(tableNames, (n) => expect(n).toEqual(expect.arrayContaining(['Sora on 25k A100s (browser)', 'Script-made 7B on 2T tokens'])));
    const row = page.locator('tr', { hasText: 'Script-made 7B on 2T tokens' });
    expect(await row.locator('td.numeric').nth(1).innerText()).toBe('8.4e22'); // 6 · 7e9 · 2e12
    expect(await page.getByTestId('library-picker').inputValue()).toBe(libraryId);
    await eventually(
      () => paintedPixels(page, '[data-testid="flops-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(1000),
    );
    await b.shot('dashboard-team-library', { fullPage: true });
    expect(foreignRequests(b.requests, base)).toEqual([]);
    // The rejected key (401) and the conflict (409) were meant; nothing else may fail.
    expect(b.problems.filter((p) => !/status of (401|409)/.test(p))).toEqual([]);
  });
});
