/** The public history of the register and the register's own bookkeeping. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { providers } from './providers.ts';

/**
 * Public change events: one row for every change to public data (who, when, what, before/after).
 * Append-only; `seq` gives integrators a stable order to sync from.
 */
export const changeEvents = sqliteTable(
  'change_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    occurredAt: text('occurred_at').notNull(),
    providerId: integer('provider_id').references(() => providers.id),
    /** Machine-readable kind, e.g. `provider.registered`, `recognition.lapsed`, `capacity.updated`. */
    kind: text('kind').notNull(),
    /** One Dutch sentence for the public history. */
    summary: text('summary').notNull(),
    /** Who caused it: `system`, `seed`, an administrator's name, or the provider. Never a token. */
    actor: text('actor').notNull(),
    /** Public fields before and after, as JSON. */
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (table) => [index('change_events_provider_idx').on(table.providerId, table.seq)],
);

/** Small facts about the register as a whole, e.g. whether it holds sample data. */
export const registerMeta = sqliteTable('register_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
