/**
 * Reads the public register out of the database in one read transaction, so that a publication
 * is built from a consistent snapshot. Only public columns are selected.
 */
import { sql } from 'drizzle-orm';
import type { PublicRecognition, PublicRegister } from '#domain/public-register.ts';
import { currentRecognition, type ActivityFigure, type CalendarDate, type RecognitionStanding } from '#domain/rules/index.ts';
import { slugify } from '#domain/slug.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import type { RegisterDb } from '#db/client.ts';
import { changeCount } from './publication-state.ts';
import { logHead } from './change-log.ts';
import { recognitionFacts } from './recognition-facts.ts';
import { placeFinderOf } from './place-finder.ts';
import { loadBoundaries } from '#db/boundaries.ts';
import { mapDrawing, publicMap } from '#domain/geometry.ts';
import type { Point } from '#domain/places.ts';
import {
  activityFigures,
  capacities,
  coaches,
  municipalities,
  postcodes,
  providers,
  provinces,
  recognitions,
  registerMeta,
  subcontracting,
  workingAreas,
} from '#db/schema/index.ts';

/** How many public change events each provider page shows. */
export const HISTORY_LENGTH = 10;

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function publicRecognition(recognitionNumber: string, decisionDate: string, standing: RecognitionStanding): PublicRecognition {
  return {
    recognitionNumber,
    decisionDate,
    validFrom: standing.validFrom,
    validUntil: standing.validUntil,
    status: standing.status,
    endedOn: 'endedOn' in standing ? standing.endedOn : null,
    endReason: 'reason' in standing ? standing.reason : null,
    expiresSoon: standing.status === 'active' ? standing.expiresSoon : false,
    lapseOutlook: standing.status === 'active' ? standing.lapseOutlook : null,
  };
}

