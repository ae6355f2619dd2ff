/**
 * Accessibility of every view (issue 18, "any input device"): axe-core, bundled offline from its
 * npm package and injected into the page, finds no serious or critical violation at 1400 and
 * 390 px; every control shows a focus ring when reached by the keyboard (checkboxes included);
 * Escape closes the API-key popover and gives the focus back; the page title names the view; a new
 * estimate is announced politely once typing pauses, not on every keystroke.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, openBrowser } from './browser';
import { openView, setUpViews, useKey, type ViewCase } from './views';

const AXE = require.resolve('axe-core/axe.min.js');

let s: TestServer;
let b: Browser;
let base: string;
let views: ViewCase[];

beforeAll(async () => {
  expect(fs.existsSync(AXE)).toBe(true);
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
  views = await setUpViews(s);
  b = await openBrowser();
  await useKey(b.page, base);
});

afterAll(async () => {
  await b?.close();
  await s?.stop();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is. The
 * pages' Content-Security-Policy allows no inline script, so axe's source is evaluated through
 * the DevTools protocol (page.evaluate), which the policy does not govern, rather than added as
 * a <script> tag.
 */
async function axe(page: Page, exclude: string[] = []): Promise<Violation[]> {
  const loaded = await page.evaluate('typeof window.axe');
  if (loaded !== 'object') await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const context = JSON.stringify({ include: [['html']], exclude: exclude.map((x) => [x]) });
  const result = (await page.evaluate(`window.axe.run(${context}, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`)) as Violation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * On the playground, what GraphiQL and Monaco draw themselves, not this project: Monaco's dimmed
 * line numbers (1.75:1), and GraphiQL's tabs, which hold their close buttons (nested-interactive).
 * The rest of the page (the Examples pane, the toolbar, the docs explorer's button, the logo) is checked.
 */
const THIRD_PARTY = ['.monaco-editor', '.graphiql-tabs'];

const describeViolations = (name: string, vs: Violation[]) =>
  vs.map((v) => `${name}: ${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join(' | ')}`);

describe('accessibility', () => {
  for (const width of [1400, 390]) {
    test(`axe finds no serious or critical violation on any view at ${width} px`, async () => {
      const { page } = b;
      await page.setViewportSize({ width, height: 900 });
      const problems: string[] = [];
      for (const view of views) {
        await openView(page, base, view);
        problems.push(...describeViolations(view.name, await axe(page, view.dashboard ? [] : THIRD_PARTY)));
      }
      // The API-key popover, open.
      await page.goto(`${base}/dashboard#/library/examples`);
      await views[0].ready(page);
      await page.getByTestId('apikey-toggle').click();
      problems.push(...describeViolations('apikey-popover', await axe(page)));
      expect(problems).toEqual([]);
    });
  }

  test('every control reached with Tab shows a focus ring: links, buttons, fields, selects and checkboxes', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 1400, height: 900 });
    const seen = new Map<string, number>();
    const missing: string[] = [];
    for (const view of views.filter((v) => v.dashboard)) {
      await openView(page, base, view);
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      for (let i = 0; i < 90; i++) {
        await page.keyboard.press('Tab');
        const f = (await page.evaluate(`(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const cs = getComputedStyle(el);
          const kind = el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '');
          // The ring's contrast against white (WCAG 1.4.11 asks 3:1 of a focus indicator).
          const [r, g, b] = (cs.outlineColor.match(/[\\d.]+/g) || ['255', '255', '255']).slice(0, 3).map((x) => Number(x) / 255)
            .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          const contrast = 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
          return { kind, id: (el.id || el.getAttribute('data-testid') || el.textContent || '').trim().slice(0, 30),
            outline: cs.outlineStyle !== 'none' ? parseFloat(cs.outlineWidth) : 0, contrast, shadow: cs.boxShadow !== 'none' };
        })()`)) as { kind: string; id: string; outline: number; contrast: number; shadow: boolean } | null;
        if (!f) continue;
        seen.set(f.kind, (seen.get(f.kind) ?? 0) + 1);
        if ((f.outline < 2 || f.contrast < 3) && !f.shadow)
          missing.push(`${view.name}: ${f.kind} "${f.id}" has no visible focus ring (outline ${f.outline}px, ${f.contrast.toFixed(2)}:1 on white)`);
      }
    }
    expect(missing).toEqual([]);
    // The walk reached each kind of control.
    for (const kind of ['a', 'button[button]', 'input[text]', 'select[select-one]', 'input[checkbox]']) expect(seen.get(kind) ?? 0).toBeGreaterThan(0);
  });

  test('Escape closes the API-key popover and gives the focus back to its button', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${base}/dashboard#/library/examples`);
    await page.getByTestId('apikey-toggle').focus();
    await page.keyboard.press('Enter');
    await page.locator('#apikey-popover').waitFor();
    // Open, the key field has the focus.
    expect(await page.evaluate('document.activeElement.getAttribute("data-testid")')).toBe('apikey-input');
    expect(await page.getByTestId('apikey-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await page.locator('#apikey-popover').waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement.getAttribute("data-testid")')).toBe('apikey-toggle');
    expect(await page.getByTestId('apikey-toggle').getAttribute('aria-expanded')).toBe('false');
    // A click outside closes it too.
    await page.getByTestId('apikey-toggle').click();
    await page.locator('#apikey-popover').waitFor();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.locator('#apikey-popover').waitFor({ state: 'detached' });
  });

  test('the page title names the view', async () => {
    const { page } = b;
    const byName = (n: string) => views.find((v) => v.name === n) as ViewCase;
    const titled = async (name: string, check: (title: string) => void) => {
      const view = byName(name);
      await openView(page, base, view);
      await eventually(() => page.title(), check);
    };
    await titled('library-examples', (t) => expect(t).toBe('examples · library · flopscope'));
    await titled('library-team', (t) => expect(t).toBe('Layout team · library · flopscope'));
    await titled('scenario-seed', (t) => expect(t).toBe('Sora compute, 2024 article (as written) · scenario · flopscope'));
    await titled('compare', (t) => expect(t).toMatch(/^Compare Sora compute, 2024 article \(as written\), Open-Sora 2\.0 .* · flopscope$/));
  });

  test('a new estimate is announced politely, once typing pauses; a refused value is announced as such', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 1400, height: 900 });
    const seed = views.find((v) => v.name === 'scenario-seed') as ViewCase;
    await openView(page, base, seed);
    const status = page.getByTestId('estimate-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.getAttribute('role')).toBe('status');
    // The estimate the page opened with is on the screen: nothing to announce.
    await page.waitForTimeout(1200);
    expect(await status.innerText()).toBe('');
    // Every text the region takes, as a screen reader would be handed it.
    await page.evaluate(`(() => {
      window.__said = [];
      const el = document.querySelector('[data-testid="estimate-status"]');
      new MutationObserver(() => { const t = el.textContent; if (t) window.__said.push(t); }).observe(el, { childList: true, characterData: true, subtree: true });
    })()`);
    const field = page.locator('#f-cluster-gpuCount');
    await field.fill('');
    await field.pressSequentially('20000', { delay: 60 });
    await eventually(
      () => page.evaluate('window.__said') as Promise<string[]>,
      (said) => expect(said).toEqual(['New estimate: 2.57e24 FLOPs, 76.2 days, $72.7M.']),
    );
    // Typed fast, five keystrokes make one announcement.
    await page.waitForTimeout(1200);
    expect(await page.evaluate('window.__said')).toEqual(['New estimate: 2.57e24 FLOPs, 76.2 days, $72.7M.']);

    await field.fill('2.5');
    await eventually(
      () => page.evaluate('window.__said') as Promise<string[]>,
      (said) =>
        expect(said[said.length - 1]).toBe(
          'The input has a problem (cluster.gpuCount: must be a whole number, got 2.5); the estimate shown is for the last valid input.',
        ),
    );
    expect(await page.locator('[data-testid="results"]').getAttribute('class')).toContain('stale');
  });
});
