/**
 * API tokens: created once and shown once, stored only as a SHA-256 hash, recognised by a short
 * prefix in lists, and able to expire or be revoked. Web Crypto only, so it runs anywhere.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { apiTokens, providers } from '#db/schema/index.ts';
import { tokensGenerationOf } from '#db/generation.ts';
import { stateKey } from '#db/state.ts';

/** Who a valid token speaks for. */
export interface Principal {
  tokenId: number;
  role: 'provider' | 'admin';
  /** The organisation of a provider token; null for administrators. */
  providerId: number | null;
  /** The holder's name, recorded as the actor of what they do. */
  name: string;
}

/** A token as `register token list` shows it: never the secret. */
export interface TokenSummary {
  id: number;
  role: 'provider' | 'admin';
  name: string;
  prefix: string;
  enterpriseNumber: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Who made it in the portal; null for the command line. */
  createdBy: string | null;
}

/** How every token begins (a secret scanner can recognise one). */
export const TOKEN_PREFIX = 'rdv_';

/** The hex SHA-256 of a token. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Every authenticated request looks its token up: a prepared query per database saves the cost
// of building it each time.
const LOOKUP = stateKey<ReturnType<typeof prepareLookup>>('the prepared look-up of a token');
function prepareLookup(db: RegisterDb) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare();
}

/**
 * Recently verified tokens per database, so that a client sending many requests is not looked up
 * (and hashed) every time. A revocation moves the tokens' generation in the database: every
 * register process forgets what it verified when it sees it move (within a quarter of a second,
 * db/generation.ts; at once in the process that revoked). Expiry is checked every time.
 */
const VERIFIED_TOKEN_TTL_MS = 2_000;
const VERIFIED = stateKey<{ seen: string | null; tokens: Map<string, { principal: Principal; expiresAt: string | null; until: number }> }>('the tokens verified a moment ago');

/** The principal of a token that exists, is not revoked and has not expired at `now`; else null. */
export async function verifyToken(db: RegisterDb, token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const cache = db.writes.state(VERIFIED, () => ({ seen: null as string | null, tokens: new Map() }));
  const generation = tokensGenerationOf(db);
  if (generation.due || generation.value !== cache.seen) {
    const current = await generation.current();
    if (current !== cache.seen) {
      cache.tokens.clear();
      cache.seen = current;
    }
  }
  const verified = cache.tokens;
  const known = verified.get(token);
  if (known && known.until > performance.now()) {
    return known.expiresAt && known.expiresAt <= now.toISOString() ? null : known.principal;
  }
  const lookup = db.writes.state(LOOKUP, () => prepareLookup(db));
  const [row] = await lookup.all({ hash: await hashToken(token) });
  if (!row) return null;
  if (row.expiresAt && row.expiresAt <= now.toISOString()) return null;
  const principal: Principal = { tokenId: row.id, role: row.role, providerId: row.providerId, name: row.name };
  if (verified.size > 10_000) verified.clear();
  verified.set(token, { principal, expiresAt: row.expiresAt, until: performance.now() + VERIFIED_TOKEN_TTL_MS });
  return principal;
}

/** Every token (or one organisation's), without secrets. */
export async function listTokens(db: RegisterDb, options: { providerId?: number } = {}): Promise<TokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      role: apiTokens.role,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      enterpriseNumber: providers.enterpriseNumber,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      createdBy: apiTokens.createdBy,
    })
    .from(apiTokens)
    .leftJoin(providers, eq(providers.id, apiTokens.providerId))
    .where(options.providerId === undefined ? undefined : eq(apiTokens.providerId, options.providerId))
    .orderBy(apiTokens.id);
}
