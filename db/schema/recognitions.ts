/** Recognitions (erkenningen) granted by the minister. Status is derived by the rules module. */
import { sqliteTable, text, integer, index, check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { providers } from './providers.ts';
import { RECOGNITION_STATUSES } from '#domain/rules/recognition.ts';

/** One recognition decision; a provider that renews gets a new row. */
export const recognitions = sqliteTable(
  'recognitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    /** The application whose decision granted it (null for recognitions from before the register). */
    applicationId: integer('application_id'),
    /** The public recognition number, e.g. ED-2024-0042. */
    recognitionNumber: text('recognition_number').notNull().unique(),
    decisionDate: text('decision_date').notNull(),
    /** The start date stated in the minister's decision; validity is counted from here. */
    validFrom: text('valid_from').notNull(),
    /** Set when the department withdrew it or the provider renounced it. */
    terminationKind: text('termination_kind', { enum: ['withdrawn', 'renounced'] }),
    /** The first day on which a withdrawn or renounced recognition no longer holds. */
    terminationEffectiveFrom: text('termination_effective_from'),
    terminationReason: text('termination_reason'),
    /**
     * The status as of the last daily evaluation (`register evaluate`). The rules module decides
     * the status; this copy exists so that a change of status is noticed and logged once.
     */
    status: text('status', { enum: RECOGNITION_STATUSES }).notNull().default('pending'),
    /** The day of the evaluation that last set `status`. */
    evaluatedOn: text('evaluated_on'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [
    index('recognitions_provider_idx').on(table.providerId),
    check(
      'recognitions_termination_complete',
      sql`(${table.terminationKind} IS NULL) = (${table.terminationEffectiveFrom} IS NULL)`,
    ),
  ],
);
