/**
 * How a composed message leaves: to an SMTP server (SMTP_URL), or, without one, as an .eml file
 * under `<DATA_DIR>/outbox/`. Each tells apart the three things that matter for "at most once":
 * the message was accepted; it was certainly not (with the server's answer: retry or give up);
 * or nobody knows (the connection broke after the message was handed over).
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** What came of handing a message over. */
export type DeliveryResult =
  | { outcome: 'sent'; answer: string }
  /** Certainly not delivered: `permanent` when the server refused it for good (5xx). */
  | { outcome: 'rejected'; permanent: boolean; answer: string }
  /** Handed over, but no answer came: it may have arrived. */
  | { outcome: 'unknown'; answer: string };

/** One delivery of one message. */
export interface MailTransport {
  /** Where mails go, for the log (never with a password). */
  readonly description: string;
  deliver(message: { id: number; from: string; to: string; raw: Buffer }): Promise<DeliveryResult>;
}

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/** SMTP to the server of `url` (smtp:// with STARTTLS when offered, or smtps://), one connection per message. */
export function smtpTransport(url: string, timeouts: { connectionMs?: number; socketMs?: number } = {}): MailTransport {
  const options = parseConnectionUrl(url);
  return {
    description: `SMTP ${options.secure ? 'smtps' : 'smtp'}://${options.host}:${options.port ?? (options.secure ? 465 : 587)}`,
    deliver(message) {
      return new Promise((resolve) => {
        const connection = new SMTPConnection({
          ...options,
          connectionTimeout: timeouts.connectionMs ?? 15_000,
          greetingTimeout: timeouts.connectionMs ?? 15_000,
          socketTimeout: timeouts.socketMs ?? 60_000,
        });
        // The body is read only after the server answered DATA with 354: from then on the message
        // may arrive, so a failure without an answer from the server is "unknown", not "not sent".
        let handedOver = false;
        let settled = false;
        const settle = (result: DeliveryResult) => {
          if (settled) return;
          settled = true;
          if (result.outcome === 'sent') connection.quit();
          else connection.close();
          resolve(result);
        };
        const failed = (error: SmtpFailure) => {
          const answer = error.response ?? error.message;
          if (error.responseCode !== undefined) settle({ outcome: 'rejected', permanent: error.permanent ?? error.responseCode >= 500, answer });
          else if (handedOver) settle({ outcome: 'unknown', answer: `${answer} (after the message was handed over)` });
          else settle({ outcome: 'rejected', permanent: false, answer });
        };
        connection.once('error', failed);
        // A server that answers 421 closes the connection; let that answer arrive before "closed".
        connection.once('end', () => setImmediate(() => failed(new Error('The mail server closed the connection.'))));
        connection.connect((error?: Error | null) => {
          if (error) return failed(error);
          const send = () => {
            const body = new Readable({
              read() {
                handedOver = true;
                this.push(message.raw);
                this.push(null);
              },
            });
            connection.send({ from: message.from, to: [message.to] }, body, (error, info) => {
              if (error) return failed(error as SmtpFailure);
              settle({ outcome: 'sent', answer: info.response ?? 'accepted' });
            });
          };
          if (options.auth && connection.allowsAuth) connection.login(options.auth, (error) => (error ? failed(error as SmtpFailure) : send()));
          else send();
        });
      });
    },
  };
}

/** Writes each message as `<dir>/<outbox id>.eml` (written whole, then renamed into place). */
export function fileTransport(dir: string): MailTransport {
  return {
    description: `.eml files in ${dir}`,
    async deliver(message) {
      try {
        await mkdir(dir, { recursive: true });
        const file = join(dir, `${String(message.id).padStart(6, '0')}.eml`);
        await writeFile(`${file}.tmp`, message.raw);
        await rename(`${file}.tmp`, file);
        return { outcome: 'sent', answer: `written to ${file}` };
      } catch (error) {
        return { outcome: 'rejected', permanent: false, answer: (error as Error).message };
      }
    },
  };
}
