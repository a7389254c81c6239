/**
 * Applications and their procedure. Which step may follow which, and every deadline, come from
 * the rules module; this file only stores what the rules allow, in one write transaction per
 * step. A decision to recognise puts the provider and its recognition into the register.
 */
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import { EmailAddress } from '#domain/email-address.ts';
import { RegisterError } from '#domain/register-error.ts';
import { multiLineText, singleLineText } from '#domain/text.ts';
import {
  allowedSteps,
  calendarDateAt,
  examinationWaits,
  FINAL_STATES,
  formatDutchDate,
  isCalendarDate,
  judgeStep,
  nextDeadline,
  PROCEDURE_STEPS,
  ProcedureError,
  replayProcedure,
  lastValidDay,
  isDecisionStep,
  scheduledEnd,
  stepTimeliness,
  yearOf,
  type AnsweredTerm,
  type CalendarDate,
  type DecisionStepName,
  type Deadline,
  type ExaminationWait,
  type ProcedureEvent,
  type ProcedureHistory,
  type ProcedureState,
  type ProcedureStepName,
} from '#domain/rules/index.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction, type WriteTx } from '#db/write-lock.ts';
import { evaluateRecognitions } from './evaluate-register.ts';
import { markPublicationNeeded } from './publication-state.ts';
import { applicationDrafts, applications, capacities, coaches, contactPersons, municipalities, procedureEvents, providers, recognitions, workingAreas } from '#db/schema/index.ts';
import { nextReference, type Actor } from './change-reports.ts';
import { enqueueMail } from './outbox.ts';
import { applicationReceivedMail, hearingInvitationMail, procedureStepMail } from './procedure-mails.ts';
import { PUBLIC_ACTORS } from '#domain/change-log.ts';
import { appendChangeEvents } from './change-log.ts';
import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';
import { EnterpriseNumberInput, NisCode, NisCodes, Postcode, Website } from '#domain/fields.ts';
import { PhoneNumber } from '#domain/phone-number.ts';

const day = z.string().refine(isCalendarDate, 'a date written YYYY-MM-DD');
const line = (max: number) => singleLineText({ max });
// Optional; an empty field means none. A number given is checked and stored in E.164.
const phone = z.union([z.literal(''), PhoneNumber]).transform((value) => (value === '' ? null : value)).nullable().default(null);

/** A new application with its five parts, as an administrator enters it. */
export const NewApplication = z.strictObject({
  submittedOn: day,
  organisation: z.strictObject({
    name: line(200),
    enterpriseNumber: EnterpriseNumberInput,
    street: line(200),
    postcode: Postcode,
    municipalityNis: NisCode,
    email: EmailAddress,
    phone,
    website: Website.nullable().default(null),
    contactPerson: z.strictObject({ fullName: line(120), email: EmailAddress, phone }),
  }),
  simplifiedCategory: z.enum(SIMPLIFIED_CATEGORIES).nullable(),
  experience: z.strictObject({ motivation: multiLineText({ max: 10_000 }), coaches: z.array(z.strictObject({ fullName: line(120), qualification: line(200) })).max(1000) }).nullable(),
  serviceArea: z.strictObject({
    municipalities: NisCodes.min(1).transform((codes) => [...new Set(codes)]),
    totalPlaces: z.int().min(1).max(100_000),
    motivation: multiLineText({ max: 10_000 }),
  }),
  declaration: z.strictObject({ signedOn: day, signatory: line(120) }),
}).refine((a) => a.simplifiedCategory !== null || a.experience !== null, { message: 'without simplified registration, the experience and coaches part is required', path: ['experience'] });
/** A validated new application. */
export type NewApplication = z.infer<typeof NewApplication>;

/** One step as an administrator records it. */
export const StepRequest = z.strictObject({
  step: z.enum(PROCEDURE_STEPS),
  on: day,
  outcome: z.enum(['granted', 'refused']).optional(),
  notifiedOn: day.optional(),
  validFrom: day.optional(),
  note: multiLineText({ max: 5000, min: 0 }).optional(),
});
/** A validated step. */
export type StepRequest = z.infer<typeof StepRequest>;

