/**
 * Input feedback in a real browser (issue 18, "input hints that match the field"): a fraction's
 * box takes "40%", a price's "$2.50", each saying so; a fraction of a GPU is refused on its field
 * in words, never with GraphQL's "Variable "$input" got invalid value"; while a box holds a text it
 * cannot read, the estimate is marked stale and nothing can be saved; and the limits are said out
 * loud: a sweep's points capped at 200, Compare at most 4.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, openBrowser } from './browser';
import { useKey } from './views';

let s: TestServer;
let b: Browser;
let base: string;
let seedId: string;
let copyId: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const r = await gql(s.url, `{ scenarios(libraryId: "examples", filter: { text: "2024 article (as written)" }) { edges { node { id } } } }`);
  seedId = r.data.scenarios.edges[0].node.id;
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Inputs team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  const fork = await gql(
    s.url,
    `mutation($id: ID!, $lib: ID!) { forkScenario(id: $id, libraryId: $lib) { id } }`,
    { id: seedId, lib: lib.data.createLibrary.id },
    ADMIN_KEY,
  );
  copyId = fork.data.forkScenario.id;
  b = await openBrowser();
  await useKey(b.page, base);
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const field = (path: string) => b.page.locator(`[data-path="${path}"]`);
const note = (path: string) => b.page.locator('label.field', { has: field(path) }).locator('.hint, .problem');
const cardText = (metric: string) => b.page.locator(`[data-metric="${metric}"] .card-value`).innerText();
/** The unsaved edits the URL carries (?edit=). */
const editOf = (url: string) => JSON.parse(new URLSearchParams(new URL(url).hash.split('?')[1] ?? '').get('edit') ?? '{}');