/** The public register as it stands in the database, judged on `today`. */
export async function readPublicRegister(db: RegisterDb, today: CalendarDate, now: Date): Promise<PublicRegister> {
  // Reference data, which does not change while the register runs: outside the transaction.
  const places = await placeFinderOf(db);
  const boundaries = loadBoundaries();
  const drawing = mapDrawing(boundaries);
  const mapped = (point: Point) => {
    const [x, y] = drawing.project(point);
    return { lat: point.lat, lon: point.lon, x, y };
  };
  return db.transaction(
    async (tx) => {
      const provinceRows = await tx.select().from(provinces).orderBy(provinces.nisCode);
      const municipalityRows = await tx.select().from(municipalities).orderBy(municipalities.nisCode);
      const postcodeRows = await tx.select().from(postcodes).orderBy(postcodes.postcode);
      const providerRows = await tx
        .select({
          id: providers.id,
          enterpriseNumber: providers.enterpriseNumber,
          name: providers.name,
          street: providers.street,
          postcode: providers.postcode,
          municipalityNis: providers.municipalityNis,
          email: providers.email,
          phone: providers.phone,
          website: providers.website,
          simplifiedCategory: providers.simplifiedCategory,
        })
        .from(providers)
        .orderBy(providers.id);
      // Aggregated in SQL: a large register has millions of working-area rows.
      const areaRows = await tx
        .select({ providerId: workingAreas.providerId, codes: sql<string>`group_concat(${workingAreas.nisCode})` })
        .from(workingAreas)
        .groupBy(workingAreas.providerId);
      const capacityRows = await tx.select().from(capacities);
      const coachCounts = await tx
        .select({ providerId: coaches.providerId, n: sql<number>`count(*)` })
        .from(coaches)
        .where(sql`${coaches.active} = 1`)
        .groupBy(coaches.providerId);
      const recognitionRows = await tx.select().from(recognitions);
      const activityRows = await tx.select().from(activityFigures);
      const subcontractingRows = await tx.select().from(subcontracting);
      const historyRows = await tx.all<{ provider_id: number; occurred_at: string; summary: string }>(sql`
        SELECT provider_id, occurred_at, summary FROM (
          SELECT provider_id, occurred_at, summary,
                 ROW_NUMBER() OVER (PARTITION BY provider_id ORDER BY occurred_at DESC, seq DESC) AS n
          FROM change_events WHERE provider_id IS NOT NULL
        ) WHERE n <= ${HISTORY_LENGTH} ORDER BY provider_id, occurred_at DESC`);
      const meta = new Map((await tx.select().from(registerMeta)).map((row) => [row.key, row.value]));
      const includedChanges = await changeCount(tx);
      // Read in the same transaction: the publication states exactly the log it was built from.
      const log = await logHead(tx);

      const postcodesOf = groupBy(postcodeRows, (row) => row.nisCode);
      const areasOf = new Map(areaRows.map((row) => [row.providerId, row.codes.split(',').sort()]));
      const capacityOf = new Map(capacityRows.map((row) => [row.providerId, row]));
      const coachCountOf = new Map(coachCounts.map((row) => [row.providerId, Number(row.n)]));
      const recognitionsOf = groupBy(recognitionRows, (row) => row.providerId);
      const activityOf = groupBy(activityRows, (row) => row.providerId);
      const subcontractorsOf = groupBy(subcontractingRows, (row) => row.providerId);
      const contractorsOf = groupBy(subcontractingRows, (row) => row.subcontractorId);
      const historyOf = groupBy(historyRows, (row) => row.provider_id);
      const numberOf = new Map(providerRows.map((row) => [row.id, row.enterpriseNumber]));

      return {
        changeCount: includedChanges,
        generatedAt: now.toISOString(),
        today,
        log,
        isSample: meta.get('dataset') === 'sample',
        areas: [
          ...provinceRows.map((p) => ({ code: p.nisCode, nameNl: p.nameNl, slug: slugify(p.nameNl) })),
          { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME, slug: slugify(BRUSSELS_AREA_NAME) },
        ],
        municipalities: municipalityRows.map((m) => ({
          nisCode: m.nisCode,
          nameNl: m.nameNl,
          nameFr: m.nameFr,
          region: m.region,
          provinceNis: m.provinceNis,
          areaCode: m.provinceNis ?? BRUSSELS_AREA_CODE,
          slug: m.slug,
          postcodes: (postcodesOf.get(m.nisCode) ?? []).map((p) => p.postcode),
          point: mapped(places.municipalityPoint(m.nisCode)!),
          postcodePoints: Object.fromEntries((postcodesOf.get(m.nisCode) ?? []).map((p) => [p.postcode, mapped(places.postcodePoint(p.postcode, m.nisCode)!)])),
        })),
        map: publicMap(boundaries, (nis) => {
          const m = municipalityRows.find((row) => row.nisCode === nis);
          return m ? (m.provinceNis ?? BRUSSELS_AREA_CODE) : undefined;
        }),
        providers: providerRows.map((p) => {
          const activity: ActivityFigure[] = (activityOf.get(p.id) ?? []).map((a) => ({ year: a.year, employeesCoached: a.employeesCoached }));
          const standing = currentRecognition(
            (recognitionsOf.get(p.id) ?? []).map((r) => ({ recognitionNumber: r.recognitionNumber, decisionDate: r.decisionDate, ...recognitionFacts(r) })),
            activity,
            today,
          );
          const capacity = capacityOf.get(p.id);
          const { id, ...publicFields } = p;
          return {
            ...publicFields,
            listed: standing?.current.standing.status === 'active',
            recognition: standing
              ? publicRecognition(standing.current.recognition.recognitionNumber, standing.current.recognition.decisionDate, standing.current.standing)
              : null,
            otherRecognitions: (standing?.others ?? []).map((o) => publicRecognition(o.recognition.recognitionNumber, o.recognition.decisionDate, o.standing)),
            workingArea: areasOf.get(id) ?? [],
            capacity: capacity ? { totalPlaces: capacity.totalPlaces, freePlaces: capacity.freePlaces, updatedAt: capacity.updatedAt } : null,
            coachCount: coachCountOf.get(id) ?? 0,
            subcontractors: (subcontractorsOf.get(id) ?? []).map((s) => numberOf.get(s.subcontractorId)!),
            subcontractorOf: (contractorsOf.get(id) ?? []).map((s) => numberOf.get(s.providerId)!),
            history: (historyOf.get(id) ?? []).map((h) => ({ occurredAt: h.occurred_at, summary: h.summary })),
          };
        }),
      };
    },
    { behavior: 'deferred' },
  );
}