/** A recorded step as the department sees it. */
export interface StepView {
  step: ProcedureStepName;
  /** The day the step happened (it is judged on this day). */
  on: CalendarDate;
  /** When it was recorded in the register. */
  recordedAt: string;
  actor: string;
  outcome: string | null;
  notifiedOn: string | null;
  validFrom: string | null;
  note: string | null;
  mailSentAt: string | null;
  /** The term this step answers, with its last day (null: none). */
  term: AnsweredTerm | null;
  /** Dated or recorded after the last day of its term. */
  late: boolean;
}

/** An application as the department sees it, with its procedure and next deadline. */
export interface ApplicationView {
  reference: string;
  state: ProcedureState;
  submittedOn: CalendarDate;
  organisation: { name: string; enterpriseNumber: string };
  simplifiedCategory: string | null;
  steps: StepView[];
  /** Each wait for information and what it did to the examination clock (days up to today for an open one). */
  informationWaits: ExaminationWait[];
  allowedSteps: ProcedureStepName[];
  nextDeadline: Deadline | null;
  /** The recognition this application's decision granted, if any. */
  recognitionNumber: string | null;
}

type ApplicationRow = typeof applications.$inferSelect;
type EventRow = typeof procedureEvents.$inferSelect;

function eventOf(e: EventRow): ProcedureEvent {
  if (isDecisionStep(e.step)) return { step: e.step, on: e.occurredOn, outcome: e.outcome!, notifiedOn: e.notifiedOn!, validFrom: e.validFrom ?? undefined };
  // The examination clock starts on the Brussels day the admissibility e-mail was sent.
  if (e.step === 'declare_admissible') return { step: e.step, on: e.occurredOn, mailSentOn: e.mailSentAt ? calendarDateAt(new Date(e.mailSentAt)) : null };
  return { step: e.step, on: e.occurredOn } as ProcedureEvent;
}

function historyOf(row: ApplicationRow, events: EventRow[]): ProcedureHistory {
  return { submittedOn: row.submittedOn, events: events.map(eventOf) };
}

/** The view of an application from its row and recorded steps: state, allowed steps and deadline from the rules. */
function buildView(row: ApplicationRow, events: EventRow[], today: CalendarDate, recognitionNumber: string | null): ApplicationView {
  const history = historyOf(row, events);
  const status = replayProcedure(history);
  const timeliness = stepTimeliness(history, events.map((e) => calendarDateAt(new Date(e.recordedAt))));
  return {
    reference: row.reference,
    state: status.state,
    submittedOn: row.submittedOn,
    organisation: { name: row.organisation.name, enterpriseNumber: row.organisation.enterpriseNumber },
    simplifiedCategory: row.simplifiedCategory,
    steps: events.map((e, i) => ({
      step: e.step,
      on: e.occurredOn,
      recordedAt: e.recordedAt,
      actor: e.actor,
      outcome: e.outcome,
      notifiedOn: e.notifiedOn,
      validFrom: e.validFrom,
      note: e.note,
      mailSentAt: e.mailSentAt,
      term: timeliness[i].term,
      late: timeliness[i].late,
    })),
    informationWaits: examinationWaits(status, today),
    allowedSteps: allowedSteps(status, today),
    nextDeadline: nextDeadline(history, status, today),
    recognitionNumber,
  };
}

async function viewOf(db: RegisterDb | WriteTx, row: ApplicationRow, today: CalendarDate): Promise<ApplicationView> {
  const events = await db.select().from(procedureEvents).where(eq(procedureEvents.applicationId, row.id)).orderBy(asc(procedureEvents.id));
  const [recognition] = await db.select({ number: recognitions.recognitionNumber }).from(recognitions).where(eq(recognitions.applicationId, row.id));
  return buildView(row, events, today, recognition?.number ?? null);
}

/**
 * Registers a new application; it starts in the state "submitted". An application an
 * organisation sent online ends its draft in the same transaction (`fromDraftOf`: its enterprise
 * number), so sending twice files it once.
 */
