import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  countedYears,
  currentRecognition,
  daysBetween,
  isCalendarDate,
  lapseDate,
  recognitionStanding,
  scheduledEnd,
  brokenLinks,
  capacityIsPublic,
  lastDayHeld,
  subcontractingAllowed,
  type ActivityFigure,
  type RecognitionStanding,
} from '#domain/rules/index.ts';

const coached = (...years: number[]): ActivityFigure[] => years.map((year) => ({ year, employeesCoached: 3 }));

describe('validity of a recognition', () => {
  it.each([
    ['2024-03-15', '2029-03-14'],
    ['2021-01-01', '2025-12-31'],
    ['2024-02-29', '2029-02-28'], // no 29 February in 2029: the anniversary is 1 March
    ['2023-03-01', '2028-02-29'], // the day before an anniversary on 1 March of a leap year
    ['2022-12-31', '2027-12-30'],
  ])('starting %s is valid up to and including %s', (from, until) => {
    expect(scheduledEnd(from)).toBe(until);
  });

  it('is active on its last day and expired the day after', () => {
    const facts = { validFrom: '2021-06-10' };
    const activity = coached(2022, 2023, 2024, 2025);
    expect(recognitionStanding(facts, activity, '2026-06-09')).toMatchObject({ status: 'active', validUntil: '2026-06-09' });
    expect(recognitionStanding(facts, activity, '2026-06-10')).toMatchObject({ status: 'expired', endedOn: '2026-06-09' });
  });

  it('is pending before its start date and active on it', () => {
    expect(recognitionStanding({ validFrom: '2026-12-01' }, [], '2026-11-30').status).toBe('pending');
    expect(recognitionStanding({ validFrom: '2026-12-01' }, [], '2026-12-01').status).toBe('active');
  });

  it.each([
    ['2026-11-28', '2027-05-27', true], // ends within six months
    ['2026-11-28', '2027-05-28', true], // ends exactly six months ahead
    ['2026-11-28', '2027-05-29', false],
  ])('on %s a recognition valid until %s expires soon: %s', (today, until, soon) => {
    const validFrom = addDays(addYears(until, -5), 1);
    expect(scheduledEnd(validFrom)).toBe(until);
    const standing = recognitionStanding({ validFrom }, coached(2022, 2023, 2024, 2025, 2026), today);
    expect(standing).toMatchObject({ status: 'active', expiresSoon: soon });
  });

  it('ends the day before a withdrawal takes effect, with the reason', () => {
    const standing = recognitionStanding(
      { validFrom: '2024-01-01', termination: { kind: 'withdrawn', effectiveFrom: '2026-05-01', reason: 'geen kwaliteitsregistratie meer' } },
      coached(2024, 2025),
      '2026-05-01',
    );
    expect(standing).toMatchObject({ status: 'withdrawn', endedOn: '2026-04-30' });
    expect('reason' in standing && standing.reason).toContain('geen kwaliteitsregistratie meer');
  });

  it('is still active the day before a withdrawal takes effect', () => {
    const standing = recognitionStanding(
      { validFrom: '2024-01-01', termination: { kind: 'renounced', effectiveFrom: '2026-05-01', reason: '' } },
      coached(2024, 2025),
      '2026-04-30',
    );
    expect(standing.status).toBe('active');
  });
});

