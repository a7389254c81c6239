/** Bearer-token authentication and the two roles: a provider's organisation officer and an administrator. */
import type { MiddlewareHandler } from 'hono';
import type { RegisterDb } from '#db/client.ts';
import { verifyToken, type Principal } from '#db/queries/tokens.ts';
import type { Clock } from '#config/clock.ts';
import { ProblemError } from '#api/problem.ts';

/** Variables the auth middleware sets on the context. */
export type AuthVariables = { principal: Principal };

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="register"' };

/** Requires a valid `Authorization: Bearer <token>` and puts its principal on the context. */
export function bearerAuth(deps: { db: RegisterDb; clock: Clock }): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new ProblemError(401, 'This endpoint needs a token: send it as "Authorization: Bearer <token>".', {}, CHALLENGE);
    const principal = await verifyToken(deps.db, match[1], deps.clock.now());
    if (!principal) throw new ProblemError(401, 'The token is unknown, expired or revoked.', {}, { 'WWW-Authenticate': 'Bearer realm="register", error="invalid_token"' });
    c.set('principal', principal);
    await next();
  };
}

/** Lets only principals of one role through; the other gets 403. */
export function requireRole(role: Principal['role']): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    if (c.get('principal').role !== role) {
      throw new ProblemError(403, role === 'admin' ? 'This endpoint is for administrators of the department.' : 'This endpoint is for providers; use a provider token.');
    }
    await next();
  };
}