export function createApplication(db: RegisterDb, options: { application: NewApplication; actor: Actor; now: Date; fromDraftOf?: string }): Promise<ApplicationView> {
  return writeTransaction(db, async (tx) => {
    const { application, now } = options;
    if (options.fromDraftOf !== undefined) {
      const removed = await tx.delete(applicationDrafts).where(eq(applicationDrafts.enterpriseNumber, options.fromDraftOf)).returning({ id: applicationDrafts.id });
      if (removed.length === 0) throw new RegisterError('conflict', 'There is no draft application to send: it was sent already.');
    }
    const codes = [...new Set([...application.serviceArea.municipalities, application.organisation.municipalityNis])];
    const known = new Set((await tx.select({ n: municipalities.nisCode }).from(municipalities).where(inArray(municipalities.nisCode, codes))).map((m) => m.n));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw new RegisterError('invalid', `Unknown municipality codes: ${unknown.join(', ')}.`, unknown.map((c) => ({ path: 'serviceArea.municipalities', message: `unknown NIS code ${c}` })));
    const [existing] = await tx.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, application.organisation.enterpriseNumber));
    const reference = await nextReference(tx, 'AV', yearOf(application.submittedOn));
    const [row] = await tx
      .insert(applications)
      .values({
        reference,
        providerId: existing?.id ?? null,
        submittedOn: application.submittedOn,
        submittedAt: now.toISOString(),
        organisation: application.organisation,
        simplifiedCategory: application.simplifiedCategory,
        experience: application.experience,
        serviceArea: application.serviceArea,
        declaration: application.declaration,
        state: 'submitted',
        updatedAt: now.toISOString(),
      })
      .returning();
    await enqueueMail(tx, applicationReceivedMail(row), now);
    return viewOf(tx, row, calendarDateAt(now));
  });
}

/** One application by reference. */
export async function getApplication(db: RegisterDb, reference: string, now: Date): Promise<ApplicationView> {
  const [row] = await db.select().from(applications).where(eq(applications.reference, reference));
  if (!row) throw new RegisterError('not-found', `There is no application ${reference}.`);
  return viewOf(db, row, calendarDateAt(now));
}

/**
 * Records one step of the procedure, if the rules allow it: judged by the state and the windows
 * on the day it is dated (not later than today), and kept with the moment it was recorded, so a
 * step recorded after its term shows as late. A decision to recognise
 * creates the provider (when new) and its recognition, with the working area, capacity and
 * coaches from the application; a final refusal after a grant withdraws that recognition.
 */
export function recordStep(db: RegisterDb, options: { reference: string; step: StepRequest; actor: Actor; now: Date }): Promise<ApplicationView> {
  return writeTransaction(db, async (tx) => {
    const { step, now } = options;
    const today = calendarDateAt(now);
    const [row] = await tx.select().from(applications).where(eq(applications.reference, options.reference));
    if (!row) throw new RegisterError('not-found', `There is no application ${options.reference}.`);
    const events = await tx.select().from(procedureEvents).where(eq(procedureEvents.applicationId, row.id)).orderBy(asc(procedureEvents.id));
    const status = replayProcedure(historyOf(row, events));
    const isDecision = isDecisionStep(step.step);
    if (isDecision && (!step.outcome || !step.notifiedOn)) {
      throw new RegisterError('invalid', 'A decision needs its outcome and the day the provider was informed.', [
        ...(step.outcome ? [] : [{ path: 'outcome', message: 'granted or refused' }]),
        ...(step.notifiedOn ? [] : [{ path: 'notifiedOn', message: 'the day the provider was informed' }]),
      ]);
    }
    const event: ProcedureEvent = isDecision
      ? { step: step.step as DecisionStepName, on: step.on, outcome: step.outcome!, notifiedOn: step.notifiedOn!, validFrom: step.validFrom }
      : ({ step: step.step, on: step.on } as ProcedureEvent);
    let next;
    try {
      next = judgeStep(status, event, today);
    } catch (error) {
      if (error instanceof ProcedureError) throw new RegisterError(error.reason === 'not-allowed' ? 'conflict' : 'invalid', error.message, error.field ? [error.field] : []);
      throw error;
    }
    const [recorded] = await tx.insert(procedureEvents).values({
      applicationId: row.id,
      step: step.step,
      occurredOn: step.on,
      recordedAt: now.toISOString(),
      actor: options.actor.name,
      outcome: step.outcome ?? null,
      notifiedOn: step.notifiedOn ?? null,
      validFrom: step.validFrom ?? null,
      note: step.note ?? null,
    }).returning({ id: procedureEvents.id });
    await tx.update(applications).set({ state: next.state, updatedAt: now.toISOString() }).where(eq(applications.id, row.id));

    const [granted] = await tx.select().from(recognitions).where(eq(recognitions.applicationId, row.id));
    if (isDecision && step.outcome === 'granted' && !granted) await grantRecognition(tx, row, step, options.actor, now);
    if (step.step === 'decide_finally' && step.outcome === 'refused' && granted) {
      await tx
        .update(recognitions)
        .set({ terminationKind: 'withdrawn', terminationEffectiveFrom: step.notifiedOn!, terminationReason: 'geweigerd na heroverweging' })
        .where(eq(recognitions.id, granted.id));
      const result = await evaluateRecognitions(tx, today, now, granted.providerId, departmentAuthor(options.actor, row.reference));
      if (!result.changes.some((c) => c.recognitionNumber === granted.recognitionNumber)) {
        await logScheduledEnd(tx, { ...granted, terminationKind: 'withdrawn', terminationEffectiveFrom: step.notifiedOn!, terminationReason: 'geweigerd na heroverweging' }, departmentAuthor(options.actor, row.reference), now);
      }
      await markPublicationNeeded(tx, now);
    }
    const [updated] = await tx.select().from(applications).where(eq(applications.id, row.id));
    const view = await viewOf(tx, updated, today);
    const [recognition] = await tx.select({ number: recognitions.recognitionNumber, validFrom: recognitions.validFrom }).from(recognitions).where(eq(recognitions.applicationId, row.id));
    await enqueueMail(tx, procedureStepMail({ application: updated, step, eventId: recorded.id, deadline: view.nextDeadline, recognition: recognition ?? null }), now);
    return view;
  });
}

