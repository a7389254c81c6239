/**
 * Every mail of the procedure and every warning, as it arrives at a real SMTP server: the right
 * recipient, subject, reference and dates, and a plain-text part that says what the HTML part
 * says. The register is driven through its API, as administrators and providers drive it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import { createToken } from '#db/commands/tokens.ts';
import { MailSender } from '#mail/sender.ts';
import { composeMessage } from '#mail/compose.ts';
import { simpleParser } from 'mailparser';
import { smtpTransport } from '#mail/transports.ts';
import { produceDailyMails } from '#mail/daily.ts';
import { createTestDatabase, enterpriseNumber, insertProviders } from '#test/fixtures/database.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { FakePublisher } from '#test/fixtures/publisher.ts';
import { checkedApp } from '#test/api/contract.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp.ts';
import { movableClock, NOW } from '#test/fixtures/clock.ts';
import { wordsOf } from '#test/fixtures/mail-text.ts';
import { applicationFixture } from '#test/fixtures/application.ts';
import { contactPersonFixture } from '#test/fixtures/contact.ts';
import { departmentContact, SAMPLE_DEPARTMENT_CONTACT } from '#domain/department-contact.ts';
import { renderMail } from '#mail/templates/index.ts';

const CONTACT = contactPersonFixture();
// The department's contact as the settings give it (not the sample values).
const DEPARTMENT = departmentContact({ name: 'Departement Werk en Sociale Economie', address: 'Koning Albert II-laan 35 bus 20, 1030 Brussel', email: 'werkvloer@werk.example', phone: '+3225531111' });
const APPLICANT = 'prive@horizon.example';
const clock = movableClock();
let smtp: TestSmtpServer;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sender: MailSender;
let call: (method: string, path: string, token: string, body?: unknown) => Promise<any>;
let tokens: { provider: string; admin: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
});
// Each test has its own register, clock and sender: none depends on mails another sent.
beforeEach(async () => {
  clock.set(NOW.toISOString());
  smtp.received.length = 0;
  database = await createTestDatabase();
  await insertProviders(database, [
    // Calls on provider 2 as subcontractor, whose recognition expires after 30 June 2027.
    { id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 3 }, { year: 2025, employeesCoached: 2 }], contactPerson: CONTACT, subcontractorIds: [2] },
    { id: 2, name: 'Bijna Verlopen vzw', validFrom: '2022-07-01', activity: [2023, 2024, 2025, 2026].map((year) => ({ year, employeesCoached: 1 })) },
  ]);
  const app = checkedApp(createApp({ db: database.db, clock, publisher: new FakePublisher(), currentPublication: async () => null, rateLimits: { perToken: { limit: 1e6, windowMs: 60_000 }, perAddress: { limit: 1e6, windowMs: 60_000 } } }));
  tokens = {
    provider: (await createToken(database.db, { role: 'provider', providerId: 1, name: 'Officer', now: clock.now() })).token,
    admin: (await createToken(database.db, { role: 'admin', name: 'Els Beheerder', now: clock.now() })).token,
  };
  call = async (method, path, token, body) => {
    const response = await app.request(path, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  sender = new MailSender({ db: database.db, clock, transport: smtpTransport(smtp.url), from: 'register@werk.example', contact: DEPARTMENT });
});
afterEach(() => database.cleanup());
afterAll(() => smtp.close());

/** The daily mails of `day` (early in the morning in Brussels), as the running register enqueues them. */
async function dailyMails(day: string, administrators: string[] = []) {
  clock.set(`${day}T05:00:00Z`);
  return produceDailyMails(database.db, { day, now: clock.now(), administrators });
}

/** Sends what is due and returns the mails that arrived. */
async function deliver(expected: number): Promise<ReceivedMail[]> {
  const before = smtp.received.length;
  await sender.deliverDue();
  expect(smtp.received.length - before).toBe(expected);
  return smtp.received.slice(before);
}

