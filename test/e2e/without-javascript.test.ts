/**
 * The site without JavaScript (blocked, failed to load, or a browser that has none): the search
 * still works (the register's server answers it), and the home page still leads an employer to
 * the providers for their municipality.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { FIELDS, NOT_RECOGNISED, P, RECOGNISED, afterSearch, fillSearch, names, providerPath, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  site = await startSite();
  context = await site.newContext({ javaScriptEnabled: false });
  page = await context.newPage();
});

afterAll(async () => {
  await site?.close();
});

/** The provider names in the tables of the page that is open, in order. */
const tableNames = () => page.locator('table.providers tbody th[scope="row"] a').allTextContents();

describe('the home page without JavaScript', () => {
  it('shows the search form, a plain form the server answers', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vind een erkende dienstverlener voor begeleiding op de werkvloer');
    await expect(page.locator('#zoekformulier').isVisible()).resolves.toBe(true);
    await expect(page.locator('#zoekformulier').getAttribute('method')).resolves.toBe('get');
    await expect(page.locator('#zoekformulier').getAttribute('action')).resolves.toBe('/zoeken/');
    await expect(page.getByRole('button', { name: 'Zoeken' }).isVisible()).resolves.toBe(true);
  });

  it.each([
    ['a deelgemeente', 'Merksem', 'Merksem hoort bij Antwerpen.', [P.heelVlaanderen.name]],
    ['a former municipality', 'Kortessem', 'Kortessem is een vroegere gemeente; ze hoort nu bij Hasselt.', [P.kompasLimburg.name, P.heelVlaanderen.name, P.stapsteenHasselt.name]],
    ['a French name', 'Ixelles', 'Ixelles is de Franse naam van Elsene.', [P.brusselWerkt.name]],
  ])('finds the providers for %s (%s), free places first, on a page with its own address', async (_what, typed, understood, results) => {
    await page.goto('/');
    await fillSearch(page, { gemeente: typed });
    const outcome = await afterSearch(page, () => page.getByRole('button', { name: 'Zoeken' }).click());
    expect(outcome.results).toEqual(results);
    expect(outcome.understood).toBe(understood);
    expect(new URL(page.url()).searchParams.get('gemeente')).toBe(typed);
    // The same address, opened again, shows the same.
    await page.goto(page.url());
    await expect(page.locator('#zoekresultaten .understood').textContent()).resolves.toBe(understood);
  });

  it('offers the choices for an ambiguous name and suggestions for a typo, as links that search', async () => {
    await page.goto('/zoeken/?gemeente=Deurne');
    const chosen = await afterSearch(page, () => page.getByRole('link', { name: 'Deurne (Antwerpen, 2100)' }).click());
    expect(chosen.understood).toBe('Deurne hoort bij Antwerpen.');
    expect(chosen.results).toEqual([P.heelVlaanderen.name]);
    await page.goto('/');
    await fillSearch(page, { gemeente: 'antwerpn', vrij: true });
    const typo = await afterSearch(page, () => page.getByLabel(FIELDS.gemeente).press('Enter'));
    expect(typo.status).toBe('Controleer de plaats van de werkplek.');
    const corrected = await afterSearch(page, () => page.getByRole('link', { name: 'Antwerpen', exact: true }).click());
    expect(corrected.results).toEqual([P.heelVlaanderen.name]);
    // The filters chosen stay with the suggestion.
    expect(new URL(page.url()).searchParams.get('vrij')).toBe('ja');
  });

  it('says in plain Dutch how many providers are recognised and how many have free places', async () => {
    await page.goto('/');
    const withPlaces = RECOGNISED.filter((p) => p.capacity.freePlaces > 0).length;
    await expect(page.locator('p.lead').innerText()).resolves.toContain(
      `Vandaag zijn er ${RECOGNISED.length} erkende dienstverleners; ${withPlaces} hebben vrije plaatsen.`,
    );
  });

  it('links to every municipality page, grouped per province', async () => {
    await page.goto('/');
    const links = await page.locator('details a[href^="/gemeenten/"]').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    // 285 Flemish and 19 Brussels municipalities, each once.
    expect(links).toHaveLength(304);
    expect(new Set(links).size).toBe(304);
    expect(links).toContain('/gemeenten/gent/');
    expect(links).toContain('/gemeenten/hasselt/');
    expect(links).toContain('/gemeenten/brussel/');
    const provinces = (await page.locator('details > summary').allTextContents()).map((s) => s.replace(/\s*\(\d+ gemeenten\)$/, '').trim());
    expect([...provinces].sort()).toEqual(['Antwerpen', 'Brussels Hoofdstedelijk Gewest', 'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen']);
  });

  it('leads from the home page to a municipality, to its providers, to a provider page', async () => {
    await page.goto('/');
    await page.locator('summary', { hasText: 'Oost-Vlaanderen' }).click();
    await page.getByRole('link', { name: 'Gent', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/gemeenten/gent/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Erkende dienstverleners in Gent');
    await expect(page.locator('p.lead').textContent()).resolves.toContain('4 erkende dienstverleners werken in Gent; 3 hebben nu vrije plaatsen.');

    // Those with free places first, the nearest first, then the full one, marked so; no provider without a valid recognition.
    await expect(page.locator('table.providers caption').allTextContents()).resolves.toEqual(['Met vrije plaatsen (3)', 'Nu volzet (1)']);
    const shown = await tableNames();
    expect(shown).toEqual([P.heelVlaanderen.name, P.werkkrachtGent.name, P.kompasBrugge.name, P.jobankerGent.name]);
    await expect(page.locator('table.providers tbody tr', { hasText: P.jobankerGent.name }).locator('.badge.full').textContent()).resolves.toBe('volzet');
    await expect(page.getByRole('img', { name: 'Waar Gent ligt' }).count()).resolves.toBe(1);
    for (const provider of NOT_RECOGNISED) expect(shown).not.toContain(provider.name);

    await page.getByRole('link', { name: P.werkkrachtGent.name }).click();
    await page.waitForURL((url) => url.pathname === providerPath(P.werkkrachtGent));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(P.werkkrachtGent.name);
    await expect(page.locator('.badge.active').textContent()).resolves.toBe('Erkend');
    const facts = await page.locator('dl.facts').first().innerText();
    expect(facts).toContain('Teststraat 11, 9000 Gent');
    expect(facts).toContain('info@provider-11.example');
  });

  it('leads to a province page and to the list of all recognised providers', async () => {
    await page.goto('/');
    await page.locator('summary', { hasText: 'Limburg' }).click();
    await page.getByRole('link', { name: 'Alle dienstverleners in de provincie Limburg' }).click();
    await page.waitForURL((url) => url.pathname === '/provincies/limburg/');
    await expect(tableNames()).resolves.toEqual(names(P.heelVlaanderen, P.kompasLimburg, P.stapsteenHasselt));

    await page.goto('/');
    await page.getByRole('link', { name: 'alle erkende dienstverleners' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverleners/');
    await expect(tableNames()).resolves.toEqual(names(...RECOGNISED));
    await page.getByRole('link', { name: P.kompasLimburg.name }).click();
    await page.waitForURL((url) => url.pathname === providerPath(P.kompasLimburg));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(P.kompasLimburg.name);
  });
});
