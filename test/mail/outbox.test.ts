/**
 * The outbox's promises, against a real SMTP server: a mail exists only with the change that
 * caused it; temporary failures are retried with backoff and every answer is recorded; a mail is
 * delivered at most once, also when the register stops in the middle of sending.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { fileChangeReport, acceptChangeReport } from '#db/commands/change-reports.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { mailAttempts, mailOutbox } from '#db/schema/index.ts';
import { listOutbox } from '#mail/outbox.ts';
import { enqueueMail, resendMail } from '#db/commands/outbox.ts';
import { MailSender } from '#mail/sender.ts';
import { fileTransport, smtpTransport, type MailTransport } from '#mail/transports.ts';
import { produceDailyMails } from '#mail/daily.ts';
import { createTestDatabase, insertProviders } from '#test/fixtures/database.ts';
import { closedPort, startSmtpServer, type TestSmtpServer } from './smtp.ts';
import { movableClock } from '#test/fixtures/clock.ts';
import { applicationFixture } from '#test/fixtures/application.ts';
import { contactPersonFixture } from '#test/fixtures/contact.ts';

const FROM = 'register@werk.example';
const CONTACT = contactPersonFixture();
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: TestSmtpServer;
const clock = movableClock();

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [
    { id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', capacity: { totalPlaces: 10, freePlaces: 2 }, contactPerson: CONTACT },
    { id: 2, name: 'Zonder Contact bv', validFrom: '2024-01-01' },
  ]);
  smtp.received.length = 0;
  smtp.next.length = 0;
  clock.set('2026-11-28T10:00:00+01:00');
});
afterEach(() => database.cleanup());

const sender = (transport: MailTransport = smtpTransport(smtp.url), options: Partial<ConstructorParameters<typeof MailSender>[0]> = {}) =>
  new MailSender({ db: database.db, clock, transport, from: FROM, ...options });
const outbox = () => database.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));
const attempts = (mailId: number) => database.db.select().from(mailAttempts).where(eq(mailAttempts.mailId, mailId)).orderBy(asc(mailAttempts.id));
const file = (providerId = 1) => fileChangeReport(database.db, { providerId, actor: { name: 'Officer' }, request: { kind: 'capacity', payload: { totalPlaces: 12 } }, now: clock.now() });

describe('a mail and its change', () => {
  it('are committed together: the receipt of a report goes to the private procedure contact', async () => {
    const { report } = await file();
    const [row] = await outbox();
    expect(row).toMatchObject({ template: 'change_report_received', recipient: CONTACT.email, reference: report.reference, status: 'pending', attempts: 0 });
    // Without a contact person, the organisation's own (public) address is used.
    await file(2);
    expect((await outbox())[1].recipient).toBe('info@provider-2.example');
  });

  it('leave no mail behind when the change is refused or rolled back', async () => {
    // Refused by the register: more free places than places.
    await expect(fileChangeReport(database.db, { providerId: 1, actor: { name: 'Officer' }, request: { kind: 'free_places', payload: { freePlaces: 99 } }, now: clock.now() })).rejects.toThrow(/cannot exceed/);
    // Rolled back after the mail was enqueued in the same transaction.
    await expect(
      writeTransaction(database.db, async (tx) => {
        await enqueueMail(tx, { template: 'change_report_received', to: { provider: 1 }, reference: 'WM-X', data: { reference: 'WM-X', kind: 'other', status: 'pending_review', receivedAt: clock.now().toISOString() } }, clock.now());
        throw new Error('the change failed after its mail was written');
      }),
    ).rejects.toThrow(/change failed/);
    // A failing write grouped with good ones (group commit) takes no mail of theirs down, and leaves none of its own.
    const results = await Promise.allSettled([file(), fileChangeReport(database.db, { providerId: 1, actor: { name: 'Officer' }, request: { kind: 'free_places', payload: { freePlaces: 99 } }, now: clock.now() }), file()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await outbox();
    expect(rows.map((r) => r.reference)).toEqual(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ report: { reference: string } }>).value.report.reference));
    await sender().deliverDue();
    expect(smtp.received).toHaveLength(2);
  });
});

describe('delivery', () => {
  it('sends a mail once, with a stable Message-ID, and records the answer', async () => {
    await file();
    expect(await sender().deliverDue()).toBe(1);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: '2026-11-28T09:00:00.000Z', lastAnswer: expect.stringMatching(/^250 /) });
    expect(row.messageId).toMatch(/^<[0-9a-f-]{36}@werk\.example>$/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].envelopeTo).toEqual([CONTACT.email]);
    expect(smtp.received[0].parsed.messageId).toBe(row.messageId);
    expect(smtp.received[0].parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(await sender().deliverDue()).toBe(0); // nothing is sent twice
    expect(smtp.received).toHaveLength(1);
  });

  it('retries a refusal for now (4xx) with doubling waits, recording every answer, then delivers once', async () => {
    await file();
    smtp.next.push({ refuse: 451, text: 'Greylisted, try again later' }, { refuse: 452, text: 'Mailbox full for now' });
    const s = sender(undefined, { retryBaseMs: 60_000 });
    expect(await s.deliverDue()).toBe(1);
    let [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-28T09:01:00.000Z', lastAnswer: expect.stringMatching(/451.*Greylisted/) });
    expect(await s.deliverDue()).toBe(0); // not due before its time
    clock.advance(60_000);
    await s.deliverDue();
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: '2026-11-28T09:03:00.000Z', lastAnswer: expect.stringMatching(/452.*Mailbox full/) });
    clock.advance(120_000);
    await s.deliverDue();
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, sentAt: '2026-11-28T09:03:00.000Z' });
    expect((await attempts(row.id)).map((a) => [a.outcome, a.answer?.slice(0, 3)])).toEqual([['retry', '451'], ['retry', '452'], ['sent', '250']]);
    expect(smtp.received).toHaveLength(1);
  });

  it('retries when the server cannot be reached, and gives up after the last attempt', async () => {
    await file();
    const s = sender(smtpTransport(`smtp://127.0.0.1:${await closedPort()}`), { retryBaseMs: 1000, maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await s.deliverDue();
      clock.advance(10_000);
    }
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastAnswer: expect.stringMatching(/ECONNREFUSED/) });
    expect((await attempts(row.id)).map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
  });

  it('does not retry a refusal for good (5xx)', async () => {
    await file();
    smtp.next.push({ refuse: 550, text: 'No such user here' });
    await sender().deliverDue();
    clock.advance(24 * 3600_000);
    await sender().deliverDue();
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastAnswer: expect.stringMatching(/550.*No such user/) });
    expect(smtp.received).toHaveLength(0);
  });

  it('marks a provider without any address as failed, with the reason', async () => {
    await database.db.run(sql`UPDATE providers SET email = NULL WHERE id = 2`);
    await file(2);
    await sender().deliverDue();
    expect((await outbox())[0]).toMatchObject({ status: 'failed', recipient: '', lastAnswer: expect.stringMatching(/No e-mail address is known/) });
  });
});

describe('at most once', () => {
  it('does not send again a mail the register was sending when it was killed; an administrator can', async () => {
    await file();
    // The first process hands the mail over and dies before it can record the answer.
    const smtpOnce = smtpTransport(smtp.url);
    const dying: MailTransport = { description: 'dies after sending', deliver: async (m) => (await smtpOnce.deliver(m), new Promise(() => {})) };
    void sender(dying).deliverDue();
    await smtp.waitFor(1);
    expect((await outbox())[0].status).toBe('sending');

    // The next start finds it 'sending': it may have arrived, so it is marked and left alone.
    const restarted = sender();
    expect(await restarted.recover()).toBe(1);
    expect(await restarted.deliverDue()).toBe(0);
    clock.advance(7 * 24 * 3600_000);
    expect(await restarted.deliverDue()).toBe(0);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'unknown', attempts: 1, lastAnswer: expect.stringMatching(/may have arrived/) });
    expect(smtp.received).toHaveLength(1);
    expect((await listOutbox(database.db, { statuses: ['unknown'], limit: 10 })).map((m) => m.id)).toEqual([row.id]);

    // An administrator who checked it did not arrive sends it again, with the same Message-ID.
    await resendMail(database.db, { id: row.id, now: clock.now() });
    await restarted.deliverDue();
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1].parsed.messageId).toBe(smtp.received[0].parsed.messageId);
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('does not retry when the connection is lost after the message was handed over', async () => {
    await file();
    smtp.next.push({ silentAfterData: true });
    await sender(smtpTransport(smtp.url, { socketMs: 300 })).deliverDue();
    clock.advance(24 * 3600_000);
    await sender().deliverDue();
    expect((await outbox())[0]).toMatchObject({ status: 'unknown', attempts: 1, lastAnswer: expect.stringMatching(/after the message was handed over/) });
  });

  it('refuses to resend a mail that was sent or is still pending', async () => {
    await file();
    const [pending] = await outbox();
    await expect(resendMail(database.db, { id: pending.id, now: clock.now() })).rejects.toThrow(/only a failed mail/);
    await expect(resendMail(database.db, { id: 999, now: clock.now() })).rejects.toThrow(/no mail 999/);
  });
});

describe('the sender in the running register', () => {
  it('wakes up when a mail is enqueued, and stops cleanly', async () => {
    const s = sender(undefined, { pollMs: 60_000 });
    s.start();
    const started = Date.now();
    const { report } = await file();
    await acceptChangeReport(database.db, { reference: report.reference, actor: { name: 'Els' }, now: clock.now() });
    const received = await smtp.waitFor(2, 3000);
    expect(Date.now() - started).toBeLessThan(3000); // long before the next poll
    expect(received.map((m) => m.parsed.subject)).toEqual([`Ontvangstbevestiging van uw melding ${report.reference}`, `Uw melding ${report.reference} is aanvaard`]);
    await s.stop();
    // Stopped: it gave the mail lease up, and sends nothing more, even when woken or asked.
    expect(s.sending).toBe(false);
    const { report: later } = await file();
    s.wake();
    expect(await s.deliverDue()).toBe(0);
    expect(smtp.received).toHaveLength(2);
    // The new mail waits in the outbox, untouched, for the next sender.
    expect((await outbox()).at(-1)).toMatchObject({ reference: later.reference, status: 'pending', attempts: 0 });
    expect(await sender().deliverDue()).toBe(1);
    expect(smtp.received.at(-1)!.parsed.subject).toBe(`Ontvangstbevestiging van uw melding ${later.reference}`);
  });

  it('writes .eml files without a mail server, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-outbox-'));
    try {
      await file();
      await sender(fileTransport(dir)).deliverDue();
      const [row] = await outbox();
      expect(row).toMatchObject({ status: 'sent', lastAnswer: expect.stringMatching(/^written to .*000001\.eml$/) });
      expect(readdirSync(dir)).toEqual(['000001.eml']);
      const parsed = await simpleParser(readFileSync(join(dir, '000001.eml')));
      expect(parsed).toMatchObject({ subject: row.subject, messageId: row.messageId });
      expect(parsed.text).toContain(row.reference);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the daily mails', () => {
  it('are enqueued once per recognition and milestone, and once per day and administrator', async () => {
    await insertProviders(database, [
      // Valid until 30 June 2027, coaching every year: expiry warnings only.
      { id: 3, name: 'Bijna Verlopen vzw', validFrom: '2022-07-01', activity: [2023, 2024, 2025, 2026].map((year) => ({ year, employeesCoached: 1 })) },
      // Valid until 31 December 2028, nobody coached in 2026: the lapse warning in January 2027.
      { id: 4, name: 'Stil Jaar bv', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 1 }] },
    ]);
    const { createApplication } = await import('#db/commands/applications.ts');
    await createApplication(database.db, { application: APPLICATION, actor: { name: 'Els' }, now: new Date('2026-12-28T09:00:00Z') }); // admissibility due 4 January 2027
    const before = (await outbox()).length;
    const run = async (day: string) => produceDailyMails(database.db, { day, now: new Date(`${day}T06:00:00Z`), administrators: ['els@werk.example'] });
    expect(await run('2026-12-29')).toEqual({ warnings: 0, subcontractorNotices: 0, digests: 0 });
    expect(await run('2026-12-30')).toEqual({ warnings: 1, subcontractorNotices: 0, digests: 0 });
    expect(await run('2027-01-02')).toEqual({ warnings: 1, subcontractorNotices: 0, digests: 1 });
    expect(await run('2027-01-02')).toEqual({ warnings: 0, subcontractorNotices: 0, digests: 0 }); // the same day again: nothing new
    expect(await run('2027-01-03')).toEqual({ warnings: 0, subcontractorNotices: 0, digests: 1 }); // a new day: a new digest
    expect(await run('2027-05-30')).toEqual({ warnings: 1, subcontractorNotices: 0, digests: 1 }); // one month left
    expect((await outbox()).slice(before).map((r) => r.dedupeKey)).toEqual([
      'warning:ED-T-3:expiry-6m',
      'warning:ED-T-4:no-coaching-2026',
      'digest:2027-01-02:els@werk.example',
      'digest:2027-01-03:els@werk.example',
      'warning:ED-T-3:expiry-1m',
      'digest:2027-05-30:els@werk.example',
    ]);
  });
});

const APPLICATION = applicationFixture({ submittedOn: '2026-12-28', simplifiedCategory: 'GTB', experience: null });

describe('a register whose clock is frozen in the past (REGISTER_NOW)', () => {
  it('dates the mail by the real clock, which mail servers and programs judge, and records the sending by its own', async () => {
    await file();
    const before = Date.now();
    expect(await sender().deliverDue()).toBe(1);
    const mail = smtp.received.at(-1)!;
    // The register says 28 November 2026; the Date header says now.
    expect(mail.parsed.date!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(mail.parsed.date!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const [row] = await outbox();
    expect(row.sentAt).toBe(clock.now().toISOString());
  });
});