/** What every mail must be: addressed, referenced, Dutch, with two parts that agree. */
function expectMail(mail: ReceivedMail, expected: { to: string; subject: string | RegExp; reference: string | null; says: string[] }) {
  const { parsed } = mail;
  expect(mail.envelopeTo).toEqual([expected.to]);
  expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual([expected.to]);
  expect(parsed.subject).toMatch(expected.subject);
  expect(parsed.headers.get('x-register-reference') ?? null).toBe(expected.reference);
  expect(parsed.headers.get('content-language')).toBe('nl-BE');
  expect(parsed.from?.value[0]).toMatchObject({ address: 'register@werk.example', name: 'Departement Werk en Sociale Economie' });
  const text = parsed.text!;
  const html = parsed.html as string;
  for (const phrase of [...expected.says, ...(expected.reference ? [expected.reference] : [])]) expect(text).toContain(phrase);
  // Every mail says how to reach the department.
  expect(text).toContain('Vragen? Mail naar werkvloer@werk.example of bel 02 553 11 11.');
  // The HTML part says the same, word for word (its facts are a table, its heading the subject).
  expect(wordsOf(html, 'html')).toEqual(wordsOf(text, 'text'));
  expect(html).toMatch(/<html lang="nl-BE">/);
  expect(html).toContain(`<title>${parsed.subject}</title>`);
  expect(html).not.toMatch(/<img|<script/);
}

describe('the mails about a change report', () => {
  it('confirm receipt with the reference, then tell the outcome with the reason, to the procedure contact', async () => {
    const filed = await call('POST', '/api/v1/change-reports', tokens.provider, { kind: 'capacity', payload: { totalPlaces: 15 } });
    const rejected = await call('POST', '/api/v1/change-reports', tokens.provider, { kind: 'quality_registration', payload: { reference: 'KRM-X' } });
    const [receipt, receipt2] = await deliver(2);
    expectMail(receipt, { to: CONTACT.email, subject: `Ontvangstbevestiging van uw melding ${filed.reference}`, reference: filed.reference, says: ['Begeleidingscapaciteit', '28 november 2026 om 10:00', 'beoordeelt uw melding normaal binnen 14 dagen, dus uiterlijk op 12 december 2026'] });
    expectMail(receipt2, { to: CONTACT.email, subject: `Ontvangstbevestiging van uw melding ${rejected.reference}`, reference: rejected.reference, says: ['Kwaliteitsregistratie'] });

    clock.set('2026-11-30T15:30:00+01:00');
    await call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, tokens.admin, {});
    await call('POST', `/api/v1/admin/change-reports/${rejected.reference}/reject`, tokens.admin, { reason: "Het nummer 'KRM-X' bestaat niet." });
    const [accepted, refused] = await deliver(2);
    expectMail(accepted, { to: CONTACT.email, subject: `Uw melding ${filed.reference} is aanvaard`, reference: filed.reference, says: ['30 november 2026 om 15:30', 'is verwerkt in het register'] });
    expectMail(refused, { to: CONTACT.email, subject: `Uw melding ${rejected.reference} is afgewezen`, reference: rejected.reference, says: ["Reden: Het nummer 'KRM-X' bestaat niet.", 'Er is niets gewijzigd'] });
  });

  it('say a change of free places applied at once', async () => {
    const filed = await call('POST', '/api/v1/change-reports', tokens.provider, { kind: 'free_places', payload: { freePlaces: 1 } });
    const [receipt] = await deliver(1);
    expectMail(receipt, { to: CONTACT.email, subject: `Ontvangstbevestiging van uw melding ${filed.reference}`, reference: filed.reference, says: ['Vrije plaatsen', 'meteen verwerkt'] });
  });
});

describe("the department's contact in every mail", () => {
  it('marks the sample values as samples, as the pages do', () => {
    const data = { reference: 'WM-2026-000001', kind: 'other', status: 'pending_review', receivedAt: NOW.toISOString() };
    const sample = renderMail('change_report_received', data, { sentAt: NOW, contact: departmentContact(SAMPLE_DEPARTMENT_CONTACT) });
    expect(sample.text).toContain('Vragen? Mail naar contact@departement.example of bel 02 555 01 00 (voorbeeldgegevens).');
    expect(sample.html).toContain('(voorbeeldgegevens)');
    const real = renderMail('change_report_received', data, { sentAt: NOW, contact: DEPARTMENT });
    expect(real.text).not.toContain('voorbeeldgegevens');
  });

  it("sends in the department's name as the settings give it", async () => {
    const data = { reference: 'WM-2026-000001', kind: 'other', status: 'pending_review', receivedAt: NOW.toISOString() };
    const renamed = departmentContact({ ...SAMPLE_DEPARTMENT_CONTACT, name: 'Departement Werk (afdeling Erkenningen)' });
    const rendered = renderMail('change_report_received', data, { sentAt: NOW, contact: renamed });
    const raw = await composeMessage({ ...rendered, from: 'register@werk.example', fromName: renamed.name, to: CONTACT.email, messageId: '<1@werk.example>', date: NOW, reference: data.reference });
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([{ name: 'Departement Werk (afdeling Erkenningen)', address: 'register@werk.example' }]);
    expect(parsed.text).toContain('Departement Werk (afdeling Erkenningen)');
  });
});

