/**
 * Sessions of the web pages: the session cookie, resolving it to a signed-in person, and who may
 * open which pages. The API itself keeps using bearer tokens (auth.ts); this is only for browsers.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { RegisterDb } from '../../db/client.ts';
import type { Clock } from '../../config/clock.ts';
import { readSession, type Session } from '../../db/queries/sessions.ts';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'register_sessie';

/** Variables the session middleware sets on the context. */
export type SessionVariables = { session: Session | null; sessionId: string | null };

/** Cookie settings, in the shape both Hono and Astro take. */
export interface CookieSettings {
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: string;
  maxAge: number;
}

/**
 * Whether the browser reached the register over HTTPS: directly, or through a proxy that
 * terminates TLS and says so in X-Forwarded-Proto. (A client that sets the header itself only
 * makes its own cookies Secure.)
 */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0].trim() === 'https';
}

/**
 * The session cookie's settings: HttpOnly, SameSite=Strict, Secure over HTTPS, ending with the
 * session. The lifetime is a duration (`Max-Age`), never an `Expires` instant: the session ends at
 * an instant of the register's clock, which may be frozen or moved (`REGISTER_NOW`), while the
 * browser judges an instant by the real clock — a session made "in the past" would be dropped at
 * once, and one made "in the future" kept for years. The session itself still ends server-side at
 * `expiresAt`.
 */
export function sessionCookieSettings(request: Request, session: { expiresAt: string }, now: Date): CookieSettings {
  const maxAge = Math.max(0, Math.floor((Date.parse(session.expiresAt) - now.getTime()) / 1000));
  return { httpOnly: true, sameSite: 'strict', secure: isSecureRequest(request), path: '/', maxAge };
}

/** Reads the session cookie and puts the session (or null) on the context. */
export function sessionFromCookie(deps: { db: RegisterDb; clock: Clock }): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE) ?? null;
    const session = id ? await readSession(deps.db, id, deps.clock.now()) : null;
    c.set('session', session);
    c.set('sessionId', session ? id : null);
    await next();
  };
}

/** Why a request was refused (the page that explains it is chosen by the caller). */
export type Refusal = 'no-access' | 'cross-site' | 'form-token' | 'too-many-attempts';

/** Answers a refused request. */
export type Refuse = (c: Context, reason: Refusal) => Response | Promise<Response>;

/**
 * Lets only a signed-in person of `role` through. Without a session the browser is sent to the
 * sign-in page (which brings it back afterwards); a session of the other role is refused.
 */
export function requireSession(role: Session['role'], refuse: Refuse): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) {
      const back = c.req.method === 'GET' ? new URL(c.req.url).pathname : role === 'admin' ? '/beheer/' : '/portaal/';
      return c.redirect(`/aanmelden?terug=${encodeURIComponent(back)}`, 303);
    }
    if (session.role !== role) return refuse(c, 'no-access');
    await next();
  };
}
