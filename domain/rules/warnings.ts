/**
 * The warnings a provider gets before its recognition ends, as milestones: each is reached on
 * one day and stays reached, so whoever sends them can send each exactly once.
 *
 * Interpretations (listed in docs/rules.md):
 * - "Expires in 6 months" is reached when the last valid day falls within six months of today
 *   (the day the public site starts saying "verloopt binnen 6 maanden"); "in 1 month" likewise
 *   with one month. Only the five-year term counts: a recognition with a recorded withdrawal or
 *   renunciation gets no expiry warning. A recognition first judged when less than a month is
 *   left gets only the one-month warning.
 * - "No coaching reported for last year" is reached when the rules see a lapse coming (the
 *   previous calendar year had no coaching and this one has none yet either): the recognition
 *   lapses on 1 January unless coaching is reported for one of the two years.
 * Pure: no I/O; "today" is passed in.
 */
import { addMonths, compareDates, type CalendarDate } from './calendar.ts';
import { lastValidDay, recognitionStanding, scheduledEnd, type ActivityFigure, type RecognitionFacts } from './recognition.ts';

/** How many days ahead the administrators' daily digest looks for deadlines. */
export const DIGEST_DAYS_AHEAD = 3;

/** Months before the last valid day at which the provider is warned, latest first. */
export const EXPIRY_WARNING_MONTHS = [1, 6] as const;

/** A milestone reached by an active recognition. */
export type RecognitionWarning =
  | { kind: 'expiry'; months: (typeof EXPIRY_WARNING_MONTHS)[number]; lastValidDay: CalendarDate }
  | { kind: 'no_coaching'; year: number; lapsesOn: CalendarDate; unlessCoachingReportedFor: [number, number] };

/** A stable name of a milestone, unique per recognition (e.g. `expiry-6m`, `no-coaching-2026`). */
export function warningMilestone(warning: RecognitionWarning): string {
  return warning.kind === 'expiry' ? `expiry-${warning.months}m` : `no-coaching-${warning.year}`;
}

/** The milestones an active recognition has reached on `today` (none for one that is not active). */
export function recognitionWarnings(facts: RecognitionFacts, activity: readonly ActivityFigure[], today: CalendarDate): RecognitionWarning[] {
  const standing = recognitionStanding(facts, activity, today);
  if (standing.status !== 'active') return [];
  const warnings: RecognitionWarning[] = [];
  const last = lastValidDay(facts);
  if (last === scheduledEnd(facts.validFrom)) {
    const months = EXPIRY_WARNING_MONTHS.find((m) => compareDates(last, addMonths(today, m)) <= 0);
    if (months !== undefined) warnings.push({ kind: 'expiry', months, lastValidDay: last });
  }
  if (standing.lapseOutlook) {
    const [year] = standing.lapseOutlook.unlessCoachingReportedFor;
    warnings.push({ kind: 'no_coaching', year, lapsesOn: standing.lapseOutlook.lapsesOn, unlessCoachingReportedFor: standing.lapseOutlook.unlessCoachingReportedFor });
  }
  return warnings;
}
