/**
 * WCAG 2.1 AA checks with axe-core on the pages an employer uses, in the states they see: the home
 * page before and after a search and with an error, the search results (with choices, with
 * suggestions, without JavaScript), the maps, a municipality with more providers than one page
 * holds, and the provider, municipality, province and list pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoViolations } from './axe.ts';
import { P, nis, openHome, providerPath, search, startSite, type TestSite } from './harness.ts';
import { PLACE_PAGE_SIZE } from '#site/lib/expected-pages.ts';

let site: TestSite;

beforeAll(async () => {
  // More providers in Lokeren than one page holds, so that its page has a second one.
  site = await startSite({
    extraProviders: Array.from({ length: PLACE_PAGE_SIZE + 5 }, (_, i) => ({
      id: 5000 + i,
      name: `Zwerm Lokeren ${String(i).padStart(3, '0')} vzw`,
      municipalityNis: nis('Lokeren'),
      postcode: '9160',
      workingArea: [nis('Lokeren')],
      activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }],
      capacity: { totalPlaces: 4, freePlaces: i % 4 === 0 ? 0 : 1 },
    })),
  });
}, 240_000);

afterAll(async () => {
  await site?.close();
});

/** Opens a fresh tab on `path`, hands it to `use`, and closes it. */
async function onPage(path: string | null, use: (page: Page) => Promise<void>): Promise<void> {
  const { page } = await site.newPage();
  try {
    if (path) {
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(path === '/bestaat-niet/' ? 404 : 200);
    }
    await use(page);
  } finally {
    await page.close();
  }
}

describe('the home page meets WCAG 2.1 AA', () => {
  it('before a search', () =>
    onPage(null, async (page) => {
      await openHome(page);
      await expectNoViolations(page, 'the home page');
    }));

  it('with search results shown', () =>
    onPage(null, async (page) => {
      const outcome = await search(page, { gemeente: '9000' });
      expect(outcome.results.length).toBeGreaterThan(0);
      await expectNoViolations(page, 'the home page with search results');
    }));

  it('with no results', () =>
    onPage(null, async (page) => {
      const outcome = await search(page, { gemeente: '1000', categorie: 'GTB' });
      expect(outcome.results).toEqual([]);
      await expectNoViolations(page, 'the home page without results');
    }));

  it('showing an error for the place field', () =>
    onPage(null, async (page) => {
      await search(page, { gemeente: '9999' });
      await page.locator('#zoek-gemeente-fout').waitFor({ state: 'visible' });
      await expectNoViolations(page, 'the home page with an error');
    }));

  it('offering the places an ambiguous name may be', () =>
    onPage(null, async (page) => {
      await search(page, { gemeente: 'Deurne' });
      await expectNoViolations(page, 'the search with choices');
    }));

  it('suggesting names for a typo', () =>
    onPage(null, async (page) => {
      await search(page, { gemeente: 'Gend' });
      await expectNoViolations(page, 'the search with suggestions');
    }));

  it('with every province opened', () =>
    onPage('/', async (page) => {
      for (const summary of await page.locator('details > summary').all()) await summary.click();
      await expectNoViolations(page, 'the home page with the municipality lists open');
    }));
});

describe('the other pages meet WCAG 2.1 AA', () => {
  const pages: [string, string][] = [
    ['a provider page', providerPath(P.werkkrachtGent)],
    ['the page of a provider serving all of Flanders', providerPath(P.heelVlaanderen)],
    ['the page of an expired provider', providerPath(P.kompasVerlopen)],
    ['the page of a provider not yet in force', providerPath(P.toekomstigGent)],
    ['a municipality page', '/gemeenten/gent/'],
    ['the first page of a municipality with many providers', '/gemeenten/lokeren/'],
    ['the second page of a municipality with many providers', '/gemeenten/lokeren/pagina/2/'],
    ['the coverage map', '/kaart/'],
    ['the search page', '/zoeken/'],
    ['the results of a search, opened by their address', '/zoeken/?gemeente=Sint-Amandsberg&volgorde=afstand'],
    ['a municipality page without providers', '/gemeenten/oostkamp/'],
    ['a province page', '/provincies/limburg/'],
    ['the Brussels region page', '/provincies/brussels-hoofdstedelijk-gewest/'],
    ['the provider list', '/dienstverleners/'],
    ['the list of providers without recognition', '/dienstverleners/niet-erkend/'],
    ['the municipality index', '/gemeenten/'],
    ['the province index', '/provincies/'],
    ['the page about recognition', '/erkenning/'],
    ['the accessibility statement', '/toegankelijkheid/'],
    ['the open-data page', '/hergebruik/'],
    ['the page for an unknown address', '/bestaat-niet/'],
  ];
  for (const [what, path] of pages) {
    it(what, () => onPage(path, (page) => expectNoViolations(page, what)));
  }

  it('the coverage map with its table sorted', () =>
    onPage('/kaart/', async (page) => {
      await page.getByRole('button', { name: 'Met vrije plaatsen' }).click();
      await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toBe('Met vrije plaatsen');
      await expectNoViolations(page, 'the coverage map, sorted');
    }));

  it('a municipality page at 390 pixels wide', () =>
    onPage(null, async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/gemeenten/gent/');
      // The map shrinks to the screen: nothing scrolls sideways.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await expectNoViolations(page, 'a municipality page on a phone');
    }));
});
