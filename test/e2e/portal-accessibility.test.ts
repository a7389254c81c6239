/**
 * WCAG 2.1 AA checks with axe-core on every page for providers and administrators, in their
 * empty, filled and error states, and the sign-in done with the keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createApplication, recordStep } from '#db/commands/applications.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';
import { expectNoViolations } from './axe.ts';
import { REPORT_FORMS_TO_CHECK, REPORT_FORMS_WITH_A_MISTAKE } from './portal-fixtures.ts';
import { NEW_ORGANISATION_ACCOUNT, NO_ROLE_ACCOUNT, P, signIn, startSite, type TestSite } from './harness.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

let site: TestSite;
let provider: Page;
let quietProvider: Page;
let admin: Page;
let providerAccount: string;
let adminAccount: string;

beforeAll(async () => {
  site = await startSite();
  provider = await (await site.newContext()).newPage();
  quietProvider = await (await site.newContext()).newPage();
  admin = await (await site.newContext()).newPage();
  providerAccount = await site.providerAccount(P.werkkrachtGent.id);
  adminAccount = await site.adminAccount();
  await signIn(provider, providerAccount);
  await signIn(quietProvider, await site.providerAccount(P.kompasBrugge.id));
  await signIn(admin, adminAccount);
});

afterAll(async () => {
  await site?.close();
});

/** Opens a page, checks its status, and runs axe on it. */
async function check(page: Page, path: string, what: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
  await expectNoViolations(page, what);
}

/** Posts the form on the page as it is (after `fill`), expects it back with errors, and runs axe. */
async function checkError(page: Page, path: string, what: string, fill: (page: Page) => Promise<unknown>, button: string): Promise<void> {
  await page.goto(path);
  await fill(page);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button }).first().click()]);
  await expect(page.locator('.error-summary').count(), `${what} shows its errors`).resolves.toBe(1);
  await expectNoViolations(page, what);
}

describe('before signing in', () => {
  it('the sign-in page, the sample accounts at the identity provider, the refusals and signing out', async () => {
    const page = await (await site.newContext()).newPage();
    await check(page, '/aanmelden', 'the sign-in page');
    await check(page, '/aanmelden?verlopen=1', 'the sign-in page after a session ran out');
    await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.getByRole('link', { name: 'Nu aanmelden' }).click()]);
    await expectNoViolations(page, "the identity provider's sample accounts");
    await Promise.all([page.waitForURL('**/aanmelden/terug**'), page.locator(`button[value="${NO_ROLE_ACCOUNT}"]`).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('U hebt (nog) geen toegang');
    await expectNoViolations(page, 'the refusal of a person without a role');
    await check(page, '/aanmelden/terug?code=x&state=y', 'a sign-in that cannot be checked', 400);
    await check(page, '/afmelden', 'the sign-out page when signed out');
    await check(page, '/afgemeld', 'the page after signing out');
    await page.close();
  });

  it('can be done with the keyboard alone, in a sensible order', async () => {
    // A browser of its own: it ends up signed in.
    const page = await (await site.newContext()).newPage();
    await page.goto('/aanmelden');
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => (document.activeElement as HTMLElement).id || document.activeElement!.textContent!.trim().slice(0, 40)));
    }
    expect(order).toEqual(['Naar de inhoud', 'Register erkende externe dienstverleners', 'Register', 'Aanmelden', 'aanmelden']);
    await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.keyboard.press('Enter')]);
    // At the identity provider: the accounts are buttons in the order shown; Tab to the officer of Werkkracht Gent.
    const account = site.providerAccount(P.werkkrachtGent.id);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((value) => (document.activeElement as HTMLButtonElement | null)?.value === value, account)) break;
    }
    await Promise.all([page.waitForURL('**/portaal/'), page.keyboard.press('Enter')]);
    await page.close();
  });
});

