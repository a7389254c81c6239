/**
 * Work in progress for the portal's pages to show: reports waiting for review, and applications
 * at several points of the procedure (one with a wait for information and a decision whose
 * reconsideration window is open). Filed through the project's own commands.
 */
import { createApplication, recordStep, type NewApplication, type StepRequest } from '#db/commands/applications.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import type { ChangeReportRequest } from '#domain/change-reports.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';
import type { Page } from 'playwright-core';
import { P, nis, type TestSite } from './harness.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

/**
 * Every report form of the provider's portal (its address under /portaal/melden/), a mistake a
 * person makes in it, how to make that mistake, and the form's button.
 */
export const REPORT_FORMS_WITH_A_MISTAKE: { slug: string; mistake: string; make: (page: Page) => Promise<unknown>; button: string }[] = [
  { slug: 'werkingsgebied', mistake: 'an unknown municipality', make: (p) => p.getByLabel('Gemeenten en postcodes').fill('Gent, Gnetbrugge'), button: 'Controleer uw melding' },
  { slug: 'capaciteit', mistake: 'a number that is not a number', make: (p) => p.getByLabel('Plaatsen in totaal').fill('veel'), button: 'Controleer uw melding' },
  { slug: 'vrije-plaatsen', mistake: 'more free places than places', make: (p) => p.getByLabel('Vrije plaatsen nu').fill('99'), button: 'Controleer uw melding' },
  {
    slug: 'begeleiders',
    mistake: 'a coach without qualification',
    make: (p) => p.locator('#naam-0').fill('Tom Wouters').then(() => p.locator('#kwalificatie-0').fill('')),
    button: 'Controleer uw melding',
  },
  {
    slug: 'onderaannemers',
    mistake: 'a subcontractor that is not on the list',
    make: (p) =>
      p.locator('#onderaannemer-0').evaluate((box: HTMLInputElement) => {
        box.value = '0999999999';
        box.checked = true;
      }),
    button: 'Controleer uw melding',
  },
  { slug: 'kwaliteitsregistratie', mistake: 'an empty reference', make: (p) => p.getByLabel('Referentie van de kwaliteitsregistratie').fill(''), button: 'Controleer uw melding' },
  {
    slug: 'jaarlijkse-activiteit',
    mistake: 'a year still to come',
    make: (p) => p.getByLabel('Kalenderjaar').fill('2030').then(() => p.getByLabel('Aantal begeleide werknemers').fill('3')),
    button: 'Controleer uw melding',
  },
  { slug: 'contactgegevens', mistake: 'a wrong e-mail address', make: (p) => p.getByLabel('E-mail').fill('geen-adres'), button: 'Controleer uw melding' },
  { slug: 'andere', mistake: 'an empty text', make: async () => {}, button: 'Controleer uw melding' },
];

/**
 * Report forms filled in correctly, to reach the page that shows what the report changes
 * ("Controleer uw melding"); `confirms` when that page asks a confirmation (a shrinking working
 * area, a dropping capacity) for the provider Werkkracht Gent as the test site starts.
 */
export const REPORT_FORMS_TO_CHECK: { slug: string; change: string; make: (page: Page) => Promise<unknown>; confirms: boolean }[] = [
  { slug: 'werkingsgebied', change: 'a working area that shrinks', make: (p) => p.getByLabel('Gemeenten en postcodes').fill('Gent, Lochristi'), confirms: true },
  { slug: 'capaciteit', change: 'a capacity that drops', make: (p) => p.getByLabel('Plaatsen in totaal').fill('3'), confirms: true },
  {
    slug: 'begeleiders',
    change: 'a coach more',
    make: (p) => p.locator('input[name^="naam-"]').last().fill('An Claes').then(() => p.locator('input[name^="kwalificatie-"]').last().fill('Bachelor ergotherapie')),
    confirms: false,
  },
  { slug: 'contactgegevens', change: 'a new e-mail address', make: (p) => p.getByLabel('E-mail').fill('nieuw@werkkracht.example'), confirms: false },
  { slug: 'andere', change: 'a free text', make: (p) => p.getByLabel('Wat is er gewijzigd?').fill('Vanaf maart een tweede vestiging\nin Aalst.'), confirms: false },
];

