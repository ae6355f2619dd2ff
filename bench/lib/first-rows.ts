/**
 * Time from opening a library in the dashboard to its first rows, in Chromium (Debian's, driven by
 * playwright-core as the browser tests drive it): each visit starts from about:blank, so the page,
 * its scripts (from the browser's cache after the first visit) and its first GraphQL page all count.
 * The sides alternate visit by visit, so a machine that slows down slows both.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { now } from './stats';

export const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM || '/usr/bin/chromium';

/** Milliseconds to the first row of each library, `visits` times each, alternating; null without a Chromium (say so, do not fail). */
export async function firstRows(base: string, libraries: string[], visits: number): Promise<number[][] | null> {
  if (!fs.existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const times = libraries.map(() => [] as number[]);
    // One visit each first, unmeasured: the scripts reach the cache and the server its working state.
    for (let v = -1; v < visits; v++) {
      for (const [i, id] of libraries.entries()) {
        await page.goto('about:blank');
        const t = now();
        await page.goto(`${base}/dashboard#/library/${encodeURIComponent(id)}`);
        await page.locator('[data-testid="scenario-table"] tbody tr[data-scenario-id]').first().waitFor({ timeout: 60_000 });
        if (v >= 0) times[i].push(now() - t);
      }
    }
    return times;
  } finally {
    await browser.close();
  }
}
