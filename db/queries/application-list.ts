/** Lists of applications for the web pages (one application's view comes from db/commands/applications.ts). */
import { desc, eq, or, sql } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import type { ProcedureState } from '#domain/rules/index.ts';
import { applications } from '#db/schema/index.ts';

/** An application in a list. */
export interface ApplicationSummary {
  reference: string;
  organisation: string;
  enterpriseNumber: string;
  submittedOn: string;
  state: ProcedureState;
}

/** Every application, newest first. */
export async function listApplications(db: RegisterDb, limit = 500): Promise<ApplicationSummary[]> {
  const rows = await db.select().from(applications).orderBy(desc(applications.id)).limit(limit);
  return rows.map((r) => ({ reference: r.reference, organisation: r.organisation.name, enterpriseNumber: r.organisation.enterpriseNumber, submittedOn: r.submittedOn, state: r.state }));
}

/** The references of a provider's own applications, newest first. */
export async function applicationReferencesOf(db: RegisterDb, providerId: number): Promise<string[]> {
  const rows = await db.select({ reference: applications.reference }).from(applications).where(eq(applications.providerId, providerId)).orderBy(desc(applications.id));
  return rows.map((r) => r.reference);
}

/**
 * An organisation's own applications by its enterprise number (also those filed before it was in
 * the register, and those of a first applicant that was refused), newest first.
 */
export async function applicationsOfOrganisation(db: RegisterDb, enterpriseNumber: string, providerId: number | null = null): Promise<ApplicationSummary[]> {
  const byNumber = sql`json_extract(${applications.organisation}, '$.enterpriseNumber') = ${enterpriseNumber}`;
  const rows = await db
    .select()
    .from(applications)
    .where(providerId === null ? byNumber : or(byNumber, eq(applications.providerId, providerId)))
    .orderBy(desc(applications.id));
  return rows.map((r) => ({ reference: r.reference, organisation: r.organisation.name, enterpriseNumber: r.organisation.enterpriseNumber, submittedOn: r.submittedOn, state: r.state }));
}
