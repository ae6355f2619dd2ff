/**
 * Frozen encoders in the dashboard, in a real browser (Debian's Chromium), as a user walks through
 * them: a DiT-XL/2 scenario (Peebles & Xie 2023: 28 layers × 1152, 16 heads, 256² ImageNet images as
 * 400k steps × 256) opened; T5-XXL's encoder added (4,762,310,656 parameters on 512 tokens,
 * docs/model.md "Frozen encoders") and the FLOPs rising by its forward pass, 2 · N · T per sample ×
 * the samples (Kaplan et al. 2020: a forward pass is 2·N FLOPs per token); ticked precomputed and
 * the FLOPs back where they were; a bad value refused on its field with nothing saved; saved and read
 * back. Screenshots at 390 px and 1280 px.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser, paintedPixels } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let scenarioId: string;

const DIT = { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, classes: 1000, outputChannels: 8 };

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Image team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    {
      input: {
        libraryId: lib.data.createLibrary.id,
        name: 'DiT-XL/2, 400k steps',
        model: { architecture: DIT },
        data: [{ kind: 'IMAGE', steps: 400_000, batchSize: 256, width: 256, height: 256 }],
        tokenizer: { method: 'LATENT', patchSize: 2 },
        cluster: { hardware: 'h100-sxm', gpuCount: 256 },
      },
    },
    ADMIN_KEY,
  );
  expect(created.errors).toBeUndefined();
  scenarioId = created.data.createScenario.id;
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

const field = (path: string) => b.page.locator(`[data-path="${path}"]`);
const fieldLabel = (path: string) => b.page.locator('label.field', { has: field(path) });
/** The exact figure behind a card (its hover title: every digit, with separators). */
async function exactCard(metric: string): Promise<number> {
  const title = await b.page.locator(`[data-metric="${metric}"] .num`).getAttribute('title');
  return Number((title ?? '').replace(/[^0-9.]/g, ''));
}
/** A number field's value as the user reads it (3e9, 512). */
async function value(path: string): Promise<number> {
  return Number(await field(path).inputValue());
}
async function stored() {
  const r = await gql(
    s.url,
    `query($id: ID!) { scenario(id: $id) { version input { model { encoders { name parameters tokensPerSample forwardFlopsPerSample forwardFlopsPerPixel precomputed } } } } }`,
    { id: scenarioId },
    ADMIN_KEY,
  );
  return r.data.scenario;
}
const E = 'model.encoders[0]';
const close = (x: number, want: number) => expect(Math.abs(x / want - 1)).toBeLessThan(1e-9);

