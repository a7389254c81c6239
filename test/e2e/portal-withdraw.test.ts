/**
 * In real Chromium: a provider sends a report and is told by when the department expects to have
 * reviewed it and how to reach the department; it withdraws the report after a confirmation step,
 * without JavaScript; the report then says "ingetrokken door u op …" and the administrator's queue
 * no longer offers it. The contact page is reached from the public footer, the accessibility
 * statement and a portal page. axe-core checks each new or changed page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { P, providerPath, signIn, startSite, type TestSite } from './harness.ts';
import { expectNoViolations } from './axe.ts';
import { SAMPLE_DEPARTMENT_CONTACT } from '#domain/department-contact.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';

let site: TestSite;
let provider: Page;
let admin: Page;
let noScript: Page;
let reference = '';

beforeAll(async () => {
  site = await startSite();
  provider = await (await site.newContext()).newPage();
  admin = await (await site.newContext()).newPage();
  // Another provider works without JavaScript: withdrawing must work with plain links and forms.
  noScript = await (await site.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(provider, await site.providerAccount(P.werkkrachtGent.id));
  await signIn(admin, await site.adminAccount());
  await signIn(noScript, await site.providerAccount(P.jobankerGent.id));
}, 240_000);

afterAll(async () => {
  await site?.close();
});

const flash = (page: Page) => page.locator('.flash').textContent();

describe('a report, what happens next, and withdrawing it', () => {
  it('says after sending by when the department expects to have reviewed it, and how to reach the department', async () => {
    await expect(provider.locator('.account').textContent()).resolves.toMatch(/Aangemeld als\s+Lies Maes,\s+organisatieverantwoordelijke van Werkkracht Gent vzw/);
    await provider.goto('/portaal/melden/andere/');
    await provider.getByLabel('Wat is er gewijzigd?').fill('Wij verhuizen ons kantoor in januari.');
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
    await Promise.all([provider.waitForURL('**/portaal/meldingen/'), provider.getByRole('button', { name: 'Melding versturen' }).click()]);
    // Received on 28 November 2026: 14 days later is 12 December 2026.
    const message = (await flash(provider)) ?? '';
    expect(message).toMatch(/^Uw melding WM-2026-\d{6} is ontvangen\. Het departement beoordeelt ze normaal binnen 14 dagen, dus uiterlijk op 12 december 2026\./);
    reference = message.match(/WM-2026-\d{6}/)![0];
    const main = provider.locator('main');
    await expect(main.locator('dl.contact').textContent()).resolves.toContain(SAMPLE_DEPARTMENT_CONTACT.email);
    await expect(main.getByRole('link', { name: '02 555 01 00' }).getAttribute('href')).resolves.toBe('tel:+3225550100');
    await expect(main.locator('.contact-sample').textContent()).resolves.toMatch(/Voorbeeldgegevens/);
    await expectNoViolations(provider, 'the list of reports with the department contact');
  });

  it('shows the same on the report page, with a button to withdraw it', async () => {
    await provider.getByRole('link', { name: reference }).click();
    const main = provider.locator('main');
    await expect(main.locator('#wat-nu + p').textContent()).resolves.toMatch(/binnen 14 dagen: uiterlijk op 12 december 2026/);
    await expect(main.locator('dl.contact').textContent()).resolves.toContain('Voorbeeldstraat 1');
    await expectNoViolations(provider, 'a report waiting for review');
  });

  it('asks for confirmation first, and "no" changes nothing', async () => {
    await Promise.all([provider.waitForURL(`**/portaal/meldingen/${reference}/intrekken/`), provider.getByRole('link', { name: 'Melding intrekken' }).click()]);
    await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Melding ${reference} intrekken?`);
    await expectNoViolations(provider, 'the question before withdrawing a report');
    await Promise.all([provider.waitForURL(`**/portaal/meldingen/${reference}/`), provider.getByRole('link', { name: 'Nee, niet intrekken' }).click()]);
    await expect(provider.locator('main').textContent()).resolves.toContain('Wacht op beoordeling');
  });

  it('withdraws it on "yes": the report says "ingetrokken door u op …" and can no longer be withdrawn', async () => {
    await provider.getByRole('link', { name: 'Melding intrekken' }).click();
    await Promise.all([provider.waitForURL(`**/portaal/meldingen/${reference}/`), provider.getByRole('button', { name: 'Ja, melding intrekken' }).click()]);
    await expect(flash(provider)).resolves.toBe(`U hebt melding ${reference} ingetrokken op 28 november 2026 om 10:00. Het departement beoordeelt ze niet meer.`);
    const main = provider.locator('main');
    await expect(main.locator('dl.facts').first().textContent()).resolves.toMatch(/Status\s*Ingetrokken door u op 28 november 2026 om 10:00/);
    await expect(provider.getByRole('link', { name: 'Melding intrekken' }).count()).resolves.toBe(0);
    await expectNoViolations(provider, 'a withdrawn report');
    await provider.goto('/portaal/meldingen/');
    await expect(provider.locator('table.data tbody tr', { hasText: reference }).textContent()).resolves.toMatch(/Ingetrokken\s*Ingetrokken door u op 28 november 2026 om 10:00/);
    // The confirmation page of a report that no longer waits explains, and offers no button.
    await provider.goto(`/portaal/meldingen/${reference}/intrekken/`);
    await expect(provider.locator('main').textContent()).resolves.toContain('Deze melding kan niet meer ingetrokken worden');
    await expect(provider.getByRole('button', { name: 'Ja, melding intrekken' }).count()).resolves.toBe(0);
  });

  it('works without JavaScript', async () => {
    const { report } = await fileChangeReport(site.db, { providerId: P.jobankerGent.id, actor: { name: 'Tom Wouters' }, request: { kind: 'capacity', payload: { totalPlaces: 30 } }, now: site.clock.now() });
    await noScript.goto(`/portaal/meldingen/${report.reference}/`);
    await Promise.all([noScript.waitForURL(`**/portaal/meldingen/${report.reference}/intrekken/`), noScript.getByRole('link', { name: 'Melding intrekken' }).click()]);
    await Promise.all([noScript.waitForURL(`**/portaal/meldingen/${report.reference}/`), noScript.getByRole('button', { name: 'Ja, melding intrekken' }).click()]);
    await expect(noScript.locator('main dl.facts').first().textContent()).resolves.toMatch(/Ingetrokken door u op 28 november 2026/);
  });

  it("no longer offers it in the administrator's queue", async () => {
    await admin.goto('/beheer/meldingen/');
    await expect(admin.locator('main').textContent()).resolves.not.toContain(reference);
  });
});

describe('phone numbers on the pages', () => {
  it('refuses a wrong number in the contact form with a Dutch message, and files nothing', async () => {
    await provider.goto('/portaal/melden/contactgegevens/');
    // The form shows the number the register holds in the Belgian format.
    await expect(provider.getByLabel('Telefoon').inputValue()).resolves.toBe('09 200 00 11');
    for (const [typed, message] of [
      ['09 12', /Dit is geen geldig telefoonnummer\. Schrijf bijvoorbeeld 09 123 45 67/],
      ['09 ABC 45 67', /Een telefoonnummer bestaat uit cijfers\. Gebruik geen letters/],
    ] as const) {
      await provider.getByLabel('Telefoon').fill(typed);
      await provider.getByRole('button', { name: 'Controleer uw melding' }).click();
      await expect(provider.locator('.error-summary').textContent()).resolves.toMatch(message);
      await expect(provider.getByLabel('Telefoon').getAttribute('aria-invalid')).resolves.toBe('true');
    }
    await expectNoViolations(provider, 'the contact form with a wrong phone number');
    await provider.goto('/portaal/meldingen/');
    await expect(provider.locator('table.data tbody tr').count()).resolves.toBe(1);
    // The same number written another way is no change at all.
    await provider.goto('/portaal/melden/contactgegevens/');
    await provider.getByLabel('Telefoon').fill('+32 9 200 00 11');
    await provider.getByRole('button', { name: 'Controleer uw melding' }).click();
    await expect(provider.locator('.error-summary').textContent()).resolves.toContain('Vul minstens één gegeven in dat verandert.');
  });

  it('shows a provider\'s number in the Belgian format, dialled in E.164, on its public page and in the search results', async () => {
    await site.publicationsSettled();
    const { page } = await site.newPage();
    await page.goto(providerPath(P.werkkrachtGent));
    // The call button of the summary at the top, and the number among the provider's facts.
    const links = page.locator('main a[href^="tel:"]');
    await expect(links.evaluateAll((all) => all.map((a) => [a.textContent, a.getAttribute('href')]))).resolves.toEqual([
      ['Bel 09 200 00 11', 'tel:+3292000011'],
      ['09 200 00 11', 'tel:+3292000011'],
    ]);
    await page.goto('/zoeken/?gemeente=Gent');
    const inResults = page.locator('main a[href="tel:+3292000011"]');
    await expect(inResults.textContent()).resolves.toBe('09 200 00 11');
    await page.close();
  });
});

describe('the contact page', () => {
  it('is linked from the footer of every public page, and shows the sample settings as samples', async () => {
    await site.publicationsSettled();
    const { page } = await site.newPage();
    await page.goto('/erkenning/');
    await Promise.all([page.waitForURL('**/contact/'), page.getByRole('contentinfo').getByRole('link', { name: 'Contact' }).click()]);
    const main = page.locator('main');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Contact');
    await expect(main.textContent()).resolves.toContain(SAMPLE_DEPARTMENT_CONTACT.name);
    await expect(main.locator('address').innerText()).resolves.toBe('Voorbeeldstraat 1\n1000 Brussel');
    await expect(main.getByRole('link', { name: SAMPLE_DEPARTMENT_CONTACT.email }).getAttribute('href')).resolves.toBe(`mailto:${SAMPLE_DEPARTMENT_CONTACT.email}`);
    await expect(main.locator('.contact-sample').textContent()).resolves.toMatch(/^Voorbeeldgegevens\./);
    await expectNoViolations(page, 'the contact page');
    await page.close();
  });

  it('is named in the accessibility statement, with the address to report a problem to', async () => {
    const { page } = await site.newPage();
    await page.goto('/toegankelijkheid/');
    const report = page.locator('main p', { hasText: 'Meld het aan het' });
    await expect(report.textContent()).resolves.toContain(`Meld het aan het ${SAMPLE_DEPARTMENT_CONTACT.name}: mail naar ${SAMPLE_DEPARTMENT_CONTACT.email} of bel 02 555 01 00.`);
    await Promise.all([page.waitForURL('**/contact/'), report.getByRole('link', { name: 'contactpagina' }).click()]);
    await page.goto('/toegankelijkheid/');
    await expectNoViolations(page, 'the accessibility statement');
    await page.close();
  });

  it('is linked from the portal pages', async () => {
    for (const [page, path] of [[provider, '/portaal/'], [admin, '/beheer/']] as const) {
      await page.goto(path);
      await Promise.all([page.waitForURL('**/contact/'), page.getByRole('contentinfo').getByRole('link', { name: 'Contact' }).click()]);
    }
  });
});

describe('a report that waited longer than expected', () => {
  it('says the expected day is past, that the report stays valid, and whom to ask', async () => {
    const { report } = await fileChangeReport(site.db, { providerId: P.werkkrachtGent.id, actor: { name: 'Lies Maes' }, request: { kind: 'other', payload: { text: 'Nieuw logo.' } }, now: site.clock.now() });
    // The register's own clock, 15 days on: the day after the expected day (12 December 2026).
    site.clock.advanceDays(15);
    await provider.goto(`/portaal/meldingen/${report.reference}/`);
    await expect(provider.locator('#wat-nu + p').textContent()).resolves.toMatch(/uiterlijk op 12 december 2026; die dag is voorbij\. Uw melding blijft geldig\./);
    await expect(provider.getByRole('link', { name: 'Melding intrekken' }).count()).resolves.toBe(1);
  });
});

