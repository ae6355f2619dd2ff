/**
 * Every view of the dashboard (and the playground), opened as a user would, for the tests that
 * check all of them alike: layout at phone to desktop widths (layout.test.ts) and accessibility
 * (a11y.test.ts). A new view belongs here: both tests then cover it.
 */
import type { Page } from 'playwright-core';
import { ADMIN_KEY, gql, type TestServer } from '../api/harness';

export interface ViewCase {
  /** Names the screenshots: `<name>-<width>.png`. */
  name: string;
  /** Path and hash under the server's base URL. */
  path: string;
  /** Waits until the view has drawn what it shows (tables, charts, the estimate). */
  ready(page: Page): Promise<void>;
  /** The dashboard's own header (the playground has GraphiQL's). */
  dashboard: boolean;
}

async function exampleId(url: string, name: string): Promise<string> {
  const r = await gql(url, `query($t: String!) { scenarios(libraryId: "examples", filter: { text: $t }) { edges { node { id name } } } }`, { t: name });
  const node = (r.data.scenarios.edges as { node: { id: string; name: string } }[]).find((e) => e.node.name === name);
  if (!node) throw new Error(`No example named ${name}`);
  return node.node.id;
}

/** A team library holding copies of three examples, and the views to visit. */
export async function setUpViews(s: TestServer): Promise<ViewCase[]> {
  const seed = await exampleId(s.url, 'Sora compute, 2024 article (as written)');
  const staged = await exampleId(s.url, 'Open-Sora 2.0 in three stages on H200s');
  const llama = await exampleId(s.url, 'Llama 3.1 405B on 16,384 H100s');
  const gpt3 = await exampleId(s.url, 'GPT-3 175B');
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Layout team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  const libraryId = lib.data.createLibrary.id as string;
  for (const id of [seed, staged, llama]) {
    const r = await gql(s.url, `mutation($id: ID!, $lib: ID!) { forkScenario(id: $id, libraryId: $lib) { id } }`, { id, lib: libraryId }, ADMIN_KEY);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  const table = async (page: Page) => {
    await page.locator('[data-testid="scenario-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="flops-chart"] canvas').waitFor();
  };
  const estimate = async (page: Page) => {
    await page.locator('[data-testid="results"]').waitFor();
    await page.locator('[data-testid="breakdown-chart"] canvas').waitFor();
  };
  return [
    { name: 'library-examples', path: '/dashboard#/library/examples', ready: table, dashboard: true },
    { name: 'library-team', path: `/dashboard#/library/${libraryId}`, ready: table, dashboard: true },
    { name: 'scenario-seed', path: `/dashboard#/scenario/${seed}`, ready: estimate, dashboard: true },
    { name: 'scenario-stages', path: `/dashboard#/scenario/${staged}`, ready: estimate, dashboard: true },
    { name: 'scenario-architecture', path: `/dashboard#/scenario/${llama}`, ready: estimate, dashboard: true },
    {
      name: 'sweep',
      path: `/dashboard#/scenario/${seed}?sweep=cluster.gpuCount&from=1000&to=100000&steps=20&scale=LOG&metric=wallClockDays`,
      ready: async (page) => {
        await estimate(page);
        await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
      },
      dashboard: true,
    },
    {
      name: 'compare',
      path: `/dashboard#/compare?ids=${[seed, staged, llama, gpt3].join(',')}&lib=examples`,
      ready: async (page) => {
        await page.locator('[data-testid="compare-table"]').waitFor();
        await page.locator('[data-testid="compare-flops"] canvas').waitFor();
      },
      dashboard: true,
    },
    {
      name: 'playground',
      path: '/graphql',
      ready: async (page) => {
        await page.locator('.graphiql-container').waitFor();
        await page.locator('.graphiql-tab-active').waitFor();
      },
      dashboard: false,
    },
  ];
}

/** Keeps the admin key in the browser, as a user who entered it would. */
export async function useKey(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/dashboard#/library/examples`);
  await page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(ADMIN_KEY)})`);
}