describe('early lapse after two calendar years without coaching', () => {
  it('counts only calendar years wholly inside the validity period', () => {
    expect(countedYears('2021-01-01', '2025-12-31')).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(countedYears('2021-03-15', '2026-03-14')).toEqual([2022, 2023, 2024, 2025]);
  });

  it('is judged on 1 January after the second year, not on 31 December', () => {
    const facts = { validFrom: '2023-01-01' };
    const activity: ActivityFigure[] = [
      { year: 2023, employeesCoached: 2 },
      { year: 2024, employeesCoached: 0 },
      { year: 2025, employeesCoached: 0 },
    ];
    expect(recognitionStanding(facts, activity, '2025-12-31').status).toBe('active');
    expect(recognitionStanding(facts, activity, '2026-01-01')).toMatchObject({ status: 'lapsed', endedOn: '2025-12-31' });
  });

  it('counts a year without a report as a year without coaching only once it is over', () => {
    const facts = { validFrom: '2024-01-01' };
    // 2024: nothing reported; 2025 running: not held against the provider yet.
    expect(recognitionStanding(facts, [], '2025-06-30').status).toBe('active');
    // Both years over, neither reported: lapsed from 1 January 2026.
    expect(recognitionStanding(facts, [], '2026-01-01')).toMatchObject({ status: 'lapsed', endedOn: '2025-12-31' });
  });

  it('does not lapse when one of the two years had coaching', () => {
    const facts = { validFrom: '2022-01-01' };
    const figures = [{ year: 2022, employeesCoached: 4 }, { year: 2023, employeesCoached: 0 }, { year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 0 }];
    expect(recognitionStanding(facts, figures, '2026-02-01').status).toBe('active');
  });

  it('does not hold a first partial year against the provider', () => {
    // Valid from mid-2024: 2024 is partial, 2025 is the first counted year; 2026 is still running.
    expect(lapseDate({ validFrom: '2024-06-01' }, [], '2026-11-28')).toBeNull();
    expect(lapseDate({ validFrom: '2024-06-01' }, [], '2027-01-01')).toBe('2027-01-01');
  });

  it('warns when last year had no coaching: it lapses unless coaching is reported', () => {
    const standing = recognitionStanding({ validFrom: '2022-01-01' }, coached(2022, 2023, 2024), '2026-11-28');
    expect(standing).toMatchObject({ status: 'active', lapseOutlook: { lapsesOn: '2027-01-01', unlessCoachingReportedFor: [2025, 2026] } });
  });

  it('gives no warning when last year had coaching', () => {
    const standing = recognitionStanding({ validFrom: '2022-01-01' }, coached(2022, 2023, 2024, 2025), '2026-11-28');
    expect(standing).toMatchObject({ status: 'active', lapseOutlook: null });
  });

  it('takes the earliest ending when a lapse comes before a withdrawal', () => {
    const standing = recognitionStanding(
      { validFrom: '2022-01-01', termination: { kind: 'withdrawn', effectiveFrom: '2026-06-01', reason: 'x' } },
      coached(2022, 2023),
      '2026-11-28',
    );
    expect(standing).toMatchObject({ status: 'lapsed', endedOn: '2025-12-31' });
  });
});

describe('the recognition that speaks for a provider', () => {
  it('prefers the active one over an expired one and an upcoming one', () => {
    const result = currentRecognition(
      [
        { recognitionNumber: 'A', decisionDate: '2019-01-01', validFrom: '2019-01-01' },
        { recognitionNumber: 'B', decisionDate: '2023-12-01', validFrom: '2024-01-01' },
        { recognitionNumber: 'C', decisionDate: '2026-11-01', validFrom: '2029-01-01' },
      ],
      coached(2019, 2020, 2021, 2022, 2023, 2024, 2025),
      '2026-11-28',
    );
    expect(result?.current.recognition.recognitionNumber).toBe('B');
    expect(result?.others.map((o) => o.standing.status)).toEqual(['pending', 'expired']);
  });

  it('falls back to the last one that ended', () => {
    const result = currentRecognition(
      [
        { recognitionNumber: 'A', decisionDate: '2015-01-01', validFrom: '2015-01-01' },
        { recognitionNumber: 'B', decisionDate: '2020-01-01', validFrom: '2020-01-01' },
      ],
      coached(2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024),
      '2026-11-28',
    );
    expect(result?.current.recognition.recognitionNumber).toBe('B');
    expect(result?.current.standing.status).toBe('expired');
  });

  it('is null for a provider without recognitions', () => {
    expect(currentRecognition([], [], '2026-11-28')).toBeNull();
  });
});

describe('properties', () => {
  const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));
  const activity = fc.array(fc.record({ year: fc.integer({ min: 2000, max: 2045 }), employeesCoached: fc.integer({ min: 0, max: 3 }) }), { maxLength: 12 });

  it('an end date is never after start + 5 years, and never before the start', () => {
    fc.assert(
      fc.property(day, day, activity, (validFrom, today, figures) => {
        const standing = recognitionStanding({ validFrom }, figures, today);
        const end = 'endedOn' in standing ? standing.endedOn : standing.validUntil;
        return compareDates(end, addYears(validFrom, 5)) < 0 && compareDates(end, addDays(validFrom, -1)) >= 0;
      }),
    );
  });

  it('a recognition is active on a day exactly when it has started and not ended', () => {
    fc.assert(
      fc.property(day, day, activity, (validFrom, today, figures) => {
        const standing = recognitionStanding({ validFrom }, figures, today);
        if (standing.status === 'active') return compareDates(validFrom, today) <= 0 && compareDates(today, standing.validUntil) <= 0;
        if (standing.status === 'pending') return compareDates(today, validFrom) < 0;
        return compareDates(standing.endedOn, today) < 0;
      }),
    );
  });

  it('once ended, it stays ended on every later day', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 4000 }), activity, (validFrom, today, later, figures) => {
        const before = recognitionStanding({ validFrom }, figures, today);
        const after = recognitionStanding({ validFrom }, figures, addDays(today, later));
        return !('endedOn' in before) || ('endedOn' in after && after.endedOn === before.endedOn);
      }),
    );
  });

  it('calendar arithmetic round-trips', () => {
    fc.assert(fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => isCalendarDate(addDays(d, n)) && daysBetween(d, addDays(d, n)) === n));
  });
});

