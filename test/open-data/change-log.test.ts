/**
 * The public change log: its hash chain, what the database refuses, and the events API that
 * integrators sync from.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  applyMergePatch,
  canonicalForm,
  chainEntries,
  EMPTY_HEAD,
  entryHash,
  GENESIS_HASH,
  loggedStateOf,
  replayLog,
  undoPatch,
  verifyChain,
  verifyChainAfter,
  type LogDraft,
  type LogEntry,
} from '#domain/change-log.ts';
import { appendChangeEvents } from '#db/commands/change-log.ts';
import { logHead, readLogEntries } from '#db/queries/change-log.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { readPublicRegister } from '#db/queries/public-register.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { createTestDatabase, insertProviders } from '#test/fixtures/database.ts';
import { apiHarness, NOW } from '#test/fixtures/api.ts';

const draft = (i: number): LogDraft => ({
  occurredAt: `2026-01-0${i}T10:00:00.000Z`,
  provider: '0403170701',
  kind: 'capacity.free_places',
  summary: `Vrije plaatsen bijgewerkt: ${i} van 9.`,
  actor: 'dienstverlener',
  before: null,
  after: { capacity: { freePlaces: i } },
});

describe('the hash chain', () => {
  const entries = chainEntries(EMPTY_HEAD, [1, 2, 3].map(draft));

  it('hashes the RFC 8785 canonical form: sorted keys, no whitespace', () => {
    const first = entries[0];
    expect(canonicalForm(first)).toBe(
      '{"actor":"dienstverlener","after":{"capacity":{"freePlaces":1}},"before":null,"kind":"capacity.free_places","occurredAt":"2026-01-01T10:00:00.000Z","prevHash":"' +
        GENESIS_HASH +
        '","provider":"0403170701","seq":1,"summary":"Vrije plaatsen bijgewerkt: 1 van 9."}',
    );
    // The hash of that exact text, as any SHA-256 tool computes it.
    expect(first.hash).toBe(entryHash({ ...first }));
    expect(entries[1].prevHash).toBe(first.hash);
    expect(verifyChain(entries)).toEqual({ ok: true, head: { events: 3, head: entries[2].hash } });
  });

  it('names the entry that was changed, dropped or replayed', () => {
    const changed = entries.map((e) => ({ ...e }));
    changed[1].summary = 'Vrije plaatsen bijgewerkt: 200 van 9.';
    expect(verifyChain(changed)).toMatchObject({ ok: false, problem: { seq: 2, message: expect.stringMatching(/^entry 2 was changed/) } });
    expect(verifyChain([entries[0], entries[2]])).toMatchObject({ ok: false, problem: { position: 2, message: 'entry 2 is missing: line 2 holds entry 3' } });
    expect(verifyChain([entries[0], entries[0]])).toMatchObject({ ok: false, problem: { position: 2 } });
    // A forger who also recomputes the hash still breaks the link to the next entry.
    const rehashed = entries.map((e) => ({ ...e }));
    rehashed[0].summary = 'iets anders';
    rehashed[0].hash = entryHash(rehashed[0]);
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, problem: { seq: 2, message: expect.stringMatching(/does not follow entry 1/) } });
  });

  it('checks the entries after a head stated before, from the whole log or from the entry at that head on', () => {
    const head = { events: 2, head: entries[1].hash };
    const expected = { ok: true, head: { events: 3, head: entries[2].hash } };
    expect(verifyChainAfter(entries, head)).toEqual(expected);
    expect(verifyChainAfter(entries.slice(1), head)).toEqual(expected);
    // The entry at the head must still carry the hash the earlier publication stated ...
    const rewritten = entries.map((e) => ({ ...e }));
    rewritten[1].summary = 'iets anders';
    rewritten[1].hash = entryHash(rewritten[1]);
    expect(verifyChainAfter(rewritten.slice(1), head)).toMatchObject({ ok: false, problem: { seq: 2, message: expect.stringMatching(/no longer carries the hash/) } });
    // ... and the new entries must chain on from it.
    const changed = entries.map((e) => ({ ...e }));
    changed[2].summary = 'Vrije plaatsen bijgewerkt: 200 van 9.';
    expect(verifyChainAfter(changed.slice(1), head)).toMatchObject({ ok: false, problem: { seq: 3, message: expect.stringMatching(/^entry 3 was changed/) } });
    expect(verifyChainAfter(entries.slice(2), head)).toMatchObject({ ok: false, problem: { seq: 2 } });
  });

  it('applies JSON Merge Patches as RFC 7386 says, and undoes them', () => {
    // From RFC 7386, appendix A.
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } })).toEqual({ a: { b: 'd' } });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
    const state = { name: 'X', capacity: { totalPlaces: 9, freePlaces: 2 } };
    const patch = { capacity: { freePlaces: 5 }, phone: '+32 9 000 00 00' };
    const before = undoPatch(state, patch);
    expect(before).toEqual({ capacity: { freePlaces: 2 }, phone: null });
    expect(applyMergePatch(applyMergePatch(state, patch), before)).toEqual(state);
  });
});

describe('the log in the database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  // Each test has its own log.
  beforeEach(async () => {
    database = await createTestDatabase();
    await insertProviders(database, [{ id: 1, name: 'Logboek Gent vzw', events: [{ occurredAt: '2026-11-01T09:00:00.000Z', kind: 'capacity.updated', summary: 'Vrije plaatsen bijgewerkt.' }] }]);
  });
  afterEach(() => database?.cleanup());

  it('refuses to change or delete a logged event, and any insert that does not extend the head', async () => {
    const head = await logHead(database.db);
    expect(head.events).toBe(2);
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await database.db.run(statement).then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      expect(error, String(statement.queryChunks)).not.toBeNull();
      return `${error!.message} ${error!.cause?.message ?? ''}`;
    };
    expect(await refused(sql`UPDATE change_events SET summary = 'herschreven' WHERE seq = 1`)).toMatch(/append-only: a logged event cannot be changed/);
    expect(await refused(sql`UPDATE change_events SET recorded_by = NULL`)).toMatch(/cannot be changed/);
    expect(await refused(sql`DELETE FROM change_events WHERE seq = 2`)).toMatch(/cannot be deleted/);
    expect(await refused(sql`DELETE FROM change_events`)).toMatch(/cannot be deleted/);
    // Not at the head: a fork from entry 1, or a gap.
    const [first] = await readLogEntries(database.db, { upTo: 1 });
    expect(
      await refused(sql`INSERT INTO change_events (seq, occurred_at, kind, summary, actor, prev_hash, hash) VALUES (3, 'x', 'x', 'x', 'x', ${first.hash}, ${'f'.repeat(64)})`),
    ).toMatch(/append-only chain/);
    expect(
      await refused(sql`INSERT INTO change_events (seq, occurred_at, kind, summary, actor, prev_hash, hash) VALUES (9, 'x', 'x', 'x', 'x', ${head.head}, ${'f'.repeat(64)})`),
    ).toMatch(/append-only chain/);
    expect(await logHead(database.db)).toEqual(head);
    expect(verifyChain(await readLogEntries(database.db))).toEqual({ ok: true, head });
  });

  it('computes before from what the log says, and replays to the published register', async () => {
    const [entry] = await writeTransaction(database.db, (tx) =>
      appendChangeEvents(tx, [{ providerId: 1, occurredAt: '2026-11-28T09:00:00.000Z', kind: 'working_area.updated', summary: 'x', actor: 'Departement Werk en Sociale Economie', after: { workingArea: ['44021', '44084'] } }]),
    );
    expect(entry.before).toEqual({ workingArea: ['44021'] });
    // Make the database say the same, as the real command does in the same transaction.
    await database.client.execute("INSERT INTO working_areas (provider_id, nis_code) VALUES (1, '44084')");
    const register = await readPublicRegister(database.db, '2026-11-28', NOW);
    const states = replayLog(await readLogEntries(database.db));
    const state = states.get(register.providers[0].enterpriseNumber);
    // The fixture's recognition is still "pending" in the database: no evaluation ran.
    expect(state).toEqual({ ...loggedStateOf(register.providers[0]), recognitions: { 'ED-T-1': expect.objectContaining({ status: 'pending' }) } });
    expect(register.log).toEqual(await logHead(database.db));
  });
});

describe('GET /api/v1/events', () => {
  let h: Awaited<ReturnType<typeof apiHarness>>;
  beforeEach(async () => {
    h = await apiHarness();
  });
  afterEach(() => h?.database.cleanup());

  it('pages through the log by sequence number, with a next link and an ETag', async () => {
    const total = (await logHead(h.database.db)).events;
    expect(total).toBeGreaterThan(4);
    const first = await h.call('GET', '/api/v1/events?after=0&limit=3');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { items: LogEntry[]; next: string };
    expect(body.items.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(body.next).toBe('/api/v1/events?after=3&limit=3');
    expect(first.headers.get('link')).toBe('</api/v1/events?after=3&limit=3>; rel="next"');
    expect(verifyChain(body.items).ok).toBe(true);
    const etag = first.headers.get('etag')!;
    const again = await h.call('GET', '/api/v1/events?after=0&limit=3', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('answers 304 at the end of the log until something new is logged, then shows it at once', async () => {
    const { events } = await logHead(h.database.db);
    const end = await h.call('GET', `/api/v1/events?after=${events}`);
    expect(((await end.json()) as { items: unknown[] }).items).toEqual([]);
    const etag = end.headers.get('etag')!;
    expect((await h.call('GET', `/api/v1/events?after=${events}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // Public provider reads are cached for a few seconds; the events route must not be.
    await h.call('GET', '/api/v1/providers');
    await fileChangeReport(h.database.db, { providerId: 1, actor: { name: 'Officer Werkkracht' }, request: { kind: 'free_places', payload: { freePlaces: 1 } }, now: NOW });
    const grown = await h.call('GET', `/api/v1/events?after=${events}`, { headers: { 'If-None-Match': etag } });
    expect(grown.status).toBe(200);
    const [entry] = ((await grown.json()) as { items: LogEntry[] }).items;
    expect(entry).toMatchObject({ seq: events + 1, kind: 'capacity.free_places', actor: 'dienstverlener', after: { capacity: { freePlaces: 1 } } });
    expect(JSON.stringify(entry)).not.toContain('Officer Werkkracht');
  });

  it('refuses a bad cursor with problem details', async () => {
    for (const query of ['after=-1', 'after=abc', 'limit=0', 'limit=5000', 'colour=red']) {
      const response = await h.call('GET', `/api/v1/events?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('syncing while the register changes', () => {
  it('gives every entry exactly once, in order, to a client paging with after= during concurrent writes', async () => {
    const h = await apiHarness();
    try {
      const writes = Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          fileChangeReport(h.database.db, { providerId: [1, 2, 4][i % 3], actor: { name: `officer ${i}` }, request: { kind: 'free_places', payload: { freePlaces: i % 3 } }, now: NOW }),
        ),
      );
      let settled = false;
      void writes.then(() => (settled = true));
      const seen: LogEntry[] = [];
      let after = 0;
      // Keep paging until the writes are done and a last page brings nothing new.
      for (let rounds = 0; rounds < 10_000; rounds++) {
        const doneBefore = settled;
        const response = await h.call('GET', `/api/v1/events?after=${after}&limit=7`);
        const { items, next } = (await response.json()) as { items: LogEntry[]; next: string };
        seen.push(...items);
        after = Number(new URL(next, 'http://x').searchParams.get('after'));
        if (doneBefore && items.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, items.length ? 0 : 2));
      }
      await writes;
      const all = await readLogEntries(h.database.db);
      expect(seen.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      expect(verifyChain(seen).ok).toBe(true);
      expect(seen.filter((e) => e.kind === 'capacity.free_places')).toHaveLength(120);
    } finally {
      h.database.cleanup();
    }
  }, 60_000);
});
