/**
 * The procedure of an application for recognition, as a state machine with its deadlines.
 *
 * Interpretations of the source page, written once here (and listed with their tests in docs/rules.md):
 * - "Within N days of/after day D" means: due on day D + N (calendar days). Day D itself is day 0;
 *   the step is on time when it happens on or before D + N.
 * - Admissibility is due 7 days after the day the application was submitted.
 * - The examination is due 45 days after the day the admissibility e-mail was sent, plus every
 *   day spent waiting for requested information: a request on day R answered on day A adds A − R
 *   days. While information is awaited, the clock stands still. The day of sending is the
 *   Brussels calendar day of the instant the register recorded the mail as sent (passed in with
 *   the step); until then the examination clock has not started, and no due day is computed.
 *   Days waited for information before the clock started do not extend it. A term that has run
 *   out cannot stand still: information asked after its last day adds nothing, and the
 *   examination stays overdue while the answer is awaited.
 * - Reconsideration may be requested up to and including 30 days after the day the provider was
 *   informed of the decision (day 30 is in time, day 31 is late).
 * - The committee's advice is due 45 days after the day of the hearing.
 * - The minister's decisions have no deadline in the source page, so none is computed for them.
 * - A step is judged by the state and the windows on the day it is dated, which may not be later
 *   than the day it is recorded, nor before the previous step. A step that answers a term (the
 *   admissibility, the examination's advice, a reconsideration request, the committee's advice)
 *   is late when it is dated or recorded after that term's last day; it is kept, and shown late.
 * - The start of validity a grant states lies at most one year before or after the decision.
 * Pure: no I/O; every date is passed in.
 */
import { addDays, compareDates, daysBetween, type CalendarDate } from './calendar.ts';
import { startDateRange, START_MARGIN_YEARS } from './recognition.ts';

/** Days for the admissibility decision, counted from submission. */
export const ADMISSIBILITY_DAYS = 7;
/** Days for the examination, counted from the day the admissibility e-mail was sent. */
export const EXAMINATION_DAYS = 45;
/** Days to request reconsideration, counted from the day the provider was informed. */
export const RECONSIDERATION_DAYS = 30;
/** Days for the committee's advice, counted from the hearing. */
export const COMMITTEE_ADVICE_DAYS = 45;

/** Where an application stands in the procedure. */
export const PROCEDURE_STATES = [
  'submitted',
  'inadmissible',
  'admissible',
  'under_examination',
  'waiting_for_information',
  'advised',
  'granted',
  'refused',
  'reconsideration_requested',
  'hearing_held',
  'committee_advised',
  'finally_granted',
  'finally_refused',
] as const;
/** A state of the procedure. */
export type ProcedureState = (typeof PROCEDURE_STATES)[number];

/** The steps an administrator (or, for reconsideration, the provider) records. */
export const PROCEDURE_STEPS = [
  'declare_admissible',
  'declare_inadmissible',
  'start_examination',
  'request_information',
  'receive_information',
  'give_advice',
  'decide',
  'request_reconsideration',
  'hold_hearing',
  'give_committee_advice',
  'decide_finally',
] as const;
/** A step of the procedure. */
export type ProcedureStepName = (typeof PROCEDURE_STEPS)[number];
/** The steps that decide on an application: the first decision and the final one after reconsideration. */
export type DecisionStepName = 'decide' | 'decide_finally';
/** Whether a step is a decision: it carries an outcome and the day the provider was informed, and may put a recognition into the register or take it out. */
export const isDecisionStep = (step: string): step is DecisionStepName => step === 'decide' || step === 'decide_finally';

/** A recorded step, on the calendar day it happened. */
export type ProcedureEvent =
  | {
      step: 'declare_admissible';
      on: CalendarDate;
      /** The day the admissibility e-mail was sent (starts the examination clock); absent while it has not been sent. */
      mailSentOn?: CalendarDate | null;
    }
  | { step: 'declare_inadmissible'; on: CalendarDate }
  | { step: 'start_examination' | 'request_information' | 'receive_information' | 'give_advice'; on: CalendarDate }
  | {
      step: DecisionStepName;
      on: CalendarDate;
      outcome: 'granted' | 'refused';
      /** The day the provider was informed of the decision (starts the reconsideration window). */
      notifiedOn: CalendarDate;
      /** For a grant: the start date stated in the decision. */
      validFrom?: CalendarDate;
    }
  | { step: 'request_reconsideration' | 'hold_hearing' | 'give_committee_advice'; on: CalendarDate };

