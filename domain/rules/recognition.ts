/**
 * The life of a recognition: when it is valid, when and why it ends.
 *
 * Interpretations of the source page, written once here (and listed with their tests in docs/rules.md):
 * - Validity: five years "from the date stated in the minister's decision". The last valid day is
 *   the day before the fifth anniversary of that date; a start on 29 February has its anniversary
 *   on 1 March, so it stays valid up to and including 28 February five years later.
 * - Early lapse: "no employee with a disability coached during 2 consecutive years" is read as two
 *   consecutive *calendar* years, each lying wholly inside the validity period (a first or last
 *   partial year is not held against the provider). A year counts as "without coaching" when the
 *   provider reported zero employees for it, or reported nothing — but a year without a report is
 *   only judged once it is over. The recognition then ends on 31 December of the second year and
 *   is lapsed from 1 January after it. Only figures accepted into the register count.
 * - Withdrawal and renunciation take effect on the date the administrator records; the day before
 *   is the last valid day. One that takes effect on or before the start date means the
 *   recognition never held. A withdrawal already scheduled shows as the end of validity.
 * - A figure accepted later for a year that made a recognition lapse (coaching after all) makes
 *   the next evaluation find it active again, and it says so publicly.
 * - "Expires soon" means the last valid day falls within six months of today.
 * - The start date a decision states lies at most one year before or after the decision: a start
 *   further off is a typing error, not a decision (the source page sets no such bound; a
 *   recognition backdated by years, or starting years later, is not what it describes).
 */
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  firstDayOfYear,
  lastDayOfYear,
  yearOf,
  type CalendarDate,
} from './calendar.ts';

/** How long a recognition lasts, in years. */
export const RECOGNITION_YEARS = 5;
/** How many consecutive calendar years without coaching make a recognition lapse. */
export const LAPSE_YEARS_WITHOUT_COACHING = 2;
/** How long before the end an employer is warned that a recognition expires soon, in months. */
export const EXPIRES_SOON_MONTHS = 6;
/** How far, in years, the start of validity a decision states may lie before or after the decision. */
export const START_MARGIN_YEARS = 1;

/** The statuses a recognition can have on a given day. */
export const RECOGNITION_STATUSES = ['pending', 'active', 'expired', 'lapsed', 'withdrawn', 'renounced'] as const;
/** A recognition's status on a given day. */
export type RecognitionStatusName = (typeof RECOGNITION_STATUSES)[number];

/** Employees coached in one calendar year, as reported by the provider. */
export interface ActivityFigure {
  year: number;
  employeesCoached: number;
}

/** An end recorded by an administrator: withdrawal by the department or renunciation by the provider. */
export interface RecordedTermination {
  kind: 'withdrawn' | 'renounced';
  /** The first day on which the recognition no longer holds. */
  effectiveFrom: CalendarDate;
  reason: string;
}

/** What the register knows of one recognition. */
export interface RecognitionFacts {
  /** The start date stated in the minister's decision. */
  validFrom: CalendarDate;
  termination?: RecordedTermination | null;
}

/** The coming lapse of an active recognition when the previous year had no coaching. */
export interface LapseOutlook {
  /** The first day on which the recognition would no longer hold. */
  lapsesOn: CalendarDate;
  /** Reporting coaching for any one of these years prevents the lapse. */
  unlessCoachingReportedFor: [number, number];
}

/** A recognition's standing on a given day, with the dates a reader needs. */
export type RecognitionStanding =
  | {
      status: 'pending';
      validFrom: CalendarDate;
      /** The last day of validity if nothing ends it early. */
      validUntil: CalendarDate;
    }
  | {
      status: 'active';
      validFrom: CalendarDate;
      validUntil: CalendarDate;
      expiresSoon: boolean;
      lapseOutlook: LapseOutlook | null;
    }
  | {
      status: 'expired' | 'lapsed' | 'withdrawn' | 'renounced';
      validFrom: CalendarDate;
      validUntil: CalendarDate;
      /** The last day on which the recognition held. */
      endedOn: CalendarDate;
      /** Why it ended, in Dutch, for the public page. */
      reason: string;
    };

/** The last day of validity of a recognition that is not ended early: the day before the fifth anniversary. */
export function scheduledEnd(validFrom: CalendarDate): CalendarDate {
  return addDays(addYears(validFrom, RECOGNITION_YEARS), -1);
}

