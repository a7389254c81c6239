/**
 * What the rules say, as providers and administrators see it in real Chromium: the department
 * records a reconsideration request for a refused first-time applicant (who has no access to the
 * portal), within the same window; a step recorded after its term shows as late; a start of
 * validity far from the decision is refused in Dutch at its field; the overview lists
 * subcontractors that are no longer recognised; a provider sees when its recognition will lapse
 * and which of its subcontractors are not recognised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { createApplication, recordStep, type NewApplication } from '#db/commands/applications.ts';
import { mailOutbox } from '#db/schema/index.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';
import { expectNoViolations } from './axe.ts';
import { P, nis, signIn, startSite, type TestSite } from './harness.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

/** Calls on an expired provider (and a recognised one) as subcontractors. */
const CONTRACTOR = { id: 41, name: 'Hoofdaannemer Gent vzw', workingArea: [nis('Gent')], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 3 }, { year: 2025, employeesCoached: 3 }], subcontractorIds: [P.kompasVerlopen.id, P.werkkrachtGent.id] };
/** Coached in 2024, nothing reported for 2025 or 2026: lapses on 1 January 2027 unless reported. */
const QUIET = { id: 42, name: 'Stil Jaar Gent vzw', workingArea: [nis('Gent')], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }] };

let site: TestSite;
let admin: Page;

beforeAll(async () => {
  site = await startSite({ extraProviders: [CONTRACTOR, QUIET] });
  admin = await (await site.newContext()).newPage();
  await signIn(admin, await site.adminAccount());
});

afterAll(async () => {
  await site?.close();
});

/** A first application (its organisation is not in the register), submitted on `submittedOn`. */
function firstApplication(serial: number, submittedOn: string): NewApplication {
  return applicationFixture({
    submittedOn,
    name: `Nieuwkomer ${serial} vzw`,
    enterpriseNumber: enterpriseNumber(serial),
    municipalityNis: nis('Gent'),
    email: `info@nieuwkomer-${serial}.example`,
    contactPerson: { fullName: 'Ilse Nieuw', email: `ilse@nieuwkomer-${serial}.example` },
    simplifiedCategory: 'GTB',
    experience: null,
    serviceArea: { totalPlaces: 4, motivation: 'Begeleiding in Gent.' },
  });
}

/** An application brought through the given steps, recorded today (28 November 2026). */
async function applicationWith(serial: number, submittedOn: string, steps: Parameters<typeof recordStep>[1]['step'][]): Promise<string> {
  const now = site.clock.now();
  const { reference } = await createApplication(site.db, { application: firstApplication(serial, submittedOn), actor: { name: 'Els Peeters' }, now });
  for (const step of steps) await recordStep(site.db, { reference, step, actor: { name: 'Els Peeters' }, now });
  return reference;
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const offeredSteps = () => admin.locator('section.card h3').allTextContents();

describe('a reconsideration request recorded by the department', () => {
  it('is offered for a refused first application, saying until when and that the contact person is told', async () => {
    // Refused on 25 November, told on the 26th: the window runs to 26 December.
    const reference = await applicationWith(51, '2026-11-02', [
      { step: 'declare_admissible', on: '2026-11-03' },
      { step: 'give_advice', on: '2026-11-20' },
      { step: 'decide', on: '2026-11-25', outcome: 'refused', notifiedOn: '2026-11-26' },
    ]);
    await admin.goto(`/beheer/aanvragen/${reference}/`);
    await expect(offeredSteps()).resolves.toEqual(['Verzoek tot heroverweging']);
    const card = admin.locator('section.card');
    await expect(text(admin, 'section.card p')).resolves.toBe(
      'Registreer hier een verzoek dat de aanvrager per brief of e-mail indiende. Dat kan tot en met 26 december 2026: 30 dagen nadat de aanvrager op de hoogte werd gebracht. De contactpersoon van de aanvraag krijgt een ontvangstbevestiging per e-mail.',
    );
    await card.getByLabel('Datum waarop het verzoek ingediend werd').fill('2026-11-27');
    await card.getByLabel('Motivering van het verzoek').fill('De aanvrager vraagt per brief om heroverweging.');
    await Promise.all([admin.waitForEvent('load'), card.getByRole('button', { name: 'Verzoek tot heroverweging registreren' }).click()]);
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Heroverweging gevraagd');
    await expect(text(admin, 'ol.timeline li:last-child')).resolves.toContain('27 november 2026: Heroverweging gevraagd (door Els Peeters, geregistreerd op 28 november 2026 om 10:00)');
    // The confirmation goes to the contact person the application names.
    const [mail] = await site.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'reconsideration_received'));
    expect(mail).toMatchObject({ recipient: 'ilse@nieuwkomer-51.example', reference, subject: `Verzoek tot heroverweging ontvangen voor uw erkenningsaanvraag ${reference}` });
  });

  it('is not offered once the window has closed, as for a provider', async () => {
    const reference = await applicationWith(52, '2026-09-01', [
      { step: 'declare_admissible', on: '2026-09-02' },
      { step: 'give_advice', on: '2026-09-20' },
      { step: 'decide', on: '2026-10-01', outcome: 'refused', notifiedOn: '2026-10-02' },
    ]);
    await admin.goto(`/beheer/aanvragen/${reference}/`);
    await expect(offeredSteps()).resolves.toEqual([]);
    await expect(text(admin, 'main')).resolves.toContain('de termijn om heroverweging te vragen is voorbij');
  });
});

