/**
 * The library table at scale (issue 19, item 3), walked in a real browser: the server orders,
 * searches, filters and pages the rows, so the table's first row sorted by FLOPs is the library's
 * true largest even when it was created last (on what would be the third page in creation order),
 * the count is the library's, Next and Previous walk pages of 50, the search and the accelerator
 * filter ask the server, and the chart draws the rows the table shows.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let libraryId: string;

/** 120 scenarios: "grid i" has (i + 1) B parameters (so FLOPs grow with i), every third on A100s, the others on H100s. */
const SCENARIOS = Array.from({ length: 120 }, (_, i) => ({
  name: `grid ${i}`,
  description: i % 10 === 0 ? 'a round one' : null,
  tags: i % 10 === 0 ? ['round'] : [],
  input: {
    model: { parameters: (i + 1) * 1e9 },
    data: [{ kind: 'TEXT', count: 2e11 }],
    cluster: { hardware: i % 3 === 0 ? 'a100-sxm-80gb' : 'h100-sxm', gpuCount: 256 },
  },
}));

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  libraryId = (await gql(s.url, `mutation { createLibrary(input: { name: "Grid", visibility: PUBLIC }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary.id;
  const document = { format: 'flopscope.library', version: 1, library: { name: 'Grid', description: null }, hardware: [], scenarios: SCENARIOS };
  const r = await gql(
    s.url,
    `mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`,
    { l: libraryId, d: document },
    ADMIN_KEY,
  );
  expect(r.data.importLibrary.scenarios).toBe(120);
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const names = () => b.page.locator('[data-testid="scenario-table"] td.name a').allInnerTexts();
const range = () => b.page.getByTestId('page-range').innerText();
/** Opens the library afresh (a new document: the same hash again would keep the page it was on). */
const open = async (hash: string) => {
  await b.page.goto('about:blank');
  await b.page.goto(`${base}/dashboard#/library/${libraryId}${hash}`);
};

describe('the library table at scale', () => {
  test('sorted by FLOPs, the first row is the largest of the whole library, and the count is the library’s', async () => {
    const { page } = b;
    await open('');
    await eventually(range, (t) => expect(t).toBe('1–50 of 120 scenarios'));
    const first = await names();
    expect(first).toHaveLength(50);
    expect(first.slice(0, 3)).toEqual(['grid 119', 'grid 118', 'grid 117']);
    expect(first[49]).toBe('grid 70');
    // Settled: the page asks nothing more of the server until the user does something.
    const asked = b.requests.filter((u) => u === `${base}/graphql`).length;
    await page.waitForTimeout(1000);
    expect(b.requests.filter((u) => u === `${base}/graphql`).length).toBe(asked);
    // Ascending: the smallest, which is on the first page in creation order too, then the next.
    await page.getByTestId('sort-flops').click();
    await eventually(names, (n) => expect(n.slice(0, 2)).toEqual(['grid 0', 'grid 1']));
    expect(page.url()).toContain('sort=flops&dir=asc');
    await b.shot('library-scale', { fullPage: true });
  });

  test('Next and Previous walk pages of 50; the chart draws the page the table shows', async () => {
    const { page } = b;
    await open('?sort=flops&dir=desc');
    await eventually(range, (t) => expect(t).toBe('1–50 of 120 scenarios'));
    expect(await page.getByTestId('page-previous').isDisabled()).toBe(true);
    await page.getByTestId('page-next').click();
    await eventually(range, (t) => expect(t).toBe('51–100 of 120 scenarios'));
    expect((await names())[0]).toBe('grid 69');
    await page.getByTestId('page-next').click();
    await eventually(range, (t) => expect(t).toBe('101–120 of 120 scenarios'));
    expect(await names()).toHaveLength(20);
    expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
    expect(await page.locator('p', { hasText: 'The 20 scenarios of the table above' }).count()).toBe(1);
    await page.getByTestId('page-previous').click();
    await eventually(range, (t) => expect(t).toBe('51–100 of 120 scenarios'));
  });

  test('the search and the accelerator filter ask the server, count what matches, and start again at the first page', async () => {
    const { page } = b;
    await open('?sort=flops&dir=desc');
    await eventually(range, (t) => expect(t).toBe('1–50 of 120 scenarios'));
    await page.getByTestId('page-next').click();
    await eventually(range, (t) => expect(t).toBe('51–100 of 120 scenarios'));
    // A tag matches the text search, as the name and description do.
    await page.getByTestId('library-search').fill('round');
    await eventually(range, (t) => expect(t).toBe('1–12 of 12 matching scenarios'));
    expect(await names()).toEqual(Array.from({ length: 12 }, (_, k) => `grid ${110 - 10 * k}`));
    expect(page.url()).toContain('q=round');
    // Every third is on A100s: of the round ones, 0, 30, 60 and 90.
    await page.getByTestId('library-hardware').selectOption('a100-sxm-80gb');
    await eventually(names, (n) => expect(n).toEqual(['grid 90', 'grid 60', 'grid 30', 'grid 0']));
    await page.getByTestId('library-search').fill('no such scenario');
    await eventually(
      () => page.getByTestId('scenario-table').innerText(),
      (t) => expect(t).toContain('No scenario matches the search.'),
    );
    // Cleared, the whole library again.
    await page.getByTestId('library-search').fill('');
    await page.getByTestId('library-hardware').selectOption('');
    await eventually(range, (t) => expect(t).toBe('1–50 of 120 scenarios'));
    expect(b.problems).toEqual([]);
  });
});