describe('dashboard: frozen encoders', () => {
  test('T5-XXL added to DiT-XL/2: FLOPs rise by 2·N·T × samples, precomputed brings them back, a bad value is refused on its field, saved and read back', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard`);
    await page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(ADMIN_KEY)})`);
    await page.goto(`${base}/dashboard#/scenario/${scenarioId}`);
    await page.reload(); // the key is read when the page loads

    // No encoders yet: the section says none, and the breakdown has no encoders row.
    const section = page.getByTestId('encoders');
    await section.waitFor();
    expect(await section.locator('legend').innerText()).toMatch(/Frozen encoders\s+none/);
    const chart = page.getByTestId('flops-breakdown');
    await chart.waitFor();
    expect(await chart.locator('tr[data-component="ENCODERS"]').count()).toBe(0);
    // 118.6 GMACs forward per 256² image (DiT, Table 4) × 2 × 3 × 1.024e8 images.
    const plain = await eventually(
      () => exactCard('flops'),
      (f) => expect(Math.abs(f / (400_000 * 256 * 6 * 118.6e9) - 1)).toBeLessThan(0.01),
    );
    const samples = (await value('data[0].steps')) * (await value('data[0].batchSize'));

    // T5-XXL at one click: its parameters and tokens filled in, its FLOPs per sample said on the card.
    await page.getByTestId('add-t5-xxl').click();
    await field(`${E}.parameters`).waitFor();
    expect(await field(`${E}.name`).inputValue()).toBe('T5-XXL encoder');
    const parameters = await value(`${E}.parameters`);
    const tokens = await value(`${E}.tokensPerSample`);
    expect([parameters, tokens]).toEqual([4_762_310_656, 512]);
    expect(await field(`${E}.precomputed`).isChecked()).toBe(false);
    expect(await section.locator('[data-encoder="0"] .source-head').innerText()).toMatch(/4\.76B × 512 tokens · 4\.88e12 FLOPs per sample/);

    // The FLOPs rise by the encoder's forward pass on every sample: 2 · N · T × steps × batch size.
    const encoderFlops = 2 * parameters * tokens * samples;
    await eventually(
      () => exactCard('flops'),
      (f) => close(f - plain, encoderFlops),
    );
    const row = chart.locator('tr[data-component="ENCODERS"]');
    await row.waitFor();
    expect(await row.locator('.name').innerText()).toBe('Frozen encoders');
    expect(await row.locator('.detail').innerText()).toMatch(/forward only/);
    close(Number(((await row.locator('.num').getAttribute('title')) ?? '').replace(/[^0-9.]/g, '')), encoderFlops);
    // The total said as its parts; and T5-XXL on 512 tokens costs more than DiT-XL/2's own training, which is warned about.
    const said = page.getByTestId('encoders-flops');
    expect(await said.innerText()).toMatch(/^ ?\+ frozen encoders \d(\.\d+)?e\d+ \(\d+(\.\d+)?% of the total, forward only\)$/);
    close(Number(((await said.locator('.num').getAttribute('title')) ?? '').replace(/[^0-9.]/g, '')), encoderFlops);
    expect(await page.getByTestId('warnings').innerText()).toMatch(/ENCODERS_DOMINATE/);
    const withT5 = await exactCard('flops');

    // Precomputed: the encoder adds nothing, and stays listed.
    await field(`${E}.precomputed`).check();
    await eventually(
      () => exactCard('flops'),
      (f) => expect(f).toBe(plain),
    );
    await row.waitFor({ state: 'detached' });
    expect(await page.getByTestId('encoders-flops').innerText()).toMatch(/precomputed: 0/);
    expect(await section.locator('[data-encoder="0"] .source-head').innerText()).toMatch(/precomputed: adds 0/);
    expect(await page.getByTestId('warnings').innerText()).not.toMatch(/ENCODERS_DOMINATE/);

    // A bad value: the API's message on the field; nothing can be saved, and nothing is.
    await field(`${E}.parameters`).fill('0');
    const bad = fieldLabel(`${E}.parameters`);
    await bad.locator('.problem').waitFor();
    expect(await bad.locator('.problem').innerText()).toMatch(/positive finite number, got 0/);
    expect(await field(`${E}.parameters`).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('input-problems').innerText()).toContain(`${E}.parameters`);
    expect(await page.getByTestId('save-version').isDisabled()).toBe(true);
    // An empty name too, each problem on its own field.
    await field(`${E}.name`).fill('');
    await fieldLabel(`${E}.name`).locator('.problem').waitFor();
    expect(await fieldLabel(`${E}.name`).locator('.problem').innerText()).toMatch(/non-empty string/);
    await page.setViewportSize({ width: 390, height: 900 });
    await bad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await b.shot('encoders-invalid-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await stored()).toEqual({ version: 1, input: { model: { encoders: null } } });
    await field(`${E}.name`).fill('T5-XXL encoder');
    await field(`${E}.parameters`).fill('4762310656');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });

    // A second encoder given as forward FLOPs per sample (a VAE encoder's convolutions are not 2·N·T): added to the FLOPs as given.
    // A new encoder has only a name: the API says what it still needs, on its block (the field it names is not shown yet), and once only.
    await page.getByTestId('add-encoder').click();
    const E1 = 'model.encoders[1]';
    const needs = section.locator('[data-encoder="1"] > .problem');
    await needs.waitFor();
    expect(await needs.innerText()).toMatch(/^forwardFlopsPerSample: .*required unless parameters and tokensPerSample/);
    expect(await page.locator('.scenario-form > .problems').count()).toBe(0);
    await field(`${E1}.name`).fill('VAE encoder');
    await page.locator(`select[data-choice="${E1}.forward"]`).selectOption('sample');
    // Now the field is shown, and the problem with it.
    await fieldLabel(`${E1}.forwardFlopsPerSample`).locator('.problem').waitFor();
    expect(await needs.count()).toBe(0);
    await field(`${E1}.forwardFlopsPerSample`).fill('1.1e12');
    expect(await field(`${E1}.parameters`).count()).toBe(0);
    await eventually(
      () => exactCard('flops'),
      (f) => close(f - plain, 1.1e12 * samples),
    );

    // The VAE given per pixel per frame instead (HunyuanVideo's VAE, 9.07e6): W · H of each 256² image, on every sample.
    await page.locator(`select[data-choice="${E1}.forward"]`).selectOption('pixel');
    expect(await field(`${E1}.forwardFlopsPerSample`).count()).toBe(0);
    await field(`${E1}.forwardFlopsPerPixel`).fill('9.07e6');
    await eventually(
      () => exactCard('flops'),
      (f) => close(f - plain, 9.07e6 * 256 * 256 * samples),
    );
    expect(await section.locator('[data-encoder="1"] .source-head').innerText()).toMatch(/9\.07e6 FLOPs per pixel per frame/);
    await page.locator(`select[data-choice="${E1}.forward"]`).selectOption('sample');
    await field(`${E1}.forwardFlopsPerSample`).fill('1.1e12');
    await eventually(
      () => exactCard('flops'),
      (f) => close(f - plain, 1.1e12 * samples),
    );

    // The sweep offers each encoder's own inputs, spelled out: T5-XXL's sizes, the VAE's FLOPs.
    const sweepable = await page
      .getByTestId('sweep-path')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(sweepable.filter((p) => p.startsWith('model.'))).toEqual([
      'model.encoders[0].parameters',
      'model.encoders[0].tokensPerSample',
      'model.encoders[1].forwardFlopsPerSample',
    ]);
    await page.getByTestId('sweep-path').selectOption('model.encoders[1].forwardFlopsPerSample');
    await page.locator('[data-testid="sweep-chart"] canvas').waitFor();
    await eventually(
      () => paintedPixels(page, '[data-testid="sweep-chart"] canvas'),
      (n) => expect(n).toBeGreaterThan(2000),
    );
    await page.getByTestId('sweep-path').selectOption('');

    // A phone and a desktop: nothing wider than the window.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await eventually(
        () => page.evaluate('document.documentElement.scrollWidth'),
        (w) => expect(w).toBeLessThanOrEqual(width),
      );
      // The section at the top, below the sticky header.
      await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate('window.scrollBy(0, -70)');
      await b.shot(`encoders-${width}`);
      await page.getByTestId('results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate('window.scrollBy(0, -70)');
      await b.shot(`encoders-${width}-estimate`);
      await b.shot(`encoders-${width}-page`, { fullPage: true });
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    // Saved as version 2, and read back after a reload.
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 2.').waitFor();
    expect(await stored()).toEqual({
      version: 2,
      input: {
        model: {
          encoders: [
            {
              name: 'T5-XXL encoder',
              parameters: 4_762_310_656,
              tokensPerSample: 512,
              forwardFlopsPerSample: null,
              forwardFlopsPerPixel: null,
              precomputed: true,
            },
            { name: 'VAE encoder', parameters: null, tokensPerSample: null, forwardFlopsPerSample: 1.1e12, forwardFlopsPerPixel: null, precomputed: null },
          ],
        },
      },
    });
    await page.reload();
    await field(`${E}.name`).waitFor();
    expect(await field(`${E}.name`).inputValue()).toBe('T5-XXL encoder');
    expect(await value(`${E}.parameters`)).toBe(4_762_310_656);
    expect(await value(`${E}.tokensPerSample`)).toBe(512);
    expect(await field(`${E}.precomputed`).isChecked()).toBe(true);
    expect(await field(`${E1}.name`).inputValue()).toBe('VAE encoder');
    expect(await value(`${E1}.forwardFlopsPerSample`)).toBe(1.1e12);
    expect(await field(`${E1}.precomputed`).isChecked()).toBe(false);
    await eventually(
      () => exactCard('flops'),
      (f) => close(f - plain, 1.1e12 * samples),
    );
    expect(await page.getByTestId('modified').count()).toBe(0);

    // Unticked and the VAE removed: T5-XXL's figure again.
    await field(`${E}.precomputed`).uncheck();
    await page.getByRole('button', { name: 'Remove encoder 2' }).click();
    await eventually(
      () => exactCard('flops'),
      (f) => expect(f).toBe(withT5),
    );

    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
