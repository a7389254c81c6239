/**
 * Applying for recognition online, in real Chromium, as an organisation that is not in the
 * register yet: it signs in through OpenID Connect (the register's own identity provider), saves
 * a draft and comes back to it in a new session, completes the five parts and sends them, sees the
 * confirmation on screen and gets the confirmation mail, answers the department's request for
 * information (which ends the suspension), and after a refusal asks for reconsideration on the
 * 30th day — and not on the 31st.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { getApplication, recordStep } from '#db/commands/applications.ts';
import { getDraft } from '#db/commands/application-drafts.ts';
import { mailOutbox } from '#db/schema/index.ts';
import { NEW_ORGANISATION } from '#server/sign-in/sample-accounts.ts';
import { addDays, formatDutchDate, reconsiderationDeadline, RECONSIDERATION_DAYS } from '#domain/rules/index.ts';
import { NEW_ORGANISATION_ACCOUNT, NOW, signIn, signOut, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let context: BrowserContext;
let page: Page;
let reference: string;
const TODAY = '2026-11-28';

beforeAll(async () => {
  site = await startSite();
  context = await site.newContext();
  page = await context.newPage();
});
afterAll(async () => {
  await site?.close();
});

/** Clicks the form's main button and waits for the page it leads to. */
async function press(name: string, url?: string | RegExp): Promise<void> {
  await Promise.all([url ? page.waitForURL(url) : page.waitForEvent('load'), page.getByRole('button', { name }).click()]);
}

/** The department's steps, as the administration pages record them. */
async function department(...steps: Parameters<typeof recordStep>[1]['step'][]): Promise<void> {
  for (const step of steps) await recordStep(site.db, { reference, step, actor: { name: 'Els Peeters' }, now: site.clock.now() });
}

