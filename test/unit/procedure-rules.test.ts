import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  allowedSteps,
  applyStep,
  compareDates,
  examinationWaits,
  FINAL_STATES,
  judgeStep,
  nextDeadline,
  PROCEDURE_STATES,
  ProcedureError,
  replayProcedure,
  stepTimeliness,
  suspendedDays,
  type ProcedureEvent,
  type ProcedureHistory,
} from '#domain/rules/index.ts';

const history = (submittedOn: string, ...events: ProcedureEvent[]): ProcedureHistory => ({ submittedOn, events });
const deadlineOn = (h: ProcedureHistory, today: string) => nextDeadline(h, replayProcedure(h), today);
/** Declared admissible on `on`, with the admissibility e-mail sent on `mailSentOn` (null: not sent yet). */
const admitted = (on: string, mailSentOn: string | null = on): ProcedureEvent => ({ step: 'declare_admissible', on, mailSentOn });

describe('the procedure as a state machine', () => {
  it('runs an application from submission to a decision', () => {
    const h = history(
      '2026-01-05',
      { step: 'declare_admissible', on: '2026-01-09' },
      { step: 'start_examination', on: '2026-01-10' },
      { step: 'request_information', on: '2026-01-20' },
      { step: 'receive_information', on: '2026-01-30' },
      { step: 'give_advice', on: '2026-03-01' },
      { step: 'decide', on: '2026-03-15', outcome: 'granted', notifiedOn: '2026-03-16', validFrom: '2026-04-01' },
    );
    const status = replayProcedure(h);
    expect(status.state).toBe('granted');
    expect(status.decision).toMatchObject({ outcome: 'granted', validFrom: '2026-04-01' });
  });

  it('ends an inadmissible application', () => {
    const status = replayProcedure(history('2026-01-05', { step: 'declare_inadmissible', on: '2026-01-08' }));
    expect(status.state).toBe('inadmissible');
    expect(allowedSteps(status, '2026-01-09')).toEqual([]);
    expect(() => applyStep(status, { step: 'declare_admissible', on: '2026-01-09' })).toThrow(/procedure has ended/);
  });

  it.each([
    ['give advice before admissibility', [{ step: 'give_advice', on: '2026-01-06' }]],
    ['decide before advice', [{ step: 'declare_admissible', on: '2026-01-06' }, { step: 'decide', on: '2026-01-07', outcome: 'granted', notifiedOn: '2026-01-07', validFrom: '2026-02-01' }]],
    ['receive information never asked for', [{ step: 'declare_admissible', on: '2026-01-06' }, { step: 'receive_information', on: '2026-01-07' }]],
    ['hold a hearing without a reconsideration request', [{ step: 'declare_admissible', on: '2026-01-06' }, { step: 'give_advice', on: '2026-01-07' }, { step: 'decide', on: '2026-01-08', outcome: 'refused', notifiedOn: '2026-01-08' }, { step: 'hold_hearing', on: '2026-01-09' }]],
  ] as [string, ProcedureEvent[]][])('refuses to %s, saying which steps are allowed', (_, events) => {
    expect(() => replayProcedure(history('2026-01-05', ...events))).toThrow(ProcedureError);
    try {
      replayProcedure(history('2026-01-05', ...events));
    } catch (error) {
      expect((error as ProcedureError).reason).toBe('not-allowed');
      expect((error as Error).message).toMatch(/allowed now: '/);
    }
  });

  it('refuses a step dated before the previous one', () => {
    expect(() => replayProcedure(history('2026-01-05', { step: 'declare_admissible', on: '2026-01-04' }))).toThrow(/before the previous step/);
  });

  it('refuses a grant without a start date', () => {
    expect(() =>
      replayProcedure(history('2026-01-05', { step: 'declare_admissible', on: '2026-01-06' }, { step: 'give_advice', on: '2026-01-07' }, { step: 'decide', on: '2026-01-08', outcome: 'granted', notifiedOn: '2026-01-08' })),
    ).toThrow(/must state the date/);
  });
});

describe('deadlines', () => {
  it('gives 7 days for admissibility, counted from the submission', () => {
    const h = history('2026-03-02');
    expect(deadlineOn(h, '2026-03-02')).toMatchObject({ kind: 'admissibility', dueOn: '2026-03-09', daysLeft: 7, overdue: false });
    expect(deadlineOn(h, '2026-03-09')).toMatchObject({ daysLeft: 0, overdue: false });
    expect(deadlineOn(h, '2026-03-10')).toMatchObject({ daysLeft: -1, overdue: true });
  });

  it('gives 45 days for the examination after the day the admissibility e-mail was sent', () => {
    const h = history('2026-03-02', admitted('2026-03-05'));
    expect(deadlineOn(h, '2026-03-05')).toMatchObject({ kind: 'examination', dueOn: '2026-04-19', daysLeft: 45, started: true });
  });

  it.each([
    // declared admissible, e-mail sent, looked at on, → due on, days left, overdue
    ['2026-03-05', '2026-03-05', '2026-03-05', '2026-04-19', 45, false],
    ['2026-03-05', '2026-03-07', '2026-03-07', '2026-04-21', 45, false], // the mail left two days late: the clock starts then
    ['2026-03-05', '2026-03-07', '2026-04-21', '2026-04-21', 0, false], // day 45 is still on time
    ['2026-03-05', '2026-03-07', '2026-04-22', '2026-04-21', -1, true],
    ['2026-12-31', '2027-01-02', '2027-01-02', '2027-02-16', 45, false], // across a year end
    ['2028-01-20', '2028-01-20', '2028-01-20', '2028-03-05', 45, false], // across 29 February
  ])('declared admissible on %s, e-mail sent on %s, on %s: examination due on %s (%i days left)', (declaredOn, sentOn, today, dueOn, daysLeft, overdue) => {
    const h = history('2026-03-01', admitted(declaredOn, sentOn));
    expect(deadlineOn(h, today)).toEqual({ kind: 'examination', dueOn, daysLeft, overdue, suspended: false, waitingFor: 'department', started: true });
  });

  it('has not started the examination clock while the admissibility e-mail is unsent: no due day, never overdue', () => {
    const h = history('2026-03-02', admitted('2026-03-05', null), { step: 'start_examination', on: '2026-03-06' });
    for (const today of ['2026-03-05', '2026-04-19', '2026-12-31']) {
      expect(deadlineOn(h, today)).toEqual({ kind: 'examination', dueOn: null, daysLeft: null, overdue: false, suspended: false, waitingFor: 'department', started: false });
    }
  });

  it('does not count days waited for information before the clock started', () => {
    // Information asked on 6 March, before the admissibility e-mail left on 8 March, answered on 10 March:
    // only the 2 days after the start extend the term (8 March + 45 + 2 = 24 April).
    const h = history('2026-03-02', admitted('2026-03-05', '2026-03-08'), { step: 'request_information', on: '2026-03-06' }, { step: 'receive_information', on: '2026-03-10' });
    expect(suspendedDays(replayProcedure(h), '2026-03-20')).toBe(2);
    expect(deadlineOn(h, '2026-03-20')).toMatchObject({ dueOn: '2026-04-24', started: true });
    const unsent = history('2026-03-02', admitted('2026-03-05', null), { step: 'request_information', on: '2026-03-06' }, { step: 'receive_information', on: '2026-03-10' });
    expect(suspendedDays(replayProcedure(unsent), '2026-03-20')).toBe(0);
  });

  it('extends the examination by a suspension that spans a month end', () => {
    const h = history(
      '2026-01-02',
      admitted('2026-01-05'),
      { step: 'request_information', on: '2026-01-28' },
      { step: 'receive_information', on: '2026-02-04' },
    );
    // 45 days from 5 January is 19 February; 7 days waiting move it to 26 February.
    expect(deadlineOn(h, '2026-02-10')).toMatchObject({ dueOn: '2026-02-26', suspended: false });
  });

  it('adds up two suspensions', () => {
    const h = history(
      '2026-01-02',
      admitted('2026-01-05'),
      { step: 'request_information', on: '2026-01-10' },
      { step: 'receive_information', on: '2026-01-13' },
      { step: 'request_information', on: '2026-02-01' },
      { step: 'receive_information', on: '2026-02-11' },
    );
    expect(suspendedDays(replayProcedure(h), '2026-03-01')).toBe(13);
    expect(deadlineOn(h, '2026-03-01')).toMatchObject({ dueOn: '2026-03-04' });
  });

  it('stops the clock while information is awaited: never overdue, and the due day moves on', () => {
    const h = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-01-10' });
    const early = deadlineOn(h, '2026-01-15')!;
    const late = deadlineOn(h, '2026-04-30')!;
    expect(early).toMatchObject({ suspended: true, overdue: false, waitingFor: 'provider', dueOn: '2026-02-24' });
    expect(late).toMatchObject({ suspended: true, overdue: false });
    expect(compareDates(late.dueOn!, early.dueOn!)).toBeGreaterThan(0);
  });

  it('keeps an examination overdue when information is asked after its term has run out', () => {
    // Admissibility e-mail sent 5 January: the examination is due 19 February. Information asked on 1 March.
    const asked = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-03-01' });
    expect(deadlineOn(asked, '2026-03-10')).toEqual({ kind: 'examination', dueOn: '2026-02-19', daysLeft: -19, overdue: true, suspended: false, waitingFor: 'provider', started: true });
    // The answer does not move the due day either.
    const answered = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-03-01' }, { step: 'receive_information', on: '2026-03-20' });
    expect(deadlineOn(answered, '2026-03-21')).toMatchObject({ dueOn: '2026-02-19', overdue: true, suspended: false });
    expect(examinationWaits(replayProcedure(answered), '2026-03-21')).toEqual([{ requestedOn: '2026-03-01', receivedOn: '2026-03-20', days: 0, effect: 'after-term' }]);
  });

  it('still stops the clock for information asked on the last day of the term', () => {
    const h = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-02-19' });
    expect(deadlineOn(h, '2026-02-25')).toMatchObject({ dueOn: '2026-02-25', suspended: true, overdue: false });
  });

  it('judges a second wait against the term as the first wait extended it', () => {
    // Due 19 February + 10 days waited = 1 March: a request on 1 March still counts, one on 2 March would not.
    const inTime = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-01-10' }, { step: 'receive_information', on: '2026-01-20' }, { step: 'request_information', on: '2026-03-01' });
    expect(deadlineOn(inTime, '2026-03-05')).toMatchObject({ dueOn: '2026-03-05', suspended: true, overdue: false });
    const tooLate = history('2026-01-02', admitted('2026-01-05'), { step: 'request_information', on: '2026-01-10' }, { step: 'receive_information', on: '2026-01-20' }, { step: 'request_information', on: '2026-03-02' });
    expect(deadlineOn(tooLate, '2026-03-05')).toMatchObject({ dueOn: '2026-03-01', suspended: false, overdue: true, daysLeft: -4 });
  });

  it('allows reconsideration on day 30 after being informed and refuses it on day 31', () => {
    const decided = history('2026-01-02', admitted('2026-01-05'), { step: 'give_advice', on: '2026-02-01' }, { step: 'decide', on: '2026-02-10', outcome: 'refused', notifiedOn: '2026-02-12' });
    expect(deadlineOn(decided, '2026-02-12')).toMatchObject({ kind: 'reconsideration_window', dueOn: '2026-03-14' });
    const status = replayProcedure(decided);
    expect(allowedSteps(status, '2026-03-14')).toEqual(['request_reconsideration']);
    expect(allowedSteps(status, '2026-03-15')).toEqual([]);
    expect(applyStep(status, { step: 'request_reconsideration', on: '2026-03-14' }).state).toBe('reconsideration_requested');
    expect(() => applyStep(status, { step: 'request_reconsideration', on: '2026-03-15' })).toThrow(/had to be requested by 2026-03-14/);
    expect(deadlineOn(decided, '2026-03-15')).toBeNull();
  });

  it('gives the committee 45 days after the hearing, then a final decision', () => {
    const h = history(
      '2026-01-02',
      admitted('2026-01-05'),
      { step: 'give_advice', on: '2026-02-01' },
      { step: 'decide', on: '2026-02-10', outcome: 'refused', notifiedOn: '2026-02-10' },
      { step: 'request_reconsideration', on: '2026-02-20' },
      { step: 'hold_hearing', on: '2026-03-10' },
    );
    expect(deadlineOn(h, '2026-03-10')).toMatchObject({ kind: 'committee_advice', dueOn: '2026-04-24', waitingFor: 'committee' });
    const final = replayProcedure({
      ...h,
      events: [...h.events, { step: 'give_committee_advice', on: '2026-04-01' }, { step: 'decide_finally', on: '2026-04-20', outcome: 'granted', notifiedOn: '2026-04-21', validFrom: '2026-05-01' }],
    });
    expect(final.state).toBe('finally_granted');
    expect(nextDeadline(h, final, '2026-04-22')).toBeNull();
  });
});

describe('judging a step on its own day', () => {
  const refused = history('2026-01-02', admitted('2026-01-05'), { step: 'give_advice', on: '2026-02-01' }, { step: 'decide', on: '2026-02-10', outcome: 'refused', notifiedOn: '2026-02-12' });
  const advised = replayProcedure(history('2026-01-02', admitted('2026-01-05'), { step: 'give_advice', on: '2026-02-01' }));

  it('refuses a step dated after the day it is recorded', () => {
    expect(() => judgeStep(replayProcedure(refused), { step: 'request_reconsideration', on: '2026-02-20' }, '2026-02-19')).toThrow(/day still to come/);
    expect(judgeStep(replayProcedure(refused), { step: 'request_reconsideration', on: '2026-02-19' }, '2026-02-19').state).toBe('reconsideration_requested');
  });

  it('judges a reconsideration request by the window on its own day, however late it is recorded', () => {
    // Dated inside the window (which closed on 14 March), recorded years later: allowed, and late.
    const status = replayProcedure(refused);
    expect(allowedSteps(status, '2029-05-01')).toEqual([]);
    expect(judgeStep(status, { step: 'request_reconsideration', on: '2026-03-01' }, '2029-05-01').state).toBe('reconsideration_requested');
    // Dated after the window: refused, whenever it is recorded.
    expect(() => judgeStep(status, { step: 'request_reconsideration', on: '2026-03-15' }, '2026-03-15')).toThrow(/had to be requested by 2026-03-14/);
  });

  it.each([
    ['2025-02-10', true], // one year before the decision of 10 February 2026
    ['2025-02-09', false],
    ['2027-02-10', true], // one year after
    ['2027-02-11', false],
    ['2020-01-01', false],
  ])('accepts a grant valid from %s: %s', (validFrom, accepted) => {
    const grant: ProcedureEvent = { step: 'decide', on: '2026-02-10', outcome: 'granted', notifiedOn: '2026-02-10', validFrom };
    if (accepted) expect(judgeStep(advised, grant, '2026-02-10').state).toBe('granted');
    else expect(() => judgeStep(advised, grant, '2026-02-10')).toThrow(/at most 1 year before or after the decision \(2026-02-10\), from 2025-02-10 to 2027-02-10/);
  });
});

describe('late steps', () => {
  it('marks an admissibility judged after the 7 days as late, and one on day 7 as in time', () => {
    const inTime = history('2026-03-02', admitted('2026-03-09'));
    const late = history('2026-03-02', admitted('2026-03-10'));
    expect(stepTimeliness(inTime, ['2026-03-09'])).toEqual([{ term: { kind: 'admissibility', dueOn: '2026-03-09' }, late: false }]);
    expect(stepTimeliness(late, ['2026-03-10'])).toEqual([{ term: { kind: 'admissibility', dueOn: '2026-03-09' }, late: true }]);
    // Dated in time but recorded after the term: late too.
    expect(stepTimeliness(inTime, ['2026-03-12'])[0].late).toBe(true);
  });

  it('marks a reconsideration request recorded after its window as late', () => {
    const h = history(
      '2026-01-02',
      admitted('2026-01-05'),
      { step: 'give_advice', on: '2026-02-01' },
      { step: 'decide', on: '2026-02-10', outcome: 'refused', notifiedOn: '2026-02-12' },
      { step: 'request_reconsideration', on: '2026-03-01' },
    );
    const recorded = ['2026-01-05', '2026-02-01', '2026-02-10'];
    expect(stepTimeliness(h, [...recorded, '2026-03-14']).map((t) => t.late)).toEqual([false, false, false, false]);
    expect(stepTimeliness(h, [...recorded, '2029-05-01']).at(-1)).toEqual({ term: { kind: 'reconsideration_window', dueOn: '2026-03-14' }, late: true });
    // Steps that answer no term are never late.
    expect(stepTimeliness(h, [...recorded, '2029-05-01'])[2]).toEqual({ term: null, late: false });
  });

  it('measures the advice against the examination term with its waits, and the committee against its 45 days', () => {
    const h = history(
      '2026-01-02',
      admitted('2026-01-05'),
      { step: 'request_information', on: '2026-01-10' },
      { step: 'receive_information', on: '2026-01-20' },
      { step: 'give_advice', on: '2026-03-02' },
      { step: 'decide', on: '2026-03-10', outcome: 'refused', notifiedOn: '2026-03-10' },
      { step: 'request_reconsideration', on: '2026-03-20' },
      { step: 'hold_hearing', on: '2026-04-01' },
      { step: 'give_committee_advice', on: '2026-05-16' },
    );
    const times = stepTimeliness(h, h.events.map((e) => e.on));
    expect(times[3]).toEqual({ term: { kind: 'examination', dueOn: '2026-03-01' }, late: true });
    expect(times[7]).toEqual({ term: { kind: 'committee_advice', dueOn: '2026-05-16' }, late: false });
  });
});

describe('properties', () => {
  const step = fc.constantFrom(
    'declare_admissible', 'declare_inadmissible', 'start_examination', 'request_information', 'receive_information',
    'give_advice', 'decide', 'request_reconsideration', 'hold_hearing', 'give_committee_advice', 'decide_finally',
  );
  const walk = fc.array(fc.tuple(step, fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 25 });

  /** Applies random steps, keeping those the machine allows. */
  function play(submittedOn: string, moves: [string, number, boolean][]) {
    let status = replayProcedure({ submittedOn, events: [] });
    const events: ProcedureEvent[] = [];
    let day = submittedOn;
    for (const [name, gap, granted] of moves) {
      day = addDays(day, gap);
      const event = (name === 'decide' || name === 'decide_finally'
        ? { step: name, on: day, outcome: granted ? 'granted' : 'refused', notifiedOn: day, validFrom: addDays(day, 10) }
        : { step: name, on: day }) as ProcedureEvent;
      try {
        status = applyStep(status, event);
        events.push(event);
      } catch (error) {
        if (!(error instanceof ProcedureError)) throw error;
      }
    }
    return { status, events, day };
  }

  it('no sequence of allowed steps reaches a state the machine does not define', () => {
    fc.assert(
      fc.property(walk, (moves) => {
        const { status } = play('2026-01-05', moves);
        return (PROCEDURE_STATES as readonly string[]).includes(status.state);
      }),
    );
  });

  it('a final state allows no further step', () => {
    fc.assert(
      fc.property(walk, (moves) => {
        const { status, day } = play('2026-01-05', moves);
        return !FINAL_STATES.includes(status.state) || allowedSteps(status, day).length === 0;
      }),
    );
  });

  it('a suspension never shortens the examination deadline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120 }), (admitAfter, askAfter, answerAfter, lookAfter) => {
        const admissibleOn = addDays('2026-01-05', admitAfter);
        const plain = history('2026-01-05', admitted(admissibleOn));
        const askedOn = addDays(admissibleOn, askAfter);
        const suspended = history('2026-01-05', admitted(admissibleOn), { step: 'request_information', on: askedOn }, { step: 'receive_information', on: addDays(askedOn, answerAfter) });
        const today = addDays(admissibleOn, lookAfter);
        return compareDates(deadlineOn(suspended, today)!.dueOn!, deadlineOn(plain, today)!.dueOn!) >= 0;
      }),
    );
  });

  it('the examination is due 45 days after the e-mail was sent, however late it left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 120 }), (admitAfter, sendDelay, lookAfter) => {
        const admissibleOn = addDays('2026-01-05', admitAfter);
        const sentOn = addDays(admissibleOn, sendDelay);
        const deadline = deadlineOn(history('2026-01-05', admitted(admissibleOn, sentOn)), addDays(sentOn, lookAfter))!;
        return deadline.dueOn === addDays(sentOn, 45) && deadline.daysLeft === 45 - lookAfter && deadline.overdue === lookAfter > 45;
      }),
    );
  });

  it('replaying the recorded steps gives the same state as applying them one by one', () => {
    fc.assert(
      fc.property(walk, (moves) => {
        const { status, events } = play('2026-01-05', moves);
        return replayProcedure({ submittedOn: '2026-01-05', events }).state === status.state;
      }),
    );
  });
});
