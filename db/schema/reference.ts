/** Reference data: provinces, municipalities, postcodes (state since 1 January 2025) and the place names people type. */
import { sqliteTable, text, index, integer, real } from 'drizzle-orm/sqlite-core';

/** The five Flemish provinces. Brussels has no province; the site groups it as a region. */
export const provinces = sqliteTable('provinces', {
  nisCode: text('nis_code').primaryKey(),
  nameNl: text('name_nl').notNull(),
});

/** The 285 Flemish and 19 Brussels municipalities. */
export const municipalities = sqliteTable(
  'municipalities',
  {
    nisCode: text('nis_code').primaryKey(),
    nameNl: text('name_nl').notNull(),
    nameFr: text('name_fr').notNull(),
    region: text('region', { enum: ['VLG', 'BRU'] }).notNull(),
    provinceNis: text('province_nis').references(() => provinces.nisCode),
    /** URL segment of the municipality's page, derived from the Dutch name. */
    slug: text('slug').notNull().unique(),
  },
  (table) => [index('municipalities_province_idx').on(table.provinceNis)],
);

/** Territorial postcodes; each belongs to exactly one municipality in the reference data. */
export const postcodes = sqliteTable(
  'postcodes',
  {
    postcode: text('postcode').primaryKey(),
    nisCode: text('nis_code')
      .notNull()
      .references(() => municipalities.nisCode),
  },
  (table) => [index('postcodes_municipality_idx').on(table.nisCode)],
);

/**
 * The names a person may type for a place (db/reference-data/places.csv): current municipalities
 * in Dutch, French and German, former municipalities of the 2019 and 2025 mergers, and the
 * localities of every postcode, each mapped to the current municipality with a WGS84 point.
 */
export const places = sqliteTable(
  'places',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    lang: text('lang', { enum: ['nl', 'fr', 'de'] }).notNull(),
    kind: text('kind', { enum: ['municipality', 'former_municipality', 'deelgemeente'] }).notNull(),
    /** A 4-digit postcode of the municipality, or null (a municipality or former one with several). */
    postcode: text('postcode'),
    nisCode: text('nis_code')
      .notNull()
      .references(() => municipalities.nisCode),
    lat: real('lat').notNull(),
    lon: real('lon').notNull(),
  },
  (table) => [index('places_municipality_idx').on(table.nisCode)],
);
