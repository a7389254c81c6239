/**
 * The sender: delivers the outbox, one mail at a time, at most once each, in one process at a time.
 *
 * - A mail is claimed (status `sending`, attempt counted, rendered for this moment, Message-ID
 *   fixed) in a write transaction before anything is sent, and its outcome is recorded in
 *   another afterwards. A mail found `sending` when the register starts was being sent when the
 *   process stopped: it may have arrived, so it becomes `unknown` and is never sent again by
 *   itself — an administrator decides (at most one delivery, rather than at least one).
 * - A temporary failure (connection refused, a 4xx answer) is retried with exponential backoff;
 *   a permanent refusal (5xx) or the last attempt makes the mail `failed`. Every attempt is
 *   recorded with the server's answer.
 * - When the server accepts a mail that announces a procedure step, the step records the
 *   instant it was sent, by the register's clock, as the time it was sent (the admissibility
 *   e-mail starts the examination clock that way). The mail's Date header is the real instant
 *   (`headerClock`): mail servers and programs judge it, and the register's clock may be frozen
 *   (`REGISTER_NOW`); in production both are the system clock and say the same.
 * - Of several register processes on one database, the one holding the `mail` lease sends
 *   (db/leases.ts); it claims a mail only while it holds the lease (a condition of the claim
 *   itself), and each claim names its sender. A process that takes the lease over marks what
 *   other senders left `sending` as `unknown`: they stopped, or lost the lease, mid-send.
 * Runs in the `register start` process, woken when a mail is enqueued here, and looks every
 * `pollMs` for mails enqueued by other processes. Node only.
 */
import { and, asc, eq, isNull, lte, min, ne, or, sql } from 'drizzle-orm';
import { systemClock, type Clock } from '#config/clock.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { Duty, instanceId, Lease } from '#db/leases.ts';
import { mailAttempts, mailOutbox, procedureEvents } from '#db/schema/index.ts';
import type { RenderedMail } from './layout.ts';
import type { DepartmentContact } from '#domain/department-contact.ts';
import { composeMessage, newMessageId } from './compose.ts';
import { renderMail } from './templates/index.ts';
import type { DeliveryResult, MailTransport } from './transports.ts';

/** What the sender needs. */
export interface MailSenderOptions {
  db: RegisterDb;
  clock: Clock;
  /** The clock of the Date header (default: the system clock, whatever the register's clock says). */
  headerClock?: Clock;
  transport: MailTransport;
  /** The sender address (MAIL_FROM). */
  from: string;
  /** The department's contact (DEPARTMENT_* settings), in the closing lines of every mail. */
  contact?: DepartmentContact;
  log?: (message: string) => void;
  /** The wait after the first temporary failure; it doubles after each next one (default 1 minute). */
  retryBaseMs?: number;
  /** The longest wait between two attempts (default 4 hours). */
  retryMaxMs?: number;
  /** Attempts before a mail is given up as failed (default 10: about 8½ hours with the defaults). */
  maxAttempts?: number;
  /** How often the sending process looks for mails enqueued by another process (default 1 second). */
  pollMs?: number;
}

/** The name of the lease that makes a process the mail sender. */
export const MAIL_LEASE = 'mail';
/** The shortest wait between two looks at the outbox (a claim refused for a lost lease does not spin). */
const MIN_WAIT_MS = 50;

/** What the answer says when the register stopped in the middle of sending. */
export const INTERRUPTED_ANSWER =
  'The register stopped while this mail was being sent: it may have arrived. It is not sent again by itself; check, and send it again (POST /api/v1/admin/outbox/{id}/resend) if it did not arrive.';

interface Claimed {
  id: number;
  attempt: number;
  to: string;
  reference: string | null;
  messageId: string;
  /** When it was sent, by the register's clock (what the procedure counts from). */
  sentAt: Date;
  /** The real instant, for the Date header. */
  headerDate: Date;
  rendered: RenderedMail;
  procedureEventId: number | null;
}

/** Delivers the outbox; see the module comment for its guarantees. */
export class MailSender {
  private readonly options: Required<Omit<MailSenderOptions, 'log' | 'contact'>> & { log: (message: string) => void; contact?: DepartmentContact };
  private stopped = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Names this sender on its claims: a claim another sender left `sending` is resolved as `unknown`. */
  private readonly claimant = `${instanceId()}/${crypto.randomUUID().slice(0, 8)}`;
  /** The `mail` lease, while {@link start}ed: only its holder sends. */
  private duty: Duty | null = null;

  constructor(options: MailSenderOptions) {
    this.options = {
      retryBaseMs: 60_000,
      retryMaxMs: 4 * 60 * 60_000,
      maxAttempts: 10,
      pollMs: 1_000,
      headerClock: systemClock,
      log: () => {},
      ...options,
    };
  }

