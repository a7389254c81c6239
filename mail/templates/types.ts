/** What every template gets and gives. */
import type { DepartmentContact } from '#domain/department-contact.ts';
import type { MailDocument } from '#mail/layout.ts';

/** The moment of sending, known only when the sender renders the mail for an attempt, and who to ask. */
export interface MailContext {
  /** The instant in the message's Date header. */
  sentAt: Date;
  /** The department's contact (settings DEPARTMENT_*), in the closing lines of every mail the sender renders. */
  contact?: DepartmentContact;
}

/** A template: the data captured when the mail was caused, and the moment of sending, to a document. */
export type Template<D> = (data: D, context: MailContext) => MailDocument;
