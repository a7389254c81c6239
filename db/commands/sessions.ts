/**
 * Browser sessions for the web pages: a person who signed in through OpenID Connect gets a random
 * session id (the cookie), of which only the SHA-256 is stored. A session ends after an idle time
 * and at an absolute end, whichever comes first, and when the person signs out. Every time given
 * here is of the real clock: the register's own clock may be frozen or moved (`REGISTER_NOW`),
 * and a session is judged in the world the browser lives in. Web Crypto only.
 */
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { providers, sessions } from '#db/schema/index.ts';
import { hashToken } from '#db/queries/tokens.ts';
import type { Identity } from '#domain/identity.ts';

/** How long sessions last (the settings SESSION_IDLE_MINUTES and SESSION_MAX_HOURS). */
export interface SessionTimes {
  idleMinutes: number;
  maxHours: number;
}

/** The defaults: half an hour without a request, eight hours in all. */
export const SESSION_TIMES: SessionTimes = { idleMinutes: 30, maxHours: 8 };

/** How often the last request of a session is written (the idle timeout is not that precise). */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A signed-in person, as the pages see it. */
export interface Session {
  role: 'provider' | 'admin';
  /** The person's identifier at the identity provider. */
  subject: string;
  /** The person's name: the actor of what they do (kept privately). */
  name: string;
  /** The organisation a provider's officer acts for (10 digits); null for administrators. */
  enterpriseNumber: string | null;
  organisationName: string | null;
  /** The organisation in the register, when it is there; null for a first applicant and administrators. */
  providerId: number | null;
  /** The ID token, for signing out at the identity provider. */
  idToken: string | null;
  /** The secret every form of this session must carry back. */
  csrfToken: string;
  /** The absolute end. */
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

/** The provider in the register with this enterprise number, if any. */
export async function providerIdOf(db: RegisterDb, enterpriseNumber: string): Promise<number | null> {
  const [row] = await db.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, enterpriseNumber));
  return row?.id ?? null;
}

/**
 * Starts a session for a person who just signed in: always a new id (a session id is never
 * carried over from before signing in). Sessions that have run out are cleared on the way.
 */
export async function createSession(db: RegisterDb, identity: Identity, options: { idToken: string | null; now: Date; times?: SessionTimes }): Promise<{ id: string; session: Session }> {
  const { now } = options;
  const times = options.times ?? SESSION_TIMES;
  const enterpriseNumber = identity.role === 'provider' ? identity.enterpriseNumber : null;
  const providerId = enterpriseNumber ? await providerIdOf(db, enterpriseNumber) : null;
  const expiresAt = new Date(now.getTime() + times.maxHours * 3_600_000).toISOString();
  const id = randomSecret();
  const csrfToken = randomSecret();
  const idHash = await hashToken(id);
  await writeTransaction(db, async (tx) => {
    await tx.delete(sessions).where(or(lte(sessions.expiresAt, now.toISOString()), lte(sessions.lastSeenAt, new Date(now.getTime() - times.idleMinutes * 60_000).toISOString())));
    await tx.insert(sessions).values({
      idHash,
      role: identity.role,
      subject: identity.subject,
      personName: identity.name,
      organisationCode: enterpriseNumber,
      organisationName: identity.role === 'provider' ? identity.organisationName : null,
      providerId,
      idToken: options.idToken,
      csrfSecret: csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt,
    });
  });
  return {
    id,
    session: {
      role: identity.role,
      subject: identity.subject,
      name: identity.name,
      enterpriseNumber,
      organisationName: identity.role === 'provider' ? identity.organisationName : null,
      providerId,
      idToken: options.idToken,
      csrfToken,
      expiresAt,
    },
  };
}

/** What reading a session found: the session, or why there is none. */
export type SessionLookup = { session: Session } | { session: null; ended: 'idle' | 'expired' | null };

/**
 * The session of a cookie value, when it exists and has neither idled out nor reached its end;
 * notes the request for the idle timeout. A session that ran out is removed, and said so.
 */
export async function lookUpSession(db: RegisterDb, id: string, now: Date, times: SessionTimes = SESSION_TIMES): Promise<SessionLookup> {
  if (!looksLikeSessionId(id)) return { session: null, ended: null };
  const idHash = await hashToken(id);
  const [row] = await db.select().from(sessions).where(eq(sessions.idHash, idHash));
  if (!row) return { session: null, ended: null };
  const idleSince = now.getTime() - Date.parse(row.lastSeenAt);
  const ended = row.expiresAt <= now.toISOString() ? 'expired' : idleSince >= times.idleMinutes * 60_000 ? 'idle' : null;
  if (ended) {
    await writeTransaction(db, (tx) => tx.delete(sessions).where(eq(sessions.idHash, idHash)));
    return { session: null, ended };
  }
  let providerId = row.providerId;
  if (row.role === 'provider' && providerId === null && row.organisationCode) {
    // A first applicant becomes a provider of the register with its recognition: from then on
    // its session is a provider's in every way.
    providerId = await providerIdOf(db, row.organisationCode);
    if (providerId !== null) await writeTransaction(db, (tx) => tx.update(sessions).set({ providerId }).where(eq(sessions.idHash, idHash)));
  }
  if (idleSince >= LAST_SEEN_RESOLUTION_MS) {
    await writeTransaction(db, (tx) => tx.update(sessions).set({ lastSeenAt: now.toISOString() }).where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now.toISOString()))));
  }
  return {
    session: {
      role: row.role,
      subject: row.subject,
      name: row.personName,
      enterpriseNumber: row.organisationCode,
      organisationName: row.organisationName,
      providerId,
      idToken: row.idToken,
      csrfToken: row.csrfSecret,
      expiresAt: row.expiresAt,
    },
  };
}

/** The session of a cookie value, or null (see {@link lookUpSession}). */
export async function readSession(db: RegisterDb, id: string, now: Date, times: SessionTimes = SESSION_TIMES): Promise<Session | null> {
  return (await lookUpSession(db, id, now, times)).session;
}

/** Ends a session (signing out); the ended session, or null when there was none. */
export async function endSession(db: RegisterDb, id: string): Promise<{ subject: string; personName: string; organisationCode: string | null; role: string; idToken: string | null } | null> {
  if (!looksLikeSessionId(id)) return null;
  const idHash = await hashToken(id);
  const rows = await writeTransaction(db, (tx) =>
    tx.delete(sessions).where(eq(sessions.idHash, idHash)).returning({ subject: sessions.subject, personName: sessions.personName, organisationCode: sessions.organisationCode, role: sessions.role, idToken: sessions.idToken }),
  );
  return rows[0] ?? null;
}
