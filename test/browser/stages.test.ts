/**
 * A scenario trained in stages, in the dashboard in a real browser (Debian's Chromium), as a user
 * walks through it: a DiT trained as Movie Gen trains (Polyak et al. 2024: 256 px images on 1,536
 * GPUs, then 768 px clips on 6,144), created through the API into a team library; opened, its stages
 * shown with what each inherits; stage 2's steps edited and the estimate following; a stage added
 * and moved; a bad steps value refused on its field with nothing saved; saved and read back.
 * Then a single-data scenario turned into one stage and back. Screenshots at 390 px and 1280 px.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser, paintedPixels } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let libraryId: string;

/** Two stages of one DiT (28 blocks × 1152, 16 heads, 16 latent channels): images on 1,536 GPUs, then 256-frame clips on 6,144 with full recomputation. */
const STAGED = {
  name: 'Movie Gen-style DiT, two stages',
  model: { architecture: { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, latentChannels: 16 } },
  stages: [
    { name: '256 px images', data: [{ kind: 'IMAGE', steps: 10_000, batchSize: 1536, width: 256, height: 256 }], cluster: { gpuCount: 1536 } },
    {
      name: '768 px video',
      data: [{ kind: 'VIDEO', steps: 1000, batchSize: 6144, width: 768, height: 768, frames: 256 }],
      training: { recomputation: 'FULL' },
      cluster: { gpuCount: 6144 },
    },
  ],
  tokenizer: { method: 'LATENT', vaeSpatialFactor: 8, vaeTemporalFactor: 8, patchSize: 2 },
  cluster: { hardware: 'h100-sxm', utilization: 0.4 },
};

