import { describe, expect, it } from 'vitest';
import { DEADLINE_NEAR_DAYS, deadlineUrgency, nextDeadline, replayProcedure, type ProcedureEvent, type ProcedureHistory } from '#domain/rules/index.ts';

const history = (submittedOn: string, ...events: ProcedureEvent[]): ProcedureHistory => ({ submittedOn, events });
const urgencyOn = (h: ProcedureHistory, today: string) => deadlineUrgency(nextDeadline(h, replayProcedure(h), today)!);

describe('how pressing a deadline is', () => {
  it('counts a deadline as near from three days before its last day until that day, and overdue after it', () => {
    expect(DEADLINE_NEAR_DAYS).toBe(3);
    // Submitted on 2 March: admissibility is due on 9 March.
    const h = history('2026-03-02');
    expect(urgencyOn(h, '2026-03-05')).toBe('later'); // 4 days left
    expect(urgencyOn(h, '2026-03-06')).toBe('near'); // 3 days left
    expect(urgencyOn(h, '2026-03-08')).toBe('near');
    expect(urgencyOn(h, '2026-03-09')).toBe('near'); // the last day
    expect(urgencyOn(h, '2026-03-10')).toBe('overdue');
    expect(urgencyOn(h, '2027-01-10')).toBe('overdue');
  });

  it('never calls a suspended examination near or overdue, nor one whose clock has not started', () => {
    const waiting = history('2026-03-02', { step: 'declare_admissible', on: '2026-03-05', mailSentOn: '2026-03-05' }, { step: 'request_information', on: '2026-04-17' });
    expect(urgencyOn(waiting, '2026-04-18')).toBe('suspended');
    expect(urgencyOn(waiting, '2026-06-30')).toBe('suspended');
    const unsent = history('2026-03-02', { step: 'declare_admissible', on: '2026-03-05', mailSentOn: null });
    expect(urgencyOn(unsent, '2026-03-06')).toBe('not_started');
  });

  it('judges the fields it is given', () => {
    const base = { overdue: false, suspended: false, started: true };
    expect(deadlineUrgency({ ...base, daysLeft: 0 })).toBe('near');
    expect(deadlineUrgency({ ...base, daysLeft: 4 })).toBe('later');
    expect(deadlineUrgency({ ...base, daysLeft: -2, overdue: true })).toBe('overdue');
    expect(deadlineUrgency({ ...base, daysLeft: null, started: false })).toBe('not_started');
  });
});
