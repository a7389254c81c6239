import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, like } from 'drizzle-orm';
import { evaluateRegister, EVALUATION_ACTOR, previewEvaluation } from '#db/commands/evaluate-register.ts';
import { changeEvents, recognitions } from '#db/schema/index.ts';
import { addDays } from '#domain/rules/index.ts';
import { createTestDatabase, insertProviders } from '#test/fixtures/database.ts';

const NOW = new Date('2026-11-28T06:00:00Z');

describe('the daily evaluation', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  // Each test has its own register, evaluated from the start.
  beforeEach(async () => {
    database = await createTestDatabase();
    await insertProviders(database, [
      // Active through 2026 and 2027.
      { id: 1, name: 'Blijft Erkend vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 3 }, { year: 2025, employeesCoached: 2 }, { year: 2026, employeesCoached: 2 }] },
      // Lapses on 1 January 2027: no coaching in 2025 and 2026.
      { id: 2, name: 'Vervalt Binnenkort vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 0 }] },
      // Expires after 14 December 2026.
      { id: 3, name: 'Verloopt In December vzw', validFrom: '2021-12-15', activity: [2022, 2023, 2024, 2025, 2026].map((year) => ({ year, employeesCoached: 1 })) },
      // Starts on 10 December 2026.
      { id: 4, name: 'Begint In December vzw', validFrom: '2026-12-10' },
      // Withdrawn from 1 December 2026.
      { id: 5, name: 'Wordt Ingetrokken vzw', validFrom: '2025-03-01', activity: [{ year: 2025, employeesCoached: 4 }, { year: 2026, employeesCoached: 1 }], termination: { kind: 'withdrawn', effectiveFrom: '2026-12-01', reason: 'geen intervisie' } },
    ]);
  });
  afterEach(() => database.cleanup());

  const statusOf = async (number: string) => (await database.db.select().from(recognitions).where(eq(recognitions.recognitionNumber, number)))[0].status;
  const eventsOf = async () => database.db.select().from(changeEvents).where(eq(changeEvents.actor, EVALUATION_ACTOR));

  it('moves exactly the recognitions whose status changed, with one change event each', async () => {
    // Fixtures start as "pending" in the database; the first evaluation brings them up to date.
    const first = await evaluateRegister(database.db, '2026-11-28', NOW);
    expect(first.changes.map((c) => [c.recognitionNumber, c.to]).sort()).toEqual([
      ['ED-T-1', 'active'],
      ['ED-T-2', 'active'],
      ['ED-T-3', 'active'],
      ['ED-T-5', 'active'],
    ]);
    const eventsBefore = (await eventsOf()).length;
    expect(eventsBefore).toBe(4);

    const newYear = await evaluateRegister(database.db, '2027-01-01', NOW);
    expect(newYear.changes.map((c) => [c.recognitionNumber, c.from, c.to]).sort()).toEqual([
      ['ED-T-2', 'active', 'lapsed'],
      ['ED-T-3', 'active', 'expired'],
      ['ED-T-4', 'pending', 'active'],
      ['ED-T-5', 'active', 'withdrawn'],
    ]);
    expect(await statusOf('ED-T-2')).toBe('lapsed');
    expect(await statusOf('ED-T-1')).toBe('active');
    const events = await eventsOf();
    expect(events).toHaveLength(eventsBefore + 4);
    const lapse = events.find((e) => e.kind === 'recognition.lapsed')!;
    expect(lapse.summary).toBe('Erkenning ED-T-2: Vervallen: geen werknemers met een arbeidsbeperking begeleid in 2025 en 2026.');
    // A patch on the provider's public state, and the values it replaced.
    expect(lapse.after).toEqual({ recognitions: { 'ED-T-2': { status: 'lapsed', validUntil: '2028-12-31', endedOn: '2026-12-31' } } });
    expect(lapse.before).toEqual({ recognitions: { 'ED-T-2': { status: 'active', validUntil: '2028-12-31', endedOn: null } } });
  });

  it('writes nothing for a day before the last one evaluated, and says what that day would give', async () => {
    await evaluateRegister(database.db, '2026-11-28', NOW);
    await evaluateRegister(database.db, '2027-01-01', NOW);
    // 1 January 2027 was evaluated: lapsed and expired recognitions must not turn "active" again.
    const eventsBefore = (await eventsOf()).length;
    await expect(evaluateRegister(database.db, '2026-11-28', NOW)).rejects.toThrow(/last evaluated for 2027-01-01; evaluating an earlier day \(2026-11-28\)/);
    expect(await statusOf('ED-T-2')).toBe('lapsed');
    expect(await statusOf('ED-T-3')).toBe('expired');
    expect((await eventsOf()).length).toBe(eventsBefore);
    expect((await database.db.select().from(changeEvents).where(like(changeEvents.summary, '%opnieuw geldig%'))).length).toBe(0);
    const preview = await previewEvaluation(database.db, '2026-11-28');
    expect(preview.changes.map((c) => [c.recognitionNumber, c.from, c.to]).sort()).toEqual([
      ['ED-T-2', 'lapsed', 'active'],
      ['ED-T-3', 'expired', 'active'],
      ['ED-T-4', 'active', 'pending'],
      ['ED-T-5', 'withdrawn', 'active'],
    ]);
    expect((await eventsOf()).length).toBe(eventsBefore);
  });

  it('changes nothing when run twice on the same day', async () => {
    // Days only move forward (an earlier day is refused, above), by 0 to 100 days at a time.
    let day = '2027-01-01';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100 }), async (offset) => {
        day = addDays(day, offset);
        await evaluateRegister(database.db, day, NOW);
        const count = (await eventsOf()).length;
        const again = await evaluateRegister(database.db, day, NOW);
        return again.changes.length === 0 && (await eventsOf()).length === count;
      }),
      { numRuns: 25 },
    );
  });
});
