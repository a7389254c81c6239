/**
 * Everything a provider can report a change of, as the register holds it now: the starting
 * point of the provider's forms. Includes private data (coaches' names), for the provider only.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { activityFigures, capacities, coaches, providers, subcontracting, workingAreas } from '#db/schema/index.ts';

/** A provider's reportable data now. */
export interface ProviderCurrent {
  workingArea: string[];
  capacity: { totalPlaces: number; freePlaces: number } | null;
  coaches: { fullName: string; qualification: string }[];
  subcontractors: string[];
  qualityRegistration: string | null;
  contact: { street: string; postcode: string; email: string | null; phone: string | null; website: string | null };
  /** The yearly activity figures reported so far, oldest first. */
  activity: { year: number; employeesCoached: number }[];
}

/** The provider's reportable data now; null when there is no such provider. */
export async function providerCurrent(db: RegisterDb, providerId: number): Promise<ProviderCurrent | null> {
  const [provider] = await db.select().from(providers).where(eq(providers.id, providerId));
  if (!provider) return null;
  const [area, [capacity], coachRows, subs, activity] = await Promise.all([
    db.select({ nisCode: workingAreas.nisCode }).from(workingAreas).where(eq(workingAreas.providerId, providerId)).orderBy(asc(workingAreas.nisCode)),
    db.select().from(capacities).where(eq(capacities.providerId, providerId)),
    db.select({ fullName: coaches.fullName, qualification: coaches.qualification }).from(coaches).where(and(eq(coaches.providerId, providerId), eq(coaches.active, true))).orderBy(asc(coaches.id)),
    db
      .select({ enterpriseNumber: providers.enterpriseNumber })
      .from(subcontracting)
      .innerJoin(providers, eq(providers.id, subcontracting.subcontractorId))
      .where(eq(subcontracting.providerId, providerId)),
    db.select({ year: activityFigures.year, employeesCoached: activityFigures.employeesCoached }).from(activityFigures).where(eq(activityFigures.providerId, providerId)).orderBy(asc(activityFigures.year)),
  ]);
  return {
    workingArea: area.map((a) => a.nisCode),
    capacity: capacity ? { totalPlaces: capacity.totalPlaces, freePlaces: capacity.freePlaces } : null,
    coaches: coachRows,
    subcontractors: subs.map((s) => s.enterpriseNumber),
    qualityRegistration: provider.qualityRegistration,
    contact: { street: provider.street, postcode: provider.postcode, email: provider.email, phone: provider.phone, website: provider.website },
    activity,
  };
}