/** An application as an administrator enters it, with what differs per test. */
function application(organisation: { name: string; id: number; postcode: string; municipalityNis: string }, submittedOn: string, extra: Partial<NewApplication> = {}): NewApplication {
  return {
    ...applicationFixture({
      submittedOn,
      name: organisation.name,
      enterpriseNumber: enterpriseNumber(organisation.id),
      street: `Teststraat ${organisation.id}`,
      postcode: organisation.postcode,
      municipalityNis: organisation.municipalityNis,
      email: `info@provider-${organisation.id}.example`,
      contactPerson: { fullName: 'Lies Maes', email: `lies@provider-${organisation.id}.example` },
      simplifiedCategory: 'GTB',
      experience: null,
      serviceArea: { totalPlaces: 8, motivation: 'Begeleiding in de eigen regio.' },
    }),
    ...extra,
  };
}

/** Files the reports and applications; returns the reference of the application with a decision. */
export async function fillPortalData(site: TestSite): Promise<{ decided: string }> {
  const now = site.clock.now();
  const reports: ChangeReportRequest[] = [
    { kind: 'working_area', payload: { municipalities: [nis('Gent'), nis('Merelbeke-Melle'), nis('Aalst'), nis('Lochristi')], provinces: [] } },
    { kind: 'capacity', payload: { totalPlaces: 15 } },
    { kind: 'coaches', payload: { coaches: [{ fullName: 'Sara Peeters', qualification: 'Bachelor sociaal werk' }, { fullName: 'Tom Wouters', qualification: 'Master psychologie' }] } },
    { kind: 'other', payload: { text: 'Vanaf januari een tweede vestiging in Aalst.' } },
  ];
  for (const request of reports) await fileChangeReport(site.db, { providerId: P.werkkrachtGent.id, actor: { name: 'organisatieverantwoordelijke' }, request, now });

  const steps = async (reference: string, list: StepRequest[]) => {
    for (const step of list) await recordStep(site.db, { reference, step, actor: { name: 'Els Peeters' }, now });
  };
  const decided = await createApplication(site.db, { actor: { name: 'Els Peeters' }, now, application: application({ ...P.werkkrachtGent }, '2026-10-01') });
  await steps(decided.reference, [
    { step: 'declare_admissible', on: '2026-10-02' },
    { step: 'start_examination', on: '2026-10-05' },
    { step: 'request_information', on: '2026-10-10', note: 'Attest van de kwaliteitsregistratie gevraagd.' },
    { step: 'receive_information', on: '2026-10-20' },
    { step: 'give_advice', on: '2026-11-10' },
    { step: 'decide', on: '2026-11-20', outcome: 'refused', notifiedOn: '2026-11-21' },
  ]);
  const waiting = await createApplication(site.db, { actor: { name: 'Els Peeters' }, now, application: application({ name: 'Talentwerf Oostende vzw', id: 31, postcode: '8400', municipalityNis: nis('Oostende') }, '2026-10-15') });
  await steps(waiting.reference, [
    { step: 'declare_admissible', on: '2026-10-16' },
    { step: 'request_information', on: '2026-11-18' },
  ]);
  // Submitted ten days ago and not yet judged admissible: overdue.
  await createApplication(site.db, { actor: { name: 'Els Peeters' }, now, application: application({ name: 'Stapsteen Leuven vzw', id: 32, postcode: '3000', municipalityNis: nis('Leuven') }, '2026-11-18') });
  await createApplication(site.db, { actor: { name: 'Els Peeters' }, now, application: application({ name: 'Jobpunt Mechelen vzw', id: 33, postcode: '2800', municipalityNis: nis('Mechelen') }, '2026-11-26') });
  return { decided: decided.reference };
}
