/** Browser sessions of the web pages for providers and administrators, made from an API token. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { apiTokens } from './access.ts';
import { providers } from './providers.ts';

/**
 * One signed-in browser. The cookie holds a random session id; only its SHA-256 is stored, so the
 * table alone cannot sign anyone in. The session speaks for the token it was made from, and ends
 * with it (a revoked or expired token ends its sessions).
 */
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session id in the cookie, hex. */
    idHash: text('id_hash').primaryKey(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => apiTokens.id),
    role: text('role', { enum: ['provider', 'admin'] }).notNull(),
    /** The organisation of a provider's session; null for administrators. */
    providerId: integer('provider_id').references(() => providers.id),
    /** The secret every form of this session carries (against cross-site request forgery). */
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (table) => [index('sessions_token_idx').on(table.tokenId), index('sessions_expires_idx').on(table.expiresAt)],
);
