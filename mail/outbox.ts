/**
 * The outbox as the mail side sees it: the mails the templates can render (`TemplateMail`), and
 * the administrators' list with each mail's subject. db/commands/outbox.ts writes the rows (in
 * the transaction of the change that causes them), mail/sender.ts renders and delivers them.
 */
import type { RegisterDb } from '#db/client.ts';
import type { WriteTx } from '#db/write-lock.ts';
import { enqueueMail, type MailRequest } from '#db/commands/outbox.ts';
import { listStoredMails, type StoredMail } from '#db/queries/outbox.ts';
import type { applicationReceivedMail, hearingInvitationMail, procedureStepMail } from '#db/commands/procedure-mails.ts';
import type { changeReportOutcome, changeReportReceipt } from '#db/commands/change-report-mails.ts';
import type { MailStatus } from '#db/schema/index.ts';
import { renderMail, type TemplateData, type TemplateName } from './templates/index.ts';

/** A mail one of the templates renders: its name with exactly the data it takes. */
export type TemplateMail = { [N in TemplateName]: MailRequest<N, TemplateData<N>> }[TemplateName];

/** Fails to compile when a mail db/ records does not fit its template. */
type Renderable<M extends TemplateMail> = M;
/** The mails the procedure's and the change reports' commands record, checked against the templates. */
export type RecordedMail = Renderable<
  | ReturnType<typeof applicationReceivedMail>
  | NonNullable<ReturnType<typeof procedureStepMail>>
  | ReturnType<typeof hearingInvitationMail>
  | ReturnType<typeof changeReportReceipt>
  | ReturnType<typeof changeReportOutcome>
>;

/** Enqueues a mail of a template, in the caller's write transaction (see db/commands/outbox.ts). */
export function enqueueTemplateMail(tx: WriteTx, mail: TemplateMail | null, now: Date): Promise<boolean> {
  return enqueueMail(tx, mail, now);
}

/** A mail as the administrators' list shows it. */
export type OutboxItem = Omit<StoredMail, 'template' | 'data' | 'subject'> & { template: string; subject: string };

/** The subject of a stored mail: as sent, or as it will be sent. */
function withSubject({ data, ...mail }: StoredMail, now: Date): OutboxItem {
  return { ...mail, subject: mail.subject ?? renderMail(mail.template, data, { sentAt: now }).subject };
}

/** The outbox, newest first, optionally of some statuses or about one reference. */
export async function listOutbox(db: RegisterDb, options: { statuses?: MailStatus[]; reference?: string; limit: number; offset?: number; now?: Date }): Promise<OutboxItem[]> {
  return (await listStoredMails(db, options)).map((mail) => withSubject(mail, options.now ?? new Date()));
}

/** One mail of the outbox, or null. */
export async function outboxMail(db: RegisterDb, id: number, now: Date = new Date()): Promise<OutboxItem | null> {
  const [mail] = await listStoredMails(db, { id, limit: 1 });
  return mail ? withSubject(mail, now) : null;
}
