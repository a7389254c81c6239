/**
 * What several register processes on one database share beyond the register itself (see
 * docs/several-processes.md). The leases that choose one publisher and one mail sender live in
 * their own table made before the migrations (db/leases.ts), since one of them guards the
 * migrations themselves.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Requests counted per rate-limit key (a token, a client address, sign-in attempts from an
 * address) and fixed window, added up by every process (api/middleware/rate-limit.ts). Rows
 * older than two windows are deleted as processes write theirs.
 */
export const rateLimitWindows = sqliteTable(
  'rate_limit_windows',
  {
    key: text('key').notNull(),
    /** The window's start in milliseconds since 1970 (windows are aligned, so every process counts the same one). */
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
);
