/**
 * What an employer sees first and can read without guessing, in Chromium: the summary at the top
 * of a provider page on a phone (free places in the first screen, call and mail buttons large
 * enough to tap, "werkt in" when reached from a search or a municipality page), no places for a
 * provider without a valid recognition, every abbreviation and status word explained, the
 * providers recognised from a later date under their own heading, the pages on paper, and the
 * sample-data notice inside the page's main landmark and its column. Axe on each page as shown.
 */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoViolations } from './axe.ts';
import { NOW, P, SCREENSHOT_DIR, afterSearch, fillSearch, nis, openHome, providerPath, startSite, type TestSite } from './harness.ts';
import { buildPublication } from '#publish/build-publication.ts';
import { registerMeta } from '#db/schema/index.ts';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
}, 240_000);

afterAll(async () => {
  await site?.close();
});

/** Opens a fresh tab (JavaScript on, console watched), hands it to `use`, and closes it; no script or CSP error may show. */
async function onPage(use: (page: Page) => Promise<void>): Promise<void> {
  const { page, errors } = await site.newPage();
  try {
    await use(page);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
}

const PHONE = { width: 390, height: 844 };

/** The texts of the elements `locator` finds, as a reader sees them (spaces collapsed). */
const texts = async (locator: ReturnType<Page['locator']>) => (await locator.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('the summary at the top of a provider page', () => {
  it('shows status, last valid day and free places in the first screen of a phone, with call and mail buttons to tap', () =>
    onPage(async (page) => {
      await page.setViewportSize(PHONE);
      await page.goto(providerPath(P.werkkrachtGent));
      const summary = page.getByRole('region', { name: 'In het kort' });
      await expect(texts(summary.locator('dt'))).resolves.toEqual(['Status', 'Geldig tot en met', 'Vrije plaatsen']);
      await expect(texts(summary.locator('dd'))).resolves.toEqual(['Erkend', '31 december 2028', '3 van 12']);
      // Within the first screen, without scrolling.
      const free = (await summary.locator('dd').nth(2).boundingBox())!;
      expect(free.y + free.height).toBeLessThanOrEqual(PHONE.height);
      const call = summary.getByRole('link', { name: /^Bel / });
      const mail = summary.getByRole('link', { name: /^Mail / });
      await expect(call.getAttribute('href')).resolves.toMatch(/^tel:\+32\d+$/);
      await expect(mail.getAttribute('href')).resolves.toBe(`mailto:info@provider-${P.werkkrachtGent.id}.example`);
      for (const button of [call, mail]) {
        const box = (await button.boundingBox())!;
        expect(box.height, 'a target of at least 44 by 44 pixels').toBeGreaterThanOrEqual(44);
        expect(box.width).toBeGreaterThanOrEqual(44);
        expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      }
      // Nothing scrolls sideways; no "werkt in" without a municipality to say it of.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
      await expect(page.locator('#werkt-in').isVisible()).resolves.toBe(false);
      await expectNoViolations(page, 'a provider page on a phone');
      // For a person to look at (test-results/screenshots/): the first screen of a phone.
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dienstverlener-telefoon.png') });
    }));

  it('says the provider works in the municipality searched for, after a search and from a municipality page', () =>
    onPage(async (page) => {
      await openHome(page);
      await fillSearch(page, { gemeente: 'Gent' });
      await afterSearch(page, () => page.getByRole('button', { name: 'Zoeken' }).click());
      await Promise.all([page.waitForURL(`**${providerPath(P.werkkrachtGent)}?gemeente=${nis('Gent')}`), page.getByRole('link', { name: P.werkkrachtGent.name }).click()]);
      await page.locator('#werkt-in').waitFor({ state: 'visible' });
      await expect(page.locator('#werkt-in').textContent()).resolves.toBe('Werkt in Gent.');
      await expectNoViolations(page, 'a provider page reached from a search');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dienstverlener-werkt-in.png') });

      // A provider serving the whole province: Hasselt is one of its municipalities.
      await page.goto('/gemeenten/hasselt/');
      await Promise.all([page.waitForURL(`**${providerPath(P.kompasLimburg)}?gemeente=${nis('Hasselt')}`), page.getByRole('link', { name: P.kompasLimburg.name }).click()]);
      await page.locator('#werkt-in').waitFor({ state: 'visible' });
      await expect(page.locator('#werkt-in').textContent()).resolves.toBe('Werkt in Hasselt.');

      // An address made by hand for a municipality it does not serve says so.
      await page.goto(`${providerPath(P.werkkrachtGent)}?gemeente=${nis('Brugge')}`);
      await page.locator('#werkt-in').waitFor({ state: 'visible' });
      await expect(page.locator('#werkt-in').textContent()).resolves.toBe('Werkt niet in Brugge.');
      // And one that names no municipality says nothing.
      await page.goto(`${providerPath(P.werkkrachtGent)}?gemeente=99999`);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('#werkt-in').isVisible()).resolves.toBe(false);
    }));

  it('is complete without JavaScript: the summary and the working area, without the "werkt in" line', async () => {
    const context = await site.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${providerPath(P.werkkrachtGent)}?gemeente=${nis('Gent')}`);
    await expect(texts(page.getByRole('region', { name: 'In het kort' }).locator('dd'))).resolves.toEqual(['Erkend', '31 december 2028', '3 van 12']);
    await expect(page.locator('#werkt-in').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('link', { name: 'Gent', exact: true }).first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows no free places for an expired provider, only its status and last valid day', () =>
    onPage(async (page) => {
      await page.setViewportSize(PHONE);
      // The register holds places for it (9 of 10): the page must not show them.
      await page.goto(providerPath(P.kompasVerlopen));
      const summary = page.getByRole('region', { name: 'In het kort' });
      await expect(texts(summary.locator('dt'))).resolves.toEqual(['Status', 'Geldig tot en met']);
      await expect(texts(summary.locator('dd'))).resolves.toEqual(['Verlopen', '31 december 2024']);
      const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
      expect(text).not.toMatch(/Vrije plaatsen \d|9 van 10|Plaatsen in totaal/);
      expect(text).toContain('Zonder geldige erkenning toont het register geen plaatsen.');
      await expect(page.locator('a.button').count()).resolves.toBe(0);
      await expectNoViolations(page, 'the page of an expired provider on a phone');
    }));
});

describe('the words explained', () => {
  it('links a status word to its explanation in the glossary on /erkenning/', () =>
    onPage(async (page) => {
      await page.goto(providerPath(P.vervallenHasselt));
      await Promise.all([page.waitForURL('**/erkenning/#begrip-vervallen'), page.getByRole('region', { name: 'In het kort' }).getByRole('link', { name: 'Vervallen' }).click()]);
      const term = page.locator('#begrip-vervallen');
      await expect(term.textContent()).resolves.toBe('Vervallen');
      await expect(term.isVisible()).resolves.toBe(true);
      await expect(page.locator('#begrip-vervallen + dd').textContent()).resolves.toMatch(/^De erkenning is vroeger gestopt, omdat de dienstverlener twee opeenvolgende kalenderjaren geen enkele werknemer/);
      await expect(page.getByRole('heading', { name: 'Begrippen en afkortingen' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'begrippen.png') });
      await expectNoViolations(page, 'the glossary, opened at a term');
    }));

  it('spells out an abbreviation on its first use in a list and links it to its explanation', () =>
    onPage(async (page) => {
      await page.goto('/gemeenten/gent/');
      const first = page.locator('table.providers abbr').first();
      await expect(first.textContent()).resolves.toBe('GTB');
      await expect(first.getAttribute('title')).resolves.toBe('gespecialiseerde trajectbepalings- en begeleidingsdienst');
      await Promise.all([page.waitForURL('**/erkenning/#begrip-gtb'), first.click()]);
      await expect(page.locator('#begrip-gtb').textContent()).resolves.toBe('GTB (gespecialiseerde trajectbepalings- en begeleidingsdienst)');
    }));

  it('lists the providers recognised from a later date under their own heading, apart from those without a valid recognition', () =>
    onPage(async (page) => {
      await page.goto('/dienstverleners/niet-erkend/');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dienstverleners die nu niet erkend zijn');
      const later = page.getByRole('region', { name: 'Erkend vanaf een latere datum' });
      const ended = page.getByRole('region', { name: 'Zonder geldige erkenning' });
      await expect(texts(later.getByRole('listitem'))).resolves.toEqual([`${P.toekomstigGent.name}: erkend vanaf 15 januari 2027`]);
      const endedNames = await ended.getByRole('listitem').locator('a[href^="/dienstverleners/"]').allTextContents();
      expect(endedNames).toEqual(expect.arrayContaining([P.kompasVerlopen.name, P.vervallenHasselt.name, P.ingetrokkenGent.name]));
      expect(endedNames).not.toContain(P.toekomstigGent.name);
      await expectNoViolations(page, 'the list of providers that are not recognised now');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'niet-erkend.png'), fullPage: true });
    }));
});

describe('on paper', () => {
  /** The computed display of the first element matching `selector`, or null when there is none. */
  const display = (page: Page, selector: string) => page.evaluate((s) => {
    const element = document.querySelector(s);
    return element ? getComputedStyle(element).display : null;
  }, selector);

  it('prints a provider page without navigation or buttons, black on white, with the website address written out', () =>
    onPage(async (page) => {
      await page.goto(providerPath(P.werkkrachtGent));
      await expect(display(page, 'nav.main')).resolves.not.toBe('none');
      await page.emulateMedia({ media: 'print' });
      await expect(display(page, 'nav.main')).resolves.toBe('none');
      await expect(display(page, '.summary .actions')).resolves.toBe('none');
      await expect(display(page, 'footer.site ul')).resolves.toBe('none');
      // The content and the day of the register stay.
      await expect(page.getByRole('region', { name: 'In het kort' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('footer.site p').isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dienstverlener-afdruk.png'), fullPage: true });
      const colours = await page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.querySelector('.summary')!).backgroundColor, getComputedStyle(document.querySelector('a')!).color]);
      expect(colours).toEqual(['rgb(0, 0, 0)', 'rgba(0, 0, 0, 0)', 'rgb(0, 0, 0)']);
      // The website's link (https://provider-11.example) is followed by its address.
      const website = await page.evaluate(() => getComputedStyle(document.querySelector<HTMLAnchorElement>('main a[rel="external"]')!, '::after').content);
      expect(website).toMatch(/^" \(" attr\(href\) "\)"$|^" \(https:\/\/provider-11\.example"?\)/);
    }));

  it('prints a municipality page and search results without the form or pager, and never cuts a row', () =>
    onPage(async (page) => {
      await page.goto('/gemeenten/gent/');
      await page.emulateMedia({ media: 'print' });
      await expect(display(page, 'nav.main')).resolves.toBe('none');
      await expect(page.evaluate(() => getComputedStyle(document.querySelector('table.providers tbody tr')!).breakInside)).resolves.toBe('avoid');
      await page.emulateMedia({ media: 'screen' });
      await openHome(page);
      await fillSearch(page, { gemeente: 'Gent' });
      await afterSearch(page, () => page.getByRole('button', { name: 'Zoeken' }).click());
      await page.emulateMedia({ media: 'print' });
      await expect(display(page, 'form.search')).resolves.toBe('none');
      await expect(display(page, 'nav.main')).resolves.toBe('none');
      await expect(page.locator('#zoekresultaten table.results').isVisible()).resolves.toBe(true);
      // The PDF Chromium makes of it is a real document.
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }));
});

describe('the sample-data notice', () => {
  beforeAll(async () => {
    // The register now says it holds sample data; a new publication shows the notice.
    await site.db.insert(registerMeta).values({ key: 'dataset', value: 'sample' }).onConflictDoUpdate({ target: registerMeta.key, set: { value: 'sample' } });
    await buildPublication({ db: site.db, dataDir: dirname(site.outboxDir), now: NOW });
  }, 180_000);

  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    it(`sits inside the main landmark, in the content column, at ${viewport.width} pixels`, () =>
      onPage(async (page) => {
        await page.setViewportSize(viewport);
        for (const path of ['/', providerPath(P.werkkrachtGent)]) {
          await page.goto(path);
          const banner = page.locator('.sample-banner');
          await expect(banner.textContent()).resolves.toMatch(/^Voorbeeldgegevens\. /);
          await expect(banner.evaluate((element) => element.closest('main')?.id)).resolves.toBe('inhoud');
          const [note, heading] = [(await banner.boundingBox())!, (await page.locator('main h1').boundingBox())!];
          expect(Math.abs(note.x - heading.x), `left edge on ${path}`).toBeLessThanOrEqual(1);
          expect(note.x + note.width).toBeLessThanOrEqual(viewport.width);
          await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width);
        }
        await expectNoViolations(page, `a page with the sample-data notice at ${viewport.width} pixels`);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `voorbeeldgegevens-${viewport.width}.png`) });
      }));
  }
});
