/**
 * The planning panel on a scenario page, in a real browser (Debian's Chromium) over the real API:
 * GPUs for a deadline, what a budget buys, the compute-optimal size, low/expected/high over an
 * edited range, and the inference cost per sample with its break-even against training. Every
 * figure the page shows is compared with the one the API gives for the same input, asked here.
 * Screenshots at 390 px and 1400 px.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let scenarioId: string;

/** An 8B-parameter latent image DiT on 1B 512² images (1,024 tokens each) on 256 H100s at the catalog price. */
const INPUT = {
  name: 'Image DiT 8B on 1B images',
  model: { parameters: 8e9, layers: 40, hiddenSize: 4096 },
  data: [{ kind: 'IMAGE', count: 1e9, width: 512, height: 512 }],
  tokenizer: { method: 'LATENT', patchSize: 2, vaeSpatialFactor: 8 },
  cluster: { hardware: 'h100-sxm', gpuCount: 256, utilization: 0.4 },
};

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Planners", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  const r = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    { input: { libraryId: lib.data.createLibrary.id, ...INPUT } },
    ADMIN_KEY,
  );
  expect(r.errors).toBeUndefined();
  scenarioId = r.data.createScenario.id;
  b = await openBrowser();
  await b.page.goto(`${base}/dashboard`);
  await b.page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(ADMIN_KEY)})`);
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

/** The exact value a figure holds (its hover title, "1,234.5 unit"), as a number. */
async function figure(name: string): Promise<number> {
  const title = await b.page.locator(`[data-figure="${name}"] .num`).first().getAttribute('title');
  return Number((title ?? '').split(' ')[0].replace(/,/g, ''));
}

/** The same digits the page's hover shows: every digit JavaScript holds, parsed back. */
const asShown = (x: number) => Number(x.toLocaleString('en-US', { maximumSignificantDigits: 17 }).replace(/,/g, ''));

async function api(query: string, variables: Record<string, unknown>) {
  const r = await gql(s.url, query, variables, ADMIN_KEY);
  expect(r.errors).toBeUndefined();
  return r.data;
}

describe('planning panel', () => {
  test('answers the deadline and budget questions with the figures the API gives', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/scenario/${scenarioId}`);
    await page.getByTestId('planning').waitFor();
    await page.getByTestId('plan-days').fill('20');
    await page.getByTestId('plan-budget-input').fill('$50k');
    const d = await api(
      `query($input: ScenarioInput!) { estimate(input: $input) {
        gpusForDeadline(days: 20) { gpuCount wallClockDays }
        daysForBudget(budgetUsd: 50000) { affordableGpuHours costUsd daysAffordable fractionOfTraining wallClockDaysNeeded }
        chinchillaOptimal { parameters tokens }
      } }`,
      { input: INPUT },
    );
    const plan = d.estimate;
    await eventually(
      () => figure('gpuCount'),
      (n) => expect(n).toBe(plan.gpusForDeadline.gpuCount),
    );
    expect(await page.locator('[data-figure="gpuCount"]').innerText()).toBe(plan.gpusForDeadline.gpuCount.toLocaleString('en-US'));
    expect(await figure('deadlineDays')).toBe(asShown(plan.gpusForDeadline.wallClockDays));
    expect(plan.gpusForDeadline.wallClockDays).toBeLessThanOrEqual(20);
    await eventually(
      () => figure('affordableGpuHours'),
      (n) => expect(n).toBe(asShown(plan.daysForBudget.affordableGpuHours)),
    );
    for (const k of ['costUsd', 'daysAffordable', 'fractionOfTraining', 'wallClockDaysNeeded']) expect(await figure(k)).toBe(asShown(plan.daysForBudget[k]));
    expect(await figure('optimalParameters')).toBe(asShown(plan.chinchillaOptimal.parameters));
    expect(await figure('optimalTokens')).toBe(asShown(plan.chinchillaOptimal.tokens));
    // $50k is short of this run's cost: said so.
    expect(plan.daysForBudget.fractionOfTraining).toBeLessThan(1);
    expect(await page.getByTestId('plan-budget').innerText()).toMatch(/% of the cost of this training run \(.*\): not enough to finish/);

    // The deadline and budget are in the URL: a reload asks the same questions.
    expect(decodeURIComponent(page.url())).toContain('deadline=20');
    await page.reload();
    await eventually(
      () => figure('gpuCount'),
      (n) => expect(n).toBe(plan.gpusForDeadline.gpuCount),
    );
    expect(await page.getByTestId('plan-budget-input').inputValue()).toBe('$50k');

    // A refused deadline is said on the field, and nothing is asked with it.
    await page.getByTestId('plan-days').fill('-3');
    await page.getByText('a positive number of days').waitFor();
    await page.getByTestId('plan-deadline').waitFor({ state: 'detached' });
    await page.getByTestId('plan-days').fill('20');
    await page.getByTestId('plan-deadline').waitFor();
    expect(b.problems).toEqual([]);
  });

  test('low / expected / high over an edited range, and the inference cost per sample with its break-even', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard#/scenario/${scenarioId}`);
    await page.getByTestId('planning').waitFor();
    expect(await page.getByTestId('planning').innerText()).toContain('No ranges');
    await page.getByTestId('range-add').click();
    const row = page.locator('[data-testid="ranges-editor"] .range').first();
    await row.getByTestId('range-path').selectOption('cluster.utilization');
    await page.locator('#f-ranges-0-low').fill('0.3');
    await page.locator('#f-ranges-0-high').fill('0.5');
    const ranged = { ...INPUT, ranges: [{ path: 'cluster.utilization', low: 0.3, high: 0.5 }] };
    const d = await api(
      `query($input: ScenarioInput!) { estimate(input: $input) { range { wallClockDays { low expected high } costUsd { low expected high } } } }`,
      {
        input: ranged,
      },
    );
    const cell = (metric: string, end: string) =>
      page.locator(`[data-testid="range-table"] tr[data-range-metric="${metric}"] td[data-end="${end}"] .num`).getAttribute('title');
    await eventually(
      async () => Number(((await cell('wallClockDays', 'low')) ?? '').split(' ')[0].replace(/,/g, '')),
      (n) => expect(n).toBe(asShown(d.estimate.range.wallClockDays.low)),
    );
    for (const end of ['expected', 'high']) {
      expect(Number(((await cell('wallClockDays', end)) ?? '').split(' ')[0].replace(/,/g, ''))).toBe(asShown(d.estimate.range.wallClockDays[end]));
    }
    // Slower at 0.3 than at 0.5: the low end of the days is the high utilization.
    expect(d.estimate.range.wallClockDays.low).toBeLessThan(d.estimate.range.wallClockDays.high);
    // The range is part of the edited input: the page says it is modified, and a low above the value is refused on its field.
    await page.getByTestId('modified').waitFor();
    await page.locator('#f-ranges-0-low').fill('0.45');
    await page.getByTestId('input-problems').waitFor();
    expect(await page.getByTestId('input-problems').innerText()).toContain('ranges[0].low');
    await page.locator('#f-ranges-0-low').fill('0.3');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });

    // Inference: 30 steps without guidance, against the API's answer for the same options.
    await page.getByTestId('inference-steps').fill('30');
    await page.getByTestId('inference-guidance').selectOption('off');
    const inf = await api(
      `query($input: ScenarioInput!) { estimate(input: $input) { inference(steps: 30, guidance: false) { costPerSampleUsd samplesToMatchTraining flopsPerSample gpuSecondsPerSample } } }`,
      { input: ranged },
    );
    await eventually(
      () => figure('flopsPerSample'),
      (n) => expect(n).toBe(asShown(inf.estimate.inference.flopsPerSample)),
    );
    expect(await figure('costPerSampleUsd')).toBe(asShown(inf.estimate.inference.costPerSampleUsd));
    expect(await figure('samplesToMatchTraining')).toBe(asShown(inf.estimate.inference.samplesToMatchTraining));
    expect(await figure('gpuSecondsPerSample')).toBe(asShown(inf.estimate.inference.gpuSecondsPerSample));

    await page.getByTestId('planning').scrollIntoViewIfNeeded();
    await b.shot('planning-1400');
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByTestId('planning').scrollIntoViewIfNeeded();
    await b.shot('planning-390');
    // The panel stays within a phone's width (its tables scroll in their own box).
    const box = await page
      .getByTestId('planning')
      .evaluate((el) => ({ right: el.getBoundingClientRect().right, scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.right).toBeLessThanOrEqual(390);
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    await page.setViewportSize({ width: 1400, height: 900 });

    // Saved with the scenario: the range is in the stored input.
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 2.').waitFor();
    const saved = await api(`query($id: ID!) { scenario(id: $id) { input { ranges { path low high } } } }`, { id: scenarioId });
    expect(saved.scenario.input.ranges).toEqual([{ path: 'cluster.utilization', low: 0.3, high: 0.5 }]);
    expect(foreignRequests(b.requests, base)).toEqual([]);
    // The refused range (400 on the estimate) was meant.
    expect(b.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
