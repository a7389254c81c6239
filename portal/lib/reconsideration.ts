/**
 * A provider's decided applications and whether reconsideration can still be asked. Whether the
 * window is open comes from the rules (the application's allowed steps); its last day too.
 */
import type { RegisterDb } from '#db/client.ts';
import { getApplication, type ApplicationView } from '#db/commands/applications.ts';
import { applicationsOfOrganisation } from '#db/queries/application-list.ts';
import { reconsiderationDeadline, type CalendarDate } from '#domain/rules/index.ts';

/** A decided application of the provider, with its reconsideration window. */
export interface DecidedApplication {
  application: ApplicationView;
  outcome: 'granted' | 'refused';
  decidedOn: CalendarDate;
  notifiedOn: CalendarDate;
  /** The last day on which reconsideration may be asked. */
  lastDay: CalendarDate;
  /** True while the rules still allow the request today. */
  open: boolean;
  /** Days left in the window, today included as day 0 (null once it has closed). */
  daysLeft: number | null;
  /** The day reconsideration was asked, when it was. */
  requestedOn: CalendarDate | null;
}

/** The organisation's applications that had a first decision, newest first (by enterprise number: a refused first applicant has no place in the register). */
export async function decidedApplications(db: RegisterDb, organisation: { enterpriseNumber: string; providerId: number | null }, now: Date): Promise<DecidedApplication[]> {
  const decided: DecidedApplication[] = [];
  for (const { reference } of await applicationsOfOrganisation(db, organisation.enterpriseNumber, organisation.providerId)) {
    const application = await getApplication(db, reference, now);
    const decision = application.steps.find((s) => s.step === 'decide');
    if (!decision?.notifiedOn || !decision.outcome) continue;
    decided.push({
      application,
      outcome: decision.outcome as 'granted' | 'refused',
      decidedOn: decision.on,
      notifiedOn: decision.notifiedOn,
      lastDay: reconsiderationDeadline(decision.notifiedOn),
      open: application.allowedSteps.includes('request_reconsideration'),
      daysLeft: application.nextDeadline?.kind === 'reconsideration_window' ? application.nextDeadline.daysLeft : null,
      requestedOn: application.steps.find((s) => s.step === 'request_reconsideration')?.on ?? null,
    });
  }
  return decided;
}
