/** Reference data: provinces, municipalities and postcodes (state since 1 January 2025). */
import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

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
