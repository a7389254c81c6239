/**
 * Browser sessions for the web pages: a pasted API token is exchanged once for a random session
 * id (the cookie), of which only the SHA-256 is stored. A session speaks for its token: reading
 * it checks the token is still valid, so revoking or expiring a token ends its sessions at once,
 * also when the command line revoked it in another process. Web Crypto only.
 */
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import { writeTransaction } from '../write-lock.ts';
import { apiTokens, sessions } from '../schema/index.ts';
import { hashToken, verifyToken, type Principal } from './tokens.ts';

/** How long a session lasts at most (a token that expires earlier ends it earlier). */
export const SESSION_HOURS = 8;

/** A signed-in browser, as the pages see it. */
export interface Session extends Principal {
  /** The secret every form of this session must carry back. */
  csrfToken: string;
  expiresAt: string;
}

/** A fresh random secret, URL-safe (session ids and form secrets). */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether a string has the shape of a session id (checked before any look-up). */
export function looksLikeSessionId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * Signs in with a token: a new session with its id (for the cookie, never stored) or null when
 * the token is unknown, revoked or expired. Sessions that have run out are cleared on the way.
 */
export async function createSession(db: RegisterDb, token: string, now: Date, hours = SESSION_HOURS): Promise<{ id: string; session: Session } | null> {
  const principal = await verifyToken(db, token.trim(), now);
  if (!principal) return null;
  const [row] = await db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, principal.tokenId));
  const limit = new Date(now.getTime() + hours * 3_600_000).toISOString();
  const expiresAt = row?.expiresAt && row.expiresAt < limit ? row.expiresAt : limit;
  const id = randomSecret();
  const csrfToken = randomSecret();
  await writeTransaction(db, async (tx) => {
    await tx.delete(sessions).where(lte(sessions.expiresAt, now.toISOString()));
    await tx.insert(sessions).values({
      idHash: await hashToken(id),
      tokenId: principal.tokenId,
      role: principal.role,
      providerId: principal.providerId,
      csrfSecret: csrfToken,
      createdAt: now.toISOString(),
      expiresAt,
    });
  });
  return { id, session: { ...principal, csrfToken, expiresAt } };
}

/** The session of a cookie value, when it exists, has not expired and its token still holds; else null. */
export async function readSession(db: RegisterDb, id: string, now: Date): Promise<Session | null> {
  if (!looksLikeSessionId(id)) return null;
  const at = now.toISOString();
  const [row] = await db
    .select({ session: sessions, name: apiTokens.name })
    .from(sessions)
    .innerJoin(apiTokens, eq(apiTokens.id, sessions.tokenId))
    .where(
      and(
        eq(sessions.idHash, await hashToken(id)),
        gt(sessions.expiresAt, at),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, at)),
      ),
    );
  if (!row) return null;
  const { session, name } = row;
  return { tokenId: session.tokenId, role: session.role, providerId: session.providerId, name, csrfToken: session.csrfSecret, expiresAt: session.expiresAt };
}

/** Ends a session (signing out); true when there was one. */
export async function endSession(db: RegisterDb, id: string): Promise<boolean> {
  if (!looksLikeSessionId(id)) return false;
  const idHash = await hashToken(id);
  const rows = await writeTransaction(db, (tx) => tx.delete(sessions).where(eq(sessions.idHash, idHash)).returning({ idHash: sessions.idHash }));
  return rows.length > 0;
}
