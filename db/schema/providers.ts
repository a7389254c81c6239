/** Providers (externe dienstverleners) and the data that describes their service. */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, check, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { municipalities } from './reference.ts';

import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';

/** An organisation that is, was or wants to be recognised. Every column here is public. */
export const providers = sqliteTable(
  'providers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Bare ten digits, checked with the modulo-97 rule before it gets here. */
    enterpriseNumber: text('enterprise_number').notNull().unique(),
    name: text('name').notNull(),
    street: text('street').notNull(),
    postcode: text('postcode').notNull(),
    municipalityNis: text('municipality_nis')
      .notNull()
      .references(() => municipalities.nisCode),
    /** The organisation's public contact data (not a person's). */
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    simplifiedCategory: text('simplified_category', { enum: SIMPLIFIED_CATEGORIES }),
    /** Reference of the quality registration in the WSE quality and registration model. */
    qualityRegistration: text('quality_registration'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    check('providers_enterprise_number_digits', sql`length(${table.enterpriseNumber}) = 10 AND ${table.enterpriseNumber} NOT GLOB '*[^0-9]*'`),
    check(
      'providers_simplified_category',
      sql`${table.simplifiedCategory} IS NULL OR ${table.simplifiedCategory} IN (${sql.raw(SIMPLIFIED_CATEGORIES.map((c) => `'${c}'`).join(', '))})`,
    ),
  ],
);

/** Private: the people the department deals with. Never published. */
export const contactPersons = sqliteTable(
  'contact_persons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    fullName: text('full_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    /** Needed by the access management for the organisation officer role. */
    nationalRegisterNumber: text('national_register_number'),
  },
  (table) => [index('contact_persons_provider_idx').on(table.providerId)],
);

/** The municipalities a provider serves. */
export const workingAreas = sqliteTable(
  'working_areas',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    nisCode: text('nis_code')
      .notNull()
      .references(() => municipalities.nisCode),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.nisCode] }), index('working_areas_municipality_idx').on(table.nisCode)],
);

/** A provider's coaching capacity: total places and the places free now. */
export const capacities = sqliteTable(
  'capacities',
  {
    providerId: integer('provider_id')
      .primaryKey()
      .references(() => providers.id, { onDelete: 'cascade' }),
    totalPlaces: integer('total_places').notNull(),
    freePlaces: integer('free_places').notNull(),
    /** When the free-places figure was last reported (ISO instant). */
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    check('capacities_total_non_negative', sql`${table.totalPlaces} >= 0`),
    check('capacities_free_within_total', sql`${table.freePlaces} >= 0 AND ${table.freePlaces} <= ${table.totalPlaces}`),
  ],
);

/** Private: the qualified coaches (begeleiders). Only their number is published. */
export const coaches = sqliteTable(
  'coaches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    fullName: text('full_name').notNull(),
    qualification: text('qualification').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (table) => [index('coaches_provider_idx').on(table.providerId)],
);

/** A provider calling on another recognised provider as subcontractor. */
export const subcontracting = sqliteTable(
  'subcontracting',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    subcontractorId: integer('subcontractor_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    since: text('since').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.providerId, table.subcontractorId] }),
    index('subcontracting_subcontractor_idx').on(table.subcontractorId),
    check('subcontracting_not_self', sql`${table.providerId} <> ${table.subcontractorId}`),
  ],
);

/** Employees with a disability coached per calendar year, which drives the lapse rule. */
export const activityFigures = sqliteTable(
  'activity_figures',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    employeesCoached: integer('employees_coached').notNull(),
    reportedAt: text('reported_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.providerId, table.year] }),
    check('activity_figures_non_negative', sql`${table.employeesCoached} >= 0`),
  ],
);
