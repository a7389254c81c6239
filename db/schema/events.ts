/** The public history of the register and the register's own bookkeeping. */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { providers } from './providers.ts';

/**
 * Public change events: one row for every change to public data (who, when, what, before/after).
 * Append-only and hash-chained (see domain/change-log.ts): rows are only ever added through
 * `appendChangeEvents` (db/commands/change-log.ts), and triggers refuse any other insert, every
 * update and every delete. `seq` counts from 1 without gaps and gives integrators a stable order.
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
    /** Who caused it, as a public role (PUBLIC_ACTORS in domain/change-log.ts); never a person's name. */
    actor: text('actor').notNull(),
    /** Private: the administrator or token holder who made the change (never published, not hashed). */
    recordedBy: text('recorded_by'),
    /**
     * Private: what the change came from, as the reference people know it by: a change report
     * (WM-…), an application (AV-…) or a recognition ended by an administrator (ED-…); null for
     * the daily evaluation and older entries. Never published, not hashed; the publications page
     * names each publication's contents by it.
     */
    source: text('source'),
    /** Public fields before and after, as JSON merge patches on the provider's public state. */
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    /** The previous entry's hash (64 zeros for the first). */
    prevHash: text('prev_hash').notNull(),
    /** SHA-256 of this entry's canonical form. */
    hash: text('hash').notNull(),
  },
  (table) => [index('change_events_provider_idx').on(table.providerId, table.seq), uniqueIndex('change_events_prev_hash_unique').on(table.prevHash)],
);

/** Small facts about the register as a whole, e.g. whether it holds sample data. */
export const registerMeta = sqliteTable('register_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
