/**
 * The whole journey through the web pages, in real Chromium: a provider signs in and reports a
 * new working area and a capacity change, each checked on the page that shows what changes; an
 * administrator signs in and accepts both after confirming; the publication runs by itself; the
 * public provider page and the municipality page show the change, and the employer's search
 * finds the provider by the new postcode. Then a working area that shrinks and a capacity that
 * drops: seen and confirmed by the provider (refused without the confirmation), the same
 * municipalities seen and confirmed by the administrator, and the decisions found in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import { capacities, changeReports, workingAreas } from '#db/schema/index.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { P, nis, providerPath, search, signIn, startSite, type TestSite } from './harness.ts';

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

/** Accepts the report of a card on the review queue, through its confirmation. */
async function accept(card: ReturnType<Page['locator']>, tick = false): Promise<void> {
  await Promise.all([admin.waitForEvent('load'), card.getByRole('button', { name: 'Aanvaarden' }).click()]);
  await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Melding WM-2026-\d{6} aanvaarden\?$/);
  if (tick) await admin.getByRole('checkbox').check();
  await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Ja, aanvaarden' }).click()]);
  expect(new URL(admin.url()).pathname).toBe('/beheer/meldingen/');
}

/** Clicks a button that posts a form, and waits for the page that answers. */
const post = (page: Page, name: string) => Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).click()]);


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
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
    // The check page: what changes, before anything is sent.
    await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Controleer uw melding');
    await expect(provider.locator('ul.added-list li').allTextContents()).resolves.toEqual(['Aalst']);
    await expect(provider.getByRole('heading', { name: 'Eraf: 0 gemeenten' }).count()).resolves.toBe(1);
    await expect(provider.getByRole('checkbox').count()).resolves.toBe(0);
    await Promise.all([provider.waitForURL('**/portaal/meldingen/'), provider.getByRole('button', { name: 'Melding versturen' }).click()]);
    await expect(flash(provider)).resolves.toMatch(/^Uw melding WM-2026-\d{6} is ontvangen\./);
  });

  it('takes a capacity change', async () => {
    await provider.goto('/portaal/melden/capaciteit/');
    await expect(provider.getByLabel('Plaatsen in totaal').inputValue()).resolves.toBe('12');
    await provider.getByLabel('Plaatsen in totaal').fill('15');
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
    await expect(provider.locator('table.diff-fields tbody tr').textContent()).resolves.toMatch(/Plaatsen in totaal\s*12\s*15/);
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
    await expect(areaCard.locator('ul.added-list li').allTextContents()).resolves.toEqual(['Aalst']);
    await expect(areaCard.locator('.area-totals').textContent()).resolves.toBe('Nu: 2 gemeenten. Na deze melding: 3 gemeenten.');
    const capacityCard = cards.filter({ hasText: 'Begeleidingscapaciteit' });
    await expect(capacityCard.locator('tbody tr').textContent()).resolves.toMatch(/Plaatsen in totaal\s*12\s*15/);

    await accept(areaCard);
    await expect(flash(admin)).resolves.toMatch(/is aanvaard\. De wijziging komt meteen in het register/);
    await accept(admin.locator('section.card'));
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

  it('lets the administrator switch the site back to the publication before, from the publications page, once confirmed', async () => {
    await admin.goto('/beheer/publicaties/');
    const online = await admin.locator('tr', { has: admin.locator('.tag', { hasText: 'online' }) }).getAttribute('data-publicatie');
    // The publication the test site started with, from before both changes.
    const back = admin.locator('tr', { hasText: 'Niet in de geschiedenis' }).getByRole('link', { name: /^Terugzetten naar de publicatie van / });
    await Promise.all([admin.waitForURL('**/beheer/publicaties/terugzetten/**'), back.click()]);
    const earlier = new URL(admin.url()).searchParams.get('publicatie');
    expect(earlier).not.toBe(online);
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('button', { name: 'Ja, zet de site terug' }).click()]);
    await expect(flash(admin)).resolves.toMatch(/^De publieke site toont nu de publicatie van /);

    const { page } = await site.newPage();
    const response = await page.goto(providerPath(P.werkkrachtGent));
    expect(response?.headers()['x-register-publication']).toBe(earlier);
    await expect(page.locator('dl.facts').filter({ hasText: 'Plaatsen in totaal' }).textContent()).resolves.toMatch(/Plaatsen in totaal\s*12/);
    await page.close();
  });
});

