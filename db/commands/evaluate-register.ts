/**
 * The daily evaluation: recomputes every recognition's status with the rules module as of one
 * day, and records each status that changed as a public change event — once. The change log only
 * moves forward: a day before the last one evaluated is never written (it would turn statuses
 * back and log that as news); {@link previewEvaluation} shows what it would give instead.
 */
import { eq, sql } from 'drizzle-orm';
import { RegisterError } from '#domain/register-error.ts';
import { formatDutchDate, recognitionStanding, type ActivityFigure, type CalendarDate, type RecognitionStanding, type RecognitionStatusName } from '#domain/rules/index.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction, type WriteTx } from '#db/write-lock.ts';
import { markPublicationNeeded } from './publication-state.ts';
import { recognitionFacts } from '#db/queries/recognition-facts.ts';
import { activityFigures, providers, recognitions, registerMeta } from '#db/schema/index.ts';
import { PUBLIC_ACTORS, type PublicActor } from '#domain/change-log.ts';
import { appendChangeEvents } from './change-log.ts';

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
  /** Private: the reference of the write that caused it (see the change log's schema). */
  source?: string | null;
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

const LAST_DAY_KEY = 'evaluation.lastDay';

/** The last day the whole register was evaluated for (null before the first evaluation). */
export async function lastEvaluatedDay(db: RegisterDb | WriteTx): Promise<CalendarDate | null> {
  const [row] = await db.select({ value: registerMeta.value }).from(registerMeta).where(eq(registerMeta.key, LAST_DAY_KEY));
  return row?.value ?? null;
}

/**
 * Evaluates every recognition as of `day`; writes only what changed, in one transaction. A day
 * before the last one evaluated is refused (a conflict) and nothing is written.
 */
export function evaluateRegister(db: RegisterDb, day: CalendarDate, now: Date): Promise<EvaluationResult> {
  return writeTransaction(db, async (tx) => {
    const last = await lastEvaluatedDay(tx);
    if (last !== null && day < last) {
      throw new RegisterError(
        'conflict',
        `The register was last evaluated for ${last}; evaluating an earlier day (${day}) would turn statuses back and log that in the append-only change log, so nothing was written.`,
      );
    }
    return evaluateRecognitions(tx, day, now);
  });
}

/** What evaluating `day` would change, without writing anything (the dry run of an earlier day). */
export async function previewEvaluation(db: RegisterDb, day: CalendarDate): Promise<EvaluationResult> {
  const { rows, changes } = await judgeRecognitions(db, day);
  return { day, evaluated: rows.length, changes: changes.map((c) => c.change) };
}

/** Every recognition (of one provider, or all) with the standing the rules give it on `day`, and those whose status would change. */
async function judgeRecognitions(tx: RegisterDb | WriteTx, day: CalendarDate, providerId?: number) {
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
  const changes: { row: (typeof rows)[number]; standing: RecognitionStanding; change: StatusChange }[] = [];
  for (const row of rows) {
    const standing = recognitionStanding(recognitionFacts(row), activity.get(row.providerId) ?? [], day);
    if (standing.status === row.status) continue;
    const summary = summaryOf(row.recognitionNumber, standing, row.status);
    changes.push({ row, standing, change: { recognitionNumber: row.recognitionNumber, providerName: row.providerName, from: row.status, to: standing.status, summary } });
  }
  return { rows, changes };
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
  const { rows, changes: judged } = await judgeRecognitions(tx, day, providerId);
  const changes: StatusChange[] = [];
  for (const { row, standing, change } of judged) {
    await tx.update(recognitions).set({ status: standing.status, evaluatedOn: day }).where(eq(recognitions.id, row.id));
    await appendChangeEvents(tx, [
      {
        occurredAt: now.toISOString(),
        providerId: row.providerId,
        kind: `recognition.${standing.status}`,
        summary: change.summary,
        actor: author.actor,
        recordedBy: author.recordedBy,
        source: author.source ?? null,
        // The dates the public register shows with the new status (an end moves validUntil).
        after: {
          recognitions: {
            [row.recognitionNumber]: { status: standing.status, validUntil: standing.validUntil, endedOn: 'endedOn' in standing ? standing.endedOn : null },
          },
        },
      },
    ]);
    changes.push(change);
  }
  if (providerId === undefined) {
    await tx
      .insert(registerMeta)
      .values({ key: LAST_DAY_KEY, value: day })
      .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`excluded.value` } });
  }
  if (changes.length > 0) await markPublicationNeeded(tx, now);
  return { day, evaluated: rows.length, changes };
}
