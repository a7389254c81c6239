/**
 * Several register processes on one database and one data folder, as an operator runs them:
 * two started at the same moment on an empty database, then three under 500 concurrent change
 * reports spread over them, then the publisher killed with SIGKILL during a publication.
 * Real processes (`register start`), a real SMTP server for the mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '#db/client.ts';
import { createToken } from '#db/commands/tokens.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { capacities, changeReports, mailAttempts, mailOutbox, providers, publications, recognitions } from '#db/schema/index.ts';
import { ensureLeaseTable, Lease } from '#db/leases.ts';
import { PROJECT_ROOT } from '#publish/build-publication.ts';
import { startSmtpServer, type TestSmtpServer } from '#test/mail/smtp.ts';
import { eventually, httpRequest, pidOfHolder, scratchRegister, type RegisterProcess } from './processes.ts';

let smtp: TestSmtpServer;
let register: ReturnType<typeof scratchRegister>;
let database: Database;
const running: RegisterProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  register = scratchRegister('cluster', { SMTP_URL: smtp.url, MAIL_FROM: 'register@cluster.test' });
});

afterAll(async () => {
  database?.close();
  await register?.cleanup();
  await smtp?.close();
});

const year = new Date().getUTCFullYear();

describe('several register processes on one database', () => {
  it('starts two processes at the same moment on an empty database: one prepares it, the other waits, neither fails', async () => {
    // A third party holds the setup lease for a moment, so that both processes surely find it
    // taken (how far apart two processes started together get going depends on the machine).
    database = await openDatabase(register.env.DATABASE_URL!);
    await ensureLeaseTable(database.db);
    const blocker = new Lease(database.db, 'setup', { holder: 'test:0#blocker', ttlMs: 15_000 });
    expect(await blocker.claim()).toBe('acquired');
    const a = register.spawnRegister('A');
    const b = register.spawnRegister('B');
    await Promise.all([a.logged(/is preparing the database; waiting for it/), b.logged(/is preparing the database; waiting for it/)]);
    await blocker.release();
    await Promise.all([a.logged(/The register is served on/), b.logged(/The register is served on/)]);
    running.push(a, b);
    const logs = [a.log.join('\n'), b.log.join('\n')];
    // One filled the register; the other waited its turn and found it filled.
    expect(logs.filter((log) => /The register is empty: adding sample data/.test(log))).toHaveLength(1);
    for (const log of logs) expect(log).not.toMatch(/register: |Error|SQLITE_/);
    const [{ n }] = await database.db.select({ n: count() }).from(providers);
    expect(n).toBe(30);
    // Every migration once.
    const migrations = await database.db.all<{ hash: string }>(sql`SELECT hash FROM __drizzle_migrations`);
    expect(new Set(migrations.map((m) => m.hash)).size).toBe(migrations.length);
    // The site was published (a process starting while another publishes judges after it), and every publication succeeded.
    const made = await database.db.select().from(publications);
    expect(made.filter((p) => p.status === 'succeeded').length).toBeGreaterThanOrEqual(1);
    expect(made.filter((p) => p.status !== 'succeeded' || p.error !== null)).toEqual([]);
  }, 180_000);

  it('stores 500 concurrent change reports spread over three processes once each, with gapless references and one receipt each', async () => {
    running.push(await register.startRegister('C'));
    // Providers with a capacity, so that free places can be reported; one token each.
    const rows = await database.db.select({ id: capacities.providerId }).from(capacities).where(gt(capacities.totalPlaces, 1)).limit(25);
    const tokens: string[] = [];
    for (const { id } of rows) tokens.push((await createToken(database.db, { role: 'provider', providerId: id, name: `officer ${id}`, now: new Date() })).token);
    const before = await database.db.select({ reference: changeReports.reference }).from(changeReports);
    const mailsBefore = smtp.received.length;

    const responses = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const target = running[i % 3];
        // Most wait for review (filed in batches); some apply at once with a key (one at a time, and a publication follows).
        const freePlaces = i % 10 === 0;
        const response = await httpRequest(`${target.url}/api/v1/change-reports`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tokens[i % tokens.length]}`,
            'Content-Type': 'application/json',
            ...(freePlaces ? { 'Idempotency-Key': `cluster-${i}` } : {}),
          },
          body: JSON.stringify(freePlaces ? { kind: 'free_places', payload: { freePlaces: i % 2 } } : { kind: 'other', payload: { text: `cluster melding ${i}` } }),
        });
        return { i, status: response.status, body: JSON.parse(response.body) as { reference: string; payload: unknown } };
      }),
    );
    expect(responses.filter((r) => r.status !== 201).map((r) => `${r.i}: ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);

    // Every acknowledged report is stored once, as acknowledged.
    const references = responses.map((r) => r.body.reference);
    expect(new Set(references).size).toBe(500);
    const stored = await database.db.select().from(changeReports).where(inArray(changeReports.reference, references));
    expect(stored).toHaveLength(500);
    for (const r of responses) expect(stored.find((s) => s.reference === r.body.reference)!.payload).toEqual(r.body.payload);

    // References are numbered without gaps in the year's series.
    const numbers = [...before.map((b) => b.reference), ...references]
      .filter((ref) => ref.startsWith(`WM-${year}-`))
      .map((ref) => Number(ref.slice(`WM-${year}-`.length)))
      .sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, k) => k + 1));

    // One process sends mail: each receipt arrives once.
    await eventually('every receipt sent', async () => {
      const [{ n }] = await database.db.select({ n: count() }).from(mailOutbox).where(and(inArray(mailOutbox.reference, references), eq(mailOutbox.status, 'sent')));
      return n === 500;
    }, 180_000, 250);
    const receipts = smtp.received.slice(mailsBefore).filter((m) => references.includes(String(m.parsed.headers.get('x-register-reference') ?? '')));
    expect(receipts).toHaveLength(500);
    expect(new Set(receipts.map((m) => m.parsed.headers.get('x-register-reference'))).size).toBe(500);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(smtp.received.length);
    const attempts = await database.db
      .select({ n: count() })
      .from(mailAttempts)
      .innerJoin(mailOutbox, eq(mailOutbox.id, mailAttempts.mailId))
      .where(inArray(mailOutbox.reference, references));
    expect(attempts[0].n).toBe(500);
    const [{ unknown }] = await database.db.select({ unknown: count() }).from(mailOutbox).where(inArray(mailOutbox.status, ['unknown', 'sending', 'failed']));
    expect(unknown).toBe(0);

    // The changes that applied at once are published, by one process at a time, each publication with one outcome.
    await eventually('the changes published', async () => !(await hasUnpublishedChanges(database.db)) && (await database.db.select().from(publications).where(inArray(publications.status, ['queued', 'running']))).length === 0, 60_000, 250);
    const made = await database.db.select().from(publications);
    expect(made.filter((p) => p.status === 'failed')).toEqual([]);
    expect(made.filter((p) => p.error !== null)).toEqual([]);
  }, 300_000);

  it('publishes the pending change from another process within 15 s when the publisher is killed during a publication', async () => {
    const holder = await Lease.holderOf(database.db, 'publisher');
    const dead = running.find((p) => p.child.pid === pidOfHolder(holder!.holder))!;
    expect(dead).toBeDefined();
    const survivors = running.filter((p) => p !== dead);
    // A recognised provider (as judged on the day the register started): only their pages show free places.
    const [provider] = await database.db
      .select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, total: capacities.totalPlaces, free: capacities.freePlaces })
      .from(providers)
      .innerJoin(capacities, eq(capacities.providerId, providers.id))
      .innerJoin(recognitions, eq(recognitions.providerId, providers.id))
      .where(and(gt(capacities.totalPlaces, 3), eq(recognitions.status, 'active')));
    const token = (await createToken(database.db, { role: 'provider', providerId: provider.id, name: 'officer', now: new Date() })).token;
    const freePlaces = provider.free === 3 ? 2 : 3;

    // A visitor reads the site from the processes that stay, all along.
    let visiting = true;
    const seen: number[] = [];
    const visitor = (async () => {
      for (let i = 0; visiting; i++) {
        const answer = await httpRequest(`${survivors[i % 2].url}/dienstverleners/${provider.enterpriseNumber}/`);
        seen.push(answer.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const publicationsDir = join(register.env.DATA_DIR!, 'publications');
    const building = () => readdirSync(publicationsDir).find((n) => n.startsWith('.building-') && existsSync(join(publicationsDir, n, 'register.json')));
    const reported = await httpRequest(`${survivors[0].url}/api/v1/change-reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'free_places', payload: { freePlaces } }),
    });
    expect(reported.status).toBe(201);
    // The holder publishes the change: killed while it builds.
    const folder = await eventually('the holder building', async () => building(), 20_000, 5);
    dead.child.kill('SIGKILL');
    await dead.exited;
    const killedAt = Date.now();
    const id = folder.slice('.building-'.length);

    // Another process takes the lease over and publishes the change within 15 s.
    await eventually(
      'the change online',
      async () => {
        const page = await httpRequest(`${survivors[1].url}/dienstverleners/${provider.enterpriseNumber}/`);
        return new RegExp(`Vrije plaatsen</dt><dd>${freePlaces}<`).test(page.body);
      },
      15_000,
      100,
    );
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    visiting = false;
    await visitor;
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((status) => status !== 200)).toEqual([]);

    // The dead process's folders are cleaned by the new holder, and its publication is recorded as interrupted.
    expect(existsSync(join(publicationsDir, folder))).toBe(false);
    expect(existsSync(join(PROJECT_ROOT, '.astro', 'renders', id))).toBe(false);
    const [killed] = await database.db.select().from(publications).where(eq(publications.id, id));
    expect(killed).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/), pages: null });
    const newHolder = await Lease.holderOf(database.db, 'publisher');
    expect(survivors.map((p) => p.child.pid)).toContain(pidOfHolder(newHolder!.holder));
    const taker = survivors.find((p) => p.child.pid === pidOfHolder(newHolder!.holder))!;
    expect(taker.log.join('\n')).toMatch(/Cleaned up after an interrupted build \(\d+ leftovers, 1 publications marked failed\)/);
    // Every other publication has one outcome: succeeded without an error.
    await eventually('publications settled', async () => (await database.db.select().from(publications).where(inArray(publications.status, ['queued', 'running']))).length === 0);
    const others = await database.db.select().from(publications);
    expect(others.filter((p) => p.id !== id && (p.status !== 'succeeded' || p.error !== null))).toEqual([]);
  }, 120_000);
});