/** Whether a recorded step is a decision (see {@link isDecisionStep}). */
export const isDecisionEvent = (event: ProcedureEvent): event is Extract<ProcedureEvent, { step: DecisionStepName }> => isDecisionStep(event.step);

/** An application's procedure so far. */
export interface ProcedureHistory {
  submittedOn: CalendarDate;
  events: readonly ProcedureEvent[];
}

/** Dutch names of the states, for pages and messages. */
export const PROCEDURE_STATE_LABELS: Record<ProcedureState, string> = {
  submitted: 'Ingediend',
  inadmissible: 'Niet ontvankelijk',
  admissible: 'Ontvankelijk',
  under_examination: 'In onderzoek',
  waiting_for_information: 'Wacht op aanvullende informatie',
  advised: 'Advies gegeven',
  granted: 'Erkend',
  refused: 'Geweigerd',
  reconsideration_requested: 'Heroverweging gevraagd',
  hearing_held: 'Gehoord',
  committee_advised: 'Advies heroverwegingscommissie',
  finally_granted: 'Erkend na heroverweging',
  finally_refused: 'Geweigerd na heroverweging',
};

/** Dutch names of the steps. */
export const PROCEDURE_STEP_LABELS: Record<ProcedureStepName, string> = {
  declare_admissible: 'Ontvankelijk verklaren',
  declare_inadmissible: 'Niet ontvankelijk verklaren',
  start_examination: 'Onderzoek starten',
  request_information: 'Aanvullende informatie vragen',
  receive_information: 'Aanvullende informatie ontvangen',
  give_advice: 'Advies aan de minister',
  decide: 'Beslissing van de minister',
  request_reconsideration: 'Verzoek tot heroverweging',
  hold_hearing: 'Hoorzitting',
  give_committee_advice: 'Advies van de heroverwegingscommissie',
  decide_finally: 'Beslissing na heroverweging',
};

/**
 * The steps as past events, for a timeline ("Ontvankelijk verklaard"); the infinitives above name
 * a step that can still be taken.
 */
export const PROCEDURE_STEP_DONE_LABELS: Record<ProcedureStepName, string> = {
  declare_admissible: 'Ontvankelijk verklaard',
  declare_inadmissible: 'Niet ontvankelijk verklaard',
  start_examination: 'Onderzoek gestart',
  request_information: 'Aanvullende informatie gevraagd',
  receive_information: 'Aanvullende informatie ontvangen',
  give_advice: 'Advies aan de minister gegeven',
  decide: 'Beslissing van de minister genomen',
  request_reconsideration: 'Heroverweging gevraagd',
  hold_hearing: 'Hoorzitting gehouden',
  give_committee_advice: 'Advies van de heroverwegingscommissie gegeven',
  decide_finally: 'Beslissing na heroverweging genomen',
};

/** Which step leads from which state to which: the whole machine in one table. */
const TRANSITIONS: Record<ProcedureState, Partial<Record<ProcedureStepName, ProcedureState | 'by-outcome'>>> = {
  submitted: { declare_admissible: 'admissible', declare_inadmissible: 'inadmissible' },
  inadmissible: {},
  admissible: { start_examination: 'under_examination', request_information: 'waiting_for_information', give_advice: 'advised' },
  under_examination: { request_information: 'waiting_for_information', give_advice: 'advised' },
  waiting_for_information: { receive_information: 'under_examination' },
  advised: { decide: 'by-outcome' },
  granted: { request_reconsideration: 'reconsideration_requested' },
  refused: { request_reconsideration: 'reconsideration_requested' },
  reconsideration_requested: { hold_hearing: 'hearing_held' },
  hearing_held: { give_committee_advice: 'committee_advised' },
  committee_advised: { decide_finally: 'by-outcome' },
  finally_granted: {},
  finally_refused: {},
};

