/**
 * The search on the home page, in a real browser with JavaScript on, against a real publication
 * and the register's server: what an employer finds by any place name they know, in which order,
 * with which labels, by name and with the filters, and how the address keeps the search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIELDS, NOT_RECOGNISED, P, RECOGNISED, afterSearch, fillSearch, names, openHome, providerPath, search, settledOutcome, startSite, type TestSite } from './harness.ts';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.close();
});

/** Runs `use` on a fresh tab, then checks the page logged no errors (a broken script, a CSP block). */
async function inTab(use: (page: Page) => Promise<void>): Promise<void> {
  const { page, errors } = await site.newPage();
  try {
    await use(page);
    expect(errors, 'errors in the browser console').toEqual([]);
  } finally {
    await page.close();
  }
}

const notRecognisedNames = NOT_RECOGNISED.map((p) => p.name);
/** Free places first, and among those the nearest: Heel Vlaanderen and Werkkracht are in Gent itself, Kompas in Brugge; Jobanker is full. */
const servingGent = [P.heelVlaanderen.name, P.werkkrachtGent.name, P.kompasBrugge.name, P.jobankerGent.name];
/** Kompas Limburg is in Hasselt, Heel Vlaanderen in Gent; Stapsteen is full. */
const servingHasselt = [P.kompasLimburg.name, P.heelVlaanderen.name, P.stapsteenHasselt.name];
/** Every recognised provider with free places by name, then the full ones. */
const freeFirst = [...names(...RECOGNISED.filter((p) => p.capacity.freePlaces > 0)), ...names(...RECOGNISED.filter((p) => p.capacity.freePlaces === 0))];

describe('searching by any place name', () => {
  it('finds the providers serving Gent for postcode 9000, free places first, then the nearest', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '9000' });
      expect(outcome.results).toEqual(servingGent);
      expect(outcome.status).toBe('4 erkende dienstverleners gevonden in Gent.');
      expect(outcome.understood).toBe('Postcode 9000 is Gent.');
      for (const name of notRecognisedNames) expect(outcome.results).not.toContain(name);
    }));

  it('finds a deelgemeente, saying which municipality it belongs to, with the distance from it', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: 'sint amandsberg' });
      expect(outcome.results).toEqual(servingGent);
      expect(outcome.understood).toBe('Sint-Amandsberg hoort bij Gent.');
      const distances = await page.locator('#zoekresultaten td[data-label="Afstand"]').allTextContents();
      expect(distances).toHaveLength(4);
      for (const distance of distances) expect(distance).toMatch(/^\d+(,\d)? km$/);
      await expect(page.locator('#zoekresultaten th', { hasText: 'Afstand tot Sint-Amandsberg' }).count()).resolves.toBe(1);
    }));

  it.each([
    ['Borgerhout', 'Antwerpen', 'Borgerhout hoort bij Antwerpen.', [P.heelVlaanderen.name]],
    ['Kortessem', 'Hasselt', 'Kortessem is een vroegere gemeente; ze hoort nu bij Hasselt.', servingHasselt],
    ['Ixelles', 'Elsene', 'Ixelles is de Franse naam van Elsene.', [P.brusselWerkt.name]],
  ])('finds %s (%s)', (typed, municipality, understood, results) =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: typed });
      expect(outcome.results).toEqual(results);
      expect(outcome.understood).toBe(understood);
      expect(outcome.status).toContain(`gevonden in ${municipality}.`);
    }));

  it('offers each Deurne, and shows the one chosen', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: 'Deurne' });
      expect(outcome.results).toEqual([]);
      expect(outcome.status).toBe('Kies de plaats van de werkplek.');
      const problem = page.locator('#zoek-gemeente-fout');
      await expect(problem.locator('p').textContent()).resolves.toBe('Er zijn 2 plaatsen met de naam ‘Deurne’. Welke bedoelt u?');
      await expect(problem.getByRole('link').allTextContents()).resolves.toEqual(['Deurne (Antwerpen, 2100)', 'Deurne (Diest, 3290)']);
      const chosen = await afterSearch(page, () => problem.getByRole('link', { name: 'Deurne (Diest, 3290)' }).click());
      expect(chosen.understood).toBe('Deurne hoort bij Diest.');
      expect(chosen.results).toEqual([P.heelVlaanderen.name]);
      await expect(page.getByLabel(FIELDS.gemeente).inputValue()).resolves.toBe('Deurne (Diest, 3290)');
    }));

  it('suggests the nearest names for a typo, with the keyboard alone', () =>
    inTab(async (page) => {
      await openHome(page);
      await page.getByLabel(FIELDS.gemeente).fill('Gend');
      const outcome = await afterSearch(page, () => page.getByLabel(FIELDS.gemeente).press('Enter'));
      expect(outcome.status).toBe('Controleer de plaats van de werkplek.');
      await expect(page.locator('#zoek-gemeente-fout p').textContent()).resolves.toBe('Geen plaats gevonden met de naam ‘Gend’. Bedoelt u Gent of Genk?');
      // The field to correct has the focus; the suggestions follow it.
      const field = page.getByLabel(FIELDS.gemeente);
      await expect(field.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(field.getAttribute('aria-describedby')).resolves.toContain('zoek-gemeente-fout');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Gent');
      const corrected = await afterSearch(page, () => page.keyboard.press('Enter'));
      expect(corrected.results).toEqual(servingGent);
      await expect(page.getByLabel(FIELDS.gemeente).getAttribute('aria-invalid')).resolves.toBeNull();
    }));

  it('says plainly when no place has the name or postcode, next to the field, and shows no results', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '9999' });
      expect(outcome.results).toEqual([]);
      expect(outcome.status).toBe('Controleer de plaats van de werkplek.');
      const field = page.getByLabel(FIELDS.gemeente);
      const error = page.locator('#zoek-gemeente-fout');
      await expect(error.textContent()).resolves.toBe('Geen Vlaamse of Brusselse gemeente heeft postcode 9999.');
      const fieldBox = (await field.boundingBox())!;
      const errorBox = (await error.boundingBox())!;
      expect(errorBox.y).toBeGreaterThan(fieldBox.y);
      expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(100);
      expect(Math.abs(errorBox.x - fieldBox.x)).toBeLessThan(20);
      await search(page, { gemeente: 'Atlantis' }, page.url());
      await expect(error.textContent()).resolves.toMatch(/^Geen plaats gevonden met de naam ‘Atlantis’\. Typ de naam van een gemeente of deelgemeente/);
    }));

  it('proposes the places a name may be while it is typed', () =>
    inTab(async (page) => {
      await openHome(page);
      await page.getByLabel(FIELDS.gemeente).pressSequentially('Sint-Am', { delay: 20 });
      await page.waitForFunction(() => [...document.querySelectorAll('#plaatsen option')].some((o) => (o as HTMLOptionElement).value === 'Sint-Amandsberg (Gent, 9040)'));
    }));
});