/** The earliest and latest start of validity a decision taken on `decisionDate` may state. */
export function startDateRange(decisionDate: CalendarDate): { earliest: CalendarDate; latest: CalendarDate } {
  return { earliest: addYears(decisionDate, -START_MARGIN_YEARS), latest: addYears(decisionDate, START_MARGIN_YEARS) };
}

/** Whether an active recognition with this last valid day "expires soon" on `today` (within {@link EXPIRES_SOON_MONTHS} months). */
export function expiresSoon(validUntil: CalendarDate, today: CalendarDate): boolean {
  return compareDates(validUntil, addMonths(today, EXPIRES_SOON_MONTHS)) <= 0;
}

/** The last valid day as far as is known: the scheduled end, or earlier when a withdrawal or renunciation is recorded. */
export function lastValidDay(facts: RecognitionFacts): CalendarDate {
  const scheduled = scheduledEnd(facts.validFrom);
  const termination = facts.termination;
  return termination && compareDates(addDays(termination.effectiveFrom, -1), scheduled) < 0 ? addDays(termination.effectiveFrom, -1) : scheduled;
}

/** The calendar years that count for the lapse rule: those lying wholly inside the validity period. */
export function countedYears(validFrom: CalendarDate, validUntil: CalendarDate): number[] {
  const first = compareDates(validFrom, firstDayOfYear(yearOf(validFrom))) === 0 ? yearOf(validFrom) : yearOf(validFrom) + 1;
  const last = compareDates(validUntil, lastDayOfYear(yearOf(validUntil))) === 0 ? yearOf(validUntil) : yearOf(validUntil) - 1;
  const years: number[] = [];
  for (let year = first; year <= last; year++) years.push(year);
  return years;
}

function coachedIn(activity: readonly ActivityFigure[], year: number): boolean {
  return activity.some((figure) => figure.year === year && figure.employeesCoached > 0);
}

/**
 * The first day on which the recognition has lapsed for lack of coaching, judged on `today`,
 * or null when it has not lapsed (yet).
 */
export function lapseDate(
  facts: RecognitionFacts,
  activity: readonly ActivityFigure[],
  today: CalendarDate,
): CalendarDate | null {
  const years = countedYears(facts.validFrom, scheduledEnd(facts.validFrom));
  for (let i = 0; i + LAPSE_YEARS_WITHOUT_COACHING - 1 < years.length; i++) {
    const window = years.slice(i, i + LAPSE_YEARS_WITHOUT_COACHING);
    const lapsesOn = firstDayOfYear(window[window.length - 1] + 1);
    // Both years must be over before a missing report counts against the provider.
    if (compareDates(lapsesOn, today) > 0) return null;
    if (window.every((year) => !coachedIn(activity, year))) return lapsesOn;
  }
  return null;
}

/**
 * When the year before `today` had no coaching, the day the recognition will lapse unless
 * coaching is reported for that year or this one. Null when no lapse is in sight.
 */
export function lapseOutlook(
  facts: RecognitionFacts,
  activity: readonly ActivityFigure[],
  today: CalendarDate,
): LapseOutlook | null {
  const thisYear = yearOf(today);
  const years = countedYears(facts.validFrom, scheduledEnd(facts.validFrom));
  const previous = thisYear - 1;
  if (!years.includes(previous) || !years.includes(thisYear)) return null;
  if (coachedIn(activity, previous) || coachedIn(activity, thisYear)) return null;
  return { lapsesOn: firstDayOfYear(thisYear + 1), unlessCoachingReportedFor: [previous, thisYear] };
}

