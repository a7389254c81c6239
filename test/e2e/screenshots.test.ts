/**
 * Full-page screenshots of the main pages, for a person to look at (in test-results/screenshots/,
 * which git ignores). Each is taken once the page shows what it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { P, SCREENSHOT_DIR, providerPath, search, startSite, type TestSite } from './harness.ts';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.close();
});

/** Takes a full-page screenshot and checks it is a real PNG at least as tall as the page. */
async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const png = readFileSync(path);
  expect(png.subarray(0, 8).toString('hex'), `${path} is a PNG`).toBe('89504e470d0a1a0a');
  const height = png.readUInt32BE(20);
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, `${path} covers the whole page`).toBeGreaterThanOrEqual(pageHeight);
}

describe('screenshots', () => {
  it('of the home page with search results', async () => {
    const { page, errors } = await site.newPage();
    const outcome = await search(page, { gemeente: '9000' });
    expect(outcome.results).toContain(P.werkkrachtGent.name);
    await screenshot(page, 'home-zoekresultaten');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('of a provider page', async () => {
    const { page } = await site.newPage();
    await page.goto(providerPath(P.werkkrachtGent));
    await page.getByRole('heading', { level: 1, name: P.werkkrachtGent.name }).waitFor();
    await screenshot(page, 'dienstverlener');
    await page.close();
  });

  it('of a municipality page', async () => {
    const { page } = await site.newPage();
    await page.goto('/gemeenten/gent/');
    await page.getByRole('heading', { level: 1, name: 'Erkende dienstverleners in Gent' }).waitFor();
    await screenshot(page, 'gemeente-gent');
    await page.close();
  });
});