/** The states from which nothing can follow any more. */
export const FINAL_STATES: readonly ProcedureState[] = ['inadmissible', 'finally_granted', 'finally_refused'];

/** Why a step was refused. */
export class ProcedureError extends Error {
  override name = 'ProcedureError';
  /**
   * Machine-readable reason: `not-allowed`, `before-previous-step`, `too-late`,
   * `missing-start-date`, `in-future`, `start-out-of-range`.
   */
  readonly reason: string;
  /** The field of the step the refusal is about, with a short message for it, when there is one. */
  readonly field: { path: string; message: string } | null;
  constructor(message: string, reason: string, field: { path: string; message: string } | null = null) {
    super(message);
    this.reason = reason;
    this.field = field;
  }
}

/** The result of replaying a history: the state reached and the facts the deadlines need. */
export interface ProcedureStatus {
  state: ProcedureState;
  /** The day the application was declared admissible. */
  admissibleOn: CalendarDate | null;
  /** The day the admissibility e-mail was sent: day 0 of the examination clock; null until it is sent. */
  examinationStartsOn: CalendarDate | null;
  /** Completed waits for information, and the one still open. */
  suspensions: { requestedOn: CalendarDate; receivedOn: CalendarDate | null }[];
  /** The first decision, when taken. */
  decision: { outcome: 'granted' | 'refused'; on: CalendarDate; notifiedOn: CalendarDate; validFrom: CalendarDate | null } | null;
  reconsiderationRequestedOn: CalendarDate | null;
  hearingOn: CalendarDate | null;
  finalDecision: { outcome: 'granted' | 'refused'; on: CalendarDate; notifiedOn: CalendarDate; validFrom: CalendarDate | null } | null;
  /** The day of the last recorded step (steps may not be dated before it). */
  lastStepOn: CalendarDate;
}

function initialStatus(submittedOn: CalendarDate): ProcedureStatus {
  return {
    state: 'submitted',
    admissibleOn: null,
    examinationStartsOn: null,
    suspensions: [],
    decision: null,
    reconsiderationRequestedOn: null,
    hearingOn: null,
    finalDecision: null,
    lastStepOn: submittedOn,
  };
}

/** The last day for the admissibility decision on an application submitted on `submittedOn`. */
export function admissibilityDueOn(submittedOn: CalendarDate): CalendarDate {
  return addDays(submittedOn, ADMISSIBILITY_DAYS);
}

/** The last day of the examination whose clock started on `startsOn`, after `suspended` days standing still. */
export function examinationDueOn(startsOn: CalendarDate, suspended = 0): CalendarDate {
  return addDays(startsOn, EXAMINATION_DAYS + suspended);
}

/** The last day on which reconsideration may be requested, once the provider was informed. */
export function reconsiderationDeadline(notifiedOn: CalendarDate): CalendarDate {
  return addDays(notifiedOn, RECONSIDERATION_DAYS);
}

/** The last day for the committee's advice after a hearing on `hearingOn`. */
export function committeeAdviceDueOn(hearingOn: CalendarDate): CalendarDate {
  return addDays(hearingOn, COMMITTEE_ADVICE_DAYS);
}

/**
 * Applies one step to a status, or throws a {@link ProcedureError} saying why it is not allowed.
 * Steps must be recorded in order: a step dated before the previous one is refused.
 */