describe('an organisation applying online', () => {
  it('signs in for an organisation not in the register and finds how to apply', async () => {
    await signIn(page, NEW_ORGANISATION_ACCOUNT);
    expect(new URL(page.url()).pathname).toBe('/portaal/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Aanvragen voor erkenning');
    await expect(page.getByText('Uw organisatie diende nog geen aanvraag in.').isVisible()).resolves.toBe(true);
    await Promise.all([page.waitForURL('**/portaal/aanvraag/'), page.getByRole('link', { name: 'Een erkenning aanvragen' }).click()]);
    await expect(page.locator('ol.parts').textContent()).resolves.toMatch(/Project-, contact- en organisatiegegevens: nog niet ingevuld/);
  });

  it('saves part 1 as a draft, and finds it again after signing out and in', async () => {
    await Promise.all([page.waitForURL('**/deel-1/'), page.getByRole('link', { name: 'Project-, contact- en organisatiegegevens' }).click()]);
    await expect(page.getByLabel('Naam van de organisatie').inputValue()).resolves.toBe(NEW_ORGANISATION.name);
    await page.getByLabel('Straat en nummer').fill('Stationsstraat 12');
    await page.getByLabel('Postcode').fill('9000');
    await page.getByLabel('E-mail van de organisatie').fill('info@nieuwestart.example');
    await page.getByLabel('Naam', { exact: true }).fill('An Claes');
    await page.getByLabel('E-mail', { exact: true }).fill('an.claes@nieuwestart.example');
    await press('Bewaren en verder', '**/deel-2/');
    await expect(page.locator('.flash').textContent()).resolves.toContain('Deel 1 (project-, contact- en organisatiegegevens) is bewaard');

    await signOut(page);
    await signIn(page, NEW_ORGANISATION_ACCOUNT);
    await expect(page.locator('main').textContent()).resolves.toContain('U bent een aanvraag aan het invullen');
    await Promise.all([page.waitForURL('**/portaal/aanvraag/'), page.getByRole('link', { name: 'Verder invullen' }).click()]);
    const parts = await page.locator('ol.parts').textContent();
    expect(parts).toMatch(/organisatiegegevens: volledig/);
    expect(parts).toMatch(/Werkingsgebied en capaciteit: nog niet ingevuld/);
    await expect(getDraft(site.db, NEW_ORGANISATION.code)).resolves.toMatchObject({ values: { straat: 'Stationsstraat 12', 'contact-email': 'an.claes@nieuwestart.example' }, updatedBy: 'An Claes' });
  });

  it('says what is missing, per part, before anything is sent', async () => {
    const missing = await page.locator('#ontbreekt + ul').textContent();
    expect(missing).toContain('Deel 3, motivering van uw ervaring: Zonder vereenvoudigde registratie is het deel over ervaring verplicht');
    expect(missing).toContain('Deel 4, begeleidingscapaciteit: Vul dit veld in.');
    expect(missing).toContain('Deel 5, verklaring op eer: Verklaar op eer');
    await press('Aanvraag indienen');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Verklaar op eer');
    // Each error leads to its part and field.
    await Promise.all([page.waitForURL('**/deel-5/#verklaring'), page.locator('.error-summary a', { hasText: 'Verklaar op eer' }).click()]);
    await expect(site.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'application_received'))).resolves.toEqual([]);
  });

  it('completes the five parts and sends the application, with a confirmation on screen', async () => {
    await page.goto('/portaal/aanvraag/deel-2/');
    await page.getByLabel('Hoort uw organisatie bij een groep met vereenvoudigde registratie?').selectOption('');
    await press('Bewaren en verder', '**/deel-3/');
    await page.getByLabel('Motivering van uw ervaring met de begeleiding van werknemers met een arbeidsbeperking').fill('Sinds 2019 begeleiden we werknemers met een arbeidsbeperking in de zorg en de logistiek.');
    await page.locator('#naam-begeleider-0').fill('Sofie Wouters');
    await page.locator('#kwalificatie-begeleider-0').fill('Bachelor ergotherapie');
    await press('Bewaren en verder', '**/deel-4/');
    await page.getByLabel('Gemeenten en postcodes').fill('Gent, 9820');
    await page.getByLabel('Begeleidingscapaciteit: plaatsen in totaal').fill('6');
    await page.getByLabel('Motivering van het werkingsgebied en de capaciteit').fill('Twee begeleiders in de regio Gent, elk drie trajecten.');
    await press('Bewaren en verder', '**/deel-5/');
    await page.getByLabel(/Ik verklaar op eer/).check();
    await press('Bewaren', '**/portaal/aanvraag/');
    await expect(page.locator('ol.parts').textContent()).resolves.not.toContain('nog');
    await press('Aanvraag indienen', /\/portaal\/aanvragen\/AV-2026-\d{6}\/$/);
    reference = new URL(page.url()).pathname.split('/')[3];
    const confirmation = await page.locator('.flash').textContent();
    expect(confirmation).toContain(`Uw aanvraag ${reference} is verzonden op 28 november 2026`);
    expect(confirmation).toContain('an.claes@nieuwestart.example');
    // The department decides on admissibility within 7 days: the rules say until when.
    expect(confirmation).toContain(`uiterlijk ${formatDutchDate(addDays(TODAY, 7))}`);
    await expect(page.locator('#stand').textContent()).resolves.toBe('Ingediend');
    await expect(getDraft(site.db, NEW_ORGANISATION.code)).resolves.toBeNull();
    const view = await getApplication(site.db, reference, NOW);
    expect(view).toMatchObject({ state: 'submitted', submittedOn: TODAY, organisation: { enterpriseNumber: NEW_ORGANISATION.code, name: NEW_ORGANISATION.name } });
    // Sending again (the back button, a second click) files nothing more.
    await page.goto('/portaal/aanvragen/');
    await expect(page.locator('table.data tbody tr').count()).resolves.toBe(1);
  });

  it('gets the confirmation mail at the contact person', async () => {
    let sent: { id: number } | undefined;
    for (let i = 0; i < 100 && !sent; i++) {
      [sent] = await site.db.select({ id: mailOutbox.id }).from(mailOutbox).where(and(eq(mailOutbox.reference, reference), eq(mailOutbox.status, 'sent'), eq(mailOutbox.template, 'application_received')));
      if (!sent) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sent, 'the confirmation mail left').toBeDefined();
    const mail = await simpleParser(await readFile(join(site.outboxDir, `${String(sent!.id).padStart(6, '0')}.eml`)));
    expect(mail.to).toMatchObject({ text: 'an.claes@nieuwestart.example' });
    expect(mail.subject).toBe(`Ontvangstbevestiging van uw erkenningsaanvraag ${reference}`);
    expect(mail.text).toContain(formatDutchDate(addDays(TODAY, 7)));
  });

  it('answers a request for information online, which ends the suspension', async () => {
    await department({ step: 'declare_admissible', on: TODAY }, { step: 'request_information', on: TODAY, note: 'Bezorg het attest van uw kwaliteitsregistratie.' });
    await page.goto(`/portaal/aanvragen/${reference}/`);
    await expect(page.locator('#stand').textContent()).resolves.toBe('Wacht op aanvullende informatie');
    await expect(page.locator('#informatie-titel + p').textContent()).resolves.toContain('Bezorg het attest van uw kwaliteitsregistratie.');
    await press('Informatie bezorgen');
    await expect(page.locator('#antwoord-fout').textContent()).resolves.toContain('Vul de gevraagde informatie in.');
    await page.getByLabel('Uw antwoord').fill('Het attest (KR-2026-0042) is geldig tot 2029.');
    await press('Informatie bezorgen', `**/portaal/aanvragen/${reference}/`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Uw aanvullende informatie is ontvangen op 28 november 2026. Het onderzoek loopt weer');
    await expect(page.locator('#stand').textContent()).resolves.toBe('In onderzoek');
    const view = await getApplication(site.db, reference, site.clock.now());
    expect(view.steps.at(-1)).toMatchObject({ step: 'receive_information', on: TODAY, actor: 'An Claes', note: 'Het attest (KR-2026-0042) is geldig tot 2029.' });
    expect(view.nextDeadline).toMatchObject({ kind: 'examination', suspended: false });
  });

  it('after a refusal asks for reconsideration on day 30, and cannot on day 31', async () => {
    await department({ step: 'give_advice', on: TODAY }, { step: 'decide', on: TODAY, outcome: 'refused', notifiedOn: TODAY });
    const lastDay = reconsiderationDeadline(TODAY);
    expect(lastDay).toBe(addDays(TODAY, RECONSIDERATION_DAYS));
    try {
      // Day 31: the window has closed, and the page says so.
      site.clock.set(new Date(`${addDays(lastDay, 1)}T09:00:00+01:00`));
      await page.goto(`/portaal/aanvragen/${reference}/`);
      await expect(page.locator('#heroverweging-voorbij').textContent()).resolves.toBe(`De termijn om heroverweging te vragen liep af op ${formatDutchDate(lastDay)}.`);
      await expect(page.getByRole('button', { name: 'Heroverweging vragen' }).count()).resolves.toBe(0);

      // Day 30, late in the evening: the form is offered, saying until when.
      site.clock.set(new Date(`${lastDay}T22:00:00+01:00`));
      await page.goto(`/portaal/aanvragen/${reference}/`);
      await expect(page.locator('#heroverweging-titel + p').textContent()).resolves.toContain(`tot en met ${formatDutchDate(lastDay)}`);
      await expect(page.locator('#heroverweging-titel + p').textContent()).resolves.toContain('vandaag is de laatste dag');
      await page.getByLabel('Waarom gaat u niet akkoord met de beslissing?').fill('Onze begeleiders zijn gekwalificeerd: zie de diploma’s in bijlage.');
      // Sent after midnight, on day 31, from the form opened in time: refused.
      site.clock.set(new Date(`${addDays(lastDay, 1)}T00:15:00+01:00`));
      await press('Heroverweging vragen');
      await expect(page.locator('.error-summary').textContent()).resolves.toContain(`Heroverweging kon gevraagd worden tot en met ${formatDutchDate(lastDay)}`);
      expect((await getApplication(site.db, reference, site.clock.now())).state).toBe('refused');

      // On day 30 itself it is recorded, with the motivation.
      site.clock.set(new Date(`${lastDay}T23:30:00+01:00`));
      await page.goto(`/portaal/aanvragen/${reference}/`);
      await page.getByLabel('Waarom gaat u niet akkoord met de beslissing?').fill('Onze begeleiders zijn gekwalificeerd: zie de diploma’s in bijlage.');
      await press('Heroverweging vragen', `**/portaal/aanvragen/${reference}/`);
      await expect(page.locator('.flash').textContent()).resolves.toContain(`Uw verzoek tot heroverweging van aanvraag ${reference} is ontvangen op ${formatDutchDate(lastDay)}`);
      await expect(page.locator('#stand').textContent()).resolves.toBe('Heroverweging gevraagd');
      const view = await getApplication(site.db, reference, site.clock.now());
      expect(view.steps.at(-1)).toMatchObject({ step: 'request_reconsideration', on: lastDay, note: 'Onze begeleiders zijn gekwalificeerd: zie de diploma’s in bijlage.', late: false });
    } finally {
      site.clock.set(NOW);
    }
  });
});