describe('input feedback', () => {
  test('utilization takes "40%", the price "$2.50": each box says what it takes, and the estimate follows', async () => {
    const { page } = b;
    await page.goto('about:blank');
    await page.goto(`${base}/dashboard#/scenario/${copyId}`);
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('152'),
    );
    // What the boxes take, before anything is typed: the seed runs at 100%, at the catalog price.
    expect(await note('cluster.utilization').innerText()).toBe('100% · write 0.4 or 40%');
    expect(await note('cluster.pricePerGpuHour').innerText()).toBe('write 2.5 or $2.50');

    await field('cluster.utilization').fill('40%');
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('381'),
    );
    expect(await note('cluster.utilization').innerText()).toBe('40% · write 0.4 or 40%');
    expect(editOf(page.url()).cluster.utilization).toBe(0.4);

    await field('cluster.pricePerGpuHour').fill('$2.50');
    // Cost = GPU-hours × $2.50: 1.52M GPU-days at 100% become 3.81M at 40%, × 24 h × $2.50.
    await eventually(
      () => cardText('costUsd'),
      (t) => expect(t).toBe('$228M'),
    );
    expect(await note('cluster.pricePerGpuHour').innerText()).toBe('$2.5 · write 2.5 or $2.50');
    expect(editOf(page.url()).cluster.pricePerGpuHour).toBe(2.5);
    expect(b.problems).toEqual([]);
  });

  test('1.5 GPUs, or "$8" GPUs: the field says why in words, the estimate is marked stale, nothing can be saved', async () => {
    const { page } = b;
    // A fresh page: the last test's edits are in the URL (a hash change alone keeps them).
    await page.goto('about:blank');
    await page.goto(`${base}/dashboard#/scenario/${copyId}`);
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('152'),
    );
    await field('cluster.gpuCount').fill('1.5');
    await eventually(
      () => note('cluster.gpuCount').innerText(),
      (t) => expect(t).toBe('must be a whole number, got 1.5'),
    );
    expect(await field('cluster.gpuCount').getAttribute('aria-invalid')).toBe('true');
    // The estimate shown is the last valid one, and says so.
    expect(await page.locator('[data-testid="results"]').getAttribute('class')).toContain('stale');
    expect(await page.getByTestId('input-problems').innerText()).toContain('cluster.gpuCount: must be a whole number, got 1.5');
    expect(await page.locator('body').innerText()).not.toContain('Variable "$input"');
    expect(await page.getByTestId('save-copy').isDisabled()).toBe(true);

    await field('cluster.gpuCount').fill('$8');
    await eventually(
      () => note('cluster.gpuCount').innerText(),
      (t) => expect(t).toBe('a dollar amount is not taken here: write a whole number: 8, 1,024 or 16k'),
    );
    // Fixed: fresh again, and the new value estimated.
    await field('cluster.gpuCount').fill('20000');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });
    await eventually(
      () => cardText('wallClockDays'),
      (t) => expect(t).toBe('76.2'),
    );
    expect(await page.locator('[data-testid="results"]').getAttribute('class')).not.toContain('stale');
    expect(await page.getByTestId('save-version').isDisabled()).toBe(false);
    expect(b.problems).toEqual([]);
  });

  test("a range's low and high read as the ranged input: 50% for a utilization; an unreadable one makes the estimate stale", async () => {
    const { page } = b;
    await page.goto('about:blank');
    await page.goto(`${base}/dashboard#/scenario/${copyId}`);
    await page.getByTestId('range-add').click();
    await page.getByTestId('range-path').selectOption('cluster.utilization');
    const low = page.locator('#f-ranges-0-low');
    await low.fill('50%');
    await eventually(
      async () => editOf(page.url()).ranges,
      (r) => expect(r).toEqual([{ path: 'cluster.utilization', low: 0.5, high: 1 }]),
    );
    expect(await page.locator('label.field', { has: low }).locator('.hint').innerText()).toBe('0.4 or 40%');
    await page.getByTestId('range-table').waitFor();
    await low.fill('half');
    await page.locator('label.field', { has: low }).locator('.problem').waitFor();
    expect(await page.locator('label.field', { has: low }).locator('.problem').innerText()).toBe('not a number: write 0.4 or 40%');
    expect(await page.locator('[data-testid="results"]').getAttribute('class')).toContain('stale');
    expect(await page.getByTestId('input-problems').innerText()).toContain('ranges[0].low');
    await low.fill('0.5');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });
    expect(b.problems).toEqual([]);
  });

  test('a sweep of 20,000 points says it was capped at 200, and draws 200', async () => {
    const { page } = b;
    const answers: number[] = [];
    page.on('response', async (r) => {
      if (r.url() !== `${base}/graphql` || !(r.request().postData() ?? '').includes('DashboardSweep')) return;
      const body = await r.json();
      answers.push(body.data.sweep.points);
    });
    await page.goto(`${base}/dashboard#/scenario/${seedId}?sweep=cluster.gpuCount&from=1000&to=100000&steps=20000&scale=LOG&metric=wallClockDays`);
    await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
    expect(await page.getByTestId('sweep-capped').innerText()).toBe('20,000 points asked for; a sweep here draws at most 200, so this one has 200.');
    expect(await page.getByTestId('sweep-steps-note').innerText()).toBe('capped at 200: 20,000 asked for');
    await eventually(
      async () => answers,
      (a) => expect(a).toEqual([200]),
    );
    // Within the cap: the box says the range it takes.
    await page.getByTestId('sweep-steps').fill('50');
    await page.getByTestId('sweep-steps').press('Enter');
    await page.getByTestId('sweep-capped').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sweep-steps-note').innerText()).toBe('2 to 200');
    // A fraction's range as percentages.
    await page.getByTestId('sweep-path').selectOption('cluster.utilization');
    expect(await page.getByTestId('sweep-from-note').innerText()).toBe('0.4 or 40%');
    await page.getByTestId('sweep-from').fill('20%');
    await page.getByTestId('sweep-from').press('Enter');
    await eventually(
      async () => answers[answers.length - 1],
      (n) => expect(n).toBe(50),
    );
    expect(await page.locator('.sweep .problem').count()).toBe(0);
    expect(b.problems).toEqual([]);
  });

  test('Compare takes at most 4: the fifth box cannot be ticked, and the page says why', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/library/examples`);
    await page.locator('[data-testid="scenario-table"] tbody tr').nth(5).waitFor();
    const boxes = page.locator('[data-testid="scenario-table"] tbody input[type="checkbox"]');
    for (let i = 0; i < 4; i++) await boxes.nth(i).check();
    expect(await page.getByTestId('compare-link').innerText()).toBe('Compare (4)');
    expect(await page.getByTestId('compare-note').innerText()).toBe('Compare takes at most 4: untick one to pick another.');
    expect(await boxes.nth(4).isDisabled()).toBe(true);
    expect(await boxes.nth(5).isDisabled()).toBe(true);
    await boxes.nth(5).click({ force: true });
    expect(await page.locator('[data-testid="scenario-table"] tbody input[type="checkbox"]:checked').count()).toBe(4);
    // Untick one: the others can be ticked again.
    await boxes.nth(0).uncheck();
    expect(await boxes.nth(5).isDisabled()).toBe(false);
    expect(await page.getByTestId('compare-note').innerText()).toBe('');

    // A link that asks for six shows four and says so.
    const ids = await page
      .locator('[data-testid="scenario-table"] tbody tr')
      .evaluateAll((rows) => rows.slice(0, 6).map((r) => r.getAttribute('data-scenario-id')));
    await page.goto(`${base}/dashboard#/compare?ids=${ids.join(',')}&lib=examples`);
    await page.getByTestId('compare-table').waitFor();
    expect(await page.getByTestId('compare-capped').innerText()).toBe('Showing the first 4 of the 6 scenarios asked for: Compare takes at most 4.');
    expect(await page.locator('[data-testid="compare-table"] thead th a').count()).toBe(4);
    expect(b.problems).toEqual([]);
  });
});
