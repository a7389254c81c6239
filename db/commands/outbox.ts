/**
 * The transactional outbox, write side. A mail is enqueued with {@link enqueueMail} inside the
 * write transaction of the change that causes it, so the change and its mail are committed
 * together or not at all. The row holds what the mail needs (its template's name and data, the
 * recipient, what it is about); the sender (mail/sender.ts) renders and delivers committed rows
 * afterwards, so db/ knows no template. Runtime-neutral: the API app uses this module.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { RegisterError } from '#domain/register-error.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { announce, type WriteTx } from '#db/write-side.ts';
import { mailOutbox } from '#db/schema/index.ts';

/** Who a mail goes to: a provider's procedure contact, or an address given directly. */
export type Recipient = { provider: number } | { address: string };

/**
 * A mail to enqueue: a template's name with the data it takes, a recipient, and what it is
 * about. mail/outbox.ts narrows it to the templates that exist (`TemplateMail`) and checks at
 * compile time that what db/commands/*-mails.ts record fits them.
 */
export interface MailRequest<T extends string = string, D extends object = object> {
  template: T;
  data: D;
  to: Recipient;
  /** The change report, application or recognition it is about. */
  reference: string | null;
  /** When set, a second mail with the same key is not enqueued (warnings, digests). */
  dedupeKey?: string;
  /** The procedure step it announces: the step records when the mail was sent. */
  procedureEventId?: number;
}

/**
 * A provider's address for the procedure: its (first) contact person's e-mail address, which is
 * private, or else the organisation's own public address. Empty when it has neither.
 */
function providerAddressOf(providerId: SQL): SQL<string> {
  return sql<string>`coalesce((SELECT email FROM contact_persons WHERE provider_id = ${providerId} ORDER BY id LIMIT 1), (SELECT email FROM providers WHERE id = ${providerId}), '')`;
}

/**
 * Writes a mail into the outbox, in the caller's write transaction (one statement). Does nothing
 * for `null` (a step without a mail) or when a mail with the same dedupe key exists; says whether
 * it enqueued one.
 */
export async function enqueueMail(tx: WriteTx, mail: MailRequest | null, now: Date): Promise<boolean> {
  if (!mail) return false;
  return (await enqueueMails(tx, [mail], now)) > 0;
}

/**
 * Writes several mails into the outbox in one statement, in the caller's write transaction (the
 * receipts of a batch of change reports); mails whose dedupe key exists are left out. Says how
 * many it enqueued. The subject is written when the sender renders the mail.
 */
export async function enqueueMails(tx: WriteTx, mails: readonly MailRequest[], now: Date): Promise<number> {
  if (mails.length === 0) return 0;
  const result = await tx.run(insertMails(mails, now));
  // The sender wakes up once this transaction committed (db.writes.on('mail-queued')).
  if (result.rowsAffected > 0) announce(tx, 'mail-queued');
  return result.rowsAffected;
}

/**
 * The statement that writes `mails` into the outbox (those whose dedupe key exists are left
 * out). `referenceOf`, when given, is the SQL of each mail's reference from its place in the list
 * (`m.key`: 0, 1, …), written as its reference and into its data: for mails about what the same
 * transaction numbers. Whoever runs it announces `mail-queued`.
 */
export function insertMails(mails: readonly MailRequest[], now: Date, referenceOf?: (index: SQL) => SQL): SQL {
  const at = now.toISOString();
  // The whole batch goes as one JSON parameter: the statement is the same text for any number of
  // mails (no query to build per row), and the provider's address is looked up in the same pass.
  const rows = mails.map((mail) => ({
    template: mail.template,
    data: JSON.stringify(mail.data),
    address: 'address' in mail.to ? mail.to.address : null,
    provider: 'address' in mail.to ? null : mail.to.provider,
    reference: mail.reference ?? null,
    dedupeKey: mail.dedupeKey ?? null,
    procedureEventId: mail.procedureEventId ?? null,
  }));
  const reference = referenceOf ? referenceOf(sql`m.key`) : sql`m.value ->> 'reference'`;
  const data = referenceOf ? sql`json_set(m.value ->> 'data', '$.reference', ${reference})` : sql`m.value ->> 'data'`;
  return sql`
    INSERT INTO mail_outbox (template, data, recipient, reference, dedupe_key, procedure_event_id, created_at, next_attempt_at)
    SELECT m.value ->> 'template', ${data},
      coalesce(m.value ->> 'address', ${providerAddressOf(sql`m.value ->> 'provider'`)}),
      ${reference}, m.value ->> 'dedupeKey', m.value ->> 'procedureEventId', ${at}, ${at}
    FROM json_each(${JSON.stringify(rows)}) AS m WHERE true
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * Sends a failed mail, or one whose delivery is unknown, again: an administrator's decision
 * (for `unknown`, after checking it did not arrive). It keeps its Message-ID. Returns its id.
 */
export function resendMail(db: RegisterDb, options: { id: number; now: Date }): Promise<number> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.select({ status: mailOutbox.status, recipient: mailOutbox.recipient }).from(mailOutbox).where(eq(mailOutbox.id, options.id));
    if (!row) throw new RegisterError('not-found', `There is no mail ${options.id} in the outbox.`);
    if (row.status !== 'failed' && row.status !== 'unknown') {
      throw new RegisterError('conflict', `Mail ${options.id} is ${row.status}; only a failed mail, or one whose delivery is unknown, can be sent again.`);
    }
    if (!row.recipient) throw new RegisterError('conflict', `Mail ${options.id} has no recipient address; record the provider's contact address first.`);
    await tx.update(mailOutbox).set({ status: 'pending', nextAttemptAt: options.now.toISOString() }).where(eq(mailOutbox.id, options.id));
    announce(tx, 'mail-queued');
    return options.id;
  });
}