describe('a working area that shrinks and a capacity that drops', () => {
  const reportsOf = () => site.db.select().from(changeReports).where(and(eq(changeReports.providerId, P.werkkrachtGent.id), eq(changeReports.status, 'pending_review')));

  it('shows the provider the municipalities that leave, and sends nothing without the confirmation', async () => {
    await provider.goto('/portaal/melden/werkingsgebied/');
    await expect(provider.getByLabel('Gemeenten en postcodes').inputValue()).resolves.toBe('Aalst, Gent, Merelbeke-Melle');
    await provider.getByLabel('Gemeenten en postcodes').fill('Gent');
    await post(provider, 'Controleer uw melding');
    await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Controleer uw melding');
    await expect(provider.locator('.area-totals').textContent()).resolves.toBe('Nu: 3 gemeenten. Na deze melding: 1 gemeente.');
    await expect(provider.getByRole('heading', { name: 'Eraf: 2 gemeenten' }).count()).resolves.toBe(1);
    await expect(provider.locator('ul.removed-list li').allTextContents()).resolves.toEqual(['Aalst', 'Merelbeke-Melle']);
    // The map draws the same: the municipalities that leave, kept apart from those that stay.
    const map = provider.getByRole('img', { name: /Kaart: wat verandert aan uw werkingsgebied/ });
    await expect(map.locator('g.change-removed use').count()).resolves.toBe(2);

    const before = (await reportsOf()).length;
    await post(provider, 'Melding versturen');
    await expect(provider.locator('.error-summary').textContent()).resolves.toContain('Vink aan dat u bevestigt dat het werkingsgebied kleiner wordt.');
    await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Controleer uw melding');
    expect((await reportsOf()).length).toBe(before);

    await provider.getByLabel(/Ik bevestig dat mijn werkingsgebied kleiner wordt/).check();
    await post(provider, 'Melding versturen');
    expect(new URL(provider.url()).pathname).toBe('/portaal/meldingen/');
    await expect(flash(provider)).resolves.toMatch(/^Uw melding WM-2026-\d{6} is ontvangen\./);
    expect((await reportsOf()).length).toBe(before + 1);
  });

  it('asks the provider to confirm a capacity that drops, and again when the register changed meanwhile', async () => {
    await provider.goto('/portaal/melden/capaciteit/');
    await provider.getByLabel('Plaatsen in totaal').fill('10');
    await post(provider, 'Controleer uw melding');
    await expect(provider.locator('table.diff-fields tbody tr').first().textContent()).resolves.toMatch(/Plaatsen in totaal\s*15\s*10/);
    await provider.getByLabel('Ik bevestig dat mijn aantal plaatsen daalt van 15 naar 10.').check();
    // Meanwhile the register changes (as another accepted report would): what was confirmed no longer holds.
    await site.db.update(capacities).set({ totalPlaces: 14 }).where(eq(capacities.providerId, P.werkkrachtGent.id));
    const before = (await reportsOf()).length;
    await post(provider, 'Melding versturen');
    await expect(provider.getByRole('status').filter({ hasText: 'Het register is veranderd' }).count()).resolves.toBe(1);
    await expect(provider.locator('table.diff-fields tbody tr').first().textContent()).resolves.toMatch(/Plaatsen in totaal\s*14\s*10/);
    expect((await reportsOf()).length).toBe(before);
    await provider.getByLabel('Ik bevestig dat mijn aantal plaatsen daalt van 14 naar 10.').check();
    await post(provider, 'Melding versturen');
    await expect(flash(provider)).resolves.toMatch(/is ontvangen/);
    expect((await reportsOf()).length).toBe(before + 1);
  });

  it('shows the administrator the same municipalities leaving, and accepts only once that is confirmed', async () => {
    await admin.goto('/beheer/meldingen/');
    const card = admin.locator('section.card').filter({ hasText: 'Werkingsgebied' });
    await expect(card.getByText('Let op: het werkingsgebied wordt kleiner').count()).resolves.toBe(1);
    await expect(card.locator('ul.removed-list li').allTextContents()).resolves.toEqual(['Aalst', 'Merelbeke-Melle']);

    await Promise.all([admin.waitForEvent('load'), card.getByRole('button', { name: 'Aanvaarden' }).click()]);
    await expect(admin.locator('ul.removed-list li').allTextContents()).resolves.toEqual(['Aalst', 'Merelbeke-Melle']);
    await post(admin, 'Ja, aanvaarden');
    await expect(admin.locator('.error-summary').textContent()).resolves.toContain('Vink aan dat u gezien hebt dat het werkingsgebied kleiner wordt.');
    const area = async () => (await site.db.select().from(workingAreas).where(eq(workingAreas.providerId, P.werkkrachtGent.id))).map((r) => r.nisCode).sort();
    expect(await area()).toEqual([nis('Aalst'), nis('Gent'), nis('Merelbeke-Melle')].sort());

    await admin.getByLabel(/Ik heb gezien dat het werkingsgebied van Werkkracht Gent vzw kleiner wordt \(2 gemeenten eraf\)/).check();
    await post(admin, 'Ja, aanvaarden');
    await expect(flash(admin)).resolves.toMatch(/is aanvaard\. De wijziging komt meteen in het register, en de publicatie van de publieke site start meteen vanzelf/);
    expect(await area()).toEqual([nis('Gent')]);
  });

  it('asks a reason before rejecting, and a confirmation', async () => {
    const card = admin.locator('section.card').filter({ hasText: 'Begeleidingscapaciteit' });
    await expect(card.getByText('Let op: het aantal plaatsen daalt').count()).resolves.toBe(1);
    await expect(card.getByLabel('Reden voor de dienstverlener bij', { exact: false }).count()).resolves.toBe(1);
    await expect(card.locator('label').filter({ hasText: 'Reden' }).textContent()).resolves.toMatch(/\(verplicht bij weigeren\)$/);
    await Promise.all([admin.waitForEvent('load'), card.getByRole('button', { name: 'Weigeren' }).click()]);
    await expect(admin.locator('.error-summary').textContent()).resolves.toContain('Geef de reden van de weigering');
    await admin.locator('section.card').getByRole('textbox').fill('Tien plaatsen is te weinig voor uw werkingsgebied.');
    await Promise.all([admin.waitForEvent('load'), admin.locator('section.card').getByRole('button', { name: 'Weigeren' }).click()]);
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Melding WM-2026-\d{6} weigeren\?$/);
    await post(admin, 'Ja, weigeren');
    await expect(flash(admin)).resolves.toMatch(/is geweigerd; de dienstverlener ziet de reden\./);
  });

  it('keeps the decisions in a history that can be filtered', async () => {
    await admin.getByRole('link', { name: 'Besliste meldingen bekijken' }).click();
    await admin.waitForURL('**/beheer/meldingen/geschiedenis/');
    await expect(admin.locator('table.history tbody tr').count()).resolves.toBe(4);
    await admin.getByLabel('Status').selectOption({ label: 'Geweigerd' });
    await post(admin, 'Toon meldingen');
    expect(new URL(admin.url()).searchParams.get('status')).toBe('rejected');
    const rows = admin.locator('table.history tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.textContent()).resolves.toMatch(/Begeleidingscapaciteit.*10 plaatsen.*Geweigerd.*Tien plaatsen is te weinig/s);

    const today = calendarDateAt(site.clock.now());
    await admin.goto(`/beheer/meldingen/geschiedenis/?soort=working_area&dienstverlener=werkkracht&van=${today}&tot=${today}`);
    await expect(admin.locator('table.history tbody tr td[data-label="Status"]').allTextContents()).resolves.toEqual(['Aanvaard', 'Aanvaard']);
    await admin.goto(`/beheer/meldingen/geschiedenis/?dienstverlener=Kompas`);
    await expect(admin.getByText('Geen besliste meldingen voor deze filters.').count()).resolves.toBe(1);
  });
});
