/**
 * The reference data kept in db/reference-data/ (see SOURCE.md there for where it comes from):
 * read, checked and loaded into the database.
 */
import { writeTransaction } from './write-lock.ts';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { count } from 'drizzle-orm';
import { slugify } from '#domain/slug.ts';
import type { RegisterDb } from './client.ts';
export { loadBoundaries } from './boundaries.ts';
import { municipalities, places, postcodes, provinces } from './schema/index.ts';

const folder = new URL('./reference-data/', import.meta.url);

const ProvinceRow = z.object({ province_nis: z.string().regex(/^\d{5}$/), name_nl: z.string().min(1) });
const MunicipalityRow = z.object({
  nis_code: z.string().regex(/^\d{5}$/),
  name_nl: z.string().min(1),
  name_fr: z.string().min(1),
  region: z.enum(['VLG', 'BRU']),
  province_nis: z.string(),
  province_nl: z.string(),
  postcodes: z.string().regex(/^\d{4}(;\d{4})*$/),
});
const coordinate = z.string().regex(/^-?\d+\.\d+$/).transform(Number);
const PlaceRow = z.object({
  name: z.string().min(1),
  lang: z.enum(['nl', 'fr', 'de']),
  kind: z.enum(['municipality', 'former_municipality', 'deelgemeente']),
  postcode: z.union([z.literal(''), z.string().regex(/^\d{4}$/)]),
  nis_code: z.string().regex(/^\d{5}$/),
  lat: coordinate,
  lon: coordinate,
});

/** A name a person may type for a place, mapped to the current municipality (places.csv). */
export interface ReferencePlace {
  name: string;
  lang: 'nl' | 'fr' | 'de';
  kind: 'municipality' | 'former_municipality' | 'deelgemeente';
  postcode: string | null;
  nisCode: string;
  lat: number;
  lon: number;
}

/** A municipality from the reference data, with its postcodes and page slug. */
export interface ReferenceMunicipality {
  nisCode: string;
  nameNl: string;
  nameFr: string;
  region: 'VLG' | 'BRU';
  provinceNis: string | null;
  slug: string;
  postcodes: string[];
}

/** The provinces and municipalities as kept in the project. */
export interface ReferenceData {
  provinces: { nisCode: string; nameNl: string }[];
  municipalities: ReferenceMunicipality[];
  places: ReferencePlace[];
}

function readCsv(name: string): unknown[] {
  return parse(readFileSync(new URL(name, folder), 'utf8'), { columns: true, skip_empty_lines: true });
}

let cached: ReferenceData | undefined;

/** Reads and checks the reference CSV files (once per process). */
export function loadReferenceData(): ReferenceData {
  if (cached) return cached;
  const provinceRows = z.array(ProvinceRow).parse(readCsv('provinces.csv'));
  const municipalityRows = z.array(MunicipalityRow).parse(readCsv('municipalities.csv'));
  cached = {
    provinces: provinceRows.map((row) => ({ nisCode: row.province_nis, nameNl: row.name_nl })),
    municipalities: municipalityRows.map((row) => ({
      nisCode: row.nis_code,
      nameNl: row.name_nl,
      nameFr: row.name_fr,
      region: row.region,
      provinceNis: row.province_nis || null,
      slug: slugify(row.name_nl),
      postcodes: row.postcodes.split(';'),
    })),
    places: z.array(PlaceRow).parse(readCsv('places.csv')).map((row) => ({
      name: row.name,
      lang: row.lang,
      kind: row.kind,
      postcode: row.postcode || null,
      nisCode: row.nis_code,
      lat: row.lat,
      lon: row.lon,
    })),
  };
  // A place name must point at a municipality, with one of its postcodes (the file's own checks, kept).
  const byNis = new Map(cached.municipalities.map((m) => [m.nisCode, m]));
  for (const place of cached.places) {
    const municipality = byNis.get(place.nisCode);
    if (!municipality || (place.postcode && !municipality.postcodes.includes(place.postcode))) {
      throw new Error(`places.csv: ${place.name} (${place.postcode ?? 'no postcode'}) does not belong to a municipality with NIS code ${place.nisCode}.`);
    }
  }
  return cached;
}

/**
 * Loads the reference data into an empty database; leaves a database that has it untouched. The
 * place names came later: a database with municipalities but without them gets them.
 */
export async function importReferenceData(db: RegisterDb): Promise<boolean> {
  const [[{ n }], [{ placeCount }]] = await Promise.all([
    db.select({ n: count() }).from(municipalities),
    db.select({ placeCount: count() }).from(places),
  ]);
  if (n > 0 && placeCount > 0) return false;
  const data = loadReferenceData();
  await writeTransaction(db, async (tx) => {
    if (n === 0) {
      await tx.insert(provinces).values(data.provinces);
      await tx.insert(municipalities).values(data.municipalities.map(({ postcodes: _postcodes, ...row }) => row));
      await tx
        .insert(postcodes)
        .values(data.municipalities.flatMap((m) => m.postcodes.map((postcode) => ({ postcode, nisCode: m.nisCode }))));
    }
    // In slices: SQLite limits the variables of one statement.
    for (let start = 0; start < data.places.length; start += 500) await tx.insert(places).values(data.places.slice(start, start + 500));
  });
  return true;
}
