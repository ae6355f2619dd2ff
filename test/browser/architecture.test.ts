/**
 * The dashboard's architecture form in a real browser (Debian's Chromium), as a user walks through
 * it: a 6·N·D scenario turned into DiT-XL/2 counted by operation (Peebles & Xie 2023: 28 layers,
 * 1152 wide, 16 heads, 675M parameters), the FLOPs by component as a chart, the API's refusal shown
 * on its field, and the architecture saved as a new version and read back. Screenshots at 390 px
 * (a phone) and 1280 px.
 */
import { ADMIN_KEY, gql, startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, foreignRequests, openBrowser } from './browser';

let s: TestServer;
let b: Browser;
let base: string;
let scenarioId: string;

beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  const lib = await gql(s.url, `mutation { createLibrary(input: { name: "Diffusion team", visibility: PRIVATE }) { id } }`, undefined, ADMIN_KEY);
  // DiT-XL/2's run (7M steps × 256 images) as the 6·N·D rule sees it, at 512² before the user corrects it to 256².
  const created = await gql(
    s.url,
    `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    {
      input: {
        libraryId: lib.data.createLibrary.id,
        name: 'DiT-XL/2 on ImageNet',
        model: { parameters: 675e6 },
        data: [{ kind: 'IMAGE', count: 1.792e9, width: 512, height: 512 }],
        tokenizer: { method: 'LATENT' },
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

const cardText = (metric: string) => b.page.locator(`[data-metric="${metric}"] .card-value`).innerText();
const field = (path: string) => b.page.locator(`[data-path="${path}"]`);
const A = 'model.architecture';

describe('dashboard: architecture', () => {
  test('DiT-XL/2 by operation counting: the breakdown chart, 675M parameters, a refused kvHeads on its field, saved and read back', async () => {
    const { page } = b;
    await page.goto(`${base}/dashboard`);
    await page.evaluate(`localStorage.setItem("flopscope.apiKey", ${JSON.stringify(ADMIN_KEY)})`);
    await page.goto(`${base}/dashboard#/scenario/${scenarioId}`);
    await page.reload(); // the key is read when the page loads
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('7.43e21'), // 6 · 675e6 · 1.792e9 images · 1,024 latent patches
    );
    // Off by default: the 6·N·D path, no architecture fields, no breakdown (a single component).
    expect(await page.getByTestId('architecture-toggle').isChecked()).toBe(false);
    expect(await field(`${A}.family`).count()).toBe(0);
    expect(await page.getByTestId('flops-breakdown').count()).toBe(0);

    // The data as DiT trained: 256² images, the SD VAE (÷8), 2×2 latent patches.
    await field('data[0].width').fill('256');
    await field('data[0].height').fill('256');
    await field('tokenizer.vaeSpatialFactor').fill('8');
    await field('tokenizer.patchSize').fill('2');
    await eventually(
      () => cardText('tokens'),
      (t) => expect(t).toBe('4.59e11'), // 256 patches per image
    );

    // Architecture on: a family, and only the fields it uses.
    await page.getByTestId('architecture-toggle').check();
    await field(`${A}.family`).selectOption('MMDIT');
    await field(`${A}.contextTokens`).waitFor();
    expect(await field(`${A}.singleStreamLayers`).count()).toBe(1);
    expect(await field(`${A}.vocabSize`).count()).toBe(0);
    await field(`${A}.family`).selectOption('DIT');
    await field(`${A}.contextTokens`).waitFor({ state: 'detached' });
    expect(await field(`${A}.singleStreamLayers`).count()).toBe(0);
    expect(await field(`${A}.vocabSize`).count()).toBe(0);
    expect(await field(`${A}.kvHeads`).count()).toBe(1);
    expect(await field(`${A}.experts`).count()).toBe(1);
    expect(await field(`${A}.latentChannels`).getAttribute('placeholder')).toBe('4');

    // DiT-XL/2: 28 blocks of width 1152 with 16 heads; ImageNet's 1,000 classes; Σ learned, so 8 output channels.
    await field(`${A}.layers`).fill('28');
    await field(`${A}.hiddenSize`).fill('1152');
    await field(`${A}.heads`).fill('16');
    await field(`${A}.classes`).fill('1000');
    await field(`${A}.outputChannels`).fill('8');
    expect(await field(`${A}.ffnSize`).getAttribute('placeholder')).toBe('4608'); // 4·d
    expect(await field(`${A}.kvHeads`).getAttribute('placeholder')).toBe('16 (= heads)');
    // N is now the architecture's to count.
    await field('model.parameters').fill('');
    expect(await field('model.parameters').getAttribute('placeholder')).toBe('derived from the architecture');

    // 118.6 GMACs forward per 256² image (DiT, Table 4) × 2 × 3 × 1.792e9 images.
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('1.28e21'),
    );
    const chart = page.getByTestId('flops-breakdown');
    await chart.waitFor();
    const components = await chart.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-component')));
    // Components at 0 (no text: no cross-attention, no context) are left out.
    expect(components).toEqual(['LINEAR', 'ATTENTION', 'CONDITIONING', 'EMBEDDINGS']);
    const linear = await chart.locator('tr[data-component="LINEAR"]').innerText();
    expect(linear).toMatch(/Linear layers/);
    expect(linear).toMatch(/9\d\.\d%/);
    expect(linear).toMatch(/\d\.\d+e2[01]/);
    // A text alternative: the chart is a table with a caption and column headers.
    expect(await chart.locator('caption').innerText()).toMatch(/Training FLOPs by component/);
    expect(await chart.locator('thead th').allInnerTexts()).toEqual(['Component', 'Share', 'FLOPs']);

    const parameters = page.getByTestId('parameters');
    expect(await parameters.locator('[data-part="total"] dd').innerText()).toBe('675M');
    const exact = Number(((await parameters.locator('[data-part="total"] .num').getAttribute('title')) ?? '').replace(/[^0-9.]/g, ''));
    expect(Math.abs(exact / 675e6 - 1)).toBeLessThan(0.01);
    expect(await parameters.locator('[data-part="perToken"] dd').innerText()).toMatch(/^4\d\dM$/);
    expect(await parameters.locator('[data-part="perSample"] dd').innerText()).toMatch(/^2\d\dM$/); // adaLN: a third of DiT
    expect(await page.getByText('counted: 675M').count()).toBe(1);

    // Recomputation: hardware FLOPs beside the model FLOPs, which stay.
    await field('training.recomputation').selectOption('FULL');
    await page.getByTestId('hardware-flops').waitFor();
    expect(await page.getByTestId('hardware-flops').innerText()).toMatch(/^Hardware FLOPs 1\.\d+e21 \(1\.3x the model FLOPs, with FULL recomputation\)/);
    expect(await cardText('flops')).toBe('1.28e21');

    // kvHeads must divide heads: the API says so on the field.
    await field(`${A}.kvHeads`).fill('5');
    const kvField = page.locator('label.field', { has: field(`${A}.kvHeads`) });
    await kvField.locator('.problem').waitFor();
    expect(await kvField.locator('.problem').innerText()).toBe('must divide heads (16), got 5');
    expect(await field(`${A}.kvHeads`).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('input-problems').innerText()).toContain('model.architecture.kvHeads');
    await b.shot('architecture-kvheads-invalid');
    await field(`${A}.kvHeads`).fill('');
    await page.getByTestId('input-problems').waitFor({ state: 'detached' });

    // A phone and a desktop: nothing wider than the window.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await chart.waitFor();
      await eventually(
        () => page.evaluate('document.documentElement.scrollWidth'),
        (w) => expect(w).toBeLessThanOrEqual(width),
      );
      await b.shot(`architecture-dit-${width}`, { fullPage: true });
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    // Saved as a new version, and read back after a reload.
    await page.getByTestId('save-version').click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.reload();
    await eventually(
      () => cardText('flops'),
      (t) => expect(t).toBe('1.28e21'),
    );
    expect(await page.getByTestId('architecture-toggle').isChecked()).toBe(true);
    expect(await field(`${A}.family`).inputValue()).toBe('DIT');
    expect(await field(`${A}.layers`).inputValue()).toBe('28');
    expect(await field(`${A}.hiddenSize`).inputValue()).toBe('1152');
    expect(await field(`${A}.heads`).inputValue()).toBe('16');
    expect(await field(`${A}.kvHeads`).inputValue()).toBe('');
    expect(await field('model.parameters').inputValue()).toBe('');
    expect(await field('training.recomputation').inputValue()).toBe('FULL');
    const stored = await gql(
      s.url,
      `query($id: ID!) { scenario(id: $id) { version input { model { parameters layers hiddenSize architecture { family layers hiddenSize heads kvHeads classes outputChannels } } training { recomputation } } } }`,
      { id: scenarioId },
      ADMIN_KEY,
    );
    expect(stored.data.scenario).toMatchObject({
      version: 2,
      input: {
        model: {
          parameters: null,
          layers: null,
          hiddenSize: null,
          architecture: { family: 'DIT', layers: 28, hiddenSize: 1152, heads: 16, kvHeads: null, classes: 1000, outputChannels: 8 },
        },
        training: { recomputation: 'FULL' },
      },
    });

    // Off again: 6·N·D with the count the architecture gave, its layers and width kept for attention; on again: as it was.
    await page.getByTestId('architecture-toggle').uncheck();
    await eventually(
      () => field('model.parameters').inputValue(),
      (v) => expect(v).toBe('6.7483472e8'),
    );
    expect(await field('model.layers').inputValue()).toBe('28');
    await page.getByTestId('architecture-toggle').check();
    expect(await field(`${A}.classes`).inputValue()).toBe('1000');
    expect(await field('model.layers').count()).toBe(0);

    expect(foreignRequests(b.requests, base)).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
