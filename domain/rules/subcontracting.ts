/**
 * Subcontracting: a provider may only call on subcontractors that are themselves recognised.
 * Interpretation (listed in docs/rules.md): a link is allowed on a day when the subcontractor's
 * recognition is active that day; a link made earlier breaks on the first day the
 * subcontractor's recognition no longer holds (it is then shown as such, and the provider must
 * report a change).
 */
import { addDays, compareDates, type CalendarDate } from './calendar.ts';
import type { RecognitionStanding } from './recognition.ts';

/** A subcontracting link as the rules see it. */
export interface SubcontractingLink<P = string> {
  provider: P;
  subcontractor: P;
}

/** Whether a provider may call on a subcontractor with this standing on the day it was judged. */
export function subcontractingAllowed(subcontractor: RecognitionStanding | null): boolean {
  return subcontractor?.status === 'active';
}

/** A link that no longer holds, and since when. */
export interface BrokenLink<P = string> extends SubcontractingLink<P> {
  /** The first day on which the subcontractor was no longer recognised (null: never was). */
  brokenSince: CalendarDate | null;
}

/**
 * The links that are broken on the day the standings were judged: those whose subcontractor
 * has no active recognition. `standingOf` gives each provider's current standing (or null).
 */
export function brokenLinks<P>(links: readonly SubcontractingLink<P>[], standingOf: (provider: P) => RecognitionStanding | null): BrokenLink<P>[] {
  const broken: BrokenLink<P>[] = [];
  for (const link of links) {
    const standing = standingOf(link.subcontractor);
    if (subcontractingAllowed(standing)) continue;
    broken.push({ ...link, brokenSince: standing && 'endedOn' in standing ? addDays(standing.endedOn, 1) : null });
  }
  return broken.sort((a, b) => compareDates(a.brokenSince ?? '0000-01-01', b.brokenSince ?? '0000-01-01'));
}
