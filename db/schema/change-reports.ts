/** Change reports (wijzigingsmeldingen) filed by providers, and their review. */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { providers } from './providers.ts';

/** The kinds of change a provider can report. */
export const CHANGE_REPORT_KINDS = [
  'contact_details',
  'working_area',
  'capacity',
  'free_places',
  'coaches',
  'subcontractors',
  'quality_registration',
  'yearly_activity',
  'other',
] as const;
/** A kind of change report. */
export type ChangeReportKind = (typeof CHANGE_REPORT_KINDS)[number];

/**
 * Where a report stands: applied at once (free places), or waiting for review and then decided:
 * accepted or rejected by the department, or withdrawn by the provider while it waited.
 */
export const CHANGE_REPORT_STATUSES = ['applied', 'pending_review', 'accepted', 'rejected', 'withdrawn'] as const;
/** The status of a change report. */
export type ChangeReportStatus = (typeof CHANGE_REPORT_STATUSES)[number];

/** One change report. The payload may hold private data (coaches' names): it is never published. */
export const changeReports = sqliteTable(
  'change_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The reference the provider sees, e.g. WM-2026-000123. */
    reference: text('reference').notNull().unique(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    kind: text('kind', { enum: CHANGE_REPORT_KINDS }).notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: CHANGE_REPORT_STATUSES }).notNull(),
    receivedAt: text('received_at').notNull(),
    /** Who filed it (the token's holder), for the trace. */
    filedBy: text('filed_by').notNull(),
    /** When the report was decided: accepted or rejected by the department, or withdrawn by the provider. */
    reviewedAt: text('reviewed_at'),
    /** Who decided it (an administrator, or for a withdrawal the provider's person or token). */
    reviewedBy: text('reviewed_by'),
    reviewReason: text('review_reason'),
    /** The provider's Idempotency-Key, so a retried POST returns the first answer. */
    idempotencyKey: text('idempotency_key'),
  },
  (table) => [
    index('change_reports_provider_idx').on(table.providerId, table.id),
    index('change_reports_status_idx').on(table.status),
    uniqueIndex('change_reports_idempotency_idx').on(table.providerId, table.idempotencyKey),
  ],
);

/** Named counters for references (WM-2026-000123, AV-2026-000012), advanced inside write transactions. */
export const sequences = sqliteTable('sequences', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});