const application = (enterpriseNumber: string, submittedOn: string) =>
  applicationFixture({ enterpriseNumber, submittedOn, contactPerson: { email: APPLICANT }, simplifiedCategory: 'GTB', experience: null });

describe('the mails of the procedure', () => {
  it('follow an application from receipt to the final decision, with the deadlines of each step', async () => {
    clock.set('2026-12-01T09:00:00+01:00');
    const { reference } = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0403170701', '2026-12-01'));
    const step = (on: string, body: object) => {
      clock.set(`${on}T11:00:00+01:00`);
      return call('POST', `/api/v1/admin/applications/${reference}/steps`, tokens.admin, { on, ...body });
    };
    const to = APPLICANT;
    expectMail((await deliver(1))[0], { to, subject: `Ontvangstbevestiging van uw erkenningsaanvraag ${reference}`, reference, says: ['Nieuwe Horizon vzw', 'Ingediend op: 1 december 2026', 'Beslissing over de ontvankelijkheid uiterlijk op: 8 december 2026'] });

    await step('2026-12-03', { step: 'declare_admissible' });
    // The mail leaves a day later (the mail server was down, say): the 45 days count from then.
    clock.set('2026-12-04T08:15:00+01:00');
    expectMail((await deliver(1))[0], {
      to,
      subject: `Uw erkenningsaanvraag ${reference} is ontvankelijk`,
      reference,
      says: ['Ontvankelijk verklaard op: 3 december 2026', 'Deze e-mail verzonden op: 4 december 2026', 'Onderzoek afgerond uiterlijk op: 18 januari 2027', 'De termijn van 45 dagen'],
    });

    await step('2026-12-10', { step: 'start_examination' });
    expect(await deliver(0)).toEqual([]); // starting the examination sends nothing
    await step('2026-12-15', { step: 'request_information', note: 'Het rooster van de begeleiders voor 2027.' });
    expectMail((await deliver(1))[0], { to, subject: `Aanvullende informatie gevraagd voor uw erkenningsaanvraag ${reference}`, reference, says: ['Wat we nodig hebben: Het rooster van de begeleiders voor 2027.', 'Vanaf 15 december 2026 staat de termijn voor het onderzoek stil'] });
    await step('2026-12-22', { step: 'receive_information' });
    // Seven days waited: 18 January becomes 25 January.
    expectMail((await deliver(1))[0], { to, subject: `Aanvullende informatie ontvangen voor uw erkenningsaanvraag ${reference}`, reference, says: ['Ontvangen op: 22 december 2026', 'Onderzoek afgerond uiterlijk op: 25 januari 2027'] });

    await step('2027-01-20', { step: 'give_advice' });
    await step('2027-02-01', { step: 'decide', outcome: 'granted', notifiedOn: '2027-02-02', validFrom: '2027-03-01' });
    const [decision] = await deliver(1);
    const recognitionNumber = (await call('GET', `/api/v1/admin/applications/${reference}`, tokens.admin)).recognitionNumber;
    expectMail(decision, {
      to,
      subject: `Beslissing over uw erkenningsaanvraag ${reference}: erkend`,
      reference,
      says: ['Beslissing van: 1 februari 2027', `Erkenningsnummer: ${recognitionNumber}`, 'Geldig vanaf: 1 maart 2027', 'Geldig tot en met: 29 februari 2032', 'tot en met 4 maart 2027 een verzoek tot heroverweging'],
    });

    await step('2027-02-20', { step: 'request_reconsideration' });
    expectMail((await deliver(1))[0], { to, subject: `Verzoek tot heroverweging ontvangen voor uw erkenningsaanvraag ${reference}`, reference, says: ['Verzoek ontvangen op: 20 februari 2027', 'binnen 45 dagen'] });
    await call('POST', `/api/v1/admin/applications/${reference}/hearing-invitation`, tokens.admin, { on: '2027-03-08', time: '14:30', place: 'Koning Albert II-laan 35, 1030 Brussel' });
    expectMail((await deliver(1))[0], { to, subject: `Uitnodiging voor de hoorzitting over uw erkenningsaanvraag ${reference}`, reference, says: ['Datum: maandag 8 maart 2027', 'Uur: 14.30 uur', 'Plaats: Koning Albert II-laan 35, 1030 Brussel'] });
    await step('2027-03-08', { step: 'hold_hearing' });
    await step('2027-04-01', { step: 'give_committee_advice' });
    expect(await deliver(0)).toEqual([]); // the hearing and the committee's advice send nothing
    await step('2027-04-10', { step: 'decide_finally', outcome: 'refused', notifiedOn: '2027-04-11', note: 'De capaciteit is niet aangetoond.' });
    expectMail((await deliver(1))[0], {
      to,
      subject: `Beslissing na heroverweging over uw erkenningsaanvraag ${reference}: geweigerd`,
      reference,
      says: ['Beslissing van: 10 april 2027', 'Beslissing: geweigerd', 'Toelichting: De capaciteit is niet aangetoond.', 'Dit is de definitieve beslissing'],
    });
    // Every step that sent a mail recorded when; the others did not send one.
    const { steps } = await call('GET', `/api/v1/admin/applications/${reference}`, tokens.admin);
    expect(steps.map((s: { step: string; mailSentAt: string | null }) => [s.step, s.mailSentAt !== null])).toEqual([
      ['declare_admissible', true],
      ['start_examination', false],
      ['request_information', true],
      ['receive_information', true],
      ['give_advice', false],
      ['decide', true],
      ['request_reconsideration', true],
      ['hold_hearing', false],
      ['give_committee_advice', false],
      ['decide_finally', true],
    ]);
    expect(steps[0].mailSentAt).toBe('2026-12-04T07:15:00.000Z');
  });

  it('tell an applicant its application is not admissible, and why', async () => {
    clock.set('2026-12-01T09:00:00+01:00');
    const { reference } = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0417497106', '2026-12-01'));
    await deliver(1);
    await call('POST', `/api/v1/admin/applications/${reference}/steps`, tokens.admin, { step: 'declare_inadmissible', on: '2026-12-01', note: 'De verklaring op erewoord ontbreekt.' });
    expectMail((await deliver(1))[0], { to: APPLICANT, subject: `Uw erkenningsaanvraag ${reference} is niet ontvankelijk`, reference, says: ['Niet ontvankelijk verklaard op: 1 december 2026', 'Reden: De verklaring op erewoord ontbreekt.'] });
  });

  it('refuse a hearing invitation before reconsideration is requested', async () => {
    clock.set('2026-12-01T09:00:00+01:00');
    const { reference } = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0200065765', '2026-12-01'));
    await expect(call('POST', `/api/v1/admin/applications/${reference}/hearing-invitation`, tokens.admin, { on: '2027-03-08', time: '14:30', place: 'Brussel' })).rejects.toThrow(/409.*after a request for reconsideration/);
    await expect(call('POST', `/api/v1/admin/applications/${reference}/hearing-invitation`, tokens.admin, { on: '2027-03-08', time: '25:00', place: 'Brussel' })).rejects.toThrow(/400.*HH:MM/);
    await deliver(1); // its receipt
  });
});

