/**
 * The search box on the home page, in a real browser against a real publication: what an employer
 * finds by name, by municipality or postcode, and with the filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NOT_RECOGNISED, P, RECOGNISED, names, openHome, providerPath, search, settledOutcome, startSite, type TestSite } from './harness.ts';

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

describe('searching by name', () => {
  it('finds the one provider whose name matches', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Werkkracht' });
      expect(outcome.results).toEqual([P.werkkrachtGent.name]);
      expect(outcome.status).toBe('1 erkende dienstverlener gevonden.');
      // The withdrawn "Ingetrokken Werkkracht Aalst vzw" has the word in its name too.
      expect(outcome.results).not.toContain(P.ingetrokkenGent.name);
    }));

  it('finds every recognised provider sharing a word, and not the expired one', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Kompas' });
      expect([...outcome.results].sort()).toEqual(names(P.kompasBrugge, P.kompasLimburg).sort());
      expect(outcome.status).toBe('2 erkende dienstverleners gevonden.');
      expect(outcome.results).not.toContain(P.kompasVerlopen.name);
    }));

  it('says so when no provider matches', () =>
    inTab(async (page) => {
      const outcome = await search(page, { naam: 'Zeppelinwerf' });
      expect(outcome.results).toEqual([]);
      expect(outcome.status).toBe('Geen erkende dienstverleners gevonden. Probeer minder filters.');
    }));

  it('shows where a result is based, its free places and its end date, and links to its page', () =>
    inTab(async (page) => {
      await search(page, { naam: 'Werkkracht' });
      const item = page.locator('#search-results > li').first();
      await expect(item.locator('.result-meta').textContent()).resolves.toBe('Gevestigd in Gent · vrije plaatsen: 3 van 12 · erkend tot 31 december 2028');
      await item.getByRole('link', { name: P.werkkrachtGent.name }).click();
      await page.waitForURL((url) => url.pathname === providerPath(P.werkkrachtGent));
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(P.werkkrachtGent.name);
    }));
});

describe('searching by municipality or postcode', () => {
  const servingGent = names(P.heelVlaanderen, P.jobankerGent, P.kompasBrugge, P.werkkrachtGent);
  const servingHasselt = names(P.heelVlaanderen, P.kompasLimburg, P.stapsteenHasselt);

  it('finds exactly the recognised providers that serve Gent for postcode 9000, by name', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '9000' });
      expect(outcome.results).toEqual(servingGent);
      expect(outcome.status).toBe('4 erkende dienstverleners gevonden in Gent.');
      for (const name of notRecognisedNames) expect(outcome.results).not.toContain(name);
    }));

  it('treats another postcode of Gent and the name "gent" the same way', () =>
    inTab(async (page) => {
      expect((await search(page, { gemeente: '9050' })).results).toEqual(servingGent);
      expect((await search(page, { gemeente: 'gent' })).results).toEqual(servingGent);
    }));

  it('finds exactly the recognised providers that serve Hasselt for postcode 3500', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '3500' });
      expect(outcome.results).toEqual(servingHasselt);
      expect(outcome.status).toBe('3 erkende dienstverleners gevonden in Hasselt.');
      // The expired, lapsed and future providers all name Hasselt in their working area.
      for (const name of notRecognisedNames) expect(outcome.results).not.toContain(name);
    }));

  it('does not offer a Flemish provider for Brussels', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '1000' });
      expect(outcome.results).toEqual([P.brusselWerkt.name]);
      expect(outcome.status).toBe('1 erkende dienstverlener gevonden in Brussel.');
    }));

  it('searches when Enter is pressed in the field, without the mouse', () =>
    inTab(async (page) => {
      await openHome(page);
      await page.getByLabel('Gemeente of postcode van de werkplek').fill('3500');
      await page.getByLabel('Gemeente of postcode van de werkplek').press('Enter');
      expect((await settledOutcome(page)).results).toEqual(servingHasselt);
    }));

  it('keeps the search in the address, so reloading or sharing the link shows the same results', () =>
    inTab(async (page) => {
      await search(page, { gemeente: '3500' });
      const address = new URL(page.url());
      expect(address.searchParams.get('gemeente')).toBe('3500');
      await openHome(page, `${address.pathname}${address.search}`);
      await expect(page.getByLabel('Gemeente of postcode van de werkplek').inputValue()).resolves.toBe('3500');
      expect((await settledOutcome(page)).results).toEqual(servingHasselt);
    }));

  it('shows a Dutch error next to the field for a postcode no municipality has, and no results', () =>
    inTab(async (page) => {
      const outcome = await search(page, { gemeente: '9999' });
      expect(outcome.results).toEqual([]);
      expect(outcome.status).toBe('Controleer de gemeente of postcode.');
      const field = page.getByLabel('Gemeente of postcode van de werkplek');
      const error = page.locator('#zoek-gemeente-fout');
      await error.waitFor({ state: 'visible' });
      await expect(error.textContent()).resolves.toBe('Geen Vlaamse of Brusselse gemeente heeft postcode 9999.');
      // Next to the field: tied to it for screen readers, marked invalid, focused to correct.
      await expect(field.getAttribute('aria-describedby')).resolves.toContain('zoek-gemeente-fout');
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(field.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      const fieldBox = (await field.boundingBox())!;
      const errorBox = (await error.boundingBox())!;
      expect(errorBox.y).toBeGreaterThan(fieldBox.y);
      expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(100);
      expect(Math.abs(errorBox.x - fieldBox.x)).toBeLessThan(20);

      // Correcting the postcode clears the error and searches.
      await field.fill('9000');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      const corrected = await settledOutcome(page);
      expect(corrected.results).toEqual(servingGent);
      await error.waitFor({ state: 'hidden' });
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('false');
    }));

  it('explains in Dutch when a typed name matches no municipality, or several', () =>
    inTab(async (page) => {
      await search(page, { gemeente: 'Atlantis' });
      await expect(page.locator('#zoek-gemeente-fout').textContent()).resolves.toBe(
        'Geen gemeente gevonden voor ‘Atlantis’. Typ de naam van de gemeente of een postcode van 4 cijfers.',
      );
      await search(page, { gemeente: 'Sint' });
      await expect(page.locator('#zoek-gemeente-fout').textContent()).resolves.toMatch(/^Meerdere gemeenten beginnen met ‘Sint’: .+\. Vul de volledige naam in\.$/);
      await expect(page.locator('#search-results > li').count()).resolves.toBe(0);
    }));
});

describe('filters', () => {
  it('without any filter lists every recognised provider and only those', () =>
    inTab(async (page) => {
      const outcome = await search(page, {});
      expect(outcome.results).toEqual(names(...RECOGNISED));
      expect(outcome.status).toBe(`${RECOGNISED.length} erkende dienstverleners gevonden.`);
    }));

  it('narrows to the providers working in a province', () =>
    inTab(async (page) => {
      expect((await search(page, { provincie: 'Limburg' })).results).toEqual(names(P.heelVlaanderen, P.kompasLimburg, P.stapsteenHasselt));
      expect((await search(page, { provincie: 'West-Vlaanderen' })).results).toEqual(names(P.heelVlaanderen, P.kompasBrugge));
      expect((await search(page, { provincie: 'Oost-Vlaanderen' })).results).toEqual(
        names(P.heelVlaanderen, P.jobankerGent, P.kompasBrugge, P.werkkrachtGent),
      );
      expect((await search(page, { provincie: 'Brussels Hoofdstedelijk Gewest' })).results).toEqual([P.brusselWerkt.name]);
    }));

  it('narrows to providers with free places', () =>
    inTab(async (page) => {
      // Jobanker Gent (0 of 8) and Stapsteen Hasselt (0 of 4) are full.
      expect((await search(page, { gemeente: '9000', vrij: true })).results).toEqual(names(P.heelVlaanderen, P.kompasBrugge, P.werkkrachtGent));
      expect((await search(page, { gemeente: 'Hasselt', vrij: true })).results).toEqual(names(P.heelVlaanderen, P.kompasLimburg));
      expect((await search(page, { vrij: true })).results).toEqual(
        names(...RECOGNISED.filter((p) => p !== P.jobankerGent && p !== P.stapsteenHasselt)),
      );
    }));

  it('narrows to a simplified-registration category, or to providers without one', () =>
    inTab(async (page) => {
      // The expired and the withdrawn provider are GTB too.
      expect((await search(page, { categorie: 'GTB' })).results).toEqual([P.werkkrachtGent.name]);
      expect((await search(page, { categorie: 'GOB' })).results).toEqual([P.stapsteenHasselt.name]);
      expect((await search(page, { categorie: 'Maatwerkbedrijf' })).results).toEqual([P.jobankerGent.name]);
      expect((await search(page, { categorie: 'LDE' })).results).toEqual([P.kompasLimburg.name]);
      expect((await search(page, { categorie: 'Geen' })).results).toEqual(names(P.brusselWerkt, P.heelVlaanderen, P.kompasBrugge));
    }));

  it('combines the municipality with the filters, and says when nothing is left', () =>
    inTab(async (page) => {
      expect((await search(page, { gemeente: '9000', categorie: 'Geen' })).results).toEqual(names(P.heelVlaanderen, P.kompasBrugge));
      expect((await search(page, { gemeente: '9000', categorie: 'Geen', naam: 'Kompas' })).results).toEqual([P.kompasBrugge.name]);
      expect((await search(page, { gemeente: '3500', provincie: 'Limburg', vrij: true, categorie: 'LDE' })).results).toEqual([P.kompasLimburg.name]);
      const none = await search(page, { gemeente: '1000', categorie: 'GTB' });
      expect(none.results).toEqual([]);
      expect(none.status).toBe('Geen erkende dienstverleners gevonden in Brussel. Probeer minder filters.');
    }));
});
