/**
 * Which mail each step of an application's procedure sends, and with what data: what the step
 * records in the outbox, in its own transaction (db/commands/applications.ts). The sender renders
 * it with the template of that name (mail/templates/); mail/outbox.ts checks that each fits.
 */
import { admissibilityDueOn, reconsiderationDeadline, scheduledEnd, type CalendarDate, type Deadline, type ProcedureStepName } from '#domain/rules/index.ts';
import type { applications } from '#db/schema/index.ts';

type ApplicationRow = typeof applications.$inferSelect;

/** The applicant's address for the procedure: the contact person given in the application (private). */
function applicant(row: ApplicationRow) {
  return { address: row.organisation.contactPerson.email };
}

/** "Application received", with the day admissibility is due. */
export function applicationReceivedMail(row: ApplicationRow) {
  return {
    template: 'application_received' as const,
    to: applicant(row),
    reference: row.reference,
    data: { reference: row.reference, organisationName: row.organisation.name, submittedOn: row.submittedOn, admissibilityDueOn: admissibilityDueOn(row.submittedOn) },
  };
}

/** A recorded step, as the mail needs it. */
export interface RecordedStep {
  step: ProcedureStepName;
  on: CalendarDate;
  outcome?: 'granted' | 'refused';
  notifiedOn?: CalendarDate;
  note?: string;
}

/**
 * The mail a step sends, or null for a step the applicant is not written about (the start of the
 * examination, the advice to the minister, the committee's advice).
 */
export function procedureStepMail(input: {
  application: ApplicationRow;
  step: RecordedStep;
  eventId: number;
  /** The next deadline after the step. */
  deadline: Deadline | null;
  /** The recognition a grant made. */
  recognition: { number: string; validFrom: CalendarDate } | null;
}) {
  const { application: row, step } = input;
  const base = { to: applicant(row), reference: row.reference, procedureEventId: input.eventId };
  const about = { reference: row.reference, organisationName: row.organisation.name };
  switch (step.step) {
    case 'declare_admissible':
      return { ...base, template: 'application_admissible' as const, data: { ...about, declaredOn: step.on } };
    case 'declare_inadmissible':
      return { ...base, template: 'application_inadmissible' as const, data: { ...about, declaredOn: step.on, reason: step.note ?? null } };
    case 'request_information':
      return { ...base, template: 'information_requested' as const, data: { ...about, requestedOn: step.on, question: step.note ?? null } };
    case 'receive_information':
      return { ...base, template: 'information_received' as const, data: { ...about, receivedOn: step.on, examinationDueOn: input.deadline?.kind === 'examination' ? input.deadline.dueOn : null } };
    case 'request_reconsideration':
      return { ...base, template: 'reconsideration_received' as const, data: { ...about, requestedOn: step.on } };
    case 'decide':
    case 'decide_finally': {
      const recognition = step.outcome === 'granted' && input.recognition ? { ...input.recognition, validUntil: scheduledEnd(input.recognition.validFrom) } : null;
      const data = {
        ...about,
        outcome: step.outcome!,
        decidedOn: step.on,
        notifiedOn: step.notifiedOn!,
        recognition,
        reconsiderationUntil: step.step === 'decide' ? reconsiderationDeadline(step.notifiedOn!) : null,
        note: step.note ?? null,
      };
      return step.step === 'decide' ? { ...base, template: 'decision' as const, data } : { ...base, template: 'final_decision' as const, data };
    }
    default:
      return null;
  }
}

/** The invitation to a hearing (not a step of its own: the hearing is recorded when it is held). */
export function hearingInvitationMail(row: ApplicationRow, hearing: { on: CalendarDate; time: string; place: string }) {
  return {
    template: 'hearing_invitation' as const,
    to: applicant(row),
    reference: row.reference,
    data: { reference: row.reference, organisationName: row.organisation.name, hearingOn: hearing.on, time: hearing.time, place: hearing.place },
  };
}
