/**
 * A real SMTP server for tests (the `smtp-server` package) on a free loopback port: it keeps every
 * message it accepts, parsed with `mailparser`, and can be told how to answer the next messages.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** How the server answers a message: accept it, refuse it with an SMTP code, or never answer after the data. */
export type Behaviour = { accept: true } | { refuse: number; text: string } | { silentAfterData: true };

/** A message the server accepted. */
export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

/** A running test SMTP server. */
export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Answers for the next messages, in order; when used up, messages are accepted. */
  next: Behaviour[];
  /** Resolves once `count` messages were accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Starts a server that accepts everything unless told otherwise in `next`. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const next: Behaviour[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No DNS look-up of the client (127.0.0.1) for every connection: hundreds of mails arrive in some tests.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const behaviour = next.shift() ?? { accept: true };
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if ('silentAfterData' in behaviour) return; // the client is left waiting for an answer
        if ('refuse' in behaviour) {
          const error = Object.assign(new Error(behaviour.text), { responseCode: behaviour.refuse });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed: await simpleParser(raw), raw });
        callback();
        for (const wake of waiters.splice(0)) wake();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    next,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} mails, received ${received.length}.`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on which nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
