/**
 * The place search over the reference data in the database (the place names, municipalities and
 * provinces), built once per database: the reference data does not change while the register runs.
 */
import { asc } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { stateKey } from '#db/state.ts';
import { createPlaceFinder, type PlaceFinder } from '#domain/places.ts';
import { BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import { municipalities, places, postcodes, provinces } from '#db/schema/index.ts';

const FINDER = stateKey<Promise<PlaceFinder>>('the place search');

/** The place search of `db` (read on first use, then kept). */
export function placeFinderOf(db: RegisterDb): Promise<PlaceFinder> {
  return db.writes.state(FINDER, () => {
    const finder = readPlaceFinder(db);
    // A failed read (a database not migrated yet) is tried again next time.
    finder.catch(() => db.writes.forget(FINDER));
    return finder;
  });
}

async function readPlaceFinder(db: RegisterDb): Promise<PlaceFinder> {
  const [placeRows, municipalityRows, postcodeRows, provinceRows] = await Promise.all([
    db.select().from(places).orderBy(asc(places.id)),
    db.select().from(municipalities),
    db.select().from(postcodes).orderBy(asc(postcodes.postcode)),
    db.select().from(provinces),
  ]);
  if (placeRows.length === 0) throw new Error('The place names are not loaded: run `register migrate`.');
  const provinceName = new Map(provinceRows.map((p) => [p.nisCode, p.nameNl]));
  const postcodesOf = new Map<string, string[]>();
  for (const row of postcodeRows) postcodesOf.set(row.nisCode, [...(postcodesOf.get(row.nisCode) ?? []), row.postcode]);
  return createPlaceFinder(
    placeRows,
    municipalityRows.map((m) => ({
      nisCode: m.nisCode,
      nameNl: m.nameNl,
      nameFr: m.nameFr,
      slug: m.slug,
      areaName: m.provinceNis ? provinceName.get(m.provinceNis)! : BRUSSELS_AREA_NAME,
      postcodes: postcodesOf.get(m.nisCode) ?? [],
    })),
  );
}