async function create(input: Record<string, unknown>): Promise<string> {
  const r = await gql(s.url, `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`, { input: { libraryId, ...input } }, ADMIN_KEY);
  expect(r.errors).toBeUndefined();
  return r.data.createScenario.id;
}

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Video team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  libraryId = lib.data.createLibrary.id;
  b = await openBrowser();
  await b.page.goto(`${base}/dashboard`);
  await b.page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(ADMIN_KEY)})`);
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const field = (path: string) => b.page.locator(`[data-path="${path}"]`);
const fieldLabel = (path: string) => b.page.locator('label.field', { has: field(path) });
const cardText = (metric: string) => b.page.locator(`[data-metric="${metric}"] .card-value`).innerText();
const stageRows = () => b.page.locator('[data-testid="stages-table"] tbody tr');
/** The exact figure a stage's cell holds (its hover title), stage k or "total". */
async function stageValue(k: number | 'total', column: string): Promise<number> {
  const title = await b.page.locator(`[data-testid="stages-table"] tr[data-stage="${k}"] td[data-column="${column}"] .num`).getAttribute('title');
  return Number((title ?? '').replace(/[^0-9.]/g, ''));
}
async function storedInput(id: string) {
  const r = await gql(
    s.url,
    `query($id: ID!) { scenario(id: $id) { version input { data { kind } stages { name data { kind steps batchSize frames count width } cluster { gpuCount } training { recomputation } } } } }`,
    { id },
    ADMIN_KEY,
  );
  return r.data.scenario;
}

describe('dashboard: stages', () => {
  test('a staged scenario: shown stage by stage, stage 2 edited, a stage added and moved, bad steps refused on the field, saved and read back', async () => {
    const { page } = b;
    const id = await create(STAGED);
    await page.goto(`${base}/dashboard#/scenario/${id}`);
    await page.reload(); // the key is read when the page loads

    // Both stages, each with its data as steps × batch size, and what it sets itself.
    await page.getByTestId('stage-1').waitFor();
    expect(await field('stages[0].name').inputValue()).toBe('256 px images');
    expect(await field('stages[1].name').inputValue()).toBe('768 px video');
    expect(await field('stages[1].data[0].steps').inputValue()).toBe('1000');
    expect(await field('stages[1].data[0].batchSize').inputValue()).toBe('6144');
    expect(await field('stages[1].data[0].frames').inputValue()).toBe('256');
    expect(await field('stages[1].data[0].count').count()).toBe(0); // steps × batch instead
    expect(await field('stages[1].data[0].fps').count()).toBe(0); // frames instead
    // Stage 1 sets only its cluster: the tokenizer and training are the scenario's.
    expect(await page.getByTestId('stage-0-tokenizer').getAttribute('data-inherits')).toBe('true');
    expect(await page.getByTestId('stage-0-tokenizer').innerText()).toMatch(/Tokenizer: inherits the scenario's/);
    expect(await page.getByTestId('stage-0-training').getAttribute('data-inherits')).toBe('true');
    expect(await page.getByTestId('stage-0-cluster').getAttribute('data-inherits')).toBe('false');
    expect(await field('stages[0].cluster.gpuCount').inputValue()).toBe('1536');
    // An empty field of a stage's own cluster says what it inherits.
    expect(await field('stages[0].cluster.utilization').getAttribute('placeholder')).toBe('scenario: 0.4');
    expect(await field('stages[0].cluster.hardware').locator('option[value=""]').innerText()).toBe("scenario's (NVIDIA H100 SXM)");
    expect(await field('stages[1].training.recomputation').inputValue()).toBe('FULL');

    // The estimate stage by stage: 256 latent patches per image, 73,728 per clip (Movie Gen's 768 px, 8×8×8 VAE, 2×2 patches).
    await eventually(
      () => stageRows().count(),
      (n) => expect(n).toBe(2),
    );
    expect(await stageRows().locator('th').allInnerTexts()).toEqual(['1 256 px images', '2 768 px video']);
    expect(await stageValue(0, 'samples')).toBe(10_000 * 1536);
    expect(await stageValue(1, 'samples')).toBe(1000 * 6144);
    expect(await stageValue(0, 'tokensPerSample')).toBe(256);
    expect(await stageValue(1, 'tokensPerSample')).toBe(73_728);
    // Full recomputation in stage 2 only: hardware FLOPs above model FLOPs there, equal in stage 1.
    expect(await stageValue(0, 'hardwareFlops')).toBe(await stageValue(0, 'flops'));
    expect(await stageValue(1, 'hardwareFlops')).toBeGreaterThan(await stageValue(1, 'flops'));
    expect(await page.getByTestId('hardware-flops').innerText()).toMatch(/with FULL recomputation in stage 2\)/);
    const flops0 = await stageValue(0, 'flops');
    const flops1 = await stageValue(1, 'flops');
    const days1 = await stageValue(1, 'wallClockDays');
    // The totals are the stages' sums; days too (one stage after the other).
    expect(Math.abs((await stageValue('total', 'flops')) / (flops0 + flops1) - 1)).toBeLessThan(1e-12);
    expect(Math.abs((await stageValue('total', 'wallClockDays')) / ((await stageValue(0, 'wallClockDays')) + days1) - 1)).toBeLessThan(1e-12);
    const cardBefore = await cardText('flops');

    // Stage 2 trained twice as long: its FLOPs and days double, stage 1's stay.
    await field('stages[1].data[0].steps').fill('2000');
    await eventually(
      () => stageValue(1, 'flops'),
      (f) => expect(Math.abs(f / (2 * flops1) - 1)).toBeLessThan(1e-12),
    );
    expect(Math.abs((await stageValue(1, 'wallClockDays')) / (2 * days1) - 1)).toBeLessThan(1e-12);
    expect(await stageValue(0, 'flops')).toBe(flops0);
    expect(await cardText('flops')).not.toBe(cardBefore);
    expect(await page.getByTestId('modified').count()).toBe(1);
    await page.getByTestId('flops-breakdown').waitFor();
    await page.getByTestId('parameters').waitFor();

    // A third stage: it starts as a copy of the last one's data; named, at 16 s × 16 fps instead of 256 frames.
    await page.getByTestId('add-stage').click();
    await page.getByTestId('stage-2').waitFor();
    expect(await field('stages[2].data[0].steps').inputValue()).toBe('2000');
    await field('stages[2].name').fill('768 px, 16 fps');
    await page.getByTestId('stage-2').locator('select[data-choice="stages[2].data[0].length"]').selectOption('seconds');
    await field('stages[2].data[0].durationSeconds').fill('16');
    await field('stages[2].data[0].fps').fill('16');
    await field('stages[2].data[0].steps').fill('500');
    await eventually(
      () => stageRows().locator('th').allInnerTexts(),
      (names) => expect(names).toEqual(['1 256 px images', '2 768 px video', '3 768 px, 16 fps']),
    );
    // 16 s × 16 fps = 256 frames: the same tokens per clip as stage 2; a quarter of its steps, so a
    // quarter of its model FLOPs exactly (stage 3 inherits the scenario's training: no recomputation).
    await eventually(
      () => Promise.all([stageValue(2, 'tokensPerSample'), stageValue(2, 'flops')]),
      ([t, f]) => {
        expect(t).toBe(73_728);
        expect(Math.abs(f / ((2 * flops1) / 4) - 1)).toBeLessThan(1e-12);
      },
    );
    expect(await stageValue(2, 'hardwareFlops')).toBe(await stageValue(2, 'flops'));

    // Moved before stage 2: the order follows, the total does not change.
    const total = await stageValue('total', 'flops');
    await page.getByRole('button', { name: 'Move stage 3 up' }).click();
    await eventually(
      () => stageRows().locator('th').allInnerTexts(),
      (names) => expect(names).toEqual(['1 256 px images', '2 768 px, 16 fps', '3 768 px video']),
    );
    expect(Math.abs((await stageValue('total', 'flops')) / total - 1)).toBeLessThan(1e-12);
    expect(await field('stages[1].name').inputValue()).toBe('768 px, 16 fps');
    expect(await field('stages[2].data[0].steps').inputValue()).toBe('2000');

    // A bad steps value: the API's message on the field; nothing can be saved, and nothing is.
    await field('stages[2].data[0].steps').fill('0');
    const steps = fieldLabel('stages[2].data[0].steps');
    await steps.locator('.problem').waitFor();
    expect(await steps.locator('.problem').innerText()).toMatch(/positive/);
    expect(await field('stages[2].data[0].steps').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('input-problems').innerText()).toContain('stages[2].data[0].steps');
    expect(await page.getByTestId('save-version').isDisabled()).toBe(true);
    expect(await page.getByTestId('save-note').innerText()).toBe('fix the flagged fields to save');
    // The phone: the flagged field in the middle of the screen; the desktop: the whole page, the problem beside the estimate.
    await page.setViewportSize({ width: 390, height: 900 });
    await steps.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await b.shot('stages-steps-invalid-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await b.shot('stages-steps-invalid-1280', { fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await storedInput(id)).toMatchObject({ version: 1, input: { stages: [{ data: [{ steps: 10_000 }] }, { data: [{ steps: 1000 }] }] } });
    await field('stages[2].data[0].steps').fill('2000');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });
    // frames is a whole number (an Int in the schema, an integer in the core's rules): the box refuses a fraction itself, on its field, with the API's words.
    await field('stages[2].data[0].frames').fill('2.5');
    const frames = fieldLabel('stages[2].data[0].frames');
    await frames.locator('.problem').waitFor();
    expect(await frames.locator('.problem').innerText()).toBe('must be a whole number, got 2.5');
    await field('stages[2].data[0].frames').fill('256');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });
    // Refused in the page: no request was refused by the API (Chromium would log its 400).
    expect(b.problems).toEqual([]);

    // A phone and a desktop: nothing wider than the window.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await eventually(
        () => page.evaluate('document.documentElement.scrollWidth'),
        (w) => expect(w).toBeLessThanOrEqual(width),
      );
      await b.shot(`stages-${width}`, { fullPage: true });
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    // Saved as version 2 (stages only, never data beside them), and read back after a reload.
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 2.').waitFor();
    const stored = await storedInput(id);
    expect(stored.version).toBe(2);
    expect(stored.input.data).toBeNull();
    expect(stored.input.stages.map((st: { name: string; data: { steps: number }[] }) => [st.name, st.data[0].steps])).toEqual([
      ['256 px images', 10_000],
      ['768 px, 16 fps', 500],
      ['768 px video', 2000],
    ]);
    expect(stored.input.stages[2]).toMatchObject({ training: { recomputation: 'FULL' }, cluster: { gpuCount: 6144 } });
    await page.reload();
    await eventually(
      () => stageRows().locator('th').allInnerTexts(),
      (names) => expect(names).toEqual(['1 256 px images', '2 768 px, 16 fps', '3 768 px video']),
    );
    expect(await field('stages[2].data[0].steps').inputValue()).toBe('2000');
    expect(await field('stages[1].data[0].durationSeconds').inputValue()).toBe('16');
    expect(await page.getByTestId('modified').count()).toBe(0);

    // The sweep offers each stage's own inputs: stage 3's steps, from 1,000 to 10,000, drawn.
    const sweepable = await page
      .getByTestId('sweep-path')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(sweepable).toEqual(expect.arrayContaining(['stages[0].data[0].steps', 'stages[1].data[0].durationSeconds', 'stages[2].data[0].frames']));
    expect(sweepable).not.toContain('stages[2].data[0].count'); // given as steps × batch size
    expect(sweepable).not.toContain('model.parameters'); // the architecture's
    await page.getByTestId('sweep-path').selectOption('stages[2].data[0].steps');
    await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
    await eventually(
      () => paintedPixels(page, '[data-testid="sweep-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(2000),
    );

    // A stage removed: two again.
    await page.getByRole('button', { name: 'Remove stage 2' }).click();
    await eventually(
      () => stageRows().count(),
      (n) => expect(n).toBe(2),
    );

    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  test('a single-data scenario turned into one stage and back estimates the same; its own settings move with it', async () => {
    const { page } = b;
    const id = await create({
      name: 'DiT-XL/2 on ImageNet',
      model: { architecture: { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, classes: 1000, outputChannels: 8 } },
      data: [{ kind: 'IMAGE', steps: 7_000_000, batchSize: 256, width: 256, height: 256 }],
      tokenizer: { method: 'LATENT', patchSize: 2 },
      cluster: { hardware: 'h100-sxm', gpuCount: 256 },
    });
    await page.goto(`${base}/dashboard#/scenario/${id}`);
    // 118.6 GMACs forward per 256² image (DiT, Table 4) × 2 × 3 × 1.792e9 images.
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('1.28e21'),
    );
    expect(await page.getByTestId('stages-table').count()).toBe(0);

    await page.getByTestId('to-stages').click();
    await page.getByTestId('stage-0').waitFor();
    expect(await field('stages[0].data[0].steps').inputValue()).toBe('7e6');
    expect(await field('data[0].steps').count()).toBe(0);
    await eventually(
      () => stageRows().count(),
      (n) => expect(n).toBe(1),
    );
    expect(await cardText('flops')).toBe('1.28e21');
    expect(await page.getByTestId('to-single').count()).toBe(1);

    // The stage's own cluster (64 GPUs) becomes the scenario's when it goes back to one data list.
    await page
      .getByTestId('stage-0-cluster')
      .getByRole('button', { name: /Set for this stage: the cluster/ })
      .click();
    await field('stages[0].cluster.gpuCount').fill('64');
    await page.getByTestId('add-stage').click();
    await page.getByTestId('stage-1').waitFor();
    expect(await page.getByTestId('to-single').count()).toBe(0); // only with one stage
    await page.getByRole('button', { name: 'Remove stage 2' }).click();
    await page.getByTestId('to-single').click();
    await field('data[0].steps').waitFor();
    expect(await field('cluster.gpuCount').inputValue()).toBe('64');
    expect(await page.getByTestId('stages').count()).toBe(0);
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('1.28e21'),
    );
    expect(b.problems).toEqual([]);
  });
});
