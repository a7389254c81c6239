/**
 * What decides a request lives in the database: two connections to one database file, each with
 * its own app, caches and limits, stand for two register processes (nothing one remembers is
 * seen by the other, except through the database). The faults seen with a second process — a
 * stale capacity, a report accepted elsewhere answered 404, a revoked token still accepted, a
 * public answer that never changes, a limit counted per process — cannot happen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '#db/client.ts';
import { createApp } from '#api/app.ts';
import { fixedClock } from '#config/clock.ts';
import { createToken, revokeToken } from '#db/commands/tokens.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { Duty, Lease } from '#db/leases.ts';
import { RateLimiter } from '#api/middleware/rate-limit.ts';
import { createTestDatabase, enterpriseNumber, insertProviders } from '#test/fixtures/database.ts';
import { FakePublisher, FIXTURES, NOW } from '#test/fixtures/api.ts';
import { eventually } from './processes.ts';

let first: Awaited<ReturnType<typeof createTestDatabase>>;
let second: Database;
const tokens = { provider: '', admin: '' };

/** An app as a register process has it, on its own connection. */
const appOn = (database: Database, rateLimits = { perToken: { limit: 1e6, windowMs: 60_000 }, perAddress: { limit: 1e6, windowMs: 60_000 } }, clientAddress?: string) =>
  createApp({ db: database.db, clock: fixedClock(NOW), publisher: new FakePublisher(), currentPublication: async () => null, rateLimits, clientAddress: clientAddress ? () => clientAddress : undefined });

