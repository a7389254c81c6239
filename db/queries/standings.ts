/**
 * Providers' recognitions judged on a day by the rules module, and the subcontracting links that
 * no longer hold on it. Read by the public API, the daily mails and the administrators' overview,
 * so each says what the public page says.
 */
import { inArray } from 'drizzle-orm';
import {
  brokenLinks,
  currentRecognition,
  type ActivityFigure,
  type CalendarDate,
  type NumberedRecognition,
  type RecognitionStanding,
  type StandingOf,
} from '#domain/rules/index.ts';
import type { RegisterDb } from '#db/client.ts';
import type { WriteTx } from '#db/write-lock.ts';
import { activityFigures, providers, recognitions, subcontracting } from '#db/schema/index.ts';
import { recognitionFacts } from './recognition-facts.ts';

/** A stored recognition as the rules take it, with its public number and decision date. */
export type StoredRecognition = NumberedRecognition & { terminationEffectiveFrom: CalendarDate | null };

/** Every recognition of a provider judged on a day, and the one that speaks for it. */
export interface ProviderStandings {
  activity: ActivityFigure[];
  /** Oldest start first. */
  all: StandingOf<StoredRecognition>[];
  /** The recognition that speaks for the provider (as on its public page); null when it never had one. */
  current: StandingOf<StoredRecognition> | null;
}

/** The standings of the given providers on `today` (every provider when `providerIds` is omitted). */
export async function standingsOn(db: RegisterDb | WriteTx, today: CalendarDate, providerIds?: readonly number[]): Promise<Map<number, ProviderStandings>> {
  if (providerIds && providerIds.length === 0) return new Map();
  const ids = providerIds ? [...new Set(providerIds)] : undefined;
  const recognitionRows = await db.select().from(recognitions).where(ids ? inArray(recognitions.providerId, ids) : undefined);
  const activityRows = await db.select().from(activityFigures).where(ids ? inArray(activityFigures.providerId, ids) : undefined);
  const activityOf = new Map<number, ActivityFigure[]>();
  for (const a of activityRows) activityOf.set(a.providerId, [...(activityOf.get(a.providerId) ?? []), { year: a.year, employeesCoached: a.employeesCoached }]);
  const recognitionsOf = new Map<number, StoredRecognition[]>();
  for (const r of recognitionRows) {
    const stored: StoredRecognition = { recognitionNumber: r.recognitionNumber, decisionDate: r.decisionDate, terminationEffectiveFrom: r.terminationEffectiveFrom, ...recognitionFacts(r) };
    recognitionsOf.set(r.providerId, [...(recognitionsOf.get(r.providerId) ?? []), stored]);
  }
  const result = new Map<number, ProviderStandings>();
  for (const id of ids ?? [...new Set([...recognitionsOf.keys(), ...activityOf.keys()])]) {
    const activity = activityOf.get(id) ?? [];
    const judged = currentRecognition(recognitionsOf.get(id) ?? [], activity, today);
    const all = judged ? [judged.current, ...judged.others].sort((a, b) => a.recognition.validFrom.localeCompare(b.recognition.validFrom)) : [];
    result.set(id, { activity, all, current: judged?.current ?? null });
  }
  return result;
}

/** A provider named in a subcontracting link. */
export interface LinkedProvider {
  id: number;
  enterpriseNumber: string;
  name: string;
}

/** A subcontracting link that no longer holds on the day it was judged. */
export interface BrokenSubcontracting {
  contractor: LinkedProvider & { recognitionNumber: string | null };
  subcontractor: LinkedProvider & { standing: RecognitionStanding | null; recognitionNumber: string | null };
  /** The first day on which the subcontractor was no longer recognised (null: it never was, on any day the register knows). */
  brokenSince: CalendarDate | null;
}

/**
 * The subcontracting links that are broken on `today` (the rules module decides: a subcontractor
 * without an active recognition), of contractors whose own recognition is active or about to
 * start — a provider that is no longer recognised itself has no one to work for. Oldest break first.
 */
export async function brokenSubcontracting(db: RegisterDb | WriteTx, today: CalendarDate, contractorIds?: readonly number[]): Promise<BrokenSubcontracting[]> {
  const links = await db.select().from(subcontracting).where(contractorIds ? inArray(subcontracting.providerId, [...contractorIds]) : undefined);
  if (links.length === 0) return [];
  const ids = [...new Set(links.flatMap((l) => [l.providerId, l.subcontractorId]))];
  const standings = await standingsOn(db, today, ids);
  const named = new Map((await db.select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, name: providers.name }).from(providers).where(inArray(providers.id, ids))).map((p) => [p.id, p]));
  const working = links.filter((l) => ['active', 'pending'].includes(standings.get(l.providerId)?.current?.standing.status ?? ''));
  const broken = brokenLinks(
    working.map((l) => ({ provider: l.providerId, subcontractor: l.subcontractorId })),
    (id) => standings.get(id)?.current?.standing ?? null,
  );
  return broken.map((link) => {
    const sub = standings.get(link.subcontractor)?.current ?? null;
    return {
      contractor: { ...named.get(link.provider)!, recognitionNumber: standings.get(link.provider)?.current?.recognition.recognitionNumber ?? null },
      subcontractor: { ...named.get(link.subcontractor)!, standing: sub?.standing ?? null, recognitionNumber: sub?.recognition.recognitionNumber ?? null },
      brokenSince: link.brokenSince,
    };
  });
}