export function applyStep(status: ProcedureStatus, event: ProcedureEvent): ProcedureStatus {
  const target = TRANSITIONS[status.state][event.step];
  if (!target) {
    const allowed = Object.keys(TRANSITIONS[status.state]) as ProcedureStepName[];
    throw new ProcedureError(
      `Step '${event.step}' is not allowed while the application is '${status.state}'` +
        (allowed.length ? `; allowed now: ${allowed.map((s) => `'${s}'`).join(', ')}.` : '; the procedure has ended.'),
      'not-allowed',
    );
  }
  if (compareDates(event.on, status.lastStepOn) < 0) {
    throw new ProcedureError(`A step cannot be dated ${event.on}, before the previous step (${status.lastStepOn}).`, 'before-previous-step');
  }
  const next: ProcedureStatus = { ...status, suspensions: [...status.suspensions], lastStepOn: event.on };
  switch (event.step) {
    case 'declare_admissible':
      next.admissibleOn = event.on;
      next.examinationStartsOn = event.mailSentOn ?? null;
      break;
    case 'request_information':
      next.suspensions.push({ requestedOn: event.on, receivedOn: null });
      break;
    case 'receive_information': {
      const open = next.suspensions.length - 1;
      next.suspensions[open] = { ...next.suspensions[open], receivedOn: event.on };
      break;
    }
    case 'decide':
    case 'decide_finally': {
      if (compareDates(event.notifiedOn, event.on) < 0) {
        throw new ProcedureError('The provider cannot be informed of a decision before it was taken.', 'before-previous-step');
      }
      if (event.outcome === 'granted' && !event.validFrom) {
        throw new ProcedureError('A decision to recognise must state the date from which the recognition is valid.', 'missing-start-date');
      }
      const decision = { outcome: event.outcome, on: event.on, notifiedOn: event.notifiedOn, validFrom: event.validFrom ?? null };
      if (event.step === 'decide') next.decision = decision;
      else next.finalDecision = decision;
      break;
    }
    case 'request_reconsideration': {
      const deadline = reconsiderationDeadline(status.decision!.notifiedOn);
      if (compareDates(event.on, deadline) > 0) {
        throw new ProcedureError(
          `Reconsideration had to be requested by ${deadline}, ${RECONSIDERATION_DAYS} days after the provider was informed (${status.decision!.notifiedOn}).`,
          'too-late',
        );
      }
      next.reconsiderationRequestedOn = event.on;
      break;
    }
    case 'hold_hearing':
      next.hearingOn = event.on;
      break;
    default:
      break;
  }
  next.state =
    target === 'by-outcome'
      ? event.step === 'decide'
        ? (next.decision!.outcome as 'granted' | 'refused')
        : next.finalDecision!.outcome === 'granted'
          ? 'finally_granted'
          : 'finally_refused'
      : target;
  return next;
}

/**
 * Judges a step about to be recorded on `today`, then applies it: {@link applyStep} judges it by
 * the state and the windows on the day it is dated; this adds what only the day of recording can
 * tell. The step's day cannot lie after today (the day the provider is informed of a decision may:
 * a letter can be on its way); a grant's start of validity lies at most
 * {@link START_MARGIN_YEARS} year before or after the decision. Replaying a stored history does
 * not judge these again.
 */
export function judgeStep(status: ProcedureStatus, event: ProcedureEvent, today: CalendarDate): ProcedureStatus {
  if (compareDates(event.on, today) > 0) {
    throw new ProcedureError(`A step cannot be recorded for a day still to come (${event.on}).`, 'in-future', { path: 'on', message: `at most ${today}` });
  }
  if (isDecisionEvent(event) && event.outcome === 'granted' && event.validFrom) {
    const { earliest, latest } = startDateRange(event.on);
    if (compareDates(event.validFrom, earliest) < 0 || compareDates(event.validFrom, latest) > 0) {
      throw new ProcedureError(
        `The recognition cannot start on ${event.validFrom}: the start of validity lies at most ${START_MARGIN_YEARS} year before or after the decision (${event.on}), from ${earliest} to ${latest}.`,
        'start-out-of-range',
        { path: 'validFrom', message: `from ${earliest} to ${latest}` },
      );
    }
  }
  return applyStep(status, event);
}

/** Replays a whole history; throws on the first step that is not allowed. */
export function replayProcedure(history: ProcedureHistory): ProcedureStatus {
  return history.events.reduce(applyStep, initialStatus(history.submittedOn));
}

/** The steps that may be recorded next, on `today` (reconsideration only while its window is open). */
export function allowedSteps(status: ProcedureStatus, today: CalendarDate): ProcedureStepName[] {
  return (Object.keys(TRANSITIONS[status.state]) as ProcedureStepName[]).filter(
    (step) => step !== 'request_reconsideration' || compareDates(today, reconsiderationDeadline(status.decision!.notifiedOn)) <= 0,
  );
}

