/**
 * Write sharing (db/write-sharing.ts): two register "processes" on one database file (two opened
 * databases with holders of their own), one writing the change-report batches of both. Also the
 * write thread's batches in one transaction, each all or nothing, and what happens to reports
 * whose host dies before it answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, createServer, type Server } from 'node:net';
import { serialize } from 'node:v8';
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '#db/client.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { changeReports, mailOutbox } from '#db/schema/index.ts';
import { WriteSharing, WRITE_HOST_LEASE, writeSocketPath } from '#db/write-sharing.ts';
import { DATABASE_NOW_MS, ensureLeaseTable, Lease } from '#db/leases.ts';
import { createTestDatabase, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';
import { FIXTURES, NOW } from '#test/fixtures/api.ts';

let first: TestDatabase;
let second: Database;
const started: WriteSharing[] = [];

beforeEach(async () => {
  first = await createTestDatabase();
  await insertProviders(first, FIXTURES);
  await ensureLeaseTable(first.db);
  second = await openDatabase(first.url);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((sharing) => sharing.stop()));
  second.close();
  first.cleanup();
});

function share(database: Database, holder: string, retryMs = 50): WriteSharing {
  const sharing = WriteSharing.start(database, { holder, leaseTtlMs: 1_500, retryMs })!;
  expect(sharing).not.toBeNull();
  started.push(sharing);
  return sharing;
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const report = (database: Database, i: number, key?: string) =>
  fileChangeReport(database.db, { providerId: [1, 2, 4][i % 3], actor: { name: 'test' }, request: { kind: 'other', payload: { text: `Melding ${i}` } }, idempotencyKey: key, now: NOW });

/** The first database hosting, and the second handing its batches to it (`otherRetryMs`: how often the second tries to take the lease). */
async function hostAndOther(otherRetryMs?: number): Promise<{ host: WriteSharing; other: WriteSharing }> {
  const host = share(first, 'host');
  await until(() => host.hosting, 'the first process hosts');
  const other = share(second, 'other', otherRetryMs);
  await until(() => other.handingOver, 'the second process hands its batches over');
  return { host, other };
}

/** The socket of holder `holder` for the test's database file. */
const socketOf = (holder: string) => writeSocketPath(first.url.slice('file:'.length), holder);

async function storedReferences(): Promise<string[]> {
  return (await first.db.select({ reference: changeReports.reference }).from(changeReports)).map((r) => r.reference).sort();
}

