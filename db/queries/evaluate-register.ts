/**
 * The daily evaluation: recomputes every recognition's status with the rules module as of one
 * day, and records each status that changed as a public change event — once.
 */
import { eq, sql } from 'drizzle-orm';
import { formatDutchDate, recognitionStanding, type ActivityFigure, type CalendarDate, type RecognitionStanding, type RecognitionStatusName } from '../../domain/rules/index.ts';
import type { RegisterDb } from '../client.ts';
import { writeTransaction, type WriteTx } from '../write-lock.ts';
import { markPublicationNeeded } from './publication-state.ts';
import { recognitionFacts } from './recognition-facts.ts';
import { activityFigures, providers, recognitions, registerMeta } from '../schema/index.ts';
import { PUBLIC_ACTORS, type PublicActor } from '../../domain/change-log.ts';
import { appendChangeEvents } from '../commands/change-log.ts';

/** One recognition whose status changed. */
export interface StatusChange {
  recognitionNumber: string;
  providerName: string;
  from: RecognitionStatusName;
  to: RecognitionStatusName;
  summary: string;
}

/** What an evaluation did. */
export interface EvaluationResult {
  day: CalendarDate;
  evaluated: number;
  changes: StatusChange[];
}

/** The actor recorded on the change events of the daily evaluation. */
export const EVALUATION_ACTOR = PUBLIC_ACTORS.evaluation;

/** Who an evaluation's events name: a public role, and privately the person whose write caused it. */
export interface EventAuthor {
  actor: PublicActor;
  recordedBy: string | null;
}

function summaryOf(recognitionNumber: string, standing: RecognitionStanding, from: RecognitionStatusName): string {
  switch (standing.status) {
    case 'active':
      return from === 'pending'
        ? `Erkenning ${recognitionNumber} is van kracht sinds ${formatDutchDate(standing.validFrom)}.`
        : `Erkenning ${recognitionNumber} is opnieuw geldig.`;
    case 'pending':
      return `Erkenning ${recognitionNumber} gaat in op ${formatDutchDate(standing.validFrom)}.`;
    default:
      return `Erkenning ${recognitionNumber}: ${standing.reason}`;
  }
}

/** Evaluates every recognition as of `day`; writes only what changed, in one transaction. */
export function evaluateRegister(db: RegisterDb, day: CalendarDate, now: Date): Promise<EvaluationResult> {
  return writeTransaction(db, (tx) => evaluateRecognitions(tx, day, now));
}

/**
 * Evaluates recognitions inside a write transaction that is already open (for instance the one
 * that accepts a yearly activity figure), optionally only those of one provider.
 */
export async function evaluateRecognitions(
  tx: WriteTx,
  day: CalendarDate,
  now: Date,
  providerId?: number,
  author: EventAuthor = { actor: EVALUATION_ACTOR, recordedBy: null },
): Promise<EvaluationResult> {
  {
    const rows = await tx
      .select({
        id: recognitions.id,
        providerId: recognitions.providerId,
        providerName: providers.name,
        recognitionNumber: recognitions.recognitionNumber,
        validFrom: recognitions.validFrom,
        terminationKind: recognitions.terminationKind,
        terminationEffectiveFrom: recognitions.terminationEffectiveFrom,
        terminationReason: recognitions.terminationReason,
        status: recognitions.status,
      })
      .from(recognitions)
      .innerJoin(providers, eq(providers.id, recognitions.providerId))
      .where(providerId === undefined ? undefined : eq(recognitions.providerId, providerId))
      .orderBy(recognitions.id);
    const activity = new Map<number, ActivityFigure[]>();
    for (const a of await tx.select().from(activityFigures).where(providerId === undefined ? undefined : eq(activityFigures.providerId, providerId))) {
      const list = activity.get(a.providerId) ?? [];
      list.push({ year: a.year, employeesCoached: a.employeesCoached });
      activity.set(a.providerId, list);
    }

    const changes: StatusChange[] = [];
    for (const row of rows) {
      const standing = recognitionStanding(recognitionFacts(row), activity.get(row.providerId) ?? [], day);
      if (standing.status === row.status) continue;
      const summary = summaryOf(row.recognitionNumber, standing, row.status);
      await tx.update(recognitions).set({ status: standing.status, evaluatedOn: day }).where(eq(recognitions.id, row.id));
      await appendChangeEvents(tx, [
        {
          occurredAt: now.toISOString(),
          providerId: row.providerId,
          kind: `recognition.${standing.status}`,
          summary,
          actor: author.actor,
          recordedBy: author.recordedBy,
          // The dates the public register shows with the new status (an end moves validUntil).
          after: {
            recognitions: {
              [row.recognitionNumber]: { status: standing.status, validUntil: standing.validUntil, endedOn: 'endedOn' in standing ? standing.endedOn : null },
            },
          },
        },
      ]);
      changes.push({ recognitionNumber: row.recognitionNumber, providerName: row.providerName, from: row.status, to: standing.status, summary });
    }
    if (providerId === undefined) {
      await tx
        .insert(registerMeta)
        .values({ key: 'evaluation.lastDay', value: day })
        .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`excluded.value` } });
    }
    if (changes.length > 0) await markPublicationNeeded(tx, now);
    return { day, evaluated: rows.length, changes };
  }
}
