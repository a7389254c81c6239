/**
 * Mail over an encrypted connection with a login, against a real SMTP server that offers STARTTLS
 * with a certificate made here: the register upgrades the connection, checks the server's
 * certificate, and only then gives its credentials (AUTH PLAIN or LOGIN, as the server offers);
 * to a server it cannot trust it gives nothing and tries again later.
 *
 * The certificates are valid around the real now (TLS is judged by the real clock); the
 * register's clock stays at 28 November 2026, as in the other mail tests.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { generate } from 'selfsigned';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { mailOutbox } from '#db/schema/index.ts';
import { MailSender } from '#mail/sender.ts';
import { smtpTransport } from '#mail/transports.ts';
import { createTestDatabase, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';
import { movableClock } from '#test/fixtures/clock.ts';
import { contactPersonFixture } from '#test/fixtures/contact.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

const USER = 'registerbeheer';
const PASSWORD = 'geheim wachtwoord:@/'; // written in the URL with percent-encoding, as SMTP_URL is
const CONTACT = contactPersonFixture();
const clock = movableClock();

/** A key and certificate for the mail server at 127.0.0.1 (and localhost), valid from an hour ago until tomorrow. */
async function serverCertificate(name: string) {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

let trusted: { key: string; cert: string };
let untrusted: { key: string; cert: string };
let database: TestDatabase;
const servers: TestSmtpServer[] = [];

beforeAll(async () => {
  [trusted, untrusted] = await Promise.all([serverCertificate('mail.register.test'), serverCertificate('mail.elders.test')]);
  // The operator's own CA, as NODE_EXTRA_CA_CERTS would add it (this test file runs in a process of its own).
  setDefaultCACertificates([...getCACertificates('default'), trusted.cert]);
});
beforeEach(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [{ id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', contactPerson: CONTACT }]);
  await fileChangeReport(database.db, { providerId: 1, actor: { name: 'Officer' }, request: { kind: 'capacity', payload: { totalPlaces: 12 } }, now: clock.now() });
});
afterEach(() => database.cleanup());
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function server(options: Parameters<typeof startSmtpServer>[0]) {
  const started = await startSmtpServer(options);
  servers.push(started);
  return started;
}
const urlOf = (smtp: TestSmtpServer, password = PASSWORD) => `smtp://${USER}:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`;
const deliver = (url: string) => new MailSender({ db: database.db, clock, transport: smtpTransport(url), from: 'register@werk.example' }).deliverDue();
const outbox = () => database.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));

describe('mail over STARTTLS with a login', () => {
  it.each([['PLAIN' as const], ['LOGIN' as const]])('upgrades the connection, checks the certificate, then logs in with AUTH %s and sends', async (method) => {
    const smtp = await server({ tls: trusted, login: { username: USER, password: PASSWORD, methods: [method] } });
    expect(await deliver(urlOf(smtp))).toBe(1);
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 1, lastAnswer: expect.stringMatching(/^250 /) });
    // The credentials came once, encrypted, by the method the server offered, and were right.
    expect(smtp.logins).toEqual([{ method, username: USER, password: PASSWORD, secure: true, accepted: true }]);
    // The message came over TLS, from the logged-in user.
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ secure: true, user: USER, envelopeTo: [CONTACT.email] });
    expect(smtp.received[0].tlsVersion).toMatch(/^TLSv1\.[23]$/);
  });

  it('gives neither the message nor the password to a server whose certificate it cannot trust, and tries again later', async () => {
    const smtp = await server({ tls: untrusted, login: { username: USER, password: PASSWORD, methods: ['PLAIN'] } });
    expect(await deliver(urlOf(smtp))).toBe(1);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastAnswer).toMatch(/certificate/i);
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('records the refusal of a wrong password, sending nothing', async () => {
    const smtp = await server({ tls: trusted, login: { username: USER, password: PASSWORD, methods: ['PLAIN'] } });
    await deliver(urlOf(smtp, 'verkeerd'));
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastAnswer: expect.stringMatching(/^535 .*Invalid username or password/) });
    expect(smtp.logins).toEqual([{ method: 'PLAIN', username: USER, password: 'verkeerd', secure: true, accepted: false }]);
    expect(smtp.received).toEqual([]);
  });
});