const call = (app: ReturnType<typeof appOn>, method: string, path: string, token?: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

beforeAll(async () => {
  first = await createTestDatabase();
  await insertProviders(first, FIXTURES);
  await evaluateRegister(first.db, '2026-11-28', NOW);
  second = await openDatabase(first.url);
  tokens.provider = (await createToken(first.db, { role: 'provider', providerId: 1, name: 'Officer', now: NOW })).token;
  tokens.admin = (await createToken(first.db, { role: 'admin', name: 'Els', now: NOW })).token;
});

afterAll(() => {
  second?.close();
  first?.cleanup();
});

describe('two processes on one database', () => {
  it('judge a report by what the other process changed, and accept a report the other filed', async () => {
    const a = appOn(first);
    const b = appOn(second);
    // Both have read the capacity (12 places) before it changes.
    expect((await call(b, 'POST', '/api/v1/change-reports', tokens.provider, { kind: 'free_places', payload: { freePlaces: 13 } })).status).toBe(422);
    const filed = (await (await call(a, 'POST', '/api/v1/change-reports', tokens.provider, { kind: 'capacity', payload: { totalPlaces: 20 } })).json()) as { reference: string };
    expect((await call(b, 'POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, tokens.admin, {})).status).toBe(200);
    const freed = await call(a, 'POST', '/api/v1/change-reports', tokens.provider, { kind: 'free_places', payload: { freePlaces: 18 } });
    expect(freed.status).toBe(201);
    // References come from the database in the insert's transaction: alternating processes continue one series.
    const references: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await call(i % 2 ? a : b, 'POST', '/api/v1/change-reports', tokens.provider, { kind: 'other', payload: { text: `melding ${i}` } });
      references.push(((await response.json()) as { reference: string }).reference);
    }
    const numbers = references.map((r) => Number(r.split('-')[2]));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
  });

  it('sees a change made by the other process in its public answers within a second', async () => {
    const a = appOn(first);
    const b = appOn(second);
    const path = `/api/v1/providers/${enterpriseNumber(4)}`;
    const before = (await (await call(b, 'GET', path)).json()) as { capacity: { freePlaces: number } };
    expect((await call(b, 'GET', path)).status).toBe(200); // cached now
    const other = (await createToken(first.db, { role: 'provider', providerId: 4, name: 'Officer Kompas', now: NOW })).token;
    const next = before.capacity.freePlaces === 1 ? 2 : 1;
    expect((await call(a, 'POST', '/api/v1/change-reports', other, { kind: 'free_places', payload: { freePlaces: next } })).status).toBe(201);
    const started = performance.now();
    for (;;) {
      const seen = (await (await call(b, 'GET', path)).json()) as { capacity: { freePlaces: number } };
      if (seen.capacity.freePlaces === next) break;
      expect(performance.now() - started).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('refuses a token revoked by the other process within a second', async () => {
    const b = appOn(second);
    const { id, token } = await createToken(first.db, { role: 'provider', providerId: 2, name: 'Officer Jobanker', now: NOW });
    expect((await call(b, 'GET', '/api/v1/change-reports', token)).status).toBe(200);
    await revokeToken(first.db, id, NOW);
    const started = performance.now();
    while ((await call(b, 'GET', '/api/v1/change-reports', token)).status !== 401) {
      expect(performance.now() - started).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('counts a rate limit over both processes', async () => {
    const limits = { perToken: { limit: 1e6, windowMs: 60_000 }, perAddress: { limit: 20, windowMs: 60_000 } };
    const a = appOn(first, limits, '198.51.100.7');
    const b = appOn(second, limits, '198.51.100.7');
    // 15 requests here, then the rest of the limit there: the other process knows the first 15.
    for (let i = 0; i < 15; i++) expect((await call(a, 'GET', '/api/v1/events')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await call(b, 'GET', '/api/v1/events')).status);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    // Per process, all ten would pass; counted together, the limit of 20 stops the sixth.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
  });

  it('lets the counts of one limiter reach another through the database', async () => {
    const rule = { limit: 10, windowMs: 60_000 };
    const here = new RateLimiter({ db: first.db });
    const there = new RateLimiter({ db: second.db });
    for (let i = 0; i < 8; i++) expect(here.hit('key:shared', rule)).toBe(0);
    // The first hit starts a flush; wait for it, then make the counts go with another one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    here.hit('key:shared', rule);
    await new Promise((resolve) => setTimeout(resolve, 100));
    there.hit('key:shared', rule);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(there.hit('key:shared', rule)).toBeGreaterThan(0);
  });
});

describe('leases', () => {
  it('are held by one process at a time, renewed by it, and taken over once they expire', async () => {
    const mine = new Lease(first.db, 'test-job', { holder: 'one', ttlMs: 400 });
    const theirs = new Lease(second.db, 'test-job', { holder: 'two', ttlMs: 400 });
    expect(await mine.claim()).toBe('acquired');
    expect(await theirs.claim()).toBeNull();
    expect(await mine.claim()).toBe('renewed');
    expect(mine.held).toBe(true);
    expect((await Lease.holderOf(second.db, 'test-job'))?.holder).toBe('one');
    // The holder stops renewing (it died): the other takes the lease once it expired, in a new term.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(mine.held).toBe(false);
    expect(await theirs.claim()).toBe('acquired');
    expect(await mine.claim()).toBeNull();
    // A write only the holder may make: refused to the process that lost the lease.
    const { sql } = await import('drizzle-orm');
    const [{ yes }] = await second.db.all<{ yes: number }>(sql`SELECT ${theirs.heldSql()} AS yes`);
    const [{ no }] = await first.db.all<{ no: number }>(sql`SELECT ${mine.heldSql()} AS no`);
    expect([yes, no]).toEqual([1, 0]);
    // Given up on a clean stop: the other takes it at once.
    await theirs.release();
    expect(await mine.claim()).toBe('acquired');
    await mine.release();
  });

  it('make one of two duties active, and the other take over when the first stops', async () => {
    const events: string[] = [];
    const duty = (db: Database, name: string) =>
      new Duty(new Lease(db.db, 'test-duty', { holder: name, ttlMs: 600 }), { acquired: async () => void events.push(`${name} acquired`), lost: () => void events.push(`${name} lost`) }, { retryMs: 50 });
    const one = duty(first, 'one');
    const two = duty(second, 'two');
    one.start();
    await eventually('the first duty is active', async () => one.active);
    two.start();
    // The second tries every 50 ms; for six tries it stays inactive while the first holds the lease.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([one.active, two.active]).toEqual([true, false]);
    await one.stop();
    expect(one.active).toBe(false);
    // It gave the lease up: the second takes it at its next try, not after the lease expired.
    const stopped = performance.now();
    await eventually('the second duty takes over', async () => two.active, 5_000, 10);
    expect(performance.now() - stopped).toBeLessThan(200);
    await two.stop();
    expect(events).toEqual(['one acquired', 'one lost', 'two acquired', 'two lost']);
  });
});