describe('the warnings and the digest', () => {
  it('warn a provider six months before its recognition expires', async () => {
    await dailyMails('2026-12-30');
    const [sixMonths] = await deliver(1);
    expectMail(sixMonths, { to: 'info@provider-2.example', subject: 'Uw erkenning ED-T-2 verloopt op 30 juni 2027', reference: 'ED-T-2', says: ['Bijna Verlopen vzw', 'binnen zes maanden', 'Geldig tot en met: 30 juni 2027'] });
  });

  it('warn a provider that reported no coaching last year, with the day it lapses', async () => {
    // Provider 1 coached in 2024 and 2025 but reported nothing for 2026.
    await dailyMails('2026-12-30');
    await deliver(1); // provider 2's six-month warning
    await dailyMails('2027-01-04');
    const [warning] = await deliver(1); // provider 2's six-month warning is not sent again
    expectMail(warning, {
      to: CONTACT.email,
      subject: 'Geen begeleiding gemeld voor 2026: uw erkenning ED-T-1 vervalt als dat zo blijft in 2027',
      reference: 'ED-T-1',
      says: ['Jaar zonder begeleiding: 2026', 'Vervalt op: 1 januari 2028', 'twee opeenvolgende kalenderjaren', 'Hebt u in 2026 of 2027 wel werknemers begeleid'],
    });
  });

  it('warn a provider again one month before its recognition expires', async () => {
    await dailyMails('2026-12-30');
    await dailyMails('2027-01-04');
    await deliver(2); // the six-month warning, and provider 1's warning about 2026
    await dailyMails('2027-05-30');
    const [oneMonth] = await deliver(1); // provider 1's warning about 2026 went out in January: not again
    expectMail(oneMonth, { to: 'info@provider-2.example', subject: 'Uw erkenning ED-T-2 verloopt op 30 juni 2027', reference: 'ED-T-2', says: ['binnen een maand'] });
  });

  it('give each administrator one digest a day of the deadlines overdue and due within three days', async () => {
    clock.set('2027-06-01T09:00:00+02:00');
    const overdue = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0881030412', '2027-05-20'));
    const soon = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0417497205', '2027-05-27'));
    const later = await call('POST', '/api/v1/admin/applications', tokens.admin, application('0417497304', '2027-05-31'));
    await deliver(3); // their receipts
    const administrators = ['els@werk.example', 'jan@werk.example'];
    expect((await produceDailyMails(database.db, { day: '2027-06-01', now: clock.now(), administrators })).digests).toBe(2);
    expect((await produceDailyMails(database.db, { day: '2027-06-01', now: clock.now(), administrators })).digests).toBe(0);
    // The day's two warnings to providers go too; the digests are the mails to administrators.
    const mails = await deliver(4);
    const digests = mails.filter((mail) => administrators.includes(mail.envelopeTo[0])).sort((a, b) => a.envelopeTo[0].localeCompare(b.envelopeTo[0]));
    expect(digests).toHaveLength(2);
    expect(mails.filter((mail) => !digests.includes(mail)).map((mail) => mail.parsed.subject).sort()).toEqual([
      'Geen begeleiding gemeld voor 2026: uw erkenning ED-T-1 vervalt als dat zo blijft in 2027',
      'Uw erkenning ED-T-2 verloopt op 30 juni 2027',
    ]);
    for (const [i, digest] of digests.entries()) {
      expectMail(digest, {
        to: administrators[i],
        subject: /^Termijnen op 1 juni 2027: \d+ verstreken, 1 binnen 3 dagen$/,
        reference: null,
        says: [
          `${overdue.reference} (Nieuwe Horizon vzw): Beslissing over de ontvankelijkheid: verstreken op 27 mei 2027 (5 dagen te laat).`,
          `${soon.reference} (Nieuwe Horizon vzw): Beslissing over de ontvankelijkheid: uiterlijk op 3 juni 2027 (nog 2 dagen).`,
        ],
      });
      expect(digest.parsed.text).not.toContain(later.reference); // due 7 June: not yet
    }
  });

  it('tell a provider and each administrator, once, that a subcontractor is no longer recognised', async () => {
    const administrators = ['els@werk.example'];
    // Nothing while the subcontractor is recognised (its last valid day).
    clock.set('2027-06-30T06:00:00+02:00');
    await produceDailyMails(database.db, { day: '2027-06-30', now: clock.now(), administrators });
    const notices = async () => {
      const before = smtp.received.length;
      await sender.deliverDue();
      return smtp.received.slice(before).filter((mail) => /onderaannemer/i.test(mail.parsed.subject ?? ''));
    };
    expect(await notices()).toEqual([]);
    clock.set('2027-07-01T06:00:00+02:00');
    const first = await produceDailyMails(database.db, { day: '2027-07-01', now: clock.now(), administrators });
    expect(first.subcontractorNotices).toBe(2);
    const [toAdministrator, toProvider] = (await notices()).sort((a, b) => a.envelopeTo[0].localeCompare(b.envelopeTo[0]));
    expectMail(toAdministrator, {
      to: 'els@werk.example',
      subject: 'Onderaannemer niet meer erkend: Werkkracht Gent vzw werkt met Bijna Verlopen vzw',
      reference: 'ED-T-1',
      says: [`Onderaannemer: Bijna Verlopen vzw (${formatEnterpriseNumber(enterpriseNumber(2))})`, 'Status van de onderaannemer: Verlopen', 'Niet erkend sinds: 1 juli 2027', 'De dienstverlener kreeg hierover een e-mail.'],
    });
    expectMail(toProvider, {
      to: CONTACT.email,
      subject: 'Uw onderaannemer Bijna Verlopen vzw is niet meer erkend',
      reference: 'ED-T-1',
      says: ['Die organisatie is sinds 1 juli 2027 niet erkend als externe dienstverlener.', 'Reden: De erkenning van 5 jaar is verstreken.', 'alleen werken met onderaannemers die zelf erkend zijn'],
    });
    // The next day, and again the same day: not again.
    await produceDailyMails(database.db, { day: '2027-07-01', now: clock.now(), administrators });
    clock.set('2027-07-02T06:00:00+02:00');
    expect((await produceDailyMails(database.db, { day: '2027-07-02', now: clock.now(), administrators })).subcontractorNotices).toBe(0);
    expect(await notices()).toEqual([]);
  });
});