describe('the pages of an organisation that applies', () => {
  it('the application in five parts, empty and with what is missing, and the page of an organisation not in the register', async () => {
    const page = await (await site.newContext()).newPage();
    await signIn(page, NEW_ORGANISATION_ACCOUNT);
    await check(page, '/portaal/', 'the overview of an organisation not in the register');
    await check(page, '/portaal/aanvraag/', 'the application, not started');
    for (const part of [1, 2, 3, 4, 5]) await check(page, `/portaal/aanvraag/deel-${part}/`, `part ${part}, empty`);
    await page.goto('/portaal/aanvraag/deel-4/');
    await page.getByLabel('Begeleidingscapaciteit: plaatsen in totaal').fill('veel');
    await Promise.all([page.waitForURL('**/deel-5/'), page.getByRole('button', { name: 'Bewaren en verder' }).click()]);
    await check(page, '/portaal/aanvraag/deel-4/', 'part 4 with what it lacks');
    await check(page, '/portaal/aanvraag/', 'the application with what is missing');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Aanvraag indienen' }).click()]);
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await expectNoViolations(page, 'the application sent while incomplete');
    await check(page, '/portaal/melden/', 'a report page, not yet in the register', 403);
    await page.close();
  });
});

describe('the API token pages and the access log', () => {
  it('as they open, with an error, and with a token just made', async () => {
    await check(provider, '/portaal/tokens/', "the organisation's tokens");
    await checkError(provider, '/portaal/tokens/', 'a token without a name', async () => {}, 'Token maken');
    // The summary takes the focus; following its link moves the focus to the field.
    await expect(provider.evaluate(() => document.activeElement?.id)).resolves.toBe('foutoverzicht');
    await provider.locator('.error-summary a').click();
    await expect(provider.evaluate(() => document.activeElement?.id)).resolves.toBe('naam');
    await provider.goto('/portaal/tokens/');
    await provider.getByLabel('Naam van het token').fill('Koppeling planning');
    await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Token maken' }).click()]);
    await expect(provider.locator('#token-waarde').inputValue()).resolves.toMatch(/^rdv_/);
    await expectNoViolations(provider, 'a token just made');
    await check(admin, '/beheer/tokens/', 'every token');
    await checkError(admin, '/beheer/tokens/', 'an admin token with a day in the past', (p) => p.getByLabel('Naam van het token').fill('X').then(() => p.getByLabel('Werkt tot en met').fill('2020-01-01')), 'Token maken');
    await check(admin, '/beheer/toegang/', 'the access log');
  });
});

describe('the provider pages, empty', () => {
  it('the overview, the reports and reconsideration of a provider that reported nothing yet', async () => {
    await check(quietProvider, '/portaal/', 'the overview without pending reports');
    await check(quietProvider, '/portaal/meldingen/', 'the list of reports, empty');
    await check(quietProvider, '/portaal/heroverweging/', 'reconsideration without a decision');
    await check(quietProvider, '/portaal/meldingen/WM-2026-999999/', 'an unknown report', 404);
  });
});

describe('the administration pages, empty', () => {
  it('deadlines, review queue, applications and publications with nothing in them', async () => {
    await check(admin, '/beheer/', 'the deadlines dashboard without applications');
    await check(admin, '/beheer/meldingen/', 'the review queue, empty');
    await check(admin, '/beheer/meldingen/geschiedenis/', 'the history of decided reports, empty');
    await check(admin, '/beheer/meldingen/geschiedenis/?van=gisteren', 'the history filtered with a wrong date');
    await expect(admin.locator('.error-summary').count()).resolves.toBe(1);
    await check(admin, '/beheer/aanvragen/', 'the applications, none yet');
    await check(admin, '/beheer/publicaties/', 'the publications, none recorded');
    await check(admin, '/beheer/aanvragen/AV-2026-999999/', 'an unknown application', 404);
    await check(admin, '/beheer/aanvragen/nieuw/', 'the new application form');
  });
});