/** A recognition's status on `today`, with the day it ended and why. */
export function recognitionStanding(
  facts: RecognitionFacts,
  activity: readonly ActivityFigure[],
  today: CalendarDate,
): RecognitionStanding {
  const validFrom = facts.validFrom;
  const scheduled = scheduledEnd(validFrom);
  const termination = facts.termination ?? null;
  const labelOf = (t: RecordedTermination) => (t.kind === 'withdrawn' ? 'Ingetrokken' : 'Stopgezet op vraag van de dienstverlener');
  const reasonOf = (t: RecordedTermination) => (t.reason ? `${labelOf(t)}: ${t.reason}` : `${labelOf(t)}.`);
  // A recognition withdrawn or renounced from its start date (or before) never holds.
  if (termination && compareDates(termination.effectiveFrom, validFrom) <= 0 && compareDates(today, termination.effectiveFrom) >= 0) {
    return { status: termination.kind, validFrom, validUntil: scheduled, endedOn: addDays(validFrom, -1), reason: reasonOf(termination) };
  }
  const validUntil = lastValidDay(facts);
  if (compareDates(today, validFrom) < 0) return { status: 'pending', validFrom, validUntil };

  // Each way of ending gives the first day on which the recognition no longer holds; the earliest wins.
  const endings: { status: 'expired' | 'lapsed' | 'withdrawn' | 'renounced'; from: CalendarDate; reason: string }[] = [
    { status: 'expired', from: addDays(scheduled, 1), reason: `De erkenning van ${RECOGNITION_YEARS} jaar is verstreken.` },
  ];
  const lapsedFrom = lapseDate(facts, activity, today);
  if (lapsedFrom) {
    const last = yearOf(lapsedFrom) - 1;
    endings.push({
      status: 'lapsed',
      from: lapsedFrom,
      reason: `Vervallen: geen werknemers met een arbeidsbeperking begeleid in ${last - 1} en ${last}.`,
    });
  }
  if (termination) endings.push({ status: termination.kind, from: termination.effectiveFrom, reason: reasonOf(termination) });
  const ended = endings
    .filter((ending) => compareDates(ending.from, today) <= 0)
    .sort((a, b) => compareDates(a.from, b.from))[0];
  if (ended) {
    return { status: ended.status, validFrom, validUntil, endedOn: addDays(ended.from, -1), reason: ended.reason };
  }
  return {
    status: 'active',
    validFrom,
    validUntil,
    expiresSoon: expiresSoon(validUntil, today),
    lapseOutlook: lapseOutlook(facts, activity, today),
  };
}

/**
 * Whether a provider's capacity (places in total, free places) may be shown to employers: only
 * while its recognition is active. An employer cannot call on a provider without a valid
 * recognition, so its places would only mislead (expired, lapsed, withdrawn, renounced, or not
 * yet in force alike).
 */
export function capacityIsPublic(status: RecognitionStatusName | null | undefined): boolean {
  return status === 'active';
}

/**
 * The last day a recognition holds (or held) as the public pages say it ("geldig tot en met", or
 * "gold tot en met" once ended): the day it ended, else its last valid day. Null when it was
 * withdrawn or renounced from its start and so never held.
 */
export function lastDayHeld(recognition: { validFrom: CalendarDate; validUntil: CalendarDate; endedOn: CalendarDate | null }): CalendarDate | null {
  if (recognition.endedOn && compareDates(recognition.endedOn, recognition.validFrom) < 0) return null;
  return recognition.endedOn ?? recognition.validUntil;
}

/** Dutch labels for recognition statuses, as the public site shows them. */
export const RECOGNITION_STATUS_LABELS: Record<RecognitionStatusName, string> = {
  pending: 'Nog niet van kracht',
  active: 'Erkend',
  expired: 'Verlopen',
  lapsed: 'Vervallen',
  withdrawn: 'Ingetrokken',
  renounced: 'Stopgezet',
};

/** A recognition as the register keeps it, with its public number. */
export interface NumberedRecognition extends RecognitionFacts {
  recognitionNumber: string;
  decisionDate: CalendarDate;
}

/** A recognition with its standing on a given day. */
export type StandingOf<R extends NumberedRecognition> = { recognition: R; standing: RecognitionStanding };

/**
 * Which of a provider's recognitions speaks for it on `today`: the active one (the most recent
 * if ever two overlap), else the one that is about to start, else the one that ended last.
 * Null for a provider that never had one.
 */
export function currentRecognition<R extends NumberedRecognition>(
  recognitions: readonly R[],
  activity: readonly ActivityFigure[],
  today: CalendarDate,
): { current: StandingOf<R>; others: StandingOf<R>[] } | null {
  if (recognitions.length === 0) return null;
  const all = recognitions
    .map((recognition) => ({ recognition, standing: recognitionStanding(recognition, activity, today) }))
    .sort((a, b) => compareDates(b.recognition.validFrom, a.recognition.validFrom));
  const rank = (s: RecognitionStanding) => (s.status === 'active' ? 0 : s.status === 'pending' ? 1 : 2);
  const endOf = (s: RecognitionStanding) => ('endedOn' in s ? s.endedOn : s.validUntil);
  // Among ended ones, the one that ended last speaks (sort is stable: newest start first otherwise).
  const current = [...all].sort((a, b) => rank(a.standing) - rank(b.standing) || (rank(a.standing) === 2 ? compareDates(endOf(b.standing), endOf(a.standing)) : 0))[0];
  return { current, others: all.filter((entry) => entry !== current) };
}
