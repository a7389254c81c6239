/**
 * The raw message of a mail (RFC 5322, multipart/alternative with a plain-text and an HTML
 * part), built with nodemailer's composer. Built once per attempt, so the bytes handed to the
 * mail server (or written as .eml) are exactly what the outbox row describes.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { RenderedMail } from './layout.ts';
import { SENDER_NAME } from './layout.ts';

/** Everything a message is made of. */
export interface OutgoingMail extends RenderedMail {
  /** The sender address (MAIL_FROM). */
  from: string;
  /** The name shown with it: the department's (DEPARTMENT_NAME); by default the department's usual name. */
  fromName?: string;
  to: string;
  /** `<…@…>`, the same for every attempt of one outbox row. */
  messageId: string;
  /** The moment of sending, which is also what the register records as the time it was sent. */
  date: Date;
  reference: string | null;
}

/** A Message-ID for a new outbox row, on the sender's domain. */
export function newMessageId(from: string): string {
  return `<${crypto.randomUUID()}@${from.split('@')[1]}>`;
}

/** The message as bytes, ready for SMTP or an .eml file. */
export function composeMessage(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: { name: mail.fromName ?? SENDER_NAME, address: mail.from },
    to: mail.to,
    subject: mail.subject,
    messageId: mail.messageId,
    date: mail.date,
    text: mail.text,
    html: mail.html,
    headers: {
      // RFC 3834: an automatic message, so out-of-office replies are not sent back.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': 'nl-BE',
      ...(mail.reference ? { 'X-Register-Reference': mail.reference } : {}),
    },
  })
    .compile()
    .build();
}
