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
  /** Waits until the view has drawn what it shows (tables, charts, the estimate), with what it opens (a history, a trash) open. */
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
  // A team scenario with ranges and two versions: the planning panel's table and the history's diff have something to show.
  const teamInput = {
    name: 'Layout: a 7B LLM with ranges',
    description: 'A team scenario for the layout and accessibility tests.',
    tags: ['llm', 'layout'],
    model: { parameters: 7e9, layers: 32, hiddenSize: 4096 },
    data: [{ kind: 'TEXT', count: 1e12 }],
    training: { attention: true },
    cluster: { hardware: 'h100-sxm', gpuCount: 512, utilization: 0.4 },
    ranges: [{ path: 'cluster.utilization', low: 0.3, high: 0.5 }],
  };
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId, ...teamInput } },
    ADMIN_KEY,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const team = created.data.createScenario.id as string;
  const updated = await gql(
    s.url,
    `mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: 1, input: $input, note: "twice the GPUs") { version } }`,
    { id: team, input: { ...teamInput, cluster: { ...teamInput.cluster, gpuCount: 1024 } } },
    ADMIN_KEY,
  );
  if (updated.errors) throw new Error(JSON.stringify(updated.errors));
  // Another, for a stale save: the page's edit against a colleague's version saved meanwhile.
  const contested = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId, ...teamInput, name: 'Layout: contested' } },
    ADMIN_KEY,
  );
  const contestedId = contested.data.createScenario.id as string;
  // One deleted, for the library's trash.
  const doomed = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId, ...teamInput, name: 'Layout: deleted' } },
    ADMIN_KEY,
  );
  await gql(s.url, `mutation($id: ID!) { deleteScenario(id: $id) }`, { id: doomed.data.createScenario.id }, ADMIN_KEY);
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
    {
      // As its owner (the admin): settings, members, new users, export and import, new scenario, the trash open.
      name: 'library-team',
      path: `/dashboard#/library/${libraryId}`,
      ready: async (page) => {
        await table(page);
        await page.locator('[data-testid="library-panel"]').waitFor();
        await page.locator('[data-testid="members-table"]').waitFor();
        await page.locator('[data-testid="trash"] > summary').click();
        await page.getByTestId('new-scenario').click();
        await page.getByTestId('new-scenario-form').waitFor();
      },
      dashboard: true,
    },
    { name: 'scenario-seed', path: `/dashboard#/scenario/${seed}`, ready: estimate, dashboard: true },
    { name: 'scenario-stages', path: `/dashboard#/scenario/${staged}`, ready: estimate, dashboard: true },
    { name: 'scenario-architecture', path: `/dashboard#/scenario/${llama}`, ready: estimate, dashboard: true },
    {
      // A team scenario: ranges, a deadline and a budget answered, the history open with its diff.
      name: 'scenario-team',
      path: `/dashboard#/scenario/${team}?deadline=20&budget=$50k`,
      ready: async (page) => {
        await estimate(page);
        await page.locator('[data-testid="range-table"]').waitFor();
        await page.locator('[data-testid="plan-deadline"]').waitFor();
        await page.locator('[data-testid="history"] > summary').click();
        await page.locator('[data-testid="revision-author"]').first().waitFor();
      },
      dashboard: true,
    },
    {
      // The conflict panel: utilization edited here while a colleague saved more GPUs.
      name: 'scenario-conflict',
      path: `/dashboard#/scenario/${contestedId}`,
      ready: async (page) => {
        await estimate(page);
        await page.locator('#f-cluster-utilization').fill('0.45');
        await page.getByTestId('modified').waitFor();
        const current = await gql(s.url, `query($id: ID!) { scenario(id: $id) { version } }`, { id: contestedId }, ADMIN_KEY);
        const version = current.data.scenario.version as number;
        const theirs = await gql(
          s.url,
          `mutation($id: ID!, $v: Int!, $input: ScenarioInput!) { updateScenario(id: $id, expectedVersion: $v, input: $input, note: "more GPUs") { version } }`,
          { id: contestedId, v: version, input: { ...teamInput, name: 'Layout: contested', cluster: { ...teamInput.cluster, gpuCount: 1024 + version } } },
          ADMIN_KEY,
        );
        if (theirs.errors) throw new Error(JSON.stringify(theirs.errors));
        await page.getByTestId('save-version').click();
        await page.getByTestId('conflict').waitFor();
      },
      dashboard: true,
    },
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
  // The dashboard reads the key when it starts: start it again.
  await page.reload();
}

/** Opens a view as a link would: a fresh page load (a hash change alone keeps the last view's state). */
export async function openView(page: Page, base: string, view: ViewCase): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${base}${view.path}`);
  await view.ready(page);
}