describe('the provider pages, filled and with errors', () => {
  beforeAll(async () => {
    const now = site.clock.now();
    for (const request of [
      { kind: 'working_area', payload: { municipalities: [P.werkkrachtGent.municipalityNis, '41002'], provinces: ['Limburg'] } },
      { kind: 'capacity', payload: { totalPlaces: 15 } },
      { kind: 'coaches', payload: { coaches: [{ fullName: 'Sara Peeters', qualification: 'Bachelor sociaal werk' }] } },
      { kind: 'subcontractors', payload: { enterpriseNumbers: [enterpriseNumber(P.jobankerGent.id)] } },
      { kind: 'other', payload: { text: 'Nieuwe vestiging in Aalst.' } },
    ] as const) {
      await fileChangeReport(site.db, { providerId: P.werkkrachtGent.id, actor: { name: 'organisatieverantwoordelijke' }, request: request as never, now });
    }
    const application = await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now,
      application: applicationFixture({
        submittedOn: '2026-10-01',
        name: P.werkkrachtGent.name,
        enterpriseNumber: enterpriseNumber(P.werkkrachtGent.id),
        street: 'Teststraat 11',
        municipalityNis: P.werkkrachtGent.municipalityNis,
        email: 'info@werkkracht.example',
        contactPerson: { fullName: 'Lies Maes', email: 'lies@werkkracht.example' },
        simplifiedCategory: 'GTB',
        experience: null,
        serviceArea: { totalPlaces: 12, motivation: 'Verlenging.' },
      }),
    });
    for (const step of [
      { step: 'declare_admissible', on: '2026-10-02' },
      { step: 'request_information', on: '2026-10-10' },
      { step: 'receive_information', on: '2026-10-20' },
      { step: 'give_advice', on: '2026-11-10' },
      { step: 'decide', on: '2026-11-20', outcome: 'refused', notifiedOn: '2026-11-21' },
    ] as const) {
      await recordStep(site.db, { reference: application.reference, step, actor: { name: 'Els Peeters' }, now });
    }
  });

  it('the overview, the reports and one report', async () => {
    await check(provider, '/portaal/', 'the overview with pending reports and an open reconsideration window');
    await check(provider, '/portaal/meldingen/', 'the list of reports');
    await provider.locator('table.data tbody tr a').first().click();
    await expectNoViolations(provider, 'one report');
    await check(provider, '/portaal/melden/', 'the kinds of change');
  });

  for (const { slug, mistake, make, button } of REPORT_FORMS_WITH_A_MISTAKE) {
    it(`the form ${slug}, as it opens and with ${mistake}`, async () => {
      await check(provider, `/portaal/melden/${slug}/`, `the form ${slug}`);
      await checkError(provider, `/portaal/melden/${slug}/`, `the form ${slug} with ${mistake}`, make, button);
    });
  }

  for (const { slug, change, make, confirms } of REPORT_FORMS_TO_CHECK) {
    it(`the check of ${change}${confirms ? ', and without its confirmation' : ''}`, async () => {
      await provider.goto(`/portaal/melden/${slug}/`);
      await make(provider);
      await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Controleer uw melding' }).click()]);
      await expect(provider.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Controleer uw melding');
      await expectNoViolations(provider, `the check of ${change}`);
      if (!confirms) return;
      await Promise.all([provider.waitForEvent('load'), provider.getByRole('button', { name: 'Melding versturen' }).click()]);
      await expect(provider.locator('.error-summary').count()).resolves.toBe(1);
      await expectNoViolations(provider, `the check of ${change} without confirmation`);
    });
  }

  it('the reconsideration form, open and with an error', async () => {
    await check(provider, '/portaal/heroverweging/', 'reconsideration with the window open');
    // The last evening of the window (informed on 21 November) a form is opened; it is sent after midnight.
    const account = site.providerAccount(P.werkkrachtGent.id);
    const late = await (await site.newContext()).newPage();
    try {
      site.clock.set(new Date('2026-12-21T22:00:00+01:00'));
      await signIn(late, account);
      await late.goto('/portaal/heroverweging/');
      site.clock.set(new Date('2026-12-22T00:30:00+01:00'));
      await Promise.all([late.waitForEvent('load'), late.getByRole('button', { name: 'Heroverweging vragen' }).click()]);
      await expect(late.locator('.error-summary').textContent()).resolves.toContain('Heroverweging kon gevraagd worden tot en met 21 december 2026');
      await expectNoViolations(late, 'reconsideration refused after the window');
    } finally {
      // Back to the day the other tests use (sessions follow the real clock: they did not end meanwhile).
      site.clock.set(new Date('2026-11-28T10:00:00+01:00'));
      await late.close();
    }
  });

  it('the pages that refuse', async () => {
    await check(provider, '/beheer/', 'the page saying there is no access', 403);
  });
});

