/**
 * Applications for recognition and the steps of their procedure. Everything here is private
 * to the department and the applicant: nothing of it is published.
 */
import { sqliteTable, text, integer, index, check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { providers } from './providers.ts';
import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';
import { PROCEDURE_STATES, PROCEDURE_STEPS } from '#domain/rules/procedure.ts';

/** Part 1: project, contact and organisation data (the contact person is private). */
export interface ApplicationOrganisation {
  name: string;
  enterpriseNumber: string;
  street: string;
  postcode: string;
  municipalityNis: string;
  email: string;
  phone: string | null;
  website: string | null;
  contactPerson: { fullName: string; email: string; phone: string | null };
}

/** Part 3: experience and coaches (only for applicants without simplified registration). */
export interface ApplicationExperience {
  motivation: string;
  coaches: { fullName: string; qualification: string }[];
}

/** Part 4: working area and capacity. */
export interface ApplicationServiceArea {
  municipalities: string[];
  totalPlaces: number;
  motivation: string;
}

/** Part 5: the declaration on honour. */
export interface ApplicationDeclaration {
  signedOn: string;
  signatory: string;
}

/** One application for recognition with its five parts. */
export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The reference the applicant sees, e.g. AV-2026-000012. */
    reference: text('reference').notNull().unique(),
    /** Set for a provider already in the register (a renewal), or once a recognition is granted. */
    providerId: integer('provider_id').references(() => providers.id),
    submittedOn: text('submitted_on').notNull(),
    submittedAt: text('submitted_at').notNull(),
    organisation: text('organisation', { mode: 'json' }).$type<ApplicationOrganisation>().notNull(),
    /** Part 2: the simplified-registration category, or null for the regular procedure. */
    simplifiedCategory: text('simplified_category', { enum: SIMPLIFIED_CATEGORIES }),
    experience: text('experience', { mode: 'json' }).$type<ApplicationExperience>(),
    serviceArea: text('service_area', { mode: 'json' }).$type<ApplicationServiceArea>().notNull(),
    declaration: text('declaration', { mode: 'json' }).$type<ApplicationDeclaration>().notNull(),
    /** The state the recorded steps lead to (kept in step with procedure_events by the rules module). */
    state: text('state', { enum: PROCEDURE_STATES }).notNull().default('submitted'),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    index('applications_state_idx').on(table.state),
    check('applications_experience_required', sql`${table.simplifiedCategory} IS NOT NULL OR ${table.experience} IS NOT NULL`),
  ],
);

/** The recorded steps of an application's procedure, in order. */
export const procedureEvents = sqliteTable(
  'procedure_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    step: text('step', { enum: PROCEDURE_STEPS }).notNull(),
    /** The calendar day the step happened (Europe/Brussels). */
    occurredOn: text('occurred_on').notNull(),
    /** When it was recorded. */
    recordedAt: text('recorded_at').notNull(),
    /** Who recorded it: an administrator's name, or the provider. */
    actor: text('actor').notNull(),
    outcome: text('outcome', { enum: ['granted', 'refused'] }),
    notifiedOn: text('notified_on'),
    validFrom: text('valid_from'),
    note: text('note'),
    /**
     * When the e-mail announcing this step to the applicant was sent: the instant in its Date
     * header, recorded once the mail server accepted it; null until then (or when the step has
     * no mail). For `declare_admissible` its Brussels day starts the examination clock.
     */
    mailSentAt: text('mail_sent_at'),
  },
  (table) => [index('procedure_events_application_idx').on(table.applicationId, table.id)],
);

/**
 * An application an organisation is still writing online: what it typed in each part, kept until
 * it sends it (one draft per organisation). Private, like the application itself.
 */
export const applicationDrafts = sqliteTable('application_drafts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The organisation writing it (enterprise number, 10 digits). */
  enterpriseNumber: text('enterprise_number').notNull().unique(),
  /** The form fields as typed, by name. */
  values: text('values', { mode: 'json' }).$type<Record<string, string | string[]>>().notNull(),
  /** The parts saved at least once (1 to 5). */
  savedParts: text('saved_parts', { mode: 'json' }).$type<number[]>().notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  /** The person who saved it last (private). */
  updatedBy: text('updated_by').notNull(),
});
