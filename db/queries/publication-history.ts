/**
 * What each publication contains and when the site online changed, for the publications page,
 * the notice that an older publication is online, and the state of a provider's report. A
 * publication contains the change log entries between two lengths of the log (see the
 * publications schema); each entry names privately what it came from (`source`).
 */
import { and, desc, eq, gt, inArray, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { applications, changeEvents, changeReports, providers, publicationRollbacks, publications } from '#db/schema/index.ts';
import type { SiteSwitch } from '#domain/published-state.ts';

type Reader = Pick<RegisterDb, 'select'>;

/** A publication as the publications page shows it. */
export type PublicationRecord = Pick<
  typeof publications.$inferSelect,
  'id' | 'trigger' | 'status' | 'requestedAt' | 'startedAt' | 'finishedAt' | 'pages' | 'error' | 'full' | 'publisher' | 'logFrom' | 'logEvents' | 'pagesChanged'
>;

/** A rollback of the site online. */
export type RollbackRecord = typeof publicationRollbacks.$inferSelect;

/** The latest publications, newest first. */
export async function recentPublications(db: Reader, limit: number): Promise<PublicationRecord[]> {
  return db
    .select({
      id: publications.id,
      trigger: publications.trigger,
      status: publications.status,
      requestedAt: publications.requestedAt,
      startedAt: publications.startedAt,
      finishedAt: publications.finishedAt,
      pages: publications.pages,
      error: publications.error,
      full: publications.full,
      publisher: publications.publisher,
      logFrom: publications.logFrom,
      logEvents: publications.logEvents,
      pagesChanged: publications.pagesChanged,
    })
    .from(publications)
    .orderBy(desc(publications.requestedAt))
    .limit(limit);
}

/** Publications by id (for ones kept on disk but older than the list shown). */
export async function publicationsById(db: Reader, ids: readonly string[]): Promise<Map<string, PublicationRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(publications).where(inArray(publications.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The latest publication that succeeded (of the local publisher: the one that should be online), or null. */
export async function latestSucceeded(db: Reader): Promise<PublicationRecord | null> {
  const [row] = await db.select().from(publications).where(and(eq(publications.status, 'succeeded'), eq(publications.publisher, 'local'))).orderBy(desc(publications.finishedAt)).limit(1);
  return row ?? null;
}

/** The latest rollbacks, newest first. */
export async function recentRollbacks(db: Reader, limit: number): Promise<RollbackRecord[]> {
  return db.select().from(publicationRollbacks).orderBy(desc(publicationRollbacks.at), desc(publicationRollbacks.id)).limit(limit);
}

/** One group of a publication's contents: the log entries that came from one source. */
export interface ContentGroup {
  /** A change report (WM-…), an application (AV-…) or a recognition (ED-…); null for entries without a source. */
  source: string | null;
  /** The public role that made them (the daily evaluation, the department, the provider, sample data). */
  actor: string;
  /** Privately: the person who made them (null for the daily evaluation). */
  recordedBy: string | null;
  entries: number;
  /** The first entry's sentence. */
  summary: string;
  /** The provider the first entry is about. */
  provider: { name: string; enterpriseNumber: string } | null;
  /** For a change report: its kind and status; for an application: the organisation's name. */
  report: { kind: string; status: string; reviewedBy: string | null } | null;
  application: { organisation: string } | null;
}

/** What the log entries after `from` up to `to` came from: at most `limit` groups, oldest first, and how many entries in all. */
export async function logContents(db: Reader, from: number, to: number, limit = 10): Promise<{ entries: number; groups: ContentGroup[] }> {
  if (to <= from) return { entries: 0, groups: [] };
  const range = and(gt(changeEvents.seq, from), lte(changeEvents.seq, to));
  const grouped = await db
    .select({
      source: changeEvents.source,
      actor: changeEvents.actor,
      recordedBy: max(changeEvents.recordedBy),
      entries: sql<number>`count(*)`,
      first: sql<number>`min(${changeEvents.seq})`,
    })
    .from(changeEvents)
    .where(range)
    .groupBy(changeEvents.source, changeEvents.actor)
    .orderBy(sql`min(${changeEvents.seq})`)
    .limit(limit);
  const [{ total }] = await db.select({ total: sql<number>`count(*)` }).from(changeEvents).where(range);
  const firsts = grouped.length
    ? await db
        .select({ seq: changeEvents.seq, summary: changeEvents.summary, name: providers.name, enterpriseNumber: providers.enterpriseNumber })
        .from(changeEvents)
        .leftJoin(providers, eq(providers.id, changeEvents.providerId))
        .where(inArray(changeEvents.seq, grouped.map((g) => g.first)))
    : [];
  const sources = grouped.map((g) => g.source).filter((s): s is string => s !== null);
  const reports = sources.length
    ? new Map(
        (await db.select({ reference: changeReports.reference, kind: changeReports.kind, status: changeReports.status, reviewedBy: changeReports.reviewedBy }).from(changeReports).where(inArray(changeReports.reference, sources))).map(
          (r) => [r.reference, r],
        ),
      )
    : new Map();
  const applicationRows = sources.length
    ? new Map((await db.select({ reference: applications.reference, organisation: applications.organisation }).from(applications).where(inArray(applications.reference, sources))).map((a) => [a.reference, a]))
    : new Map();
  const groups = grouped.map((g): ContentGroup => {
    const first = firsts.find((f) => f.seq === g.first);
    const report = g.source ? reports.get(g.source) : undefined;
    const application = g.source ? applicationRows.get(g.source) : undefined;
    return {
      source: g.source,
      actor: g.actor,
      recordedBy: g.recordedBy,
      entries: Number(g.entries),
      summary: first?.summary ?? '',
      provider: first?.name && first.enterpriseNumber ? { name: first.name, enterpriseNumber: first.enterpriseNumber } : null,
      report: report ? { kind: report.kind, status: report.status, reviewedBy: report.reviewedBy } : null,
      application: application ? { organisation: application.organisation.name } : null,
    };
  });
  return { entries: Number(total), groups };
}

/** The last change log entry a change report, application or recognition caused, or null when it caused none. */
export async function lastEntryOf(db: Reader, source: string): Promise<number | null> {
  const [row] = await db.select({ last: max(changeEvents.seq) }).from(changeEvents).where(eq(changeEvents.source, source));
  return row?.last ?? null;
}

/**
 * The latest switches of the site online, oldest first: the publications of the local publisher
 * that succeeded (each went online as it finished) and the rollbacks. Both are stamped by the
 * wall clock, whatever the register's clock says.
 */
export async function recentSiteSwitches(db: Reader, limit = 200): Promise<SiteSwitch[]> {
  const built = await db
    .select({ at: publications.finishedAt, logEvents: publications.logEvents })
    .from(publications)
    .where(and(eq(publications.status, 'succeeded'), eq(publications.publisher, 'local'), isNotNull(publications.finishedAt)))
    .orderBy(desc(publications.finishedAt))
    .limit(limit);
  const rolledBack = await recentRollbacks(db, limit);
  const switches: SiteSwitch[] = [
    ...built.map((b) => ({ at: b.at!, logEvents: b.logEvents })),
    ...rolledBack.map((r) => ({ at: r.at, logEvents: r.toLogEvents, rolledBackFrom: r.fromLogEvents })),
  ];
  return switches.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0)).slice(-limit);
}
