import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, recognitionWarnings, warningMilestone, type ActivityFigure } from '#domain/rules/index.ts';

const coached = (...years: number[]): ActivityFigure[] => years.map((year) => ({ year, employeesCoached: 2 }));
// Valid from 1 July 2022 to 30 June 2027, coaching reported every year: only the expiry warnings apply.
const facts = { validFrom: '2022-07-01' };
const busy = coached(2023, 2024, 2025, 2026, 2027);

describe('warnings before a recognition ends', () => {
  it.each([
    ['2026-12-29', []], // six months and two days before the last day
    ['2026-12-30', ['expiry-6m']], // 30 June 2027 is within six months of today
    ['2027-05-29', ['expiry-6m']],
    ['2027-05-30', ['expiry-1m']], // within one month: the one-month warning replaces it
    ['2027-06-30', ['expiry-1m']], // the last valid day
    ['2027-07-01', []], // expired: nothing more to warn about
  ])('on %s: %j', (today, milestones) => {
    expect(recognitionWarnings(facts, busy, today).map(warningMilestone)).toEqual(milestones);
  });

  it('names the last valid day in the expiry warning', () => {
    expect(recognitionWarnings(facts, busy, '2027-01-15')).toEqual([{ kind: 'expiry', months: 6, lastValidDay: '2027-06-30' }]);
  });

  it('gives no expiry warning for a recognition that ends earlier by withdrawal or renunciation', () => {
    const renounced = { validFrom: '2022-07-01', termination: { kind: 'renounced' as const, effectiveFrom: '2027-03-01', reason: 'stopt' } };
    expect(recognitionWarnings(renounced, busy, '2027-01-15')).toEqual([]);
  });

  it('warns when last year had no coaching: the recognition lapses on 1 January unless some is reported', () => {
    const quiet = coached(2023, 2024); // nothing for 2025
    expect(recognitionWarnings(facts, quiet, '2025-12-31')).toEqual([]); // 2025 is not over yet
    expect(recognitionWarnings(facts, quiet, '2026-01-01')).toEqual([{ kind: 'no_coaching', year: 2025, lapsesOn: '2027-01-01', unlessCoachingReportedFor: [2025, 2026] }]);
    expect(recognitionWarnings(facts, [...quiet, ...coached(2026)], '2026-03-01')).toEqual([]); // coaching reported for this year
    expect(recognitionWarnings(facts, quiet, '2027-01-01')).toEqual([]); // lapsed: no longer active
  });

  it('warns about a year without coaching at most once per year: the milestone names the year', () => {
    const quiet = coached(2023);
    expect(recognitionWarnings(facts, quiet, '2025-01-01').map(warningMilestone)).toEqual(['no-coaching-2024']);
  });

  it('reaches a milestone on one day and keeps it until the recognition is no longer active', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1900 }), fc.integer({ min: 1, max: 60 }), (offset, later) => {
        const today = addDays('2022-07-01', offset);
        const now = recognitionWarnings(facts, busy, today).map(warningMilestone);
        const then = recognitionWarnings(facts, busy, addDays(today, later)).map(warningMilestone);
        // A six-month warning may give way to the one-month one, or everything ends with the recognition.
        return now.every((m) => then.includes(m) || (m === 'expiry-6m' && then.includes('expiry-1m')) || then.length === 0);
      }),
    );
  });
});