describe('the administration pages, filled and with errors', () => {
  it('the deadlines dashboard and the applications', async () => {
    await check(admin, '/beheer/', 'the deadlines dashboard');
    await check(admin, '/beheer/aanvragen/', 'the applications');
    await admin.locator('table.data tbody tr a').first().click();
    await expectNoViolations(admin, 'an application with its timeline');
  });

  it('the review queue, filled and with a rejection without reason', async () => {
    await check(admin, '/beheer/meldingen/', 'the review queue with reports');
    await checkError(admin, '/beheer/meldingen/', 'the review queue with an error', async () => {}, 'Weigeren');
  });

  it('the confirmations of accepting (with its tick box missing) and rejecting, and the history', async () => {
    await admin.goto('/beheer/meldingen/');
    // The working area of the filled queue leaves Merelbeke-Melle (and gains Limburg, so it does
    // not get smaller): accepting it asks a tick.
    const area = admin.locator('section.card').filter({ hasText: 'Let op: er gaat een gemeente uit het werkingsgebied' });
    await Promise.all([admin.waitForEvent('load'), area.getByRole('button', { name: 'Aanvaarden' }).click()]);
    await expectNoViolations(admin, 'the confirmation of accepting a working area that shrinks');
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Ja, aanvaarden' }).click()]);
    await expect(admin.locator('.error-summary').count()).resolves.toBe(1);
    await expectNoViolations(admin, 'the confirmation of accepting, without the tick');
    await admin.goto('/beheer/meldingen/');
    const other = admin.locator('section.card').filter({ hasText: 'Andere wijziging' });
    await other.getByRole('textbox').fill('Dit is geen wijziging van de erkenningsvoorwaarden.');
    await Promise.all([admin.waitForEvent('load'), other.getByRole('button', { name: 'Weigeren' }).click()]);
    await expectNoViolations(admin, 'the confirmation of rejecting');
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Ja, weigeren' }).click()]);
    await check(admin, '/beheer/meldingen/geschiedenis/', 'the history with a decided report');
    await expect(admin.locator('table.history tbody tr').count()).resolves.toBe(1);
  });

  it('the new application form with errors', async () => {
    await checkError(admin, '/beheer/aanvragen/nieuw/', 'the new application form with errors', (p) => p.getByLabel('Ondernemingsnummer').fill('123'), 'Aanvraag registreren');
  });

  it('an application at a decision, with an error', async () => {
    const application = await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now: site.clock.now(),
      application: applicationFixture({
        submittedOn: '2026-11-02',
        name: 'Nieuwe Start Leuven vzw',
        enterpriseNumber: enterpriseNumber(99),
        street: 'Bondgenotenlaan 1',
        postcode: '3000',
        municipalityNis: '24062',
        email: 'info@nieuwestart.example',
        contactPerson: { fullName: 'Eva Janssens', email: 'eva@nieuwestart.example' },
        experience: { motivation: 'Tien jaar ervaring.', coaches: [{ fullName: 'Eva Janssens', qualification: 'Master psychologie' }] },
        serviceArea: { totalPlaces: 5, motivation: 'Leuven.' },
      }),
    });
    for (const step of [{ step: 'declare_admissible', on: '2026-11-03' }, { step: 'give_advice', on: '2026-11-20' }] as const) {
      await recordStep(site.db, { reference: application.reference, step, actor: { name: 'Els Peeters' }, now: site.clock.now() });
    }
    await check(admin, `/beheer/aanvragen/${application.reference}/`, 'an application waiting for the decision');
    await checkError(admin, `/beheer/aanvragen/${application.reference}/`, 'a decision without outcome', async (p) => p.getByLabel('Erkend').check().then(() => p.getByLabel('Erkenning geldig vanaf').fill('')), 'Beslissing van de minister registreren');
  });

  it('the publications with history', async () => {
    await admin.goto('/beheer/publicaties/');
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('button', { name: 'Nu publiceren' }).click()]);
    await site.publicationsSettled();
    await check(admin, '/beheer/publicaties/', 'the publications with one recorded');
  });
});
