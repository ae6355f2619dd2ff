/**
 * Warnings that fit (issue 18, item 6), as a user sees them: a deliberately over-trained LLM —
 * Llama-style, 15T tokens on 8B parameters, far past Chinchilla's 20 per parameter — is no warning
 * in the library table (its FAR_FROM_CHINCHILLA_OPTIMAL is information, EstimateWarning.severity
 * INFO), and its scenario page lists it as information, apart from the warnings.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let libraryId: string;
let scenarioId: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  libraryId = (await gql(s.url, `mutation { createLibrary(input: { name: "LLMs", visibility: PUBLIC }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary.id;
  const r = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id estimate { warnings { code severity } } } }`,
    {
      input: {
        libraryId,
        name: 'Over-trained 8B',
        model: { parameters: 8e9 },
        data: [{ kind: 'TEXT', count: 15e12 }],
        cluster: { hardware: 'h100-sxm', gpuCount: 1024 },
      },
    },
    ADMIN_KEY,
  );
  expect(r.errors).toBeUndefined();
  // The API says it is information, as the page will.
  expect(r.data.createScenario.estimate.warnings).toContainEqual({ code: 'FAR_FROM_CHINCHILLA_OPTIMAL', severity: 'INFO' });
  scenarioId = r.data.createScenario.id;
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

test('the library table badges no warning for an over-trained LLM; its page lists the Chinchilla distance as information', async () => {
  await b.page.goto(`${base}/dashboard#/library/${libraryId}`);
  const row = b.page.locator('tr', { hasText: 'Over-trained 8B' });
  await row.waitFor();
  expect(await row.locator('.badge').count()).toBe(0);
  await b.page.goto(`${base}/dashboard#/scenario/${scenarioId}`);
  const item = b.page.locator('[data-testid="warnings"] li', { hasText: 'FAR_FROM_CHINCHILLA_OPTIMAL' });
  await item.waitFor();
  expect(await item.locator('.badge.info').textContent()).toBe('info · FAR_FROM_CHINCHILLA_OPTIMAL');
  expect(b.problems).toEqual([]);
});
