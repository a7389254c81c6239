/**
 * A provider withdraws a report while it waits for review (and every refusal of that), and phone
 * numbers are checked and stored in E.164 wherever they enter through the API; numbers stored
 * before that are normalised once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { apiHarness, NOW } from '#test/fixtures/api.ts';
import { changeEvents, changeReports, contactPersons, mailOutbox, providers } from '#db/schema/index.ts';
import { createToken, revokeToken } from '#db/commands/tokens.ts';
import { normaliseStoredPhoneNumbers } from '#db/commands/phone-numbers.ts';
import { CHANGE_REPORT_REVIEW_DAYS } from '#domain/rules/index.ts';
import { outboxMail } from '#mail/outbox.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.database.cleanup());

const json = async (response: Response) => (await response.json()) as any;
const expectProblem = async (response: Response, status: number, detail?: RegExp) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(response);
  expect(body).toMatchObject({ status, type: 'about:blank' });
  if (detail) expect(body.detail).toMatch(detail);
  return body;
};
const file = async (token: string, body: object) => {
  const response = await h.call('POST', '/api/v1/change-reports', { token, body });
  expect(response.status).toBe(201);
  return json(response);
};
const withdraw = (reference: string, token?: string) => h.call('POST', `/api/v1/change-reports/${reference}/withdraw`, { token });
const statusOf = async (reference: string) => (await h.database.db.select({ status: changeReports.status }).from(changeReports).where(eq(changeReports.reference, reference)))[0].status;
const eventCount = async () => (await h.database.db.select({ n: count() }).from(changeEvents))[0].n;

describe('withdrawing a change report', () => {
  it('tells when a waiting report is expected to be reviewed, from the rules', async () => {
    const report = await file(h.tokens.provider1, { kind: 'other', payload: { text: 'Wij verhuizen in januari.' } });
    // Received on 28 November 2026 (Brussels): expected within the rules' term.
    expect(CHANGE_REPORT_REVIEW_DAYS).toBe(14);
    expect(report).toMatchObject({ status: 'pending_review', expectedReviewBy: '2026-12-12', withdrawnAt: null });
  });

  it('withdraws its own waiting report: the status says so, the queue no longer offers it, a mail confirms it, the register is unchanged', async () => {
    const report = await file(h.tokens.provider1, { kind: 'capacity', payload: { totalPlaces: 40 } });
    const events = await eventCount();
    const response = await withdraw(report.reference, h.tokens.provider1);
    expect(response.status).toBe(200);
    const withdrawn = await json(response);
    expect(withdrawn).toMatchObject({ reference: report.reference, status: 'withdrawn', withdrawnAt: NOW.toISOString(), reviewedAt: null, expectedReviewBy: null });
    expect(await json(await h.call('GET', `/api/v1/change-reports/${report.reference}`, { token: h.tokens.provider1 }))).toMatchObject({ status: 'withdrawn', withdrawnAt: NOW.toISOString() });

    const queue = await json(await h.call('GET', '/api/v1/admin/change-reports', { token: h.tokens.admin }));
    expect(queue.items.map((i: any) => i.reference)).not.toContain(report.reference);
    await expectProblem(await h.call('POST', `/api/v1/admin/change-reports/${report.reference}/accept`, { token: h.tokens.admin, body: {} }), 409, /not waiting for review/);

    // Recorded as decisions are: when and by whom, and a mail to the procedure contact.
    const [row] = await h.database.db.select().from(changeReports).where(eq(changeReports.reference, report.reference));
    expect(row).toMatchObject({ status: 'withdrawn', reviewedAt: NOW.toISOString(), reviewedBy: 'Officer Werkkracht' });
    const mails = await h.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.reference, report.reference), eq(mailOutbox.template, 'change_report_reviewed')));
    expect(mails).toHaveLength(1);
    // The subject is rendered from the recorded template and data, as the sender will send it.
    expect((await outboxMail(h.database.db, mails[0].id, NOW))?.subject).toBe(`Uw melding ${report.reference} is ingetrokken`);
    // Nothing public changed: no change event, and the capacity is what it was.
    expect(await eventCount()).toBe(events);
    const provider = await json(await h.call('GET', `/api/v1/providers/${h.enterpriseNumber(1)}`));
    expect(provider.capacity.totalPlaces).not.toBe(40);
  });

  it('refuses another organisation (404, as for reading), unknown references (404), and leaves the report waiting', async () => {
    const report = await file(h.tokens.provider2, { kind: 'other', payload: { text: 'Nieuwe directeur.' } });
    await expectProblem(await withdraw(report.reference, h.tokens.provider1), 404, /no change report/);
    await expectProblem(await withdraw('WM-2026-999999', h.tokens.provider1), 404);
    expect(await statusOf(report.reference)).toBe('pending_review');
  });

  it('refuses without a token (401), with a revoked token (401) and with an administrator token (403)', async () => {
    const report = await file(h.tokens.provider2, { kind: 'other', payload: { text: 'Andere website.' } });
    await expectProblem(await withdraw(report.reference), 401);
    const { token, id } = await createToken(h.database.db, { role: 'provider', providerId: 2, name: 'Weg', now: NOW });
    await revokeToken(h.database.db, id, NOW);
    await expectProblem(await withdraw(report.reference, token), 401);
    await expectProblem(await withdraw(report.reference, h.tokens.admin), 403, /providers/);
    expect(await statusOf(report.reference)).toBe('pending_review');
  });

  it('refuses a report that no longer waits: accepted, rejected, applied at once, or already withdrawn (409)', async () => {
    const accepted = await file(h.tokens.provider2, { kind: 'quality_registration', payload: { reference: 'KRM-1' } });
    await h.call('POST', `/api/v1/admin/change-reports/${accepted.reference}/accept`, { token: h.tokens.admin, body: {} });
    const rejected = await file(h.tokens.provider2, { kind: 'quality_registration', payload: { reference: 'KRM-2' } });
    await h.call('POST', `/api/v1/admin/change-reports/${rejected.reference}/reject`, { token: h.tokens.admin, body: { reason: 'Onbekend.' } });
    const applied = await file(h.tokens.provider2, { kind: 'free_places', payload: { freePlaces: 1 } });
    const twice = await file(h.tokens.provider2, { kind: 'other', payload: { text: 'Twee keer.' } });
    expect((await withdraw(twice.reference, h.tokens.provider2)).status).toBe(200);
    for (const [report, status] of [[accepted, 'accepted'], [rejected, 'rejected'], [applied, 'applied'], [twice, 'withdrawn']] as const) {
      await expectProblem(await withdraw(report.reference, h.tokens.provider2), 409, new RegExp(`only a report waiting for review can be, and its status is ${status}`));
      expect(await statusOf(report.reference)).toBe(status);
    }
  });

  it('refuses a reference that is too long (400) and a method the path does not have (405)', async () => {
    await expectProblem(await withdraw('W'.repeat(41), h.tokens.provider1), 400);
    expect((await h.call('GET', '/api/v1/change-reports/WM-2026-000001/withdraw', { token: h.tokens.provider1 })).status).toBe(405);
  });
});

describe('phone numbers through the API', () => {
  it.each([
    ['09 123 45 67', '+3291234567'],
    ['+32 9 123 45 67', '+3291234567'],
    ['0032 9 123 45 67', '+3291234567'],
    ['09.123.45.67', '+3291234567'],
    ['09/123 45 67', '+3291234567'],
    ['(09) 123-45-67', '+3291234567'],
    ['  0470 12 34 56 ', '+32470123456'],
    ['+32470123456', '+32470123456'],
    ['02 555 01 00', '+3225550100'],
    // A foreign number is accepted with its country code.
    ['+31 20 123 4567', '+31201234567'],
    ['0033 1 23 45 67 89', '+33123456789'],
  ])('stores %j as %s', async (typed, e164) => {
    const report = await file(h.tokens.provider1, { kind: 'contact_details', payload: { phone: typed } });
    expect(report.payload.phone).toBe(e164);
  });

  it.each([
    ['letters', '09 123 45 6a', /use only digits/],
    ['a letter O for a zero', 'O9 123 45 67', /use only digits/],
    ['an extension', '09 123 45 67 ext 5', /use only digits/],
    ['too few digits', '09 12', /too few or too many digits/],
    ['too many digits', '09 123 45 67 89', /too few or too many digits/],
    ['a Dutch number without its country code', '020 123 4567', /too few or too many digits/],
    ['an unknown country code', '+999 1234 5678', /too few or too many digits/],
    ['nothing but spaces', '   ', /use only digits/],
    ['a plus in the middle', '09 +123 45 67', /use only digits/],
    ['a very long text', '0'.repeat(200), /too few or too many digits/],
  ])('refuses %s with problem details naming the field, and files nothing', async (_what, typed, message) => {
    const before = (await h.database.db.select({ n: count() }).from(changeReports))[0].n;
    const problem = await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'contact_details', payload: { phone: typed } } }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'payload.phone', message: expect.stringMatching(message) })]);
    expect((await h.database.db.select({ n: count() }).from(changeReports))[0].n).toBe(before);
  });

  it('applies an accepted number in E.164 to the register, the public API and the public log', async () => {
    const report = await file(h.tokens.provider2, { kind: 'contact_details', payload: { phone: '050 44 55 66' } });
    await h.call('POST', `/api/v1/admin/change-reports/${report.reference}/accept`, { token: h.tokens.admin, body: {} });
    const provider = await json(await h.call('GET', `/api/v1/providers/${h.enterpriseNumber(2)}`));
    expect(provider.contact?.phone ?? provider.phone).toBe('+3250445566');
    const events = await json(await h.call('GET', '/api/v1/events?limit=1000'));
    expect(JSON.stringify(events.items.at(-1))).toContain('+3250445566');
  });

  it('checks both numbers of an application an administrator registers: wrong ones are refused, right ones stored in E.164', async () => {
    const application = (phone: string, personal: string) => ({
      submittedOn: '2026-11-27',
      organisation: {
        name: 'Telefoon Test vzw',
        enterpriseNumber: '0417497106',
        street: 'Kerkstraat 1',
        postcode: '9000',
        municipalityNis: '44021',
        email: 'info@telefoon.example',
        phone,
        contactPerson: { fullName: 'Privé Persoon', email: 'prive@telefoon.example', phone: personal },
      },
      simplifiedCategory: 'GTB',
      experience: null,
      serviceArea: { municipalities: ['44021'], totalPlaces: 5, motivation: 'Regio Gent.' },
      declaration: { signedOn: '2026-11-27', signatory: 'Privé Persoon' },
    });
    const refused = await expectProblem(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application('09 12', 'nul vier zeven nul') }), 400);
    expect(refused.errors.map((e: any) => e.path).sort()).toEqual(['organisation.contactPerson.phone', 'organisation.phone']);
    const created = await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application('09 234 56 78', '0470 99 88 77') });
    expect(created.status).toBe(201);
    const stored = await h.database.db.query.applications.findFirst({ where: (a, { eq }) => eq(a.reference, (created.headers.get('location') ?? '').split('/').pop()!) });
    expect(stored?.organisation).toMatchObject({ phone: '+3292345678', contactPerson: { phone: '+32470998877' } });
    // An empty number means none.
    const empty = await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application('', '') });
    expect(empty.status).toBe(201);
  });
});

describe('phone numbers stored before they were checked', () => {
  it('are written in E.164 once, a public number with a log entry, and what is no number is left and named', async () => {
    const db = h.database.db;
    await db.update(providers).set({ phone: '09 200 00 07' }).where(eq(providers.id, 3));
    await db.update(providers).set({ phone: 'bel het onthaal' }).where(eq(providers.id, 4));
    const [person] = await db.select().from(contactPersons).limit(1);
    if (person) await db.update(contactPersons).set({ phone: '0470 12 34 56' }).where(eq(contactPersons.id, person.id));
    const events = await eventCount();

    const first = await normaliseStoredPhoneNumbers(db, NOW);
    expect(first.unreadable).toEqual(['providers 4']);
    expect((await db.select({ phone: providers.phone }).from(providers).where(eq(providers.id, 3)))[0].phone).toBe('+3292000007');
    expect((await db.select({ phone: providers.phone }).from(providers).where(eq(providers.id, 4)))[0].phone).toBe('bel het onthaal');
    if (person) expect((await db.select().from(contactPersons).where(eq(contactPersons.id, person.id)))[0].phone).toBe('+32470123456');
    const logged = await db.select().from(changeEvents).where(and(eq(changeEvents.providerId, 3), eq(changeEvents.kind, 'provider.contact_details')));
    expect(logged.at(-1)).toMatchObject({ after: { phone: '+3292000007' }, actor: 'Departement Werk en Sociale Economie' });
    expect(await eventCount()).toBeGreaterThan(events);

    // Every other stored number is in E.164 too.
    for (const row of await db.select({ id: providers.id, phone: providers.phone }).from(providers)) if (row.id !== 4 && row.phone) expect(row.phone).toMatch(/^\+\d{8,15}$/);
    const afterFirst = await eventCount();
    const second = await normaliseStoredPhoneNumbers(db, NOW);
    expect(second.changed).toBe(0);
    expect(await eventCount()).toBe(afterFirst);
  });
});