describe('the results', () => {
  it('show the labels an employer needs: "volzet", free places, distance, phone and e-mail, and link to the provider', () =>
    inTab(async (page) => {
      await search(page, { gemeente: 'Gent' });
      const full = page.locator('#zoekresultaten tbody tr', { hasText: P.jobankerGent.name });
      await expect(full.locator('td[data-label="Vrije plaatsen"]').textContent()).resolves.toBe('volzet 0 van 8');
      await expect(full.locator('.badge.full').textContent()).resolves.toBe('volzet');
      const row = page.locator('#zoekresultaten tbody tr', { hasText: P.werkkrachtGent.name });
      await expect(row.locator('td[data-label="Vrije plaatsen"]').textContent()).resolves.toBe('3 van 12');
      await expect(row.getByRole('link', { name: 'info@provider-11.example' }).getAttribute('href')).resolves.toBe('mailto:info@provider-11.example');
      await expect(row.locator('a[href^="tel:"]').count()).resolves.toBe(1);
      await expect(row.locator('td[data-label="Geldig tot en met"]').textContent()).resolves.toBe('31 december 2028');
      await row.getByRole('link', { name: P.werkkrachtGent.name }).click();
      await page.waitForURL((url) => url.pathname === providerPath(P.werkkrachtGent));
    }));

  it('sort by distance or by name when asked', () =>
    inTab(async (page) => {
      const byDistance = await search(page, { gemeente: 'Gent', volgorde: 'Dichtst bij de werkplek' });
      expect(byDistance.results).toEqual([P.heelVlaanderen.name, P.jobankerGent.name, P.werkkrachtGent.name, P.kompasBrugge.name]);
      const byName = await search(page, { gemeente: 'Gent', volgorde: 'Op naam' });
      expect(byName.results).toEqual(names(P.heelVlaanderen, P.jobankerGent, P.kompasBrugge, P.werkkrachtGent));
    }));

  it('replace the general list while they show', () =>
    inTab(async (page) => {
      await openHome(page);
      await expect(page.locator('#lijst-titel').count()).resolves.toBe(1);
      await search(page, { gemeente: '9000' });
      await expect(page.locator('#lijst-titel').count()).resolves.toBe(0);
      await expect(page.locator('table.providers').count()).resolves.toBe(1);
    }));

  it('keep the search in the address, so reloading, sharing or going back shows the same results', () =>
    inTab(async (page) => {
      await search(page, { gemeente: '3500' });
      const address = new URL(page.url());
      expect(address.pathname).toBe('/zoeken/');
      expect(address.searchParams.get('gemeente')).toBe('3500');
      await page.reload();
      expect((await settledOutcome(page)).results).toEqual(servingHasselt);
      await expect(page.getByLabel(FIELDS.gemeente).inputValue()).resolves.toBe('3500');
      // A second search in place, then back to the first.
      await openHome(page, page.url());
      await fillSearch(page, { gemeente: '1000' });
      expect((await afterSearch(page, () => page.getByRole('button', { name: 'Zoeken' }).click())).results).toEqual([P.brusselWerkt.name]);
      expect((await afterSearch(page, () => page.goBack())).results).toEqual(servingHasselt);
    }));

  it('also answer an address bookmarked before the search had a page of its own', () =>
    inTab(async (page) => {
      await page.goto('/?gemeente=3500&vrij=ja');
      expect(new URL(page.url()).pathname).toBe('/zoeken/');
      expect((await settledOutcome(page)).results).toEqual([P.kompasLimburg.name, P.heelVlaanderen.name]);
    }));

});

