/**
 * Protection of the web pages' forms against cross-site request forgery, in two layers:
 * a post must come from a page of the register itself (Sec-Fetch-Site and Origin), and it must
 * carry the secret of the session it acts in (a hidden field). Before signing in there is no
 * form to post: signing in starts with a link and comes back from the identity provider, guarded
 * by the OpenID Connect state and nonce.
 */
import type { MiddlewareHandler } from 'hono';
import type { Refuse, SessionVariables } from './session.ts';
import { requestedHostOf } from '#api/client-address.ts';

/** The name of the hidden field that carries the secret. */
export const CSRF_FIELD = 'csrf';

/** Variables the CSRF middleware sets: the secret for forms, and the body it read. */
export type CsrfVariables = { csrfToken: string | null; formBody: Uint8Array | null };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Whether a request comes from a page of this site, going by what the browser says: a browser
 * sends Sec-Fetch-Site and/or Origin with every form post. Without either (not a browser, or a
 * very old one) the post is refused: the API is the way in for scripts. `trustedHops` is the
 * number of reverse proxies whose `X-Forwarded-Host` is believed (`TRUST_PROXY`).
 */
export function isSameOriginPost(request: Request, trustedHops = 0): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return false;
  const origin = request.headers.get('origin');
  if (origin !== null) {
    // Compared with the host the browser addressed (through a trusted proxy: the one it forwarded).
    const host = requestedHostOf(request, trustedHops);
    try {
      if (origin === 'null' || new URL(origin).host !== host) return false;
    } catch {
      return false;
    }
  }
  return site !== null || origin !== null;
}

/** Refuses posts from other sites before anything else looks at them. */
export function refuseCrossSitePosts(refuse: Refuse, trustedHops = 0): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !isSameOriginPost(c.req.raw, trustedHops)) return refuse(c, 'cross-site');
    await next();
  };
}

/**
 * Puts the secret forms must carry on the context (the session's), and refuses a post whose
 * hidden field does not carry it. The body it reads stays on the
 * context (`formBody`) for whoever handles the post next.
 */
export function requireFormToken(refuse: Refuse): MiddlewareHandler<{ Variables: SessionVariables & CsrfVariables }> {
  return async (c, next) => {
    const expected = c.get('session')?.csrfToken ?? null;
    c.set('csrfToken', expected);
    c.set('formBody', null);
    if (SAFE_METHODS.has(c.req.method)) return next();
    const type = c.req.header('content-type') ?? '';
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return refuse(c, 'form-token');
    const body = new Uint8Array(await c.req.arrayBuffer());
    let sent: FormDataEntryValue | null = null;
    try {
      sent = (await new Response(body, { headers: { 'content-type': type } }).formData()).get(CSRF_FIELD);
    } catch {
      return refuse(c, 'form-token');
    }
    if (expected === null || typeof sent !== 'string' || !sameSecret(sent, expected)) return refuse(c, 'form-token');
    c.set('formBody', body);
    await next();
  };
}