describe('subcontracting', () => {
  const standing = (validFrom: string, today: string) => recognitionStanding({ validFrom }, coached(2020, 2021, 2022, 2023, 2024, 2025, 2026), today);

  it('is allowed only with a subcontractor whose recognition is active that day', () => {
    expect(subcontractingAllowed(standing('2025-03-01', '2026-11-28'))).toBe(true);
    expect(subcontractingAllowed(standing('2027-01-01', '2026-11-28'))).toBe(false); // not yet in force
    expect(subcontractingAllowed(standing('2020-01-01', '2026-11-28'))).toBe(false); // expired
    expect(subcontractingAllowed(null)).toBe(false); // never recognised
  });

  it('names the links that break when a recognition ends, from the day it no longer holds', () => {
    const standings: Record<string, RecognitionStanding | null> = {
      A: standing('2025-03-01', '2026-11-28'),
      B: standing('2021-06-10', '2026-11-28'), // valid through 2026-06-09
      C: null,
    };
    const links = [
      { provider: 'X', subcontractor: 'A' },
      { provider: 'X', subcontractor: 'B' },
      { provider: 'Y', subcontractor: 'C' },
    ];
    expect(brokenLinks(links, (p) => standings[p])).toEqual([
      { provider: 'Y', subcontractor: 'C', brokenSince: null },
      { provider: 'X', subcontractor: 'B', brokenSince: '2026-06-10' },
    ]);
  });
});

describe('ends recorded around the start date', () => {
  it('never holds when withdrawn from its start date or before', () => {
    const facts = { validFrom: '2026-12-15', termination: { kind: 'withdrawn' as const, effectiveFrom: '2026-12-01', reason: 'geweigerd na heroverweging' } };
    expect(recognitionStanding(facts, [], '2026-11-30').status).toBe('pending');
    expect(recognitionStanding(facts, [], '2026-12-01')).toMatchObject({ status: 'withdrawn', endedOn: '2026-12-14' });
    expect(recognitionStanding(facts, [], '2027-06-01')).toMatchObject({ status: 'withdrawn', endedOn: '2026-12-14' });
  });

  it('shows a withdrawal scheduled for later as the end of validity, and warns when it is near', () => {
    const standing = recognitionStanding({ validFrom: '2024-01-01', termination: { kind: 'withdrawn', effectiveFrom: '2027-01-01', reason: 'x' } }, coached(2024, 2025, 2026), '2026-11-28');
    expect(standing).toMatchObject({ status: 'active', validUntil: '2026-12-31', expiresSoon: true });
  });

  it('counts six months to the last day of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
  });

  it('lets the recognition that ended last speak among ended ones', () => {
    const result = currentRecognition(
      [
        { recognitionNumber: 'LONG', decisionDate: '2019-01-01', validFrom: '2019-01-01' },
        { recognitionNumber: 'SHORT', decisionDate: '2020-01-01', validFrom: '2020-01-01', termination: { kind: 'withdrawn', effectiveFrom: '2021-01-01', reason: 'x' } },
      ],
      coached(2019, 2020, 2021, 2022, 2023),
      '2026-11-28',
    );
    expect(result?.current.recognition.recognitionNumber).toBe('LONG');
  });
});

describe('what the public pages may say of a recognition', () => {
  it('shows places only while the recognition is active', () => {
    expect(capacityIsPublic('active')).toBe(true);
    for (const status of ['pending', 'expired', 'lapsed', 'withdrawn', 'renounced', null, undefined] as const) expect(capacityIsPublic(status), String(status)).toBe(false);
  });

  it('gives the last day a recognition holds: the day it ended, its scheduled end, or none when it never held', () => {
    const withdrawnOnStart = recognitionStanding({ validFrom: '2024-03-01', termination: { kind: 'withdrawn', effectiveFrom: '2024-03-01', reason: '' } }, [], '2026-01-01');
    const withdrawnLater = recognitionStanding({ validFrom: '2024-03-01', termination: { kind: 'withdrawn', effectiveFrom: '2025-06-01', reason: '' } }, [], '2026-01-01');
    const active = recognitionStanding({ validFrom: '2024-03-01' }, coached(2024, 2025), '2026-01-01');
    const endedOn = (s: RecognitionStanding) => ('endedOn' in s ? s.endedOn : null);
    expect(lastDayHeld({ ...withdrawnOnStart, endedOn: endedOn(withdrawnOnStart) })).toBeNull();
    expect(lastDayHeld({ ...withdrawnLater, endedOn: endedOn(withdrawnLater) })).toBe('2025-05-31');
    expect(lastDayHeld({ ...active, endedOn: endedOn(active) })).toBe('2029-02-28');
  });
});
