/**
 * An application through the administration pages, from submission to decision, in real
 * Chromium: only the steps the rules allow are offered, a request for information visibly moves
 * the deadline, and the provider can ask reconsideration while the 30-day window is open and no
 * longer after it closed. Time moves with the register's clock, not by waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createApplication, recordStep } from '#db/commands/applications.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';
import { P, signIn, startSite, type TestSite } from './harness.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

let site: TestSite;
let admin: Page;
let adminAccount: string;
let reference: string;

/** Brussels noon on a day, for the register's clock. */
const day = (date: string) => new Date(`${date}T12:00:00+01:00`);

beforeAll(async () => {
  site = await startSite();
  admin = await (await site.newContext()).newPage();
  adminAccount = await site.adminAccount();
  await signIn(admin, adminAccount);
});

afterAll(async () => {
  await site?.close();
});

/**
 * Moves the register's clock to noon of a day and opens the application's page again. A session
 * lasts 8 hours, so after days have passed the administrator signs in anew, as in real life.
 */
async function laterOn(date: string): Promise<void> {
  site.clock.set(day(date));
  await signIn(admin, adminAccount);
  await admin.goto(`/beheer/aanvragen/${reference}/`);
}

/** The headings of the step forms on an application's page: the steps offered. */
const offeredSteps = () => admin.locator('section.card h3').allTextContents();
/** The text of the next-deadline box. */
const deadline = async () => ((await admin.locator('#termijn').textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Fills and posts the form of one step, and waits for the page to come back. */
async function recordOnPage(step: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {}): Promise<void> {
  const form = admin.locator('section.card').filter({ has: admin.getByRole('heading', { name: step, exact: true }) });
  await fill(form);
  await Promise.all([admin.waitForEvent('load'), form.getByRole('button', { name: `${step} registreren` }).click()]);
}

describe('an application through the administration pages', () => {
  it('refuses an incomplete application with each error at its field, keeping what was typed', async () => {
    await admin.goto('/beheer/aanvragen/nieuw/');
    await admin.getByLabel('Naam van de organisatie').fill('Stapsteen Hasselt vzw');
    await admin.getByLabel('Ondernemingsnummer').fill('0123.456.789');
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Aanvraag registreren' }).click()]);
    const summary = admin.locator('.error-summary');
    await expect(summary.getByRole('heading').textContent()).resolves.toMatch(/^Er zijn \d+ problemen$/);
    await expect(summary.getByRole('link', { name: /geen geldig ondernemingsnummer/ }).getAttribute('href')).resolves.toBe('#ondernemingsnummer');
    await expect(admin.locator('#ondernemingsnummer-fout').textContent()).resolves.toContain('Dit is geen geldig ondernemingsnummer');
    await expect(admin.locator('#straat-fout').textContent()).resolves.toContain('Vul dit veld in.');
    await expect(admin.getByLabel('Naam van de organisatie').inputValue()).resolves.toBe('Stapsteen Hasselt vzw');
    await expect(admin.title()).resolves.toMatch(/^Fout: /);
    // The summary has the focus, so it is read first.
    await expect(admin.evaluate(() => document.activeElement?.id)).resolves.toBe('foutoverzicht');
  });

  it('registers the application, and offers only admissibility', async () => {
    await admin.getByLabel('Ondernemingsnummer').fill(enterpriseNumber(P.stapsteenHasselt.id));
    await admin.getByLabel('Straat en nummer').fill('Teststraat 15');
    await admin.getByLabel('Postcode', { exact: true }).fill('3500');
    await admin.getByLabel('E-mail van de organisatie').fill('info@stapsteen.example');
    const contact = admin.getByRole('group', { name: 'Contactpersoon' });
    await contact.getByLabel('Naam', { exact: true }).fill('An Jacobs');
    await contact.getByLabel('E-mail', { exact: true }).fill('an.jacobs@stapsteen.example');
    await admin.getByLabel('Categorie').selectOption('GOB');
    await admin.getByLabel('Gemeenten en postcodes').fill('Hasselt, 3600');
    await admin.getByLabel('Plaatsen in totaal').fill('4');
    await admin.getByLabel('Motivering van het werkingsgebied en de capaciteit').fill('Verlenging van de erkenning voor Hasselt en Genk.');
    await admin.getByLabel('Ondertekend door').fill('An Jacobs');
    await Promise.all([admin.waitForURL(/\/beheer\/aanvragen\/AV-2026-\d{6}\/$/), admin.getByRole('button', { name: 'Aanvraag registreren' }).click()]);
    reference = /AV-2026-\d{6}/.exec(admin.url())![0];
    await expect(admin.locator('.flash').textContent()).resolves.toContain(`Aanvraag ${reference} is geregistreerd.`);
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Ingediend');
    await expect(deadline()).resolves.toBe('Beslissing over de ontvankelijkheid: uiterlijk 5 december 2026 (nog 7 dagen). Wacht op het departement.');
    await expect(offeredSteps()).resolves.toEqual(['Ontvankelijk verklaren', 'Niet ontvankelijk verklaren']);
  });

  it('starts the examination with its 45-day deadline once the admissibility e-mail is sent', async () => {
    await recordOnPage('Ontvankelijk verklaren');
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Ontvankelijk');
    // The clock starts on the day the e-mail goes out (the sender runs beside the server).
    await expect.poll(async () => {
      await admin.reload();
      return deadline();
    }, { timeout: 10_000 }).toContain('Onderzoek van de voorwaarden: uiterlijk 12 januari 2027');
    await expect(offeredSteps()).resolves.toEqual(['Onderzoek starten', 'Aanvullende informatie vragen', 'Advies aan de minister']);
    await recordOnPage('Onderzoek starten');
    await expect(offeredSteps()).resolves.toEqual(['Aanvullende informatie vragen', 'Advies aan de minister']);
  });

  it('refuses a step dated before the previous one, in plain Dutch at the date field', async () => {
    await laterOn('2026-12-03');
    await recordOnPage('Aanvullende informatie vragen', (form) => form.getByLabel('Datum van de stap').fill('2026-11-20'));
    await expect(admin.locator('#datum-request_information-fout').textContent()).resolves.toContain('De datum mag niet vóór de vorige stap liggen (28 november 2026).');
    await expect(admin.locator('#stand').textContent()).resolves.toBe('In onderzoek');
  });

  it('stops the clock while information is awaited, and moves the deadline by the days it stood still', async () => {
    await recordOnPage('Aanvullende informatie vragen', (form) => form.getByLabel('Datum van de stap').fill('2026-12-03'));
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Wacht op aanvullende informatie');
    await expect(deadline()).resolves.toContain('uiterlijk 12 januari 2027 (opgeschort: de termijn schuift elke dag op). Wacht op de dienstverlener.');
    await expect(offeredSteps()).resolves.toEqual(['Aanvullende informatie ontvangen']);

    await laterOn('2026-12-13');
    await expect(deadline()).resolves.toContain('uiterlijk 22 januari 2027 (opgeschort');
    await expect(admin.locator('ol.timeline li.suspension').textContent()).resolves.toContain('termijn opgeschort sinds 3 december 2026 (10 dagen tot vandaag)');

    await recordOnPage('Aanvullende informatie ontvangen');
    await expect(deadline()).resolves.toBe('Onderzoek van de voorwaarden: uiterlijk 22 januari 2027 (nog 40 dagen). Wacht op het departement.');
    await expect(admin.locator('ol.timeline li.suspension').allTextContents()).resolves.toEqual([
      expect.stringContaining('termijn opgeschort tot 13 december 2026 (10 dagen)'),
      expect.stringContaining('termijn loopt weer: 10 dagen opgeschort (3 december 2026 tot 13 december 2026)'),
    ]);
  });

  it('records the advice and the decision, after which only reconsideration can follow', async () => {
    await recordOnPage('Advies aan de minister');
    await expect(admin.locator('#termijn').textContent()).resolves.toContain('de beslissing van de minister is aan zet');
    await expect(offeredSteps()).resolves.toEqual(['Beslissing van de minister']);

    await laterOn('2026-12-20');
    // A decision without its outcome is refused at the outcome.
    await recordOnPage('Beslissing van de minister');
    await expect(admin.locator('.error-summary').textContent()).resolves.toContain('Kies de beslissing: erkend of geweigerd.');
    await recordOnPage('Beslissing van de minister', (form) => form.getByLabel('Geweigerd').check());
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Geweigerd');
    await expect(deadline()).resolves.toBe('Termijn om heroverweging te vragen: uiterlijk 19 januari 2027 (nog 30 dagen). Wacht op de dienstverlener.');
    await expect(offeredSteps()).resolves.toEqual(['Verzoek tot heroverweging']);
  });
});

describe('reconsideration by the provider', () => {
  let stapsteen: Page;
  let kompas: Page;

  beforeAll(async () => {
    stapsteen = await (await site.newContext()).newPage();
    kompas = await (await site.newContext()).newPage();
  });

  it('is offered on the last day of the window, saying until when', async () => {
    site.clock.set(new Date('2027-01-19T20:00:00+01:00'));
    await signIn(stapsteen, await site.providerAccount(P.stapsteenHasselt.id));
    await expect(stapsteen.locator('.info').first().textContent()).resolves.toContain('U kunt nog tot en met 19 januari 2027 heroverweging vragen');
    await stapsteen.getByRole('link', { name: 'Heroverweging vragen' }).first().click();
    await expect(stapsteen.locator('section.card .info').textContent()).resolves.toBe('U kunt heroverweging vragen tot en met 19 januari 2027 (vandaag is de laatste dag).');
    await expect(stapsteen.getByRole('button', { name: 'Heroverweging vragen' }).count()).resolves.toBe(1);
  });

  it('is refused once the window has closed, even from a form opened in time', async () => {
    // Half past midnight: the same session, but the window closed at the end of the 19th.
    site.clock.set(new Date('2027-01-20T00:30:00+01:00'));
    await stapsteen.getByLabel('Waarom vraagt u heroverweging?').fill('De capaciteit werd verkeerd beoordeeld.');
    await stapsteen.getByRole('button', { name: 'Heroverweging vragen' }).click();
    await expect(stapsteen.locator('.error-summary').textContent()).resolves.toContain('Heroverweging kon gevraagd worden tot en met 19 januari 2027');
    await expect(stapsteen.getByLabel('Waarom vraagt u heroverweging?').inputValue()).resolves.toBe('De capaciteit werd verkeerd beoordeeld.');
    await stapsteen.goto('/portaal/heroverweging/');
    await expect(stapsteen.getByRole('button', { name: 'Heroverweging vragen' }).count()).resolves.toBe(0);
    await expect(stapsteen.locator('section.card').textContent()).resolves.toContain('De termijn om heroverweging te vragen liep af op 19 januari 2027.');
    await laterOn('2027-01-20');
    await expect(offeredSteps()).resolves.toEqual([]);
  });

  it('is recorded while the window is open, and the administrator sees the next step', async () => {
    // Another provider's application, decided on 28 December: its window runs to 27 January.
    const application = await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now: day('2026-12-01'),
      application: applicationFixture({
        submittedOn: '2026-12-01',
        name: P.kompasLimburg.name,
        enterpriseNumber: enterpriseNumber(P.kompasLimburg.id),
        street: 'Teststraat 14',
        postcode: '3500',
        municipalityNis: P.kompasLimburg.municipalityNis,
        email: 'info@kompas.example',
        contactPerson: { fullName: 'Jan Claes', email: 'jan@kompas.example' },
        simplifiedCategory: 'LDE',
        experience: null,
        serviceArea: { totalPlaces: 6, motivation: 'Uitbreiding.' },
      }),
    });
    for (const step of [{ step: 'declare_admissible', on: '2026-12-01' }, { step: 'give_advice', on: '2026-12-10' }, { step: 'decide', on: '2026-12-28', outcome: 'refused', notifiedOn: '2026-12-28' }] as const) {
      await recordStep(site.db, { reference: application.reference, step, actor: { name: 'Els Peeters' }, now: day('2026-12-28') });
    }
    await signIn(kompas, await site.providerAccount(P.kompasLimburg.id));
    await kompas.goto('/portaal/heroverweging/');
    await expect(kompas.locator('section.card .info').textContent()).resolves.toBe('U kunt heroverweging vragen tot en met 27 januari 2027 (nog 7 dagen).');
    await kompas.getByLabel('Waarom vraagt u heroverweging?').fill('We willen onze werking toelichten.');
    await Promise.all([kompas.waitForURL('**/portaal/heroverweging/'), kompas.getByRole('button', { name: 'Heroverweging vragen' }).click()]);
    await expect(kompas.locator('.flash').textContent()).resolves.toBe(`Uw verzoek tot heroverweging van aanvraag ${application.reference} is ontvangen op 20 januari 2027.`);
    await expect(kompas.locator('section.card').textContent()).resolves.toContain('U vroeg heroverweging op 20 januari 2027. Stand van de procedure: Heroverweging gevraagd.');

    await signIn(admin, adminAccount);
    await admin.goto(`/beheer/aanvragen/${application.reference}/`);
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Heroverweging gevraagd');
    await expect(offeredSteps()).resolves.toEqual(['Hoorzitting']);
  });
});
