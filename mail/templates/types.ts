/** What every template gets and gives. */
import type { MailDocument } from '#mail/layout.ts';

/** The moment of sending, known only when the sender renders the mail for an attempt. */
export interface MailContext {
  /** The instant in the message's Date header. */
  sentAt: Date;
}

/** A template: the data captured when the mail was caused, and the moment of sending, to a document. */
export type Template<D> = (data: D, context: MailContext) => MailDocument;
