/**
 * The reference data kept in db/reference-data/ (see SOURCE.md there for where it comes from):
 * read, checked and loaded into the database.
 */
import { writeTransaction } from './write-lock.ts';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { count } from 'drizzle-orm';
import { slugify } from '../domain/slug.ts';
import type { RegisterDb } from './client.ts';
import { municipalities, postcodes, provinces } from './schema/index.ts';

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
  };
  return cached;
}

/** Loads the reference data into an empty database; leaves a database that has it untouched. */
export async function importReferenceData(db: RegisterDb): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(municipalities);
  if (n > 0) return false;
  const data = loadReferenceData();
  await writeTransaction(db, async (tx) => {
    await tx.insert(provinces).values(data.provinces);
    await tx.insert(municipalities).values(data.municipalities.map(({ postcodes: _postcodes, ...row }) => row));
    await tx
      .insert(postcodes)
      .values(data.municipalities.flatMap((m) => m.postcodes.map((postcode) => ({ postcode, nisCode: m.nisCode }))));
  });
  return true;
}
