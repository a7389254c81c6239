/** Many providers reporting at once over a real socket: every report stored, none lost, no 5xx. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { startServer, type RunningServer } from '#server/server.ts';
import { fixedClock } from '#config/clock.ts';
import { createToken } from '#db/commands/tokens.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { changeReports, contactPersons, mailOutbox, providers } from '#db/schema/index.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { createTestDatabase, insertProviders } from '#test/fixtures/database.ts';
import { FakePublisher, FIXTURES, NOW } from '#test/fixtures/api.ts';
import { checkedFetch } from './contract.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const tokens: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await insertProviders(database, FIXTURES);
  await evaluateRegister(database.db, '2026-11-28', NOW);
  for (let i = 0; i < 50; i++) {
    tokens.push((await createToken(database.db, { role: 'provider', providerId: [1, 2, 4][i % 3], name: `officer ${i}`, now: NOW })).token);
  }
  server = await startServer({
    db: database.db,
    clock: fixedClock(NOW),
    dataDir: `${database.dir}/data`,
    publisher: new FakePublisher(),
    host: '127.0.0.1',
    port: 0,
    rateLimits: { perToken: { limit: 10_000, windowMs: 60_000 }, perAddress: { limit: 10_000, windowMs: 60_000 } },
  });
});

afterAll(async () => {
  await server?.close();
  database?.cleanup();
});

describe('concurrent change reports', () => {
  it('stores all 500 reports posted at once from 50 tokens, each with a unique reference', async () => {
    const [{ n: before }] = await database.db.select({ n: count() }).from(changeReports);
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        checkedFetch(`${server.url}/api/v1/change-reports`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens[i % 50]}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(i % 2 ? { kind: 'other', payload: { text: `Melding ${i}` } } : { kind: 'free_places', payload: { freePlaces: i % 5 } }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { reference: string } })),
      ),
    );
    expect(responses.filter((r) => r.status !== 201)).toEqual([]);
    const references = new Set(responses.map((r) => r.body.reference));
    expect(references.size).toBe(500);
    const [{ n: after }] = await database.db.select({ n: count() }).from(changeReports);
    expect(after - before).toBe(500);
  }, 60_000);

  it('files reports that arrive together as a batch, and turns away only the one that fails its checks', async () => {
    const filings = Array.from({ length: 40 }, (_, i) =>
      fileChangeReport(database.db, {
        providerId: [1, 2, 4][i % 3],
        actor: { name: 'test' },
        // Report 17 names a municipality that does not exist.
        request: i === 17 ? { kind: 'working_area', payload: { municipalities: ['99999'], provinces: [] } } : { kind: 'other', payload: { text: `Samen ${i}` } },
        now: NOW,
      }),
    );
    const outcomes = await Promise.allSettled(filings);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/99999/);
    const filed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.report] : []));
    expect(filed).toHaveLength(39);
    // Consecutive, unique references, each report stored once with one receipt.
    const numbers = filed.map((r) => Number(r.reference.slice(-6))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]).toBe(38);
    const references = filed.map((r) => r.reference);
    expect(await database.db.select({ n: count() }).from(changeReports).where(inArray(changeReports.reference, references))).toEqual([{ n: 39 }]);
    expect(await database.db.select({ n: count() }).from(mailOutbox).where(inArray(mailOutbox.reference, references))).toEqual([{ n: 39 }]);
    // Each receipt names its own report (reference made in the database, in the same
    // transaction) and goes to that report's provider; each answer is what was stored.
    const stored = await database.db.select().from(changeReports).where(inArray(changeReports.reference, references));
    const receipts = await database.db.select().from(mailOutbox).where(inArray(mailOutbox.reference, references));
    const providerAddresses = new Map((await database.db.select({ id: providers.id, email: providers.email }).from(providers)).map((p) => [p.id, p.email]));
    for (const report of filed) {
      const row = stored.find((r) => r.reference === report.reference)!;
      expect({ kind: row.kind, payload: row.payload, status: row.status, receivedAt: row.receivedAt }).toEqual({ kind: report.kind, payload: report.payload, status: report.status, receivedAt: report.receivedAt });
      const receipt = receipts.find((m) => m.reference === report.reference)!;
      expect(receipt.template).toBe('change_report_received');
      expect(receipt.data).toEqual({ reference: report.reference, kind: 'other', status: 'pending_review', receivedAt: NOW.toISOString() });
      const contact = await database.db.select({ email: contactPersons.email }).from(contactPersons).where(eq(contactPersons.providerId, row.providerId)).limit(1);
      expect(receipt.recipient).toBe(contact[0]?.email ?? providerAddresses.get(row.providerId));
    }
  });

  it('files reports sent at once with the same Idempotency-Key as one report, and refuses the key for another report', async () => {
    const same = { providerId: 2, actor: { name: 'test' }, idempotencyKey: 'tegelijk-1', now: NOW };
    const filings = [
      ...Array.from({ length: 8 }, () => fileChangeReport(database.db, { ...same, request: { kind: 'other', payload: { text: 'Eén melding' } } })),
      fileChangeReport(database.db, { ...same, request: { kind: 'other', payload: { text: 'Iets anders' } } }),
      // The same key from another provider is another report.
      fileChangeReport(database.db, { ...same, providerId: 4, request: { kind: 'other', payload: { text: 'Eén melding' } } }),
    ];
    const outcomes = await Promise.allSettled(filings);
    const answers = outcomes.slice(0, 8).map((o) => (o as PromiseFulfilledResult<Awaited<(typeof filings)[0]>>).value);
    expect(new Set(answers.map((a) => a.report.reference)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(outcomes[8].status).toBe('rejected');
    expect(String((outcomes[8] as PromiseRejectedResult).reason)).toMatch(/Idempotency-Key was used for a different change report/);
    const other = (outcomes[9] as PromiseFulfilledResult<Awaited<(typeof filings)[0]>>).value;
    expect(other.replayed).toBe(false);
    expect(other.report.reference).not.toBe(answers[0].report.reference);
    const stored = await database.db.select({ reference: changeReports.reference }).from(changeReports).where(eq(changeReports.idempotencyKey, 'tegelijk-1'));
    expect(stored.map((r) => r.reference).sort()).toEqual([answers[0].report.reference, other.report.reference].sort());
    expect(await database.db.select({ n: count() }).from(mailOutbox).where(inArray(mailOutbox.reference, [answers[0].report.reference, other.report.reference]))).toEqual([{ n: 2 }]);
    // A retry later gets the first answer too.
    const retry = await fileChangeReport(database.db, { ...same, request: { kind: 'other', payload: { text: 'Eén melding' } } });
    expect(retry).toEqual({ report: answers[0].report, replayed: true });
  });

  it('files each report of a batch on its own when the database refuses the batch, so only the bad one fails', async () => {
    const [{ n: before }] = await database.db.select({ n: count() }).from(changeReports);
    // Provider 999 does not exist: only the database (its foreign key) says so.
    const filings = [1, 999, 2].map((providerId) => fileChangeReport(database.db, { providerId, actor: { name: 'test' }, request: { kind: 'other', payload: { text: `Voor ${providerId}` } }, now: NOW }));
    const outcomes = await Promise.allSettled(filings);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as Error;
    expect(String(refusal.cause ?? refusal)).toMatch(/FOREIGN KEY/);
    const [{ n: after }] = await database.db.select({ n: count() }).from(changeReports);
    expect(after - before).toBe(2);
    // The references stay gapless: the refused batch took none.
    const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [Number(o.value.report.reference.slice(-6))] : []));
    expect(Math.abs(numbers[1] - numbers[0])).toBe(1);
  });

  it("numbers a batch that spans New Year's midnight in Brussels from two yearly series", async () => {
    // 23:59:59 on 31 December and 00:00:00 on 1 January, Brussels time (UTC+1 in winter).
    const lastSecond = new Date('2026-12-31T22:59:59.000Z');
    const firstSecond = new Date('2026-12-31T23:00:00.000Z');
    const filings = Array.from({ length: 6 }, (_, i) =>
      fileChangeReport(database.db, { providerId: 1, actor: { name: 'test' }, request: { kind: 'other', payload: { text: `Jaarwissel ${i}` } }, now: i % 2 ? firstSecond : lastSecond }),
    );
    const filed = (await Promise.all(filings)).map((f) => f.report);
    const newYear = filed.filter((_, i) => i % 2).map((r) => r.reference);
    const oldYear = filed.filter((_, i) => i % 2 === 0).map((r) => r.reference);
    expect(newYear).toEqual(['WM-2027-000001', 'WM-2027-000002', 'WM-2027-000003']);
    expect(oldYear.every((r) => r.startsWith('WM-2026-'))).toBe(true);
    const receipts = await database.db.select({ reference: mailOutbox.reference, data: mailOutbox.data }).from(mailOutbox).where(inArray(mailOutbox.reference, [...newYear, ...oldYear]));
    expect(receipts.map((m) => (m.data as { reference: string }).reference).sort()).toEqual([...newYear, ...oldYear].sort());
    expect(receipts.every((m) => (m.data as { reference: string }).reference === m.reference)).toBe(true);
  });
});

describe('request bodies over a real socket', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    checkedFetch(`${server.url}/api/v1/change-reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[0]}`, 'Content-Type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
  const large = JSON.stringify({ kind: 'other', payload: { text: 'x'.repeat(70_000) } });

  it('refuses a body over 64 KB by its declared length, and one sent in chunks as it streams in', async () => {
    const [{ n: before }] = await database.db.select({ n: count() }).from(changeReports);
    const declared = await post(large);
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toBe('application/problem+json');
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(large);
        for (let i = 0; i < bytes.length; i += 8_192) controller.enqueue(bytes.subarray(i, i + 8_192));
        controller.close();
      },
    });
    const chunked = await post(chunks);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { detail: string }).detail).toMatch(/64 KB/);
    const [{ n: after }] = await database.db.select({ n: count() }).from(changeReports);
    expect(after).toBe(before);
  });

  it('files a report whose body came in chunks', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ kind: 'other', payload: { text: 'In stukken' } }));
    const response = await post(new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(bytes.subarray(0, 10)), c.enqueue(bytes.subarray(10)), c.close()) }));
    expect(response.status).toBe(201);
    expect(((await response.json()) as { payload: unknown }).payload).toEqual({ text: 'In stukken' });
  });
});