describe('searching by name and with filters', () => {
  it('finds the one provider whose name matches', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Werkkracht' });
      expect(outcome.results).toEqual([P.werkkrachtGent.name]);
      expect(outcome.status).toBe('1 erkende dienstverlener gevonden.');
      expect(outcome.results).not.toContain(P.ingetrokkenGent.name);
    }));

  it('finds every recognised provider sharing a word, and not the expired one', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Kompas' });
      expect(outcome.results).toEqual(names(P.kompasBrugge, P.kompasLimburg));
      expect(outcome.status).toBe('2 erkende dienstverleners gevonden.');
    }));

  it('says so when no provider matches', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Zeppelinwerf' });
      expect(outcome.results).toEqual([]);
      expect(outcome.status).toBe('Geen erkende dienstverleners gevonden. Probeer minder filters.');
    }));

  it('without any filter lists every recognised provider and only those, free places first', () =>
    inTab(async (page) => {
      const outcome = await search(page, {});
      expect(outcome.results).toEqual(freeFirst);
      expect(outcome.status).toBe(`${RECOGNISED.length} erkende dienstverleners gevonden.`);
    }));

  it('narrows to the providers working in a province', () =>
    inTab(async (page) => {
      expect((await search(page, { provincie: 'Limburg' })).results).toEqual([P.heelVlaanderen.name, P.kompasLimburg.name, P.stapsteenHasselt.name]);
      expect((await search(page, { provincie: 'West-Vlaanderen' })).results).toEqual(names(P.heelVlaanderen, P.kompasBrugge));
      expect((await search(page, { provincie: 'Oost-Vlaanderen' })).results).toEqual([...names(P.heelVlaanderen, P.kompasBrugge, P.werkkrachtGent), P.jobankerGent.name]);
      expect((await search(page, { provincie: 'Brussels Hoofdstedelijk Gewest' })).results).toEqual([P.brusselWerkt.name]);
    }));

  it('narrows to providers with free places', () =>
    inTab(async (page) => {
      expect((await search(page, { gemeente: '9000', vrij: true })).results).toEqual([P.heelVlaanderen.name, P.werkkrachtGent.name, P.kompasBrugge.name]);
      expect((await search(page, { gemeente: 'Hasselt', vrij: true })).results).toEqual([P.kompasLimburg.name, P.heelVlaanderen.name]);
      expect((await search(page, { vrij: true })).results).toEqual(names(...RECOGNISED.filter((p) => p.capacity.freePlaces > 0)));
    }));

  it('narrows to a simplified-registration category, or to providers without one', () =>
    inTab(async (page) => {
      expect((await search(page, { categorie: 'GTB' })).results).toEqual([P.werkkrachtGent.name]);
      expect((await search(page, { categorie: 'GOB' })).results).toEqual([P.stapsteenHasselt.name]);
      expect((await search(page, { categorie: 'Maatwerkbedrijf' })).results).toEqual([P.jobankerGent.name]);
      expect((await search(page, { categorie: 'LDE' })).results).toEqual([P.kompasLimburg.name]);
      expect((await search(page, { categorie: 'Geen' })).results).toEqual(names(P.brusselWerkt, P.heelVlaanderen, P.kompasBrugge));
    }));

  it('combines the place with the filters, and says when nothing is left', () =>
    inTab(async (page) => {
      expect((await search(page, { gemeente: '9000', categorie: 'Geen' })).results).toEqual([P.heelVlaanderen.name, P.kompasBrugge.name]);
      expect((await search(page, { gemeente: '9000', categorie: 'Geen', naam: 'Kompas' })).results).toEqual([P.kompasBrugge.name]);
      expect((await search(page, { gemeente: '3500', provincie: 'Limburg', vrij: true, categorie: 'LDE' })).results).toEqual([P.kompasLimburg.name]);
      const none = await search(page, { gemeente: '1000', categorie: 'GTB' });
      expect(none.results).toEqual([]);
      expect(none.status).toBe('Geen erkende dienstverleners gevonden in Brussel. Probeer minder filters.');
    }));
});