describe('a reconsideration request of an applicant that is not in the register', () => {
  it('is recorded by the department within the same 30 days, and confirmed to the contact person of the application', async () => {
    const { providers } = await import('#db/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    /** A first application, refused on 25 July 2027 and told the next day: the window runs to 25 August. */
    const refused = async (serial: number) => {
      clock.set('2027-07-05T09:00:00+02:00');
      const { reference } = await call('POST', '/api/v1/admin/applications', tokens.admin, application(enterpriseNumber(serial), '2027-07-05'));
      const step = (body: object) => call('POST', `/api/v1/admin/applications/${reference}/steps`, tokens.admin, body);
      clock.set('2027-07-06T09:00:00+02:00');
      await step({ step: 'declare_admissible', on: '2027-07-06' });
      clock.set('2027-07-20T09:00:00+02:00');
      await step({ step: 'give_advice', on: '2027-07-20' });
      clock.set('2027-07-26T09:00:00+02:00');
      await step({ step: 'decide', on: '2027-07-25', outcome: 'refused', notifiedOn: '2027-07-26' });
      await sender.deliverDue(); // receipt, admissibility, decision
      return { reference, step };
    };
    const first = await refused(61);
    // Not in the register: no provider token or session can be made for it.
    expect(await database.db.select().from(providers).where(eq(providers.enterpriseNumber, enterpriseNumber(61)))).toEqual([]);

    // Day 30: in time, recorded by an administrator on the applicant's behalf.
    clock.set('2027-08-25T16:00:00+02:00');
    const recorded = await first.step({ step: 'request_reconsideration', on: '2027-08-25', note: 'Brief van de aanvrager, ontvangen op 25 augustus.' });
    expect(recorded).toMatchObject({ state: 'reconsideration_requested', allowedSteps: ['hold_hearing'] });
    expect(recorded.steps.at(-1)).toMatchObject({ step: 'request_reconsideration', actor: 'Els Beheerder', late: false });
    expectMail((await deliver(1))[0], {
      to: APPLICANT,
      subject: `Verzoek tot heroverweging ontvangen voor uw erkenningsaanvraag ${first.reference}`,
      reference: first.reference,
      says: ['Verzoek ontvangen op: 25 augustus 2027'],
    });

    // Day 31: too late, as for a provider asking through the portal; nothing is written or sent.
    const second = await refused(62);
    clock.set('2027-08-26T09:00:00+02:00');
    await expect(second.step({ step: 'request_reconsideration', on: '2027-08-26' })).rejects.toThrow(/422.*had to be requested by 2027-08-25/);
    expect((await call('GET', `/api/v1/admin/applications/${second.reference}`, tokens.admin)).state).toBe('refused');
    expect(await deliver(0)).toEqual([]);
  });
});
