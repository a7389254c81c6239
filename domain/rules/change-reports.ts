/**
 * How long the department expects to take over a change report.
 *
 * The source page names no term for change reports (it only says to report every change during
 * the recognition period), so this is a reading of our own, kept here as one constant: the
 * department reviews a report within 14 calendar days of the day it was received. Why 14: a
 * report is judged against the conditions already examined at recognition, which is less work than
 * the 45-day examination of an application, but more than the 7-day check of an application's
 * completeness; two weeks is the plain middle and lets a provider plan. It is what providers are
 * told to expect, not a deadline with consequences: a report still waiting after it stays valid.
 * Days are counted as everywhere in the rules: calendar days, Europe/Brussels, day 0 the day of
 * receipt.
 * Pure: no I/O; the day of receipt is passed in.
 */
import { addDays, compareDates, type CalendarDate } from './calendar.ts';

/** Calendar days the department expects to take to review a change report. */
export const CHANGE_REPORT_REVIEW_DAYS = 14;

/** The day by which a report received on `receivedOn` is expected to be reviewed. */
export function changeReportReviewExpectedBy(receivedOn: CalendarDate): CalendarDate {
  return addDays(receivedOn, CHANGE_REPORT_REVIEW_DAYS);
}

/** True when a report still waiting on `today` has passed the day it was expected to be reviewed. */
export function changeReportReviewOverdue(receivedOn: CalendarDate, today: CalendarDate): boolean {
  return compareDates(today, changeReportReviewExpectedBy(receivedOn)) > 0;
}
