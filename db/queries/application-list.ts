/** Lists of applications for the web pages (one application's view comes from db/commands/applications.ts). */
import { desc, eq } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import type { ProcedureState } from '../../domain/rules/index.ts';
import { applications } from '../schema/index.ts';

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