  /**
   * Marks the mails another sender left `sending` as `unknown` (it stopped mid-send); returns how
   * many. A started sender does this when it takes the mail lease, the only moment no other
   * sender may be claiming.
   */
  recover(): Promise<number> {
    const now = this.options.clock.now().toISOString();
    return writeTransaction(this.options.db, async (tx) => {
      const rows = await tx
        .update(mailOutbox)
        .set({ status: 'unknown', lastAnswer: INTERRUPTED_ANSWER })
        .where(and(eq(mailOutbox.status, 'sending'), or(isNull(mailOutbox.claimedBy), ne(mailOutbox.claimedBy, this.claimant))))
        .returning({ id: mailOutbox.id, attempts: mailOutbox.attempts });
      if (rows.length) await tx.insert(mailAttempts).values(rows.map((r) => ({ mailId: r.id, attempt: r.attempts, at: now, outcome: 'unknown' as const, answer: INTERRUPTED_ANSWER })));
      return rows.length;
    });
  }

  /**
   * Starts delivering in the background until {@link stop}: competes for the `mail` lease, and
   * sends while this process holds it.
   */
  start(): void {
    if (this.running) return;
    this.duty = new Duty(new Lease(this.options.db, MAIL_LEASE), {
      acquired: async () => {
        const unknown = await this.recover();
        if (unknown) {
          this.options.log(`${unknown} mails were being sent by a register process that stopped; they are marked 'unknown' and not sent again by themselves (GET /api/v1/admin/outbox?status=unknown).`);
        }
        this.options.log(`This process sends the register's mail now (lease '${MAIL_LEASE}').`);
      },
      active: () => this.wake(),
      lost: () => undefined,
      log: this.options.log,
    });
    this.duty.start();
    this.unsubscribe = this.options.db.writes.on('mail-queued', () => this.wake());
    this.running = this.loop();
  }

  /** Looks at the outbox now (a mail was enqueued). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the mail being sent now (if any) is recorded, and gives the mail lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wakeUp?.();
    await this.running;
    await this.duty?.stop();
  }

  /** Whether this process sends the mail now. */
  get sending(): boolean {
    return this.duty?.active ?? false;
  }