/** One wait for requested information, and what it did to the examination clock. */
export interface ExaminationWait {
  requestedOn: CalendarDate;
  /** Null while the answer is awaited. */
  receivedOn: CalendarDate | null;
  /** Days the clock stood still for it (up to today for a wait still open). */
  days: number;
  /**
   * `suspended`: the clock stood still (for `days` days); `before-start`: the clock had not
   * started, so there was nothing to stop; `after-term`: asked after the term had run out, which
   * a wait cannot undo — the examination stays overdue.
   */
  effect: 'suspended' | 'before-start' | 'after-term';
}

/**
 * Every wait for information with the days it stopped the examination clock, up to `today` for
 * a wait still open. Only days after the clock started count, and a wait asked after the last
 * day of the term (as extended by the waits before it) counts for nothing.
 */
export function examinationWaits(status: ProcedureStatus, today: CalendarDate): ExaminationWait[] {
  const start = status.examinationStartsOn;
  let total = 0;
  return status.suspensions.map((s) => {
    const wait = { requestedOn: s.requestedOn, receivedOn: s.receivedOn };
    if (start === null || (s.receivedOn !== null && compareDates(s.receivedOn, start) <= 0)) return { ...wait, days: 0, effect: 'before-start' as const };
    if (compareDates(s.requestedOn, examinationDueOn(start, total)) > 0) return { ...wait, days: 0, effect: 'after-term' as const };
    const from = compareDates(s.requestedOn, start) > 0 ? s.requestedOn : start;
    const until = s.receivedOn ?? (compareDates(today, from) > 0 ? today : from);
    const days = Math.max(0, daysBetween(from, until));
    total += days;
    return { ...wait, days, effect: 'suspended' as const };
  });
}

/**
 * Days the examination clock stood still, up to `today` for a wait still open (see
 * {@link examinationWaits}: a clock that has not started, or a term that has run out, cannot
 * stand still).
 */
export function suspendedDays(status: ProcedureStatus, today: CalendarDate): number {
  return examinationWaits(status, today).reduce((sum, wait) => sum + wait.days, 0);
}

/** What an open application waits for next, and by when. */
export interface Deadline {
  kind: 'admissibility' | 'examination' | 'reconsideration_window' | 'committee_advice';
  /** The last day on which the step is on time; null while the clock has not started. */
  dueOn: CalendarDate | null;
  /** Days from today to the due day (negative when overdue); null while the clock has not started. */
  daysLeft: number | null;
  overdue: boolean;
  /**
   * False only for an examination whose clock has not started: the admissibility e-mail has not
   * been sent yet, so there is no due day to count to.
   */
  started: boolean;
  /** True while the clock stands still waiting for information: the due day moves on every day. */
  suspended: boolean;
  /** Whose move it is. */
  waitingFor: 'department' | 'provider' | 'committee';
}

function deadline(kind: Deadline['kind'], dueOn: CalendarDate, today: CalendarDate, waitingFor: Deadline['waitingFor'], suspended = false): Deadline {
  const daysLeft = daysBetween(today, dueOn);
  return { kind, dueOn, daysLeft, overdue: daysLeft < 0 && !suspended, suspended, waitingFor, started: true };
}

/**
 * The next deadline of an application on `today`, or null when none runs (procedure ended,
 * or waiting for a decision of the minister, for which the source page sets no term).
 */
export function nextDeadline(history: ProcedureHistory, status: ProcedureStatus, today: CalendarDate): Deadline | null {
  switch (status.state) {
    case 'submitted':
      return deadline('admissibility', admissibilityDueOn(history.submittedOn), today, 'department');
    case 'admissible':
    case 'under_examination':
    case 'waiting_for_information': {
      const waiting = status.state === 'waiting_for_information';
      if (status.examinationStartsOn === null) {
        return { kind: 'examination', dueOn: null, daysLeft: null, overdue: false, suspended: false, waitingFor: waiting ? 'provider' : 'department', started: false };
      }
      const waits = examinationWaits(status, today);
      const due = examinationDueOn(status.examinationStartsOn, waits.reduce((sum, wait) => sum + wait.days, 0));
      // Only a wait that stops the clock suspends it: one asked after the term ran out leaves it overdue.
      return deadline('examination', due, today, waiting ? 'provider' : 'department', waiting && waits.at(-1)?.effect === 'suspended');
    }
    case 'granted':
    case 'refused': {
      const due = reconsiderationDeadline(status.decision!.notifiedOn);
      return compareDates(today, due) <= 0 ? deadline('reconsideration_window', due, today, 'provider') : null;
    }
    case 'hearing_held':
      return deadline('committee_advice', committeeAdviceDueOn(status.hearingOn!), today, 'committee');
    default:
      return null;
  }
}

