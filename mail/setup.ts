/** The mail sender as the settings ask for it: SMTP when SMTP_URL is set, else .eml files. */
import { join } from 'node:path';
import type { Clock } from '#config/clock.ts';
import { departmentContactOf, type Env } from '#config/env.ts';
import type { RegisterDb } from '#db/client.ts';
import { MailSender } from './sender.ts';
import { fileTransport, smtpTransport } from './transports.ts';

/** A sender for `register start`. */
export function createMailSender(options: { env: Env; db: RegisterDb; clock: Clock; log: (message: string) => void }): MailSender {
  const { env } = options;
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : fileTransport(join(env.DATA_DIR, 'outbox'));
  options.log(`Mail is delivered as ${transport.description}, from ${env.MAIL_FROM}.`);
  return new MailSender({ db: options.db, clock: options.clock, transport, from: env.MAIL_FROM, contact: departmentContactOf(env), log: options.log });
}
