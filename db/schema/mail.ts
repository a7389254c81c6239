/**
 * The mail outbox: every e-mail the register sends is first a row here, written in the same
 * transaction as the change that causes it, and delivered afterwards by the sender (mail/).
 * Private: recipients are procedure contact addresses; nothing here is ever published.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * Where a mail stands:
 * - `pending`: waiting to be sent (again, after a temporary failure, from `next_attempt_at`);
 * - `sending`: claimed by the sender, which is talking to the mail server now;
 * - `sent`: accepted by the mail server (or written as an .eml file);
 * - `failed`: refused for good, retries used up, or no address known;
 * - `unknown`: the sender stopped, or lost the connection, after handing the message over and
 *   before hearing whether it was accepted. It may have arrived, so it is not sent again by
 *   itself: an administrator checks and can send it again.
 */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
/** A status of an outbox row. */
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One e-mail to one recipient. */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Which template (mail/templates/) renders it. */
    template: text('template').notNull(),
    /** What the template needs, as JSON, captured when the mail was caused. */
    data: text('data', { mode: 'json' }).notNull(),
    /** The address it goes to; empty when none was known (the row is then `failed`). */
    recipient: text('recipient').notNull(),
    /** Written when the sender renders the mail for an attempt (null before: the template and data above are what the mail is). */
    subject: text('subject'),
    /** The change report, application or recognition it is about, for the administrators' list. */
    reference: text('reference'),
    /** Makes a mail happen once (e.g. a warning per recognition and milestone, a digest per day and address). */
    dedupeKey: text('dedupe_key').unique(),
    /** The procedure step this mail announces; when it is sent, the step records the time. */
    procedureEventId: integer('procedure_event_id'),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('pending'),
    createdAt: text('created_at').notNull(),
    /** Not before this instant (ISO): the backoff after a temporary failure. */
    nextAttemptAt: text('next_attempt_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: text('last_attempt_at'),
    /** Given at the first attempt and kept for every later one, so a receiver can recognise a repeat. */
    messageId: text('message_id').unique(),
    /** The instant in the Date header of the message the server accepted. */
    sentAt: text('sent_at'),
    /** The mail server's last answer (or the error), in its own words. */
    lastAnswer: text('last_answer'),
    /** The message as rendered for the last attempt (plain text and HTML). */
    text: text('text'),
    html: text('html'),
    /** The process that claimed it (`sending`), holding the mail lease: only a dead process's claims become `unknown`. */
    claimedBy: text('claimed_by'),
  },
  (table) => [index('mail_outbox_due_idx').on(table.status, table.nextAttemptAt), index('mail_outbox_reference_idx').on(table.reference)],
);

/** Every attempt to deliver a mail, with what came of it. */
export const mailAttempts = sqliteTable(
  'mail_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mailId: integer('mail_id')
      .notNull()
      .references(() => mailOutbox.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    /** `sent`, `retry` (temporary failure), `failed` (refused for good) or `unknown`. */
    outcome: text('outcome', { enum: ['sent', 'retry', 'failed', 'unknown'] }).notNull(),
    answer: text('answer'),
  },
  (table) => [index('mail_attempts_mail_idx').on(table.mailId)],
);