/** When and where a hearing takes place, as an administrator plans it. */
export const HearingInvitationRequest = z.strictObject({
  on: day,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time written HH:MM, e.g. 14:30'),
  place: line(300),
});
/** A validated hearing invitation. */
export type HearingInvitationRequest = z.infer<typeof HearingInvitationRequest>;

/**
 * Invites the applicant to the hearing of its reconsideration request. Not a step of the
 * procedure (the hearing is recorded when it is held); the invitation is the mail, which the
 * outbox keeps.
 */
export function inviteToHearing(db: RegisterDb, options: { reference: string; hearing: HearingInvitationRequest; now: Date }): Promise<ApplicationView> {
  return writeTransaction(db, async (tx) => {
    const today = calendarDateAt(options.now);
    const [row] = await tx.select().from(applications).where(eq(applications.reference, options.reference));
    if (!row) throw new RegisterError('not-found', `There is no application ${options.reference}.`);
    const view = await viewOf(tx, row, today);
    if (view.state !== 'reconsideration_requested') {
      throw new RegisterError('conflict', `A hearing is planned after a request for reconsideration; application ${row.reference} is '${view.state}'.`);
    }
    if (options.hearing.on < today) {
      throw new RegisterError('invalid', `A hearing cannot be planned on a day that has passed (${options.hearing.on}).`, [{ path: 'on', message: `on or after ${today}` }]);
    }
    await enqueueMail(tx, hearingInvitationMail(row, options.hearing), options.now);
    return view;
  });
}

/** The log names the department; the administrator is kept privately. */
/** The department as the public author, the person privately, and the reference the change came from. */
const departmentAuthor = (actor: Actor, source: string) => ({ actor: PUBLIC_ACTORS.department, recordedBy: actor.name, source });

