/**
 * End to end through the API: the examination deadline runs from the moment the admissibility
 * e-mail was actually sent (recorded by the sender), not from the day of the decision, and
 * requested information stops the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app.ts';
import { checkedApp } from './contract.ts';
import { createToken } from '#db/commands/tokens.ts';
import { MailSender } from '#mail/sender.ts';
import { smtpTransport } from '#mail/transports.ts';
import { createTestDatabase } from '#test/fixtures/database.ts';
import { FakePublisher } from '#test/fixtures/publisher.ts';
import { startSmtpServer, type TestSmtpServer } from '#test/mail/smtp.ts';
import { movableClock } from '#test/fixtures/clock.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

const clock = movableClock();
let smtp: TestSmtpServer;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  database = await createTestDatabase();
  app = checkedApp(createApp({ db: database.db, clock, publisher: new FakePublisher(), currentPublication: async () => null }));
  admin = (await createToken(database.db, { role: 'admin', name: 'Els Beheerder', now: clock.now() })).token;
});
afterAll(async () => {
  await smtp.close();
  database.cleanup();
});

const api = async (method: string, path: string, body?: unknown) => {
  const response = await app.request(path, { method, headers: { Authorization: `Bearer ${admin}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
};

describe('the examination clock', () => {
  it('starts on the Brussels day the admissibility e-mail was sent, and stands still while information is awaited', async () => {
    // The test's clock stands for the real one here too, so the Date header follows it.
    const sender = new MailSender({ db: database.db, clock, headerClock: clock, transport: smtpTransport(smtp.url), from: 'register@werk.example', retryBaseMs: 60_000 });
    const { reference } = await api('POST', '/api/v1/admin/applications', applicationFixture({ submittedOn: '2026-11-20', simplifiedCategory: 'GTB', experience: null }));
    await sender.deliverDue(); // the receipt
    const deadlineOf = async () => (await api('GET', '/api/v1/admin/deadlines')).items.find((i: any) => i.reference === reference).nextDeadline;

    // Declared admissible on 27 November (recorded on the 28th); the mail server refuses for now.
    await api('POST', `/api/v1/admin/applications/${reference}/steps`, { step: 'declare_admissible', on: '2026-11-27' });
    smtp.next.push({ refuse: 421, text: 'Service not available, try again later' });
    await sender.deliverDue();
    const notStarted = { kind: 'examination', started: false, dueOn: null, daysLeft: null, overdue: false };
    expect(await deadlineOf()).toMatchObject(notStarted);
    // Days pass without the mail: the clock has not started, so nothing is overdue.
    clock.set('2026-11-30T12:00:00+01:00');
    expect(await deadlineOf()).toMatchObject(notStarted);
    expect((await api('GET', `/api/v1/admin/applications/${reference}`)).steps[0]).toMatchObject({ step: 'declare_admissible', on: '2026-11-27', mailSentAt: null });

    // The retry succeeds at 00:30 on 1 December in Brussels (still 30 November in UTC).
    clock.set('2026-11-30T23:30:00Z');
    expect(await sender.deliverDue()).toBe(1);
    const admissibleMail = smtp.received.at(-1)!;
    expect(admissibleMail.parsed.subject).toBe(`Uw erkenningsaanvraag ${reference} is ontvankelijk`);
    expect(admissibleMail.parsed.date?.toISOString()).toBe('2026-11-30T23:30:00.000Z');

    const view = await api('GET', `/api/v1/admin/applications/${reference}`);
    expect(view.steps[0]).toMatchObject({ step: 'declare_admissible', mailSentAt: '2026-11-30T23:30:00.000Z' });
    // 1 December + 45 days = 15 January 2027: not 11 January (decision day) nor 14 January (UTC day).
    clock.set('2026-12-02T10:00:00+01:00');
    expect(await deadlineOf()).toEqual({ kind: 'examination', started: true, dueOn: '2027-01-15', daysLeft: 44, overdue: false, suspended: false, waitingFor: 'department' });
    // The mail told the applicant the same day.
    expect(admissibleMail.parsed.text).toContain('Onderzoek afgerond uiterlijk op: 15 januari 2027');

    // Ten days waiting for information move the due day by ten days.
    clock.set('2026-12-05T10:00:00+01:00');
    await api('POST', `/api/v1/admin/applications/${reference}/steps`, { step: 'request_information', on: '2026-12-05' });
    clock.set('2026-12-10T10:00:00+01:00');
    expect(await deadlineOf()).toMatchObject({ suspended: true, overdue: false, waitingFor: 'provider', dueOn: '2027-01-20' });
    clock.set('2026-12-15T10:00:00+01:00');
    await api('POST', `/api/v1/admin/applications/${reference}/steps`, { step: 'receive_information', on: '2026-12-15' });
    expect(await deadlineOf()).toMatchObject({ started: true, suspended: false, dueOn: '2027-01-25', daysLeft: 41 });
    // Overdue the day after.
    clock.set('2027-01-26T10:00:00+01:00');
    expect(await deadlineOf()).toMatchObject({ dueOn: '2027-01-25', daysLeft: -1, overdue: true });

    // Asking information once the term has run out does not stop a clock that has already run out:
    // the examination stays overdue while the answer is awaited, and the answer does not move it.
    clock.set('2027-02-01T10:00:00+01:00');
    await api('POST', `/api/v1/admin/applications/${reference}/steps`, { step: 'request_information', on: '2027-02-01' });
    clock.set('2027-02-10T10:00:00+01:00');
    expect(await deadlineOf()).toMatchObject({ dueOn: '2027-01-25', daysLeft: -16, overdue: true, suspended: false, waitingFor: 'provider' });
    await api('POST', `/api/v1/admin/applications/${reference}/steps`, { step: 'receive_information', on: '2027-02-10' });
    expect(await deadlineOf()).toMatchObject({ dueOn: '2027-01-25', daysLeft: -16, overdue: true, suspended: false });
    expect((await api('GET', `/api/v1/admin/applications/${reference}`)).informationWaits).toEqual([
      { requestedOn: '2026-12-05', receivedOn: '2026-12-15', days: 10, effect: 'suspended' },
      { requestedOn: '2027-02-01', receivedOn: '2027-02-10', days: 0, effect: 'after-term' },
    ]);
  });
});
