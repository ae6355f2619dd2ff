/**
 * The GraphiQL playground in a real browser (Debian's Chromium): it loads from the server alone,
 * runs the seed article's estimate, opens the docs explorer and the examples.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const responseText = () => b.page.locator('.graphiql-response').innerText();

describe('playground on GET /graphql', () => {
  test('loads and runs the seed article example, with no request to any host but the server', async () => {
    const { page } = b;
    await page.goto(`${base}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    // The first tab is the seed example: its variables are the sora-2024 preset.
    await page.locator('.graphiql-tab-active', { hasText: 'EstimateSeedArticle' }).waitFor();
    await page.getByRole('button', { name: 'Variables' }).click();
    await page.locator('.graphiql-editor-tool .view-lines', { hasText: 'Sora compute, 2024 article' }).waitFor();

    const answer = page.waitForResponse((r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes('EstimateSeedArticle'));
    await page.locator('.graphiql-execute-button').click();
    const body = await (await answer).json();
    expect(body.errors).toBeUndefined();
    const e = body.data.estimate;
    expect(e.flops / 2.56609e24).toBeCloseTo(1, 4);
    expect(e.ratioVsGPT3).toBeCloseTo(8.17, 2);
    expect(e.wallClockDays).toBeCloseTo(152.3, 1);
    expect(e.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['SEED_VIDEO_RESOLUTION_IGNORED', 'SEED_CHANNELS_COUNTED_AS_TOKENS']),
    );
    await eventually(responseText, (v) => expect(v).toMatch(/"flops":\s*2\.566\d*e\+24/));
    // The headers pane (for an API key) is there.
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .view-lines', { hasText: 'Authorization' }).waitFor();
    await b.shot('playground-seed-estimate');

    // Everything came from the server: the page, its scripts and styles, Monaco's workers, the API.
    expect(foreignRequests(b.requests, base)).toEqual([]);
    const paths = b.requests.map((u) => (u.startsWith(base) ? u.slice(base.length) : u));
    expect(paths).toEqual(expect.arrayContaining(['/graphql', '/assets/playground/playground.js', '/assets/playground/playground.css']));
    expect(paths.some((p) => /^\/assets\/playground\/(graphql|editor|json)\.worker\.js$/.test(p))).toBe(true);
    expect(b.problems).toEqual([]);
  });

  test('the docs explorer opens and shows the schema', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Root Types').waitFor();
    await docs.getByRole('link', { name: 'Query' }).first().click();
    await docs.getByText('estimate', { exact: false }).first().waitFor();
    await eventually(
      () => docs.innerText(),
      (v) => expect(v).toContain('referenceModels'),
    );
    await docs.getByRole('link', { name: 'estimate' }).first().click();
    await eventually(
      () => docs.innerText(),
      (v) => expect(v).toContain('ScenarioInput'),
    );
    await b.shot('playground-docs-explorer');
    expect(b.problems).toEqual([]);
  });

  test('each example is one click away and runs: the sweep', async () => {
    const { page } = b;
    await page.getByRole('button', { name: /Show Examples|Hide Examples/ }).click();
    const examples = page.locator('.fs-example');
    if ((await examples.count()) === 0) await page.getByRole('button', { name: /Show Examples/ }).click();
    await eventually(
      () => examples.count(),
      (v) => expect(v).toBe(4),
    );
    const titles = await examples.locator('strong').allInnerTexts();
    expect(titles).toEqual(['Estimate the seed article', 'List a library', 'Save a scenario', 'Run a sweep']);

    const tabs = await page.locator('.graphiql-tab').count();
    await examples.filter({ hasText: 'Run a sweep' }).click();
    await eventually(
      () => page.locator('.graphiql-tab').count(),
      (v) => expect(v).toBe(tabs + 1),
    );
    await page.locator('.graphiql-tab-active', { hasText: 'SweepGpuCount' }).waitFor();
    const answer = page.waitForResponse((r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes('SweepGpuCount'));
    await page.locator('.graphiql-execute-button').click();
    const body = await (await answer).json();
    expect(body.errors).toBeUndefined();
    expect(body.data.sweep.points).toBe(7);
    expect(body.data.sweep.series.wallClockDays[3]).toBeCloseTo(152.3, 1); // 10,000 GPUs: the article's cluster
    await eventually(responseText, (v) => expect(v).toMatch(/"points":\s*7,/));

    await examples.filter({ hasText: 'List a library' }).click();
    const listed = page.waitForResponse((r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes('ListLibrary'));
    await page.locator('.graphiql-execute-button').click();
    const lib = await (await listed).json();
    expect(lib.errors).toBeUndefined();
    expect(lib.data.library.scenarios.totalCount).toBeGreaterThanOrEqual(6);
    await b.shot('playground-examples');
    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  test('with the key saved by the dashboard, the save example creates a library, then saves the seed scenario in it', async () => {
    const { page } = b;
    await page.evaluate(`localStorage.setItem('flopscope.apiKey', ${JSON.stringify(ADMIN_KEY)})`);
    await page.reload();
    await page.locator('.graphiql-container').waitFor();
    const examples = page.locator('.fs-example');
    if ((await examples.count()) === 0) await page.getByRole('button', { name: 'Show Examples' }).click();
    await examples.filter({ hasText: 'Save a scenario' }).click();
    await page.locator('.graphiql-tab-active', { hasText: 'CreateLibrary' }).waitFor();
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .view-lines', { hasText: `Bearer ${ADMIN_KEY}` }).waitFor();

    // Two operations: ▶ offers both.
    const run = async (operation: string) => {
      const answer = page.waitForResponse((r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes(`"operationName":"${operation}"`));
      const item = page.getByRole('menuitem', { name: operation });
      // GraphiQL lists a document's operations once it has parsed the editor's text; a click that
      // comes before that opens no menu, so try again (a busy CI machine can be that slow).
      for (let attempt = 1; ; attempt++) {
        await page.locator('.graphiql-execute-button').click();
        try {
          await item.waitFor({ timeout: 5000 });
          break;
        } catch (e) {
          if (attempt >= 4) throw e;
          await page.keyboard.press('Escape');
        }
      }
      await item.click();
      return (await answer).json();
    };
    const created = await run('CreateLibrary');
    expect(created.errors).toBeUndefined();
    const libraryId = created.data.createLibrary.id as string;

    // Put the new library's id into the variables, as a person would.
    await page.getByRole('button', { name: 'Variables' }).click();
    const variables = page.locator('.graphiql-editor-tool .monaco-editor').first();
    await variables.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    const seed = (
      await gql(
        s.url,
        `{ scenarios(libraryId: "examples", filter: { text: "as written" }) { edges { node { input { model { parameters } data { kind count width height channels durationSeconds fps } tokenizer { method patchSize } training { epochs } cluster { hardware precision gpuCount utilization } } } } } }`,
      )
    ).data.scenarios.edges[0].node.input;
    const input = JSON.parse(JSON.stringify(seed, (_k, v) => (v === null ? undefined : v)));
    await page.keyboard.insertText(JSON.stringify({ scenario: { libraryId, name: 'Saved from the playground', ...input } }));
    const saved = await run('SaveScenario');
    expect(saved.errors).toBeUndefined();
    expect(saved.data.createScenario.library.id).toBe(libraryId);
    expect(saved.data.createScenario.estimate.flops / 2.56609e24).toBeCloseTo(1, 4);
    await b.shot('playground-save-scenario');

    const listed = await gql(s.url, `query($id: ID!) { library(id: $id) { scenarios { edges { node { name } } } } }`, { id: libraryId }, ADMIN_KEY);
    expect(listed.data.library.scenarios.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Saved from the playground']);
    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