/** How many days ahead a running deadline counts as near: due today or within this many days. */
export const DEADLINE_NEAR_DAYS = 3;

/** How pressing a deadline is on the day it was computed for. */
export type DeadlineUrgency = 'overdue' | 'near' | 'later' | 'suspended' | 'not_started';

/**
 * How pressing a deadline is: overdue (its last day has passed), near (due today or within
 * {@link DEADLINE_NEAR_DAYS} days), later, suspended (the clock stands still while information is
 * awaited) or not started (no due day yet). Pages mark the first two.
 */
export function deadlineUrgency(deadline: Pick<Deadline, 'daysLeft' | 'overdue' | 'suspended' | 'started'>): DeadlineUrgency {
  if (deadline.overdue) return 'overdue';
  if (deadline.suspended) return 'suspended';
  if (!deadline.started || deadline.daysLeft === null) return 'not_started';
  return deadline.daysLeft <= DEADLINE_NEAR_DAYS ? 'near' : 'later';
}

/** Dutch names of the deadlines. */
export const DEADLINE_LABELS: Record<Deadline['kind'], string> = {
  admissibility: 'Beslissing over de ontvankelijkheid',
  examination: 'Onderzoek van de voorwaarden',
  reconsideration_window: 'Termijn om heroverweging te vragen',
  committee_advice: 'Advies van de heroverwegingscommissie',
};

/** The term a recorded step answers, with its last day. */
export interface AnsweredTerm {
  kind: Deadline['kind'];
  dueOn: CalendarDate;
}

/**
 * The term a step answers, judged on the status just before it: the admissibility for the
 * decision on it, the examination for the advice that ends it (none while its clock had not
 * started), the reconsideration window for a request, the committee's term for its advice. Null
 * for a step that answers no term.
 */
export function termAnsweredBy(history: ProcedureHistory, before: ProcedureStatus, event: ProcedureEvent): AnsweredTerm | null {
  switch (event.step) {
    case 'declare_admissible':
    case 'declare_inadmissible':
      return { kind: 'admissibility', dueOn: admissibilityDueOn(history.submittedOn) };
    case 'give_advice':
      return before.examinationStartsOn === null ? null : { kind: 'examination', dueOn: examinationDueOn(before.examinationStartsOn, suspendedDays(before, event.on)) };
    case 'request_reconsideration':
      return before.decision ? { kind: 'reconsideration_window', dueOn: reconsiderationDeadline(before.decision.notifiedOn) } : null;
    case 'give_committee_advice':
      return before.hearingOn ? { kind: 'committee_advice', dueOn: committeeAdviceDueOn(before.hearingOn) } : null;
    default:
      return null;
  }
}

/** Whether a step answered its term in time. */
export interface StepTimeliness {
  /** The term the step answers (null: none). */
  term: AnsweredTerm | null;
  /** True when the step was dated, or recorded, after the term's last day. */
  late: boolean;
}

/**
 * For each step of a history, the term it answers and whether it was late: dated or recorded
 * (`recordedOn[i]`, the Brussels day step i was recorded) after the term's last day. A step
 * dated in time but recorded after the term ran out is late too: until it was recorded the
 * register said the term had run out, and whatever the step announces reached nobody in time.
 */
export function stepTimeliness(history: ProcedureHistory, recordedOn: readonly CalendarDate[]): StepTimeliness[] {
  let status = initialStatus(history.submittedOn);
  return history.events.map((event, i) => {
    const term = termAnsweredBy(history, status, event);
    const known = recordedOn[i] !== undefined && compareDates(recordedOn[i], event.on) > 0 ? recordedOn[i] : event.on;
    status = applyStep(status, event);
    return { term, late: term !== null && compareDates(known, term.dueOn) > 0 };
  });
}
