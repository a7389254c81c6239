/**
 * The mails of the daily evaluation: warnings to providers before their recognition ends
 * (expiry in six months and in one month, no coaching reported for last year), each exactly once
 * per recognition and milestone; a notice to a provider and to the administrators when one of its
 * subcontractors is no longer recognised, once per broken link; and the administrators' digest
 * of deadlines, once per day and address. Which milestone is reached comes from the rules module; the once-only is the outbox's
 * unique key, so running the evaluation again (or on a restart) sends nothing twice.
 */
import { eq } from 'drizzle-orm';
import { compareDates, DIGEST_DAYS_AHEAD, recognitionStanding, recognitionWarnings, warningMilestone, yearOf, type ActivityFigure, type CalendarDate } from '#domain/rules/index.ts';
import { brokenSubcontracting } from '#db/queries/standings.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction, type WriteTx } from '#db/write-lock.ts';
import { deadlinesOn } from '#db/commands/applications.ts';
import { recognitionFacts } from '#db/queries/recognition-facts.ts';
import { activityFigures, providers, recognitions } from '#db/schema/index.ts';
import { enqueueTemplateMail } from './outbox.ts';
import type { DigestItem } from './templates/deadline-digest.ts';

/** What a day's mails came to. */
export interface DailyMails {
  warnings: number;
  /** Notices (to providers and administrators) of subcontractors no longer recognised. */
  subcontractorNotices: number;
  digests: number;
}

/** Enqueues the warnings and the digest of `day` (what was enqueued before is not enqueued again). */
export function produceDailyMails(db: RegisterDb, options: { day: CalendarDate; now: Date; administrators: readonly string[] }): Promise<DailyMails> {
  return writeTransaction(db, async (tx) => ({
    warnings: await enqueueWarnings(tx, options.day, options.now),
    subcontractorNotices: await enqueueSubcontractorNotices(tx, options.day, options.now, options.administrators),
    digests: await enqueueDigest(tx, options.day, options.now, options.administrators),
  }));
}

/**
 * Tells a provider, and each administrator, that one of its subcontractors is no longer
 * recognised: once per broken link (a link that holds again and breaks later is a new one).
 */
async function enqueueSubcontractorNotices(tx: WriteTx, day: CalendarDate, now: Date, administrators: readonly string[]): Promise<number> {
  let count = 0;
  for (const link of await brokenSubcontracting(tx, day)) {
    const { contractor, subcontractor, brokenSince } = link;
    const key = `subcontractor:${contractor.enterpriseNumber}:${subcontractor.enterpriseNumber}:${brokenSince ?? 'never'}`;
    const standing = subcontractor.standing;
    const data = {
      contractorName: contractor.name,
      contractorEnterpriseNumber: contractor.enterpriseNumber,
      recognitionNumber: contractor.recognitionNumber,
      subcontractorName: subcontractor.name,
      subcontractorEnterpriseNumber: subcontractor.enterpriseNumber,
      status: standing?.status ?? null,
      reason: standing && 'reason' in standing ? standing.reason : null,
      brokenSince,
    };
    const base = { template: 'subcontractor_not_recognised' as const, reference: contractor.recognitionNumber };
    if (await enqueueTemplateMail(tx, { ...base, to: { provider: contractor.id }, dedupeKey: key, data: { ...data, audience: 'provider' } }, now)) count++;
    for (const address of administrators) {
      if (await enqueueTemplateMail(tx, { ...base, to: { address }, dedupeKey: `${key}:${address}`, data: { ...data, audience: 'department' } }, now)) count++;
    }
  }
  return count;
}

async function enqueueWarnings(tx: WriteTx, day: CalendarDate, now: Date): Promise<number> {
  const rows = await tx
    .select({ recognition: recognitions, providerName: providers.name })
    .from(recognitions)
    .innerJoin(providers, eq(providers.id, recognitions.providerId));
  const activity = new Map<number, ActivityFigure[]>();
  for (const a of await tx.select().from(activityFigures)) activity.set(a.providerId, [...(activity.get(a.providerId) ?? []), { year: a.year, employeesCoached: a.employeesCoached }]);
  const byProvider = new Map<number, (typeof rows)[number]['recognition'][]>();
  for (const { recognition } of rows) byProvider.set(recognition.providerId, [...(byProvider.get(recognition.providerId) ?? []), recognition]);
  let count = 0;
  for (const { recognition, providerName } of rows) {
    const figures = activity.get(recognition.providerId) ?? [];
    // A provider whose next recognition is already granted is not told to apply again.
    const renewed = (byProvider.get(recognition.providerId) ?? []).some(
      (other) => compareDates(other.validFrom, recognition.validFrom) > 0 && ['pending', 'active'].includes(recognitionStanding(recognitionFacts(other), figures, day).status),
    );
    for (const warning of recognitionWarnings(recognitionFacts(recognition), figures, day)) {
      if (warning.kind === 'expiry' && renewed) continue;
      const base = { to: { provider: recognition.providerId }, reference: recognition.recognitionNumber, dedupeKey: `warning:${recognition.recognitionNumber}:${warningMilestone(warning)}` };
      const enqueued = await enqueueTemplateMail(
        tx,
        warning.kind === 'expiry'
          ? { ...base, template: 'expiry_warning', data: { recognitionNumber: recognition.recognitionNumber, providerName, months: warning.months, lastValidDay: warning.lastValidDay } }
          : { ...base, template: 'no_coaching_warning', data: { recognitionNumber: recognition.recognitionNumber, providerName, year: warning.year, thisYear: yearOf(day), lapsesOn: warning.lapsesOn } },
        now,
      );
      if (enqueued) count++;
    }
  }
  return count;
}

async function enqueueDigest(tx: WriteTx, day: CalendarDate, now: Date, administrators: readonly string[]): Promise<number> {
  if (administrators.length === 0) return 0;
  const items: DigestItem[] = (await deadlinesOn(tx, day))
    .map((view) => ({ view, deadline: view.nextDeadline! }))
    .filter(({ deadline }) => deadline.overdue || !deadline.started || (!deadline.suspended && deadline.daysLeft !== null && deadline.daysLeft <= DIGEST_DAYS_AHEAD))
    .map(({ view, deadline }) => ({
      reference: view.reference,
      organisationName: view.organisation.name,
      kind: deadline.kind,
      dueOn: deadline.dueOn,
      daysLeft: deadline.daysLeft,
      overdue: deadline.overdue,
      started: deadline.started,
    }));
  // Nothing due, nothing sent: a digest that says "nothing" every day teaches people to ignore it.
  if (items.length === 0) return 0;
  let count = 0;
  for (const address of administrators) {
    if (await enqueueTemplateMail(tx, { template: 'deadline_digest', to: { address }, reference: null, dedupeKey: `digest:${day}:${address}`, data: { day, items } }, now)) count++;
  }
  return count;
}