  /** Sends every mail that is due now, one after the other; returns how many attempts were made. */
  async deliverDue(): Promise<number> {
    let attempts = 0;
    while (!this.stopped) {
      const claimed = await this.claim();
      if (claimed === null) break;
      if (claimed === 'skipped') continue;
      await this.record(claimed, await this.send(claimed));
      attempts++;
    }
    return attempts;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let wait = this.options.pollMs;
      if (this.duty?.active) {
        try {
          if ((await this.untilNextDue()) === 0) await this.deliverDue();
          wait = Math.max(MIN_WAIT_MS, await this.untilNextDue());
        } catch (error) {
          this.options.log(`The mail sender failed and tries again shortly: ${(error as Error).message}`);
        }
      }
      if (this.stopped) break;
      if (this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakeUp = null;
          resolve();
        };
        const timer = setTimeout(done, wait);
        timer.unref?.();
        this.wakeUp = done;
      });
    }
  }

  /** Milliseconds until the next pending mail is due, at most `pollMs`. */
  private async untilNextDue(): Promise<number> {
    const [row] = await this.options.db.select({ next: min(mailOutbox.nextAttemptAt) }).from(mailOutbox).where(eq(mailOutbox.status, 'pending'));
    if (!row?.next) return this.options.pollMs;
    return Math.max(0, Math.min(this.options.pollMs, Date.parse(row.next) - this.options.clock.now().getTime()));
  }

  /** Claims the next due mail: rendered for this moment and marked `sending`, before anything leaves. */
  private claim(): Promise<Claimed | 'skipped' | null> {
    const now = this.options.clock.now();
    const at = now.toISOString();
    return writeTransaction(this.options.db, async (tx) => {
      const [row] = await tx
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, at)))
        .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
        .limit(1);
      if (!row) return null;
      const attempt = row.attempts + 1;
      const fail = async (answer: string) => {
        await tx.update(mailOutbox).set({ status: 'failed', attempts: attempt, lastAttemptAt: at, lastAnswer: answer }).where(eq(mailOutbox.id, row.id));
        await tx.insert(mailAttempts).values({ mailId: row.id, attempt, at, outcome: 'failed', answer });
        return 'skipped' as const;
      };
      if (!row.recipient) return fail('No e-mail address is known for this provider (no contact person and no public address).');
      let rendered: RenderedMail;
      try {
        rendered = renderMail(row.template, row.data, { sentAt: now, contact: this.options.contact });
      } catch (error) {
        return fail(`The mail could not be rendered: ${(error as Error).message}`);
      }
      const messageId = row.messageId ?? newMessageId(this.options.from);
      const claimed = await tx
        .update(mailOutbox)
        .set({ status: 'sending', attempts: attempt, lastAttemptAt: at, messageId, subject: rendered.subject, text: rendered.text, html: rendered.html, claimedBy: this.claimant })
        // A started sender claims only while its process holds the mail lease.
        .where(and(eq(mailOutbox.id, row.id), this.duty ? this.duty.lease.heldSql() : sql`1`))
        .returning({ id: mailOutbox.id });
      if (claimed.length === 0) return null;
      return { id: row.id, attempt, to: row.recipient, reference: row.reference, messageId, sentAt: now, headerDate: this.options.headerClock.now(), rendered, procedureEventId: row.procedureEventId };
    });
  }

  private async send(mail: Claimed): Promise<DeliveryResult> {
    let raw: Buffer;
    try {
      raw = await composeMessage({ ...mail.rendered, from: this.options.from, fromName: this.options.contact?.name, to: mail.to, messageId: mail.messageId, date: mail.headerDate, reference: mail.reference });
    } catch (error) {
      return { outcome: 'rejected', permanent: true, answer: `The message could not be composed: ${(error as Error).message}` };
    }
    try {
      return await this.options.transport.deliver({ id: mail.id, from: this.options.from, to: mail.to, raw });
    } catch (error) {
      // A transport should not throw; if one does, nobody knows how far it got.
      return { outcome: 'unknown', answer: (error as Error).message };
    }
  }

  /** The row of a mail this sender claimed (an administrator's resend and another sender's claim are not overwritten). */
  private ownClaim(id: number) {
    return and(eq(mailOutbox.id, id), eq(mailOutbox.claimedBy, this.claimant));
  }

  /** Records what came of an attempt, with the server's answer. */
  private record(mail: Claimed, result: DeliveryResult): Promise<void> {
    const now = this.options.clock.now();
    const at = now.toISOString();
    const { retryBaseMs, retryMaxMs, maxAttempts } = this.options;
    return writeTransaction(this.options.db, async (tx) => {
      if (result.outcome === 'sent') {
        const sentAt = mail.sentAt.toISOString();
        await tx.update(mailOutbox).set({ status: 'sent', sentAt, lastAnswer: result.answer }).where(this.ownClaim(mail.id));
        await tx.insert(mailAttempts).values({ mailId: mail.id, attempt: mail.attempt, at, outcome: 'sent', answer: result.answer });
        if (mail.procedureEventId !== null) {
          await tx.update(procedureEvents).set({ mailSentAt: sentAt }).where(and(eq(procedureEvents.id, mail.procedureEventId), isNull(procedureEvents.mailSentAt)));
        }
        return;
      }
      if (result.outcome === 'unknown') {
        await tx.update(mailOutbox).set({ status: 'unknown', lastAnswer: result.answer }).where(this.ownClaim(mail.id));
        await tx.insert(mailAttempts).values({ mailId: mail.id, attempt: mail.attempt, at, outcome: 'unknown', answer: result.answer });
        this.options.log(`Mail ${mail.id}${mail.reference ? ` (${mail.reference})` : ''} may or may not have arrived; it is not sent again by itself: ${result.answer}`);
        return;
      }
      if (result.permanent || mail.attempt >= maxAttempts) {
        await tx.update(mailOutbox).set({ status: 'failed', lastAnswer: result.answer }).where(this.ownClaim(mail.id));
        await tx.insert(mailAttempts).values({ mailId: mail.id, attempt: mail.attempt, at, outcome: 'failed', answer: result.answer });
        this.options.log(`Mail ${mail.id}${mail.reference ? ` (${mail.reference})` : ''} failed after ${mail.attempt} attempt(s): ${result.answer}`);
        return;
      }
      const wait = Math.min(retryMaxMs, retryBaseMs * 2 ** (mail.attempt - 1));
      const next = new Date(now.getTime() + wait).toISOString();
      await tx.update(mailOutbox).set({ status: 'pending', nextAttemptAt: next, lastAnswer: result.answer }).where(this.ownClaim(mail.id));
      await tx.insert(mailAttempts).values({ mailId: mail.id, attempt: mail.attempt, at, outcome: 'retry', answer: result.answer });
      this.options.log(`Mail ${mail.id}${mail.reference ? ` (${mail.reference})` : ''} not sent (attempt ${mail.attempt}): ${result.answer}; next attempt at ${next}.`);
    });
  }
}
