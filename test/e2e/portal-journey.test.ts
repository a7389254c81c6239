/**
 * The whole journey through the web pages, in real Chromium: a provider signs in and reports a
 * new working area and a capacity change; an administrator signs in and accepts both; the
 * publication runs by itself; the public provider page and the municipality page show the
 * change, and the employer's search finds the provider by the new postcode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { P, providerPath, search, signIn, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let provider: Page;
let admin: Page;

beforeAll(async () => {
  site = await startSite();
  provider = await (await site.newContext()).newPage();
  admin = await (await site.newContext()).newPage();
});

afterAll(async () => {
  await site?.close();
});

/** The flash message the page shows after a form was handled. */
const flash = (page: Page) => page.locator('.flash').textContent();

describe('a change from the provider to the public site', () => {
  it('starts with the provider not serving Aalst and not found by its postcode', async () => {
    const { page } = await site.newPage();
    const outcome = await search(page, { gemeente: '9300' });
    expect(outcome.results).not.toContain(P.werkkrachtGent.name);
    await page.close();
  });

  it('lets the provider sign in and see its entry', async () => {
    await signIn(provider, await site.providerAccount(P.werkkrachtGent.id));
    expect(new URL(provider.url()).pathname).toBe('/portaal/');
    await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(P.werkkrachtGent.name);
    await expect(provider.locator('.account').textContent()).resolves.toMatch(/Aangemeld als\s+Lies Maes,\s+organisatieverantwoordelijke van Werkkracht Gent vzw/);
    await expect(provider.getByText('Er wacht geen melding op beoordeling.').isVisible()).resolves.toBe(true);
  });

  it('takes a new working area typed as names and a postcode', async () => {
    await provider.getByRole('navigation').getByRole('link', { name: 'Wijziging melden' }).click();
    await provider.getByRole('link', { name: 'Werkingsgebied' }).click();
    const area = provider.getByLabel('Gemeenten en postcodes');
    // The form starts from the working area as it is now.
    await expect(area.inputValue()).resolves.toBe('Gent, Merelbeke-Melle');
    await area.fill('Gent, Merelbeke-Melle, 9300');
    await Promise.all([provider.waitForURL('**/portaal/meldingen/'), provider.getByRole('button', { name: 'Melding versturen' }).click()]);
    await expect(flash(provider)).resolves.toMatch(/^Uw melding WM-2026-\d{6} is ontvangen\./);
  });

  it('takes a capacity change', async () => {
    await provider.goto('/portaal/melden/capaciteit/');
    await expect(provider.getByLabel('Plaatsen in totaal').inputValue()).resolves.toBe('12');
    await provider.getByLabel('Plaatsen in totaal').fill('15');
    await Promise.all([provider.waitForURL('**/portaal/meldingen/'), provider.getByRole('button', { name: 'Melding versturen' }).click()]);
    const rows = provider.locator('table.data tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/Begeleidingscapaciteit.*15 plaatsen.*Wacht op beoordeling/s);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/Werkingsgebied.*Aalst.*Wacht op beoordeling/s);
  });

  it('shows the administrator both reports with what changes, and accepts them', async () => {
    await signIn(admin, await site.adminAccount());
    expect(new URL(admin.url()).pathname).toBe('/beheer/');
    await admin.getByRole('navigation').getByRole('link', { name: 'Meldingen', exact: true }).click();
    const cards = admin.locator('section.card');
    await expect(cards.count()).resolves.toBe(2);
    const areaCard = cards.filter({ hasText: 'Werkingsgebied' });
    await expect(areaCard.locator('.added').textContent()).resolves.toBe('Erbij: Aalst');
    await expect(areaCard.locator('td[data-label="Nu in het register"]').textContent()).resolves.toBe('2 gemeenten');
    const capacityCard = cards.filter({ hasText: 'Begeleidingscapaciteit' });
    await expect(capacityCard.locator('tbody tr').textContent()).resolves.toMatch(/Plaatsen in totaal\s*12\s*15/);

    await Promise.all([admin.waitForURL('**/beheer/meldingen/'), areaCard.getByRole('button', { name: 'Aanvaarden' }).click()]);
    await expect(flash(admin)).resolves.toMatch(/is aanvaard en toegepast/);
    await Promise.all([admin.waitForURL('**/beheer/meldingen/'), admin.locator('section.card').getByRole('button', { name: 'Aanvaarden' }).click()]);
    await expect(admin.getByText('Er wacht geen melding op beoordeling.').isVisible()).resolves.toBe(true);
  });

  it('publishes by itself, and the public pages and the search show the change', async () => {
    await site.publicationsSettled();
    const { page } = await site.newPage();
    await page.goto(providerPath(P.werkkrachtGent));
    const capacity = page.locator('dl.facts').filter({ hasText: 'Plaatsen in totaal' });
    await expect(capacity.textContent()).resolves.toMatch(/Plaatsen in totaal\s*15/);
    await expect(page.getByRole('link', { name: 'Aalst', exact: true }).count()).resolves.toBe(1);

    await page.goto('/gemeenten/aalst/');
    await expect(page.getByRole('link', { name: P.werkkrachtGent.name }).count()).resolves.toBe(1);

    const outcome = await search(page, { gemeente: '9300' });
    expect(outcome.results).toContain(P.werkkrachtGent.name);
    await page.close();
  });

  it('tells the provider both reports were accepted', async () => {
    await provider.goto('/portaal/meldingen/');
    const statuses = await provider.locator('table.data tbody tr td[data-label="Status"]').allTextContents();
    expect(statuses.map((s) => s.trim())).toEqual(['Aanvaard', 'Aanvaard']);
  });

  it('lets the administrator switch the site back to the publication before, from the publications page', async () => {
    await admin.goto('/beheer/publicaties/');
    const online = (await admin.locator('tr', { has: admin.locator('.tag', { hasText: 'online' }) }).locator('td').first().textContent())!.replace('online', '').trim();
    // The publication the test site started with, from before both changes.
    const back = admin.locator('tr', { hasText: 'niet in de geschiedenis' }).getByRole('button', { name: /^Publicatie .+ terugzetten$/ });
    const earlier = (await back.getAttribute('aria-label'))!.replace(/^Publicatie | terugzetten$/g, '');
    expect(earlier).not.toBe(online);
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), back.click()]);
    await expect(flash(admin)).resolves.toContain(`De publieke site toont nu publicatie ${earlier}.`);

    const { page } = await site.newPage();
    const response = await page.goto(providerPath(P.werkkrachtGent));
    expect(response?.headers()['x-register-publication']).toBe(earlier);
    await expect(page.locator('dl.facts').filter({ hasText: 'Plaatsen in totaal' }).textContent()).resolves.toMatch(/Plaatsen in totaal\s*12/);
    await page.close();
  });
});
