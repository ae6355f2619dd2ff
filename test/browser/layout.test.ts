/**
 * Every view at 360, 390, 768 and 1400 px (issue 18, "any screen"): the page never scrolls
 * sideways (a wide table scrolls in its own box), every control of the header is inside the
 * viewport, no control of the page is cut off by the edge of the window or of a box that
 * clips it, and no chart's labels run into each other or off the canvas. Screenshots of each view at 390 and 1400 px go to test/browser/screenshots/.
 */
import type { Page } from 'playwright-core';
import { startTestServer, TestServer } from '../api/harness';
import { type Browser, eventually, openBrowser } from './browser';
import { openView, setUpViews, useKey, type ViewCase } from './views';

let s: TestServer;
let b: Browser;
let base: string;
let views: ViewCase[];

beforeAll(async () => {
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

const WIDTHS = [360, 390, 768, 1400];
const SHOT_WIDTHS = [390, 1400];

interface Layout {
  innerWidth: number;
  scrollWidth: number;
  /** Elements that reach past the right edge of the window, outside any box that scrolls. */
  wide: string[];
  /** Header controls not wholly inside the viewport. */
  header: string[];
  /** Page controls cut by the window's edge or by a box that clips without scrolling. */
  cut: string[];
  /** Charts whose labels run into each other or are cut (charts.tsx, labelCheckPlugin). */
  charts: string[];
}

/** Measured in the page (a string, so that the test build needs no DOM types). */
const MEASURE = `(() => {
  const W = window.innerWidth;
  const describe = (el) => {
    const r = el.getBoundingClientRect();
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      (text ? ' "' + text + '"' : '') + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']';
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  // The nearest ancestor that scrolls sideways or clips: the box a control must fit in.
  const box = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return { kind: 'scroll', el: p };
      if (o === 'hidden' || o === 'clip') return { kind: 'clip', el: p };
    }
    return null;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= W + 0.5) continue;
    if (box(el)) continue;
    // Report the outermost offender only.
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > W + 0.5 && !box(parent)) continue;
    wide.push(describe(el));
  }
  const header = [];
  for (const el of document.querySelectorAll('header.top a, header.top button, header.top input, header.top select')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.right > W + 0.5 || r.top < -0.5 || r.bottom > window.innerHeight + 0.5) header.push(describe(el));
  }
  const cut = [];
  for (const el of document.querySelectorAll('main a, main button, main input, main select, main textarea, main summary')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const b = box(el);
    if (b && b.kind === 'scroll') continue;
    const limit = b ? b.el.getBoundingClientRect() : { left: 0, right: W };
    if (r.left < limit.left - 0.5 || r.right > limit.right + 0.5) cut.push(describe(el));
  }
  const charts = [];
  for (const c of document.querySelectorAll('main canvas')) {
    if (c.dataset.labelProblems === undefined) charts.push((c.getAttribute('aria-label') || 'a chart') + ': never checked');
    else if (c.dataset.labelProblems) charts.push((c.getAttribute('aria-label') || 'a chart') + ': ' + c.dataset.labelProblems);
  }
  return { innerWidth: W, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10), header, cut: cut.slice(0, 10), charts };
})()`;

async function open(page: Page, view: ViewCase, width: number): Promise<Layout> {
  await page.setViewportSize({ width, height: 900 });
  await openView(page, base, view);
  // Charts redraw on a resize after a frame: measure once every chart has been drawn and checked.
  await page.waitForTimeout(150);
  return eventually(
    async () => (await page.evaluate(MEASURE)) as Layout,
    (l) => expect(l.charts.filter((c) => c.endsWith('never checked'))).toEqual([]),
  );
}

describe('layout on every screen', () => {
  for (const width of WIDTHS) {
    test(`${width} px: no sideways page scroll, the header inside the window, no control cut, chart labels apart`, async () => {
      const results: Record<string, Layout> = {};
      for (const view of views) {
        const layout = await open(b.page, view, width);
        results[view.name] = layout;
        if (SHOT_WIDTHS.includes(width)) await b.shot(`layout-${view.name}-${width}`, { fullPage: true });
      }
      // Everything at once, so that one failure shows every view's problems.
      const problems = Object.entries(results).flatMap(([name, l]) => [
        ...(l.scrollWidth > l.innerWidth ? [`${name}: the page is ${l.scrollWidth} px wide in a ${l.innerWidth} px window; wide: ${l.wide.join('; ')}`] : []),
        ...l.header.map((h) => `${name}: header control outside the window: ${h}`),
        ...l.cut.map((c) => `${name}: control cut: ${c}`),
        ...l.charts.map((c) => `${name}: chart labels: ${c}`),
      ]);
      expect(problems).toEqual([]);
      expect(b.problems).toEqual([]);
    });
  }

  test('360 px, with no key yet: the header and the API-key popover inside the window', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/dashboard#/library/examples`);
    await page.evaluate('localStorage.removeItem("flopscope.apiKey")');
    await page.reload();
    await views[0].ready(page);
    expect(await page.getByTestId('apikey-toggle').innerText()).toBe('API key');
    const layout = (await page.evaluate(MEASURE)) as Layout;
    expect(layout.header).toEqual([]);
    expect(layout.scrollWidth).toBeLessThanOrEqual(360);
    await page.getByTestId('apikey-toggle').click();
    const box = await page.locator('.apikey .popover').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await b.shot('layout-apikey-popover-360');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await useKey(page, base);
  });
});