async function grantRecognition(tx: WriteTx, row: ApplicationRow, step: StepRequest, actor: Actor, now: Date): Promise<void> {
  const org = row.organisation;
  let providerId = row.providerId;
  if (providerId === null) {
    const [existing] = await tx.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, org.enterpriseNumber));
    providerId = existing?.id ?? null;
  }
  if (providerId === null) {
    // The organisation's public data, as the register stores it and as the log states it.
    const published = {
      name: org.name,
      street: org.street,
      postcode: org.postcode,
      municipalityNis: org.municipalityNis,
      email: org.email,
      phone: org.phone,
      website: org.website,
      simplifiedCategory: row.simplifiedCategory,
    };
    const [created] = await tx
      .insert(providers)
      .values({
        enterpriseNumber: org.enterpriseNumber,
        ...published,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .returning({ id: providers.id });
    providerId = created.id;
    await tx.insert(contactPersons).values({ providerId, fullName: org.contactPerson.fullName, email: org.contactPerson.email, phone: org.contactPerson.phone });
    await tx.insert(workingAreas).values(row.serviceArea.municipalities.map((nisCode) => ({ providerId: providerId!, nisCode })));
    await tx.insert(capacities).values({ providerId, totalPlaces: row.serviceArea.totalPlaces, freePlaces: row.serviceArea.totalPlaces, updatedAt: now.toISOString() });
    const coachCount = row.experience?.coaches.length ?? 0;
    if (coachCount > 0) await tx.insert(coaches).values(row.experience!.coaches.map((c) => ({ providerId: providerId!, ...c, active: true })));
    // The provider's whole public state enters the log with it (the contact person does not).
    await appendChangeEvents(tx, [
      {
        occurredAt: now.toISOString(),
        providerId,
        kind: 'provider.registered',
        summary: 'Opgenomen in het register na de beslissing tot erkenning.',
        ...departmentAuthor(actor, row.reference),
        after: {
          ...published,
          workingArea: [...new Set(row.serviceArea.municipalities)].sort(),
          capacity: { totalPlaces: row.serviceArea.totalPlaces, freePlaces: row.serviceArea.totalPlaces, updatedAt: now.toISOString() },
          coachCount,
          subcontractors: [],
        },
      },
    ]);
  }
  await tx.update(applications).set({ providerId }).where(eq(applications.id, row.id));
  const recognitionNumber = await nextReference(tx, 'ED', yearOf(step.on), 4);
  await tx.insert(recognitions).values({
    providerId,
    applicationId: row.id,
    recognitionNumber,
    decisionDate: step.on,
    validFrom: step.validFrom!,
    createdAt: now.toISOString(),
  });
  await appendChangeEvents(tx, [
    {
      occurredAt: now.toISOString(),
      providerId,
      kind: 'recognition.granted',
      summary: `Erkend als externe dienstverlener (${recognitionNumber}), geldig vanaf ${formatDutchDate(step.validFrom!)}.`,
      ...departmentAuthor(actor, row.reference),
      // Stored as "pending" until the evaluation below finds it in force.
      after: { recognitions: { [recognitionNumber]: { decisionDate: step.on, validFrom: step.validFrom!, validUntil: scheduledEnd(step.validFrom!), status: 'pending' } } },
    },
  ]);
  await evaluateRecognitions(tx, calendarDateAt(now), now, providerId, departmentAuthor(actor, row.reference));
  await markPublicationNeeded(tx, now);
}

/**
 * Announces an end recorded for a later day: the recognition's last valid day moves now (the
 * public register shows it), and the evaluation of that day logs the change of status.
 */
async function logScheduledEnd(
  tx: WriteTx,
  recognition: { providerId: number; recognitionNumber: string; validFrom: CalendarDate; terminationKind: 'withdrawn' | 'renounced'; terminationEffectiveFrom: CalendarDate; terminationReason: string },
  author: ReturnType<typeof departmentAuthor>,
  now: Date,
): Promise<void> {
  const kind = recognition.terminationKind;
  const verb = kind === 'withdrawn' ? 'wordt ingetrokken' : 'wordt stopgezet op vraag van de dienstverlener';
  const validUntil = lastValidDay({ validFrom: recognition.validFrom, termination: { kind, effectiveFrom: recognition.terminationEffectiveFrom, reason: recognition.terminationReason } });
  await appendChangeEvents(tx, [
    {
      occurredAt: now.toISOString(),
      providerId: recognition.providerId,
      kind: `recognition.${kind === 'withdrawn' ? 'withdrawal' : 'renunciation'}_scheduled`,
      summary: `Erkenning ${recognition.recognitionNumber} ${verb} vanaf ${formatDutchDate(recognition.terminationEffectiveFrom)}: ${recognition.terminationReason}`,
      ...author,
      after: { recognitions: { [recognition.recognitionNumber]: { validUntil } } },
    },
  ]);
}

/** Open applications with their next deadline: overdue first, then by days left. */
export function listDeadlines(db: RegisterDb, now: Date): Promise<(ApplicationView & { waitingFor: string | null })[]> {
  return deadlinesOn(db, calendarDateAt(now));
}

/**
 * Open applications with their next deadline on `today`: overdue first, then by days left (an
 * examination whose clock has not started counts as due today: its e-mail should have left).
 */
export async function deadlinesOn(db: RegisterDb | WriteTx, today: CalendarDate): Promise<(ApplicationView & { waitingFor: string | null })[]> {
  const rows = await db.select().from(applications).where(notInArray(applications.state, [...FINAL_STATES])).orderBy(asc(applications.id));
  const ids = rows.map((r) => r.id);
  const allEvents = ids.length ? await db.select().from(procedureEvents).where(inArray(procedureEvents.applicationId, ids)).orderBy(asc(procedureEvents.id)) : [];
  const byApplication = new Map<number, EventRow[]>();
  for (const e of allEvents) byApplication.set(e.applicationId, [...(byApplication.get(e.applicationId) ?? []), e]);
  const granted = ids.length
    ? new Map(
        (await db.select({ applicationId: recognitions.applicationId, number: recognitions.recognitionNumber }).from(recognitions).where(inArray(recognitions.applicationId, ids))).map((r) => [
          r.applicationId,
          r.number,
        ]),
      )
    : new Map<number | null, string>();
  const views: (ApplicationView & { waitingFor: string | null })[] = [];
  for (const row of rows) {
    const view = buildView(row, byApplication.get(row.id) ?? [], today, granted.get(row.id) ?? null);
    if (view.nextDeadline) views.push({ ...view, waitingFor: view.nextDeadline.waitingFor });
  }
  return views.sort((a, b) => Number(b.nextDeadline!.overdue) - Number(a.nextDeadline!.overdue) || (a.nextDeadline!.daysLeft ?? 0) - (b.nextDeadline!.daysLeft ?? 0));
}

/**
 * Ends a recognition from a day on, with the reason that will be public: withdrawn by the
 * department, or renounced at the provider's request (recorded by an administrator).
 */
export function endRecognition(
  db: RegisterDb,
  options: { kind: 'withdrawn' | 'renounced'; recognitionNumber: string; effectiveFrom: CalendarDate; reason: string; actor: Actor; now: Date },
): Promise<{ recognitionNumber: string; status: string; effectiveFrom: CalendarDate }> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.select().from(recognitions).where(eq(recognitions.recognitionNumber, options.recognitionNumber));
    if (!row) throw new RegisterError('not-found', `There is no recognition ${options.recognitionNumber}.`);
    if (row.terminationKind) throw new RegisterError('conflict', `Recognition ${row.recognitionNumber} was already ${row.terminationKind} from ${row.terminationEffectiveFrom}.`);
    if (options.effectiveFrom < row.decisionDate) {
      // On or before the start date is allowed: the recognition then never holds.
      throw new RegisterError('invalid', `An end cannot take effect before the decision (${row.decisionDate}).`, [{ path: 'effectiveFrom', message: `on or after ${row.decisionDate}` }]);
    }
    await tx
      .update(recognitions)
      .set({ terminationKind: options.kind, terminationEffectiveFrom: options.effectiveFrom, terminationReason: options.reason })
      .where(and(eq(recognitions.id, row.id)));
    const today = calendarDateAt(options.now);
    const result = await evaluateRecognitions(tx, today, options.now, row.providerId, departmentAuthor(options.actor, row.recognitionNumber));
    if (result.changes.length === 0) {
      // Ended from a later day: announce it now; the evaluation of that day logs the status change.
      await logScheduledEnd(tx, { ...row, terminationKind: options.kind, terminationEffectiveFrom: options.effectiveFrom, terminationReason: options.reason }, departmentAuthor(options.actor, row.recognitionNumber), options.now);
      await markPublicationNeeded(tx, options.now);
    }
    const [updated] = await tx.select({ status: recognitions.status }).from(recognitions).where(eq(recognitions.id, row.id));
    return { recognitionNumber: row.recognitionNumber, status: updated.status, effectiveFrom: options.effectiveFrom };
  });
}
