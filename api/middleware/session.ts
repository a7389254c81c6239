/**
 * Sessions of the web pages: the session cookie, resolving it to a signed-in person, and who may
 * open which pages. The API itself keeps using bearer tokens (auth.ts); this is only for browsers.
 * Sessions are judged by the real clock, never the register's (which may be frozen or moved).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { RegisterDb } from '#db/client.ts';
import { lookUpSession, SESSION_TIMES, type Session, type SessionTimes } from '#db/commands/sessions.ts';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'register_sessie';

/** Variables the session middleware sets on the context. */
export type SessionVariables = { session: Session | null; sessionId: string | null; sessionEnded: 'idle' | 'expired' | null };

/** Cookie settings, in the shape both Hono and Astro take. */
export interface CookieSettings {
  httpOnly: true;
  sameSite: 'strict' | 'lax';
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
 * session. The lifetime is a duration (`Max-Age`), never an `Expires` instant: a browser judges an
 * instant by its own clock, and one that is off (or a register whose clock was set elsewhere with
 * `REGISTER_NOW`, should anything pass it here) would drop the cookie at once or keep it for
 * years. The session itself ends server-side, at its absolute end or after its idle time.
 */
export function sessionCookieSettings(request: Request, session: { expiresAt: string }, now: Date): CookieSettings {
  const maxAge = Math.max(0, Math.floor((Date.parse(session.expiresAt) - now.getTime()) / 1000));
  return { httpOnly: true, sameSite: 'strict', secure: isSecureRequest(request), path: '/', maxAge };
}

/** Reads the session cookie and puts the session (or null, and why it ended) on the context. */
export function sessionFromCookie(deps: { db: RegisterDb; sessionTimes?: SessionTimes; realNow?: () => Date }): MiddlewareHandler<{ Variables: SessionVariables }> {
  const now = deps.realNow ?? (() => new Date());
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE) ?? null;
    const found = id ? await lookUpSession(deps.db, id, now(), deps.sessionTimes ?? SESSION_TIMES) : { session: null, ended: null };
    c.set('session', found.session);
    c.set('sessionId', found.session ? id : null);
    c.set('sessionEnded', found.session ? null : found.ended);
    await next();
  };
}

/** Why a request was refused (the page that explains it is chosen by the caller). */
export type Refusal = 'no-access' | 'not-in-register' | 'cross-site' | 'form-token' | 'too-many-attempts' | 'sign-in-failed' | 'no-role';

/** Answers a refused request. */
export type Refuse = (c: Context, reason: Refusal) => Response | Promise<Response>;

/**
 * Lets only a signed-in person of `role` through. Without a session the browser is sent to the
 * sign-in page (which brings it back afterwards, and says so when the session ran out); a session
 * of the other role is refused.
 */
export function requireSession(role: Session['role'], refuse: Refuse): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) {
      const back = c.req.method === 'GET' ? new URL(c.req.url).pathname : role === 'admin' ? '/beheer/' : '/portaal/';
      const ended = c.get('sessionEnded');
      return c.redirect(`/aanmelden?terug=${encodeURIComponent(back)}${ended ? '&verlopen=1' : ''}`, 303);
    }
    if (session.role !== role) return refuse(c, 'no-access');
    await next();
  };
}

/** Lets a provider's officer through only when the organisation is in the register (reports, tokens). */
export function requireRegisteredProvider(refuse: Refuse): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    if (c.get('session')?.providerId == null) return refuse(c, 'not-in-register');
    await next();
  };
}