describe('write sharing between processes on one machine', () => {
  it('has the host write the batches of the other process, with gapless references and a receipt each', async () => {
    const { other } = await hostAndOther();

    // The socket is in a folder only this user may enter.
    const folder = dirname(socketOf('host'));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(folder)).toEqual([socketOf('host').split('/').at(-1)]);

    const filed = await Promise.all(Array.from({ length: 60 }, (_, i) => report(i % 2 ? second : first, i)));
    expect(other.handedOver).toBeGreaterThan(0);
    const references = filed.map((f) => f.report.reference);
    expect(new Set(references).size).toBe(60);
    expect(await storedReferences()).toEqual([...references].sort());
    const numbers = references.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
    // Each receipt names the report it is for, also for the reports the host wrote for the other process.
    const receipts = await first.db.select({ data: mailOutbox.data }).from(mailOutbox).where(eq(mailOutbox.template, 'change_report_received'));
    expect(receipts.map((m) => (m.data as { reference: string }).reference).sort()).toEqual([...references].sort());
  });

  it('answers every report of the other process while the host stops and closes its database, and the other takes over', async () => {
    // The host is a third "process", which closes its database once stopped, as `register start` does.
    const hostDatabase = await openDatabase(first.url);
    const host = share(hostDatabase, 'host');
    await until(() => host.hosting, 'the first process hosts');
    const other = share(second, 'other');
    await until(() => other.handingOver, 'the second process hands its batches over');

    let i = 0;
    const filings: Promise<unknown>[] = [];
    const sending = setInterval(() => filings.push(report(second, i++)), 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const handedBeforeStop = other.handedOver;
    await host.stop();
    hostDatabase.close();
    expect(handedBeforeStop).toBeGreaterThan(0);
    await until(() => other.hosting, 'the second process hosts');
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(sending);
    const outcomes = await Promise.allSettled(filings);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect((await storedReferences()).length).toBe(filings.length);
  });

  it('hosts again after losing the lease for a moment, and the other process hands over to it again', async () => {
    // The other process does not compete for the lease here (it tries again only after a minute).
    const { host, other } = await hostAndOther(60_000);
    // Another holder takes the lease for a moment: the host stops hosting, then takes it back.
    await first.db.run(sql`UPDATE leases SET holder = 'intruder', expires_at = ${DATABASE_NOW_MS} + 1200 WHERE name = ${WRITE_HOST_LEASE}`);
    await until(() => !host.hosting, 'the host notices it lost the lease');
    await until(() => host.hosting, 'the host takes the lease back');
    await until(() => other.handingOver, 'the other process hands its batches over again', 5_000);
    const before = other.handedOver;
    const filed = await report(second, 1);
    expect(other.handedOver).toBe(before + 1);
    expect(await storedReferences()).toContain(filed.report.reference);
  });

  it('closes a connection that sends what is not a batch, and goes on writing for the others', async () => {
    const { host, other } = await hostAndOther();
    const stranger = connect(socketOf('host'));
    const closed = new Promise((resolve) => stranger.once('close', resolve));
    stranger.on('error', () => undefined);
    const body = serialize(null);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    stranger.write(Buffer.concat([head, body]));
    await closed;
    expect(host.hosting).toBe(true);
    const before = other.handedOver;
    const filed = await Promise.all([report(second, 1), report(first, 2)]);
    expect(other.handedOver).toBe(before + 1);
    expect(await storedReferences()).toEqual(filed.map((f) => f.report.reference).sort());
  });

  it('carries out batches that wait together in one transaction, each all or nothing', async () => {
    await first.client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    await first.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('al daar')`]);
    const batches = await Promise.allSettled([
      first.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('een')`]),
      first.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('twee')`, sql`INSERT INTO notes (text) VALUES ('al daar')`]),
      first.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('drie')`]),
    ]);
    expect(batches.map((b) => b.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((batches[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const notes = (await first.client.execute('SELECT text FROM notes ORDER BY id')).rows.map((r) => r.text);
    expect(notes).toEqual(['al daar', 'een', 'drie']);
  });
});

describe('where the socket cannot be private', () => {
  it('says so once, gives the lease up and lets each process write its own batches', async () => {
    const folder = dirname(socketOf('host'));
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const said: string[] = [];
    const sharing = WriteSharing.start(first, { holder: 'host', leaseTtlMs: 1_500, retryMs: 50, log: (message) => said.push(message) })!;
    started.push(sharing);
    await until(() => said.length > 0, 'the process says why it does not share');
    expect(said).toEqual([expect.stringMatching(/do not share their commits \(.*not a folder of this user alone\); each commits its own writes/)]);
    // The lease is given up after the duty's turn in which it was taken.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await Lease.holderOf(first.db, WRITE_HOST_LEASE)).toBeNull();
    expect(sharing.hosting).toBe(false);
    expect((await report(first, 1)).report.reference).toMatch(/^WM-2026-\d{6}$/);
    expect(said).toHaveLength(1);
  });
});

describe('a socket someone else planted', () => {
  it('is never handed a batch when its folder is open to others', async () => {
    const path = socketOf('planted');
    mkdirSync(dirname(path), { mode: 0o755 });
    chmodSync(dirname(path), 0o755);
    let received = 0;
    const planted = createServer((socket) => socket.on('data', () => received++));
    await new Promise<void>((resolve) => planted.listen(path, resolve));
    try {
      await first.db.run(sql`INSERT INTO leases (name, holder, expires_at, acquired_at, term) VALUES (${WRITE_HOST_LEASE}, 'planted', ${DATABASE_NOW_MS} + 60000, ${DATABASE_NOW_MS}, 1)`);
      const other = share(second, 'other');
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(other.handingOver).toBe(false);
      const filed = await report(second, 1);
      expect(await storedReferences()).toEqual([filed.report.reference]);
      expect(other.handedOver).toBe(0);
      expect(received).toBe(0);
    } finally {
      await new Promise((resolve) => planted.close(resolve));
    }
  });
});

describe('a host that dies before it answers', () => {
  let fake: Server;

  /** A "host" that takes a batch and dies without answering (as a process killed with kill -9 does). */
  async function dyingHost(): Promise<void> {
    const path = socketOf('dead');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    fake = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => fake.listen(path, resolve));
    await first.db.run(sql`INSERT INTO leases (name, holder, expires_at, acquired_at, term) VALUES (${WRITE_HOST_LEASE}, 'dead', ${DATABASE_NOW_MS} + 60000, ${DATABASE_NOW_MS}, 1)`);
  }
  afterEach(() => new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve())));

  it('files a report with an Idempotency-Key once, and says of one without a key that it may not have arrived', async () => {
    await dyingHost();
    const other = share(second, 'other');
    await until(() => other.handingOver, 'the process hands its batches to the dying host');

    const withKey = await report(second, 1, 'na-de-val');
    expect(withKey.report.reference).toMatch(/^WM-2026-\d{6}$/);
    expect(await storedReferences()).toEqual([withKey.report.reference]);

    await until(() => other.handingOver, 'the process hands its batches to the dying host again');
    await expect(report(second, 2)).rejects.toThrow(/may or may not have been filed.*Idempotency-Key/);
    expect(await storedReferences()).toEqual([withKey.report.reference]);
  });
});
