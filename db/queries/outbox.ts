/** The outbox as stored, newest first, for the administrators' list (mail/outbox.ts adds the subject of a mail not rendered yet). */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { mailOutbox, type MailStatus } from '#db/schema/index.ts';

/** A mail as stored: the subject is null until the sender rendered it. */
export interface StoredMail {
  id: number;
  template: string;
  data: unknown;
  status: MailStatus;
  recipient: string;
  subject: string | null;
  reference: string | null;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  sentAt: string | null;
  messageId: string | null;
  lastAnswer: string | null;
}

const COLUMNS = {
  id: mailOutbox.id,
  template: mailOutbox.template,
  data: mailOutbox.data,
  status: mailOutbox.status,
  recipient: mailOutbox.recipient,
  subject: mailOutbox.subject,
  reference: mailOutbox.reference,
  attempts: mailOutbox.attempts,
  createdAt: mailOutbox.createdAt,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  lastAttemptAt: mailOutbox.lastAttemptAt,
  sentAt: mailOutbox.sentAt,
  messageId: mailOutbox.messageId,
  lastAnswer: mailOutbox.lastAnswer,
};

/** The outbox, newest first, optionally of some statuses, about one reference, or one mail. */
export async function listStoredMails(
  db: Pick<RegisterDb, 'select'>,
  options: { statuses?: MailStatus[]; reference?: string; id?: number; limit: number; offset?: number },
): Promise<StoredMail[]> {
  const rows = await db
    .select(COLUMNS)
    .from(mailOutbox)
    .where(
      and(
        options.statuses?.length ? inArray(mailOutbox.status, options.statuses) : undefined,
        options.reference ? eq(mailOutbox.reference, options.reference) : undefined,
        options.id === undefined ? undefined : eq(mailOutbox.id, options.id),
      ),
    )
    .orderBy(desc(mailOutbox.id))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  return rows.map((row) => ({ ...row, nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null }));
}
