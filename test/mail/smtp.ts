/**
 * A real SMTP server for tests (the `smtp-server` package) on a free loopback port: it keeps every
 * message it accepts, parsed with `mailparser`, and can be told how to answer the next messages.
 * It can offer STARTTLS with a certificate the test made, and require a login (AUTH PLAIN or
 * LOGIN, only once the connection is encrypted); each message records whether it came over TLS
 * and who had logged in.
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
  /** Whether the connection was encrypted (after STARTTLS) when the message came. */
  secure: boolean;
  /** The TLS version of the connection, when encrypted. */
  tlsVersion: string | null;
  /** The user that had logged in on the connection, if any. */
  user: string | null;
}

/** A login the server was asked for. */
export interface LoginAttempt {
  method: string;
  username: string;
  password: string;
  /** Whether the connection was encrypted when the credentials came. */
  secure: boolean;
  accepted: boolean;
}

/** How the server is set up: STARTTLS with this key and certificate (PEM); a login it requires. */
export interface SmtpServerOptions {
  tls?: { key: string; cert: string };
  login?: { username: string; password: string; methods: ('PLAIN' | 'LOGIN')[] };
}

/** A running test SMTP server. */
export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Every login asked for, in order. */
  logins: LoginAttempt[];
  /** Answers for the next messages, in order; when used up, messages are accepted. */
  next: Behaviour[];
  /** Resolves once `count` messages were accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Starts a server that accepts everything unless told otherwise in `next`. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const logins: LoginAttempt[] = [];
  const next: Behaviour[] = [];
  const waiters: (() => void)[] = [];
  const login = options.login;
  const server = new SMTPServer({
    // Without a login to require, anyone may send; with one, credentials only over TLS (allowInsecureAuth stays off).
    authOptional: !login,
    authMethods: login?.methods ?? ['PLAIN', 'LOGIN'],
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(login ? [] : ['AUTH'])],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    onAuth(auth, session, callback) {
      const accepted = auth.username === login?.username && auth.password === login?.password;
      logins.push({ method: auth.method, username: auth.username ?? '', password: auth.password ?? '', secure: session.secure, accepted });
      if (!accepted) return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
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
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          parsed: await simpleParser(raw),
          raw,
          secure: session.secure,
          tlsVersion: session.secure ? ((session as { tlsOptions?: { version?: string } }).tlsOptions?.version ?? null) : null,
          user: typeof session.user === 'string' ? session.user : null,
        });
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
    logins,
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
