/** The reference data the web pages show and pick from: municipalities with their postcodes, and the provinces. */
import { asc } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import { municipalities, postcodes, provinces } from '#db/schema/index.ts';

/** A municipality with its postcodes. */
export interface Place {
  nisCode: string;
  nameNl: string;
  nameFr: string;
  /** The province's code, or the Brussels region's. */
  areaCode: string;
  postcodes: string[];
}

/** A province, or the Brussels region. */
export interface Area {
  code: string;
  nameNl: string;
}

/** Every municipality (by Dutch name) and every province (the Brussels region last). */
export async function listPlaces(db: RegisterDb): Promise<{ places: Place[]; areas: Area[] }> {
  const [municipalityRows, postcodeRows, provinceRows] = await Promise.all([
    db.select().from(municipalities),
    db.select().from(postcodes).orderBy(asc(postcodes.postcode)),
    db.select().from(provinces).orderBy(asc(provinces.nameNl)),
  ]);
  const postcodesOf = new Map<string, string[]>();
  for (const row of postcodeRows) postcodesOf.set(row.nisCode, [...(postcodesOf.get(row.nisCode) ?? []), row.postcode]);
  const collator = new Intl.Collator('nl-BE');
  return {
    places: municipalityRows
      .map((m) => ({ nisCode: m.nisCode, nameNl: m.nameNl, nameFr: m.nameFr, areaCode: m.provinceNis ?? BRUSSELS_AREA_CODE, postcodes: postcodesOf.get(m.nisCode) ?? [] }))
      .sort((a, b) => collator.compare(a.nameNl, b.nameNl)),
    areas: [...provinceRows.map((p) => ({ code: p.nisCode, nameNl: p.nameNl })), { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }],
  };
}
