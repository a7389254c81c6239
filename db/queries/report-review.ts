/**
 * What the review pages read: the reports waiting for review with the provider they belong to
 * (so their differences can be computed against its data now), and the history of decided
 * reports, filtered and paged in SQL.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { changeEvents, changeReports, CHANGE_REPORT_STATUSES, providers, type ChangeReportKind, type ChangeReportStatus } from '#db/schema/index.ts';
import type { WriteTx } from '#db/write-side.ts';
import { addDays, startOfDay, type CalendarDate } from '#domain/rules/index.ts';
import { parseEnterpriseNumber } from '#domain/enterprise-number.ts';
import type { DiffReference } from '#domain/report-diff.ts';
import { BRUSSELS_AREA_CODE } from '#domain/working-area.ts';
import { listPlaces, type Area, type Place } from './places.ts';
import { providerNamesByNumber } from './provider-identity.ts';

/** The reference data of domain/report-diff.ts from the place lists the pages already hold. */
export function diffReferenceFrom(places: readonly Place[], areas: readonly Area[], providerNames: ReadonlyMap<string, string> = new Map()): DiffReference {
  return {
    municipalities: new Map(
      places.map((p) => [p.nisCode, { nisCode: p.nisCode, nameNl: p.nameNl, provinceNis: p.areaCode === BRUSSELS_AREA_CODE ? null : p.areaCode, region: p.areaCode === BRUSSELS_AREA_CODE ? ('BRU' as const) : ('VLG' as const) }]),
    ),
    // The public page's order: the provinces by NIS code, Brussels last.
    provinces: [...areas].sort((a, b) => (a.code === BRUSSELS_AREA_CODE ? 1 : b.code === BRUSSELS_AREA_CODE ? -1 : a.code.localeCompare(b.code))),
    providerNames,
  };
}

/** The reference data of domain/report-diff.ts, with the names of the providers given by enterprise number. */
export async function diffReferenceOf(db: RegisterDb, enterpriseNumbers: readonly string[] = []): Promise<DiffReference> {
  const { places, areas } = await listPlaces(db);
  return diffReferenceFrom(places, areas, enterpriseNumbers.length > 0 ? await providerNamesByNumber(db, [...enterpriseNumbers]) : new Map());
}

/**
 * The version of a provider's public data: the number of its latest entry in the change log
 * (every change to it appends one). A decision made on differences computed from one version is
 * refused once the provider has a newer one.
 */
export async function providerVersion(db: RegisterDb | WriteTx, providerId: number): Promise<number> {
  const [row] = await db.select({ seq: sql<number | null>`max(${changeEvents.seq})` }).from(changeEvents).where(eq(changeEvents.providerId, providerId));
  return Number(row?.seq ?? 0);
}

/** A report as the review pages show it. */
export interface ReviewedReport {
  reference: string;
  kind: ChangeReportKind;
  status: ChangeReportStatus;
  payload: unknown;
  receivedAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewReason: string | null;
  providerId: number;
  provider: { enterpriseNumber: string; name: string };
}

/** Statuses that end a review: a person decided (or the provider took the report back). */
export const DECIDED_STATUSES: readonly ChangeReportStatus[] = CHANGE_REPORT_STATUSES.filter((s) => s !== 'pending_review' && s !== 'applied');

const columns = {
  reference: changeReports.reference,
  kind: changeReports.kind,
  status: changeReports.status,
  payload: changeReports.payload,
  receivedAt: changeReports.receivedAt,
  reviewedAt: changeReports.reviewedAt,
  reviewedBy: changeReports.reviewedBy,
  reviewReason: changeReports.reviewReason,
  providerId: changeReports.providerId,
  enterpriseNumber: providers.enterpriseNumber,
  name: providers.name,
};
const asReport = ({ enterpriseNumber, name, ...row }: Omit<ReviewedReport, 'provider'> & { enterpriseNumber: string; name: string }): ReviewedReport => ({ ...row, provider: { enterpriseNumber, name } });

/** Reports waiting for review, oldest first. */
export async function reportsAwaitingReview(db: RegisterDb, limit = 100): Promise<ReviewedReport[]> {
  const rows = await db.select(columns).from(changeReports).innerJoin(providers, eq(providers.id, changeReports.providerId)).where(eq(changeReports.status, 'pending_review')).orderBy(asc(changeReports.id)).limit(limit);
  return rows.map(asReport);
}

/** One report waiting for review, or null. */
export async function reportAwaitingReview(db: RegisterDb, reference: string): Promise<ReviewedReport | null> {
  const [row] = await db
    .select(columns)
    .from(changeReports)
    .innerJoin(providers, eq(providers.id, changeReports.providerId))
    .where(and(eq(changeReports.reference, reference), eq(changeReports.status, 'pending_review')));
  return row ? asReport(row) : null;
}

/** What the history is filtered on; every part is optional. */
export interface HistoryFilter {
  status?: ChangeReportStatus;
  kind?: ChangeReportKind;
  /** Part of the provider's name, or its enterprise number (with or without dots). */
  provider?: string;
  /** Decided on or after this day (Brussels). */
  from?: CalendarDate;
  /** Decided on or before this day (Brussels). */
  to?: CalendarDate;
}

/** Decided reports, most recently decided first, one page of them and how many match in all. */
export async function decidedReports(db: RegisterDb, filter: HistoryFilter, page: number, pageSize: number): Promise<{ items: ReviewedReport[]; total: number }> {
  const conditions: SQL[] = [filter.status ? eq(changeReports.status, filter.status) : inArray(changeReports.status, [...DECIDED_STATUSES])];
  if (filter.kind) conditions.push(eq(changeReports.kind, filter.kind));
  if (filter.provider) {
    const number = parseEnterpriseNumber(filter.provider);
    // LIKE's own wildcards in what was typed are taken literally.
    const pattern = `%${filter.provider.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const byName = sql`${providers.name} LIKE ${pattern} ESCAPE '\\'`;
    conditions.push(number.ok ? or(eq(providers.enterpriseNumber, number.value), byName)! : byName);
  }
  if (filter.from) conditions.push(gte(changeReports.reviewedAt, startOfDay(filter.from).toISOString()));
  if (filter.to) conditions.push(lt(changeReports.reviewedAt, startOfDay(addDays(filter.to, 1)).toISOString()));
  const where = and(...conditions);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select(columns)
      .from(changeReports)
      .innerJoin(providers, eq(providers.id, changeReports.providerId))
      .where(where)
      .orderBy(desc(changeReports.reviewedAt), desc(changeReports.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(changeReports).innerJoin(providers, eq(providers.id, changeReports.providerId)).where(where),
  ]);
  return { items: rows.map(asReport), total: n };
}