describe('the timeline of an application', () => {
  it('marks a step recorded after its term as late, with when it was recorded', async () => {
    // Submitted on 10 November: admissibility was due on 17 November; judged on the 20th.
    const reference = await applicationWith(53, '2026-11-10', [{ step: 'declare_admissible', on: '2026-11-20' }]);
    await admin.goto(`/beheer/aanvragen/${reference}/`);
    await expect(text(admin, 'ol.timeline li:nth-child(2)')).resolves.toBe(
      '20 november 2026: Ontvankelijk verklaard (door Els Peeters, geregistreerd op 28 november 2026 om 10:00) te laat: de termijn liep tot en met 17 november 2026',
    );
    await expect(admin.locator('ol.timeline .tag.bad').count()).resolves.toBe(1);
  });
});

describe('a decision to recognise', () => {
  it('refuses a start of validity more than a year from the decision, in Dutch at the field', async () => {
    const reference = await applicationWith(54, '2026-10-01', [
      { step: 'declare_admissible', on: '2026-10-02' },
      { step: 'give_advice', on: '2026-11-01' },
    ]);
    await admin.goto(`/beheer/aanvragen/${reference}/`);
    const card = admin.locator('section.card');
    await card.getByLabel('Erkend').check();
    await card.getByLabel('Erkenning geldig vanaf').fill('2020-01-01');
    await Promise.all([admin.waitForEvent('load'), card.getByRole('button', { name: 'Beslissing van de minister registreren' }).click()]);
    await expect(text(admin, '#geldig-vanaf-decide-fout')).resolves.toBe('Fout: De erkenning kan ten vroegste ingaan op 28 november 2025 en ten laatste op 28 november 2027: hoogstens een jaar vóór of na de beslissing.');
    await expect(admin.getByLabel('Erkenning geldig vanaf').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(admin.locator('#stand').textContent()).resolves.toBe('Advies gegeven');
    await expectNoViolations(admin, 'a decision form with a start of validity refused');
  });
});

describe('subcontractors that are no longer recognised', () => {
  it('are listed on the administrators’ overview', async () => {
    await admin.goto('/beheer/');
    await expect(text(admin, 'ul.summary')).resolves.toContain('1 onderaannemer is niet erkend');
    const rows = admin.locator('#onderaannemers-niet-erkend tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(text(admin, '#onderaannemers-niet-erkend tbody tr')).resolves.toBe(
      `Hoofdaannemer Gent vzw (${formatted(CONTRACTOR.id)}) Kompas Verlopen Gent vzw (${formatted(P.kompasVerlopen.id)}) Verlopen 1 januari 2025`,
    );
    await expectNoViolations(admin, 'the overview with a subcontractor that is not recognised');
  });
});

describe("a provider's overview", () => {
  it('says when the recognition will lapse unless coaching is reported', async () => {
    const provider = await (await site.newContext()).newPage();
    await signIn(provider, await site.providerAccount(QUIET.id));
    await expect(text(provider, '#vervalt')).resolves.toBe(
      'Uw erkenning vervalt op 1 januari 2027, tenzij u begeleiding meldt voor 2025 of 2026. Voor 2025 staat in het register geen enkele begeleide werknemer met een arbeidsbeperking. Een jaar zonder gemelde begeleiding telt als een jaar zonder begeleiding. Hebt u in 2025 of 2026 wel werknemers begeleid? Meld de jaarlijkse activiteit.',
    );
    await expect(provider.getByRole('link', { name: 'Meld de jaarlijkse activiteit' }).getAttribute('href')).resolves.toBe('/portaal/melden/jaarlijkse-activiteit/');
    await expectNoViolations(provider, 'the overview of a provider whose recognition will lapse');
    // A provider that coached last year sees nothing of the kind.
    const busy = await (await site.newContext()).newPage();
    await signIn(busy, await site.providerAccount(P.werkkrachtGent.id));
    await expect(busy.locator('#vervalt').count()).resolves.toBe(0);
  });

  it('shows which subcontractors are not recognised', async () => {
    const provider = await (await site.newContext()).newPage();
    await signIn(provider, await site.providerAccount(CONTRACTOR.id));
    await expect(text(provider, '#onderaannemers-niet-erkend')).resolves.toBe('Een van uw onderaannemers is niet erkend. U mag alleen werken met onderaannemers die zelf erkend zijn. Meld uw onderaannemers opnieuw.');
    await expect(provider.locator('main li').allTextContents()).resolves.toEqual(
      expect.arrayContaining([`Kompas Verlopen Gent vzw (${formatted(P.kompasVerlopen.id)}): niet erkend sinds 1 januari 2025`, `Werkkracht Gent vzw (${formatted(P.werkkrachtGent.id)}): erkend`]),
    );
  });
});

/** An enterprise number as people write it, 0400.000.041. */
function formatted(id: number): string {
  const n = enterpriseNumber(id);
  return `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}
