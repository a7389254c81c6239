/**
 * Full-page screenshots of the main pages, public and for providers and administrators, for a
 * person to look at (in test-results/screenshots/, which git ignores; the docs show copies
 * from docs/screenshots/). Each is taken once the page shows what it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { NEW_ORGANISATION_ACCOUNT, P, SCREENSHOT_DIR, providerPath, search, signIn, startSite, type TestSite } from './harness.ts';
import { fillPortalData } from './portal-fixtures.ts';

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
    const outcome = await search(page, { gemeente: 'Sint-Amandsberg' });
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

  it('of a search offering the places a name may be', async () => {
    const { page } = await site.newPage();
    await search(page, { gemeente: 'Deurne' });
    await screenshot(page, 'zoeken-keuze');
    await page.close();
  });

  it('of the coverage map', async () => {
    const { page } = await site.newPage();
    await page.goto('/kaart/');
    await page.getByRole('img', { name: 'Erkende dienstverleners met vrije plaatsen, per gemeente' }).waitFor();
    await screenshot(page, 'kaart');
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

describe('screenshots of the pages for providers and administrators', () => {
  let provider: Page;
  let admin: Page;
  let decided: string;

  beforeAll(async () => {
    ({ decided } = await fillPortalData(site));
    provider = await (await site.newContext()).newPage();
    admin = await (await site.newContext()).newPage();
  });

  it('of the sign-in page and the sample accounts of the built-in identity provider', async () => {
    await provider.goto('/aanmelden');
    await screenshot(provider, 'portaal-aanmelden');
    await Promise.all([provider.waitForURL(/\/idp\/interaction\//), provider.getByRole('link', { name: 'Nu aanmelden' }).click()]);
    await screenshot(provider, 'aanmeldserver-voorbeeldaccounts');
    await signIn(provider, await site.providerAccount(P.werkkrachtGent.id));
    await signIn(admin, await site.adminAccount());
  });

  it('of an application being written online, with what is missing', async () => {
    const applicant = await (await site.newContext()).newPage();
    await signIn(applicant, NEW_ORGANISATION_ACCOUNT);
    await applicant.goto('/portaal/aanvraag/deel-1/');
    await applicant.getByLabel('Straat en nummer').fill('Stationsstraat 12');
    await applicant.getByLabel('Postcode').fill('9000');
    await applicant.getByLabel('E-mail van de organisatie').fill('info@nieuwestart.example');
    await Promise.all([applicant.waitForURL('**/deel-2/'), applicant.getByRole('button', { name: 'Bewaren en verder' }).click()]);
    await applicant.goto('/portaal/aanvraag/');
    await screenshot(applicant, 'portaal-aanvraag');
    await applicant.close();
  });

  it("of a provider's overview", async () => {
    await provider.goto('/portaal/');
    await provider.getByRole('heading', { name: 'Wacht op beoordeling' }).waitFor();
    await screenshot(provider, 'portaal-overzicht');
  });

  it('of the working-area form with an error', async () => {
    await provider.goto('/portaal/melden/werkingsgebied/');
    await provider.getByLabel('Gemeenten en postcodes').fill('Gent, Merelbeke-Melle, 9300, Gnetbrugge');
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
    await provider.locator('.error-summary').waitFor();
    await screenshot(provider, 'portaal-werkingsgebied-fout');
  });

  it('of the check page of a working area that shrinks', async () => {
    await provider.goto('/portaal/melden/werkingsgebied/');
    await provider.getByLabel('Gemeenten en postcodes').fill('Gent, Lochristi, Destelbergen');
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
    await provider.locator('ul.removed-list').waitFor();
    await screenshot(provider, 'portaal-werkingsgebied-controle');
  });

  it("of a provider's reports", async () => {
    await provider.goto('/portaal/meldingen/');
    await screenshot(provider, 'portaal-meldingen');
  });

  it('of the reconsideration form', async () => {
    await provider.goto('/portaal/heroverweging/');
    await provider.getByRole('button', { name: 'Heroverweging vragen' }).waitFor();
    await screenshot(provider, 'portaal-heroverweging');
  });

  it('of the deadlines dashboard', async () => {
    await admin.goto('/beheer/');
    await admin.locator('tr.overdue').first().waitFor();
    await screenshot(admin, 'beheer-termijnen');
  });

  it('of the review queue', async () => {
    await admin.goto('/beheer/meldingen/');
    await admin.locator('section.card').first().waitFor();
    await screenshot(admin, 'beheer-meldingen');
  });

  it('of an application with its timeline', async () => {
    await admin.goto(`/beheer/aanvragen/${decided}/`);
    await admin.locator('ol.timeline li.suspension').first().waitFor();
    await screenshot(admin, 'beheer-aanvraag');
  });

  it('of the publications', async () => {
    // Its optional refresh script runs under the site's content policy without complaint.
    const errors: string[] = [];
    admin.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await admin.goto('/beheer/publicaties/');
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('button', { name: 'Nu publiceren' }).click()]);
    await site.publicationsSettled();
    await admin.goto('/beheer/publicaties/');
    await screenshot(admin, 'beheer-publicaties');
    expect(errors).toEqual([]);
  });
});
