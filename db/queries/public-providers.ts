/**
 * The public read API's queries: recognised providers (status active as of the last evaluation,
 * which the rules module decides), only public fields.
 */
import { and, asc, count, eq, exists, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { RegisterError } from '#domain/register-error.ts';
import { slugify } from '#domain/slug.ts';
import { brokenLinks, lastValidDay, type CalendarDate, type LapseOutlook, type RecognitionStatusName, type StandingOf } from '#domain/rules/index.ts';
import { standingsOn, type StoredRecognition } from './standings.ts';
import { recognitionFacts } from './recognition-facts.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import type { RegisterDb } from '#db/client.ts';
import { capacities, coaches, municipalities, postcodes, providers, provinces, recognitions, subcontracting, workingAreas } from '#db/schema/index.ts';
import { placeFinderOf } from './place-finder.ts';
import { distanceKm, placeKey, roundKm, type Place, type PlaceFinder } from '#domain/places.ts';
import { compareProviders, type ProviderOrder } from '#domain/provider-order.ts';
import type { SimplifiedCategory } from '#domain/public-register.ts';

/** Filters of `GET /api/v1/providers`. */
export interface ProviderFilters {
  municipality?: string;
  postcode?: string;
  province?: string;
  capacity?: 'available';
  category?: SimplifiedCategory | 'none';
  /** A place (NIS code, postcode or name): only providers serving its municipality, with their distance from it. */
  near?: string;
  /** Words the provider's name contains (each word, at the start of a word of the name). */
  name?: string;
  /** The order: by name (the default), free places first, or nearest first (needs `near`). */
  sort?: ProviderOrder;
  page: number;
  pageSize: number;
}

/** A provider in a list. */
export interface PublicProviderSummary {
  enterpriseNumber: string;
  name: string;
  address: { street: string; postcode: string; municipality: string };
  simplifiedCategory: string | null;
  recognition: { number: string; validFrom: string; validUntil: string; status: string };
  capacity: { totalPlaces: number; freePlaces: number; updatedAt: string } | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  /** Kilometres as the crow flies from the place asked (`near`) to the postcode of the provider's address. */
  distanceKm?: number;
}

/** The place a list was asked near, as it was understood. */
export interface NearPlace {
  place: Place;
  understood: string | null;
}

/**
 * The place `near` names, or a refusal that says why not (with the choices or suggestions in the
 * message, and as the field's problems).
 */
export function resolveNear(finder: PlaceFinder, near: string): NearPlace {
  const answer = finder.resolve(near);
  if (answer.status === 'found') return { place: answer.place, understood: answer.understood };
  const options = answer.status === 'ambiguous' ? answer.choices : answer.status === 'suggestions' ? answer.suggestions : [];
  const message =
    answer.status === 'ambiguous'
      ? `'${near}' names ${options.length} places: ${options.map((o) => `'${o.label}'`).join(', ')}. Ask again with one of them.`
      : answer.status === 'suggestions'
        ? `No place is called '${near}'. Did you mean ${options.map((o) => `'${o.label}'`).join(', ')}?`
        : `No place in Flanders or Brussels is called '${near}': give a NIS code, a postcode or the name of a municipality or locality.`;
  throw new RegisterError('invalid', message, options.length > 0 ? options.map((o) => ({ path: 'near', message: `maybe '${o.label}'` })) : [{ path: 'near', message: 'unknown place' }]);
}

const activeRecognition = sql`EXISTS (SELECT 1 FROM ${recognitions} WHERE ${recognitions.providerId} = ${providers.id} AND ${recognitions.status} = 'active')`;

async function resolveMunicipality(db: RegisterDb, filters: ProviderFilters): Promise<string | null> {
  if (filters.postcode) {
    const [row] = await db.select().from(postcodes).where(eq(postcodes.postcode, filters.postcode));
    if (!row) throw new RegisterError('invalid', `Postcode ${filters.postcode} is not a Flemish or Brussels postcode.`, [{ path: 'postcode', message: 'unknown postcode' }]);
    return row.nisCode;
  }
  if (filters.municipality) {
    const [row] = await db.select().from(municipalities).where(eq(municipalities.nisCode, filters.municipality));
    if (!row) throw new RegisterError('invalid', `No municipality has NIS code ${filters.municipality}.`, [{ path: 'municipality', message: 'unknown NIS code' }]);
    return row.nisCode;
  }
  return null;
}

async function resolveProvince(db: RegisterDb, value: string): Promise<SQL> {
  const key = slugify(value);
  if (key === slugify(BRUSSELS_AREA_NAME) || key === 'brussel' || value === BRUSSELS_AREA_CODE) return eq(municipalities.region, 'BRU');
  const all = await db.select().from(provinces);
  const province = all.find((p) => p.nisCode === value || slugify(p.nameNl) === key);
  if (!province) throw new RegisterError('invalid', `Unknown province: ${value}.`, [{ path: 'province', message: `one of ${all.map((p) => p.nameNl).join(', ')}, ${BRUSSELS_AREA_NAME}` }]);
  return eq(municipalities.provinceNis, province.nisCode);
}

/**
 * Recognised providers matching the filters, one page at a time: by name, or (`sort`) free places
 * first or nearest first, the order of the municipality pages (domain/provider-order.ts). With
 * `near`, only those serving the municipality of that place, each with its distance from it.
 */
export async function listPublicProviders(db: RegisterDb, filters: ProviderFilters): Promise<{ items: PublicProviderSummary[]; total: number; near: NearPlace | null }> {
  const conditions: SQL[] = [activeRecognition];
  const finder = filters.near ? await placeFinderOf(db) : null;
  const near = filters.near ? resolveNear(finder!, filters.near) : null;
  if (filters.sort === 'distance' && !near) throw new RegisterError('invalid', 'Ordering by distance needs a place to measure from: give `near`.', [{ path: 'sort', message: 'needs near' }]);
  const nis = await resolveMunicipality(db, filters);
  // The providers of a municipality, found through its index (a few thousand of 10,000).
  for (const code of new Set([nis, near?.place.municipality.nisCode].filter((c): c is string => !!c))) {
    conditions.push(sql`${providers.id} IN (SELECT ${workingAreas.providerId} FROM ${workingAreas} WHERE ${workingAreas.nisCode} = ${code})`);
  }
  if (filters.province) {
    const inProvince = await resolveProvince(db, filters.province);
    conditions.push(
      exists(
        db
          .select({ x: sql`1` })
          .from(workingAreas)
          .innerJoin(municipalities, eq(municipalities.nisCode, workingAreas.nisCode))
          .where(and(eq(workingAreas.providerId, providers.id), inProvince)),
      ),
    );
  }
  if (filters.capacity === 'available') conditions.push(gt(capacities.freePlaces, 0));
  if (filters.category === 'none') conditions.push(sql`${providers.simplifiedCategory} IS NULL`);
  else if (filters.category) conditions.push(eq(providers.simplifiedCategory, filters.category));
  const words = filters.name ? nameWords(filters.name) : [];
  const where = and(...conditions);
  const distanceOf = (row: { postcode: string; municipalityNis: string }) => {
    if (!near) return null;
    const seat = finder!.postcodePoint(row.postcode, row.municipalityNis);
    return seat ? roundKm(distanceKm(near.place.point, seat)) : null;
  };

  // The page's providers: by name in the database, or, for the other orders, all that match
  // ordered here (a municipality has at most a few thousand), with the page cut out after.
  let pageIds: number[];
  let total: number;
  const offset = (filters.page - 1) * filters.pageSize;
  // Without an order asked for, by name as the database sorts (the API's order since its start);
  // with one, in Dutch collation as the pages sort.
  if (filters.sort === undefined && words.length === 0) {
    [{ total }] = await db.select({ total: count() }).from(providers).leftJoin(capacities, eq(capacities.providerId, providers.id)).where(where);
    const rows = await db
      .select({ id: providers.id })
      .from(providers)
      .leftJoin(capacities, eq(capacities.providerId, providers.id))
      .where(where)
      .orderBy(asc(providers.name), asc(providers.id))
      .limit(filters.pageSize)
      .offset(offset);
    pageIds = rows.map((r) => r.id);
  } else {
    const rows = await db
      .select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, name: providers.name, postcode: providers.postcode, municipalityNis: providers.municipalityNis, freePlaces: capacities.freePlaces })
      .from(providers)
      .leftJoin(capacities, eq(capacities.providerId, providers.id))
      .where(where);
    const matching = rows.filter((row) => words.every((word) => nameWords(row.name).some((w) => w.startsWith(word)))).map((row) => ({ ...row, distanceKm: distanceOf(row) }));
    matching.sort(filters.sort ? compareProviders(filters.sort) : (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    total = matching.length;
    pageIds = matching.slice(offset, offset + filters.pageSize).map((row) => row.id);
  }
  const rows = pageIds.length
    ? await db
        .select({
          id: providers.id,
          enterpriseNumber: providers.enterpriseNumber,
          name: providers.name,
          street: providers.street,
          postcode: providers.postcode,
          municipalityNis: providers.municipalityNis,
          municipality: municipalities.nameNl,
          email: providers.email,
          phone: providers.phone,
          website: providers.website,
          simplifiedCategory: providers.simplifiedCategory,
          totalPlaces: capacities.totalPlaces,
          freePlaces: capacities.freePlaces,
          capacityUpdatedAt: capacities.updatedAt,
        })
        .from(providers)
        .innerJoin(municipalities, eq(municipalities.nisCode, providers.municipalityNis))
        .leftJoin(capacities, eq(capacities.providerId, providers.id))
        .where(inArray(providers.id, pageIds))
    : [];
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  const active = pageIds.length
    ? await db
        .select({
          providerId: recognitions.providerId,
          number: recognitions.recognitionNumber,
          validFrom: recognitions.validFrom,
          terminationKind: recognitions.terminationKind,
          terminationEffectiveFrom: recognitions.terminationEffectiveFrom,
        })
        .from(recognitions)
        .where(and(inArray(recognitions.providerId, pageIds), eq(recognitions.status, 'active')))
    : [];
  const recognitionOf = new Map(active.map((r) => [r.providerId, r]));
  return {
    total,
    near,
    // A recognition that ended between the reads drops out rather than showing half.
    items: pageIds
      .filter((id) => recognitionOf.has(id) && rowOf.has(id))
      .map((id) => {
        const r = rowOf.get(id)!;
        const recognition = recognitionOf.get(id)!;
        const distance = distanceOf(r);
        return {
          enterpriseNumber: r.enterpriseNumber,
          name: r.name,
          address: { street: r.street, postcode: r.postcode, municipality: r.municipality },
          simplifiedCategory: r.simplifiedCategory,
          recognition: {
            number: recognition.number,
            validFrom: recognition.validFrom,
            validUntil: lastValidDay(recognitionFacts(recognition)),
            status: 'active',
          },
          capacity: r.totalPlaces === null ? null : { totalPlaces: r.totalPlaces, freePlaces: r.freePlaces!, updatedAt: r.capacityUpdatedAt! },
          email: r.email,
          phone: r.phone,
          website: r.website,
          ...(distance === null ? {} : { distanceKm: distance }),
        };
      }),
  };
}

/** The words of a name as they are compared (no case, accents or punctuation). */
function nameWords(text: string): string[] {
  return text.split(/[\s\-/&.,'’()]+/).map(placeKey).filter(Boolean);
}

/** A recognition in a provider's public entry, judged on the day asked. */
export interface PublicProviderRecognition {
  number: string;
  decisionDate: string;
  validFrom: string;
  /** The last day of validity as far as known: the five-year term, or earlier by a recorded withdrawal or renunciation. */
  validUntil: string;
  status: RecognitionStatusName;
  /** The last day on which it held, once it has ended (a lapse ends it before `validUntil`); null while it holds or has not begun. */
  endedOn: string | null;
  /** Why it ended, in Dutch, as the public page says it; null while it has not ended. */
  endReason: string | null;
  /** The first day of a recorded withdrawal or renunciation (also one still to come). */
  terminationEffectiveFrom: string | null;
  /** Its last valid day falls within six months. */
  expiresSoon: boolean;
  /** When the year before had no coaching: the day it lapses unless coaching is reported for one of the two years. */
  lapseOutlook: LapseOutlook | null;
}

/** A subcontractor in a provider's public entry, with its own standing. */
export interface PublicSubcontractor {
  enterpriseNumber: string;
  name: string;
  /** Whether the subcontractor holds an active recognition: only then may the provider call on it. */
  recognised: boolean;
  /** The status of the recognition that speaks for it (null: it has none). */
  status: RecognitionStatusName | null;
  /** The first day on which it was no longer recognised, when it is not (null while it is, or when it never was). */
  notRecognisedSince: string | null;
}

/** A recognition's public fields from its standing on a day. */
function publicRecognitionOf(entry: StandingOf<StoredRecognition>): PublicProviderRecognition {
  const { recognition: r, standing } = entry;
  return {
    number: r.recognitionNumber,
    decisionDate: r.decisionDate,
    validFrom: standing.validFrom,
    validUntil: standing.validUntil,
    status: standing.status,
    endedOn: 'endedOn' in standing ? standing.endedOn : null,
    endReason: 'reason' in standing ? standing.reason : null,
    terminationEffectiveFrom: r.terminationEffectiveFrom,
    expiresSoon: standing.status === 'active' && standing.expiresSoon,
    lapseOutlook: standing.status === 'active' ? standing.lapseOutlook : null,
  };
}

/**
 * One provider's public entry (also one that is no longer recognised), or a not-found error.
 * Statuses, end dates and reasons are the rules module's judgement on `today`, as the public page
 * states them; so are the subcontractors' standings.
 */
export async function getPublicProvider(db: RegisterDb, enterpriseNumber: string, today: CalendarDate) {
  const [p] = await db
    .select({ provider: providers, municipality: municipalities.nameNl })
    .from(providers)
    .innerJoin(municipalities, eq(municipalities.nisCode, providers.municipalityNis))
    .where(eq(providers.enterpriseNumber, enterpriseNumber));
  if (!p) throw new RegisterError('not-found', `No provider with enterprise number ${enterpriseNumber} is in the register.`);
  const id = p.provider.id;
  const [capacity] = await db.select().from(capacities).where(eq(capacities.providerId, id));
  const [{ coachCount }] = await db.select({ coachCount: count() }).from(coaches).where(and(eq(coaches.providerId, id), eq(coaches.active, true)));
  const area = await db.select({ nisCode: workingAreas.nisCode }).from(workingAreas).where(eq(workingAreas.providerId, id)).orderBy(workingAreas.nisCode);
  const subs = await db
    .select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, name: providers.name })
    .from(subcontracting)
    .innerJoin(providers, eq(providers.id, subcontracting.subcontractorId))
    .where(eq(subcontracting.providerId, id))
    .orderBy(asc(providers.name));
  const standings = await standingsOn(db, today, [id, ...subs.map((s) => s.id)]);
  const own = standings.get(id)!;
  const broken = new Map(brokenLinks(subs.map((s) => ({ provider: id, subcontractor: s.id })), (sub) => standings.get(sub)?.current?.standing ?? null).map((l) => [l.subcontractor, l]));
  const subcontractors: PublicSubcontractor[] = subs.map((s) => ({
    enterpriseNumber: s.enterpriseNumber,
    name: s.name,
    recognised: !broken.has(s.id),
    status: standings.get(s.id)?.current?.standing.status ?? null,
    notRecognisedSince: broken.get(s.id)?.brokenSince ?? null,
  }));
  return {
    enterpriseNumber: p.provider.enterpriseNumber,
    name: p.provider.name,
    address: { street: p.provider.street, postcode: p.provider.postcode, municipality: p.municipality, municipalityNis: p.provider.municipalityNis },
    contact: { email: p.provider.email, phone: p.provider.phone, website: p.provider.website },
    simplifiedCategory: p.provider.simplifiedCategory,
    recognised: own.current?.standing.status === 'active',
    /** The recognition that speaks for the provider (as on its public page). */
    currentRecognition: own.current?.recognition.recognitionNumber ?? null,
    recognitions: own.all.map(publicRecognitionOf),
    capacity: capacity ? { totalPlaces: capacity.totalPlaces, freePlaces: capacity.freePlaces, updatedAt: capacity.updatedAt } : null,
    coachCount,
    workingArea: area.map((a) => a.nisCode),
    subcontractors,
  };
}
