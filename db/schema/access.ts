/** Bearer tokens for the API. Only a hash of each token is kept; the token itself is shown once. */
import { sqliteTable, text, integer, index, check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { providers } from './providers.ts';

/** A token of a provider's organisation officer, or of an administrator of the department. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    role: text('role', { enum: ['provider', 'admin'] }).notNull(),
    /** The organisation a provider token acts for; null for administrators. */
    providerId: integer('provider_id').references(() => providers.id),
    /** Who holds it: an administrator's name, or a label for a provider's token. */
    name: text('name').notNull(),
    /** SHA-256 of the token, hex. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, to recognise it in a list without revealing it. */
    prefix: text('prefix').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
    /** Who made it: the person signed in to the portal, or null for the command line (private). */
    createdBy: text('created_by'),
  },
  (table) => [
    index('api_tokens_provider_idx').on(table.providerId),
    check('api_tokens_role_provider', sql`(${table.role} = 'provider') = (${table.providerId} IS NOT NULL)`),
  ],
);
