/**
 * A real browser for the tests: Debian's Chromium driven by playwright-core, on a fresh profile,
 * recording every request and every console error so that tests can assert nothing left the
 * server and nothing broke. Screenshots go to test/browser/screenshots/ (gitignored).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = path.join(__dirname, 'screenshots');
const WEB_MANIFEST = path.join(__dirname, '..', '..', 'dist', 'web', 'manifest.json');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Fails loudly (never skips) when the browser or the built pages are missing. */
export function checkPrerequisites(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it. Install it with ` +
        '`apt-get update && apt-get install -y --no-install-recommends chromium` (as root; .ci/run does this), ' +
        'or point FLOPSCOPE_CHROMIUM at a Chromium binary.',
    );
  }
  if (!fs.existsSync(WEB_MANIFEST)) {
    throw new Error('The browser pages are not built (dist/web/manifest.json is missing): run `npm run build` first (npm test does).');
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser requested, in order. */
  requests: string[];
  /** Console errors, page errors and CSP violations. */
  problems: string[];
  shot(name: string, opts?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  checkPrerequisites();
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    requests,
    problems,
    async shot(name, opts = {}) {
      const file = path.join(SHOTS, `${name}.png`);
      // A full page from the top, so the sticky header sits where it belongs.
      if (opts.fullPage) await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Hosts other than the server's that were requested (data: and blob: URLs stay in the page). */
export function foreignRequests(requests: string[], base: string): string[] {
  const origin = new URL(base).origin;
  return requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

/** Pixels a canvas has drawn (alpha > 0). */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    // No DOM types in the test build: the canvas, as much of it as is used.
    const c = el as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
    const ctx = c.getContext('2d');
    if (!ctx || !c.width || !c.height) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

/** Retries `read` until `check` passes on its value (throws the last failure after `ms`). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
