/**
 * Serves the web pages for providers and administrators (`/aanmelden…`, `/afmelden`, `/portaal/…`,
 * `/beheer/…`), signing people in through OpenID Connect (server/sign-in/) and, without
 * `OIDC_ISSUER`, the local identity provider at `/idp`: resolves the session, refuses cross-site
 * posts and posts without the form secret, keeps each role to its own pages, and hands the
 * request to the portal's Astro pages (the Node adapter's handler, with the register's database
 * and clock as `locals`). Node-only: the handler writes to Node's response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { limitBody } from '#api/middleware/body-limit.ts';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import { departmentContactOf, loadEnv } from '#config/env.ts';
import type { DepartmentContact } from '#domain/department-contact.ts';
import type { Publisher } from '#publish/publisher.ts';
import type { PortalLocals } from './portal-locals.ts';
import { securityHeaders } from '#api/app.ts';
import { isSecureRequest, requireRegisteredProvider, requireSession, sessionCookieSettings, sessionFromCookie, SESSION_COOKIE, type Refusal, type SessionVariables } from '#api/middleware/session.ts';
import { refuseCrossSitePosts, requireFormToken, type CsrfVariables } from '#api/middleware/csrf.ts';
import { RateLimiter, type RateLimit } from '#api/middleware/rate-limit.ts';
import { requestedHostOf } from '#api/client-address.ts';
import type { SignIn } from './sign-in/index.ts';
import { LOCAL_PROVIDER_PATH } from './sign-in/local-provider.ts';
import { decodePending, encodePending, SignInFailure } from './sign-in/relying-party.ts';
import { identityFromClaims } from '#domain/identity.ts';
import { createSession, endSession } from '#db/commands/sessions.ts';
import { recordAccess } from '#db/commands/access-log.ts';

/**
 * Sign-in attempts per client address (leaving for the identity provider and coming back each
 * count): far more than a person needs, even several people behind one office address, and a
 * wall for a script.
 */
export const SIGN_IN_LIMIT: RateLimit = { limit: 20, windowMs: 60_000 };

/** The cookie that keeps state, nonce and PKCE verifier while the browser is at the identity provider. */
export const PENDING_COOKIE = 'register_aanmelding';
/** How long a sign-in may take at the identity provider (seconds). */
const PENDING_SECONDS = 600;

/** The handler `@astrojs/node` builds in middleware mode. */
export type PortalHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void, locals: object) => Promise<void>;

/** The largest form the pages accept. */
export const MAX_FORM_BYTES = 256 * 1024;

/** What the portal pages are served with. */
export interface PortalSiteOptions {
  db: RegisterDb;
  clock: Clock;
  publisher: Publisher;
  dataDir: string;
  canRollback: boolean;
  /** The built portal; null serves a notice instead (servers that do not need the pages, such as some tests). */
  portal: { handler: PortalHandler; assetsDir: string } | null;
  /** How people sign in (OpenID Connect); its site address must be set before the first request. */
  signIn: SignIn;
  /** How many reverse proxies are trusted for X-Forwarded-Host (`TRUST_PROXY`; default 0). */
  trustProxy?: number;
  /** The client's address (for the limit on sign-in attempts and the access log); without it nothing is limited. */
  clientAddress?: (c: Context) => string | null;
  /** How people reach the department (default: from the settings, read once). */
  contact?: DepartmentContact;
  /** The limit on sign-in attempts per address (default {@link SIGN_IN_LIMIT}). */
  signInLimit?: RateLimit;
}

type Env = { Bindings: HttpBindings; Variables: SessionVariables & CsrfVariables };

/** The pages where a refused request is explained (reachable only through a refusal). */
const REFUSAL_PAGES: Record<Refusal, string> = {
  'no-access': '/geen-toegang',
  'not-in-register': '/nog-niet-in-het-register',
  'cross-site': '/formulier-geweigerd',
  'form-token': '/formulier-geweigerd',
  'too-many-attempts': '/te-veel-pogingen',
  'sign-in-failed': '/aanmelden-mislukt',
  'no-role': '/geen-rol',
};

const NOT_BUILT = `<!doctype html><html lang="nl-BE"><head><meta charset="utf-8"><title>Niet beschikbaar</title></head>
<body><main><h1>Deze pagina's zijn hier niet beschikbaar</h1><p>De pagina's voor dienstverleners en beheerders worden door <code>register start</code> gestart.</p></main></body></html>`;

/** The headers the site's pages carry, read once from the same middleware the site uses. */
let pageHeaders: Promise<[string, string][]> | null = null;
function securityHeaderList(): Promise<[string, string][]> {
  pageHeaders ??= Promise.resolve(
    new Hono()
      .use(securityHeaders())
      .get('*', (c) => c.body(null, 204))
      .request('/'),
  ).then((response) => [...response.headers.entries()]);
  return pageHeaders;
}

/**
 * The pages' headers; forms may also lead to the identity provider (signing out there is a
 * redirect after a post, which `form-action` governs).
 */
async function portalHeaderList(identityOrigin: string | null): Promise<[string, string][]> {
  const list = await securityHeaderList();
  if (!identityOrigin) return list;
  return list.map(([name, value]) => [name, name.toLowerCase() === 'content-security-policy' ? value.replace("form-action 'self'", `form-action 'self' ${identityOrigin}`) : value]);
}

/** Where to go back to after signing in: only a page of the portal or the administration. */
function safeBack(path: string | null | undefined): string | null {
  if (!path) return null;
  return /^\/(portaal|beheer)(\/[\w\-.~%/]*)?$/.test(path) && !path.includes('//') && !path.includes('..') ? path : null;
}

/** The portal's routes, to mount on the server's root app before the public site. */
export function portalSite(options: PortalSiteOptions) {
  const app = new Hono<Env>();
  const { signIn } = options;
  const clientAddress = (c: Context) => options.clientAddress?.(c) ?? null;
  const contact = options.contact ?? departmentContactOf(loadEnv());
  const identityOrigin = () => (signIn.isLocal ? null : new URL(signIn.settings.issuer!).origin);

  const signInLocals = async (): Promise<PortalLocals['signIn']> => ({
    sampleAccounts: signIn.isLocal ? (await signIn.localProvider())!.accounts : null,
    endSessionUrl: async (idToken) => (await signIn.relyingParty.endSessionUrl(idToken))?.href ?? null,
  });

  /**
   * Hands the request to the Astro pages; resolves null when no page matched. `setCookies` go out
   * with the page (the page writes Node's response itself, so Hono's own cookie helpers cannot).
   */
  const render = async (c: Context<Env>, extra: Partial<PortalLocals> = {}, setCookies: string[] = []): Promise<Response | null> => {
    const { incoming, outgoing } = c.env ?? {};
    if (!options.portal || !incoming || !outgoing) return c.html(NOT_BUILT, 503);
    const formBody = c.get('formBody');
    // The body was read to check the form secret: hand it over the way body parsers do.
    if (formBody) (incoming as IncomingMessage & { body?: Buffer }).body = Buffer.from(formBody);
    const headers = await portalHeaderList(identityOrigin());
    for (const [name, value] of headers) outgoing.setHeader(name, value);
    // Pages show one person's data: never kept by a browser or proxy cache.
    outgoing.setHeader('Cache-Control', 'no-store');
    // Cookies set here (signing in) go out with the page, beside any the page sets itself.
    if (setCookies.length) {
      outgoing.setHeader('Set-Cookie', setCookies);
      const writeHead = outgoing.writeHead.bind(outgoing) as (...args: unknown[]) => ServerResponse;
      outgoing.writeHead = ((...args: unknown[]) => {
        const given = args.find((arg, i) => i > 0 && arg !== null && typeof arg === 'object' && !Array.isArray(arg)) as Record<string, unknown> | undefined;
        if (given?.['set-cookie'] !== undefined) given['set-cookie'] = [...setCookies, ...[given['set-cookie']].flat()];
        return writeHead(...args);
      }) as typeof outgoing.writeHead;
    }
    const locals: PortalLocals = {
      db: options.db,
      clock: options.clock,
      publisher: options.publisher,
      session: c.get('session') ?? null,
      csrfToken: c.get('csrfToken') ?? c.get('session')?.csrfToken ?? null,
      dataDir: options.dataDir,
      canRollback: options.canRollback,
      signIn: await signInLocals(),
      clientAddress: clientAddress(c),
      contact,
      ...extra,
    };
    const matched = await new Promise<boolean>((resolve, reject) => {
      options.portal!.handler(incoming, outgoing, (error) => (error ? reject(error) : resolve(false)), locals).then(() => resolve(true), reject);
    });
    if (!matched) {
      for (const [name] of headers) outgoing.removeHeader(name);
      outgoing.removeHeader('Cache-Control');
      outgoing.removeHeader('Set-Cookie');
      return null;
    }
    return RESPONSE_ALREADY_SENT;
  };

  /** Renders another page instead, as a GET (the way connect-style servers re-route). */
  const renderInstead = async (c: Context, path: string, extra: Partial<PortalLocals> = {}, setCookies: string[] = []): Promise<Response | null> => {
    const { incoming } = (c as Context<Env>).env ?? {};
    if (incoming) {
      incoming.method = 'GET';
      incoming.url = path;
    }
    (c as Context<Env>).set('formBody', null);
    return render(c as Context<Env>, extra, setCookies);
  };

  /** Explains a refusal with a Dutch page, without letting the request reach any page. */
  const refuse = async (c: Context, reason: Refusal, extra: Partial<PortalLocals> = {}, setCookies: string[] = []): Promise<Response> =>
    (await renderInstead(c, REFUSAL_PAGES[reason], { refusal: reason, ...extra }, setCookies)) ?? c.text('Geweigerd', 403);

  // Sign-in attempts are counted per client address (across the register's processes); over the
  // limit nothing is handled and a Dutch page says how long to wait (429 with Retry-After).
  const signInLimiter = new RateLimiter({ db: options.db });
  const signInLimit = options.signInLimit ?? SIGN_IN_LIMIT;
  const limitSignIn = async (c: Context<Env>, next: () => Promise<void>) => {
    const address = clientAddress(c);
    const wait = address === null ? 0 : signInLimiter.hit(`sign-in:${address}`, signInLimit);
    if (wait > 0) return refuse(c, 'too-many-attempts', { retryAfterSeconds: wait });
    await next();
  };

  app.use('/_portaal/*', async (c, next) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    if (!options.portal) return c.notFound();
    return serveStatic({ root: options.portal.assetsDir })(c, next);
  });

  // The local identity provider (no OIDC_ISSUER): its own pages and protocol endpoints.
  app.all(`${LOCAL_PROVIDER_PATH}/*`, async (c, next) => {
    const local = signIn.localProvider();
    const { incoming, outgoing } = c.env ?? {};
    if (!local || !incoming || !outgoing) return next();
    for (const [name, value] of await securityHeaderList()) outgoing.setHeader(name, value);
    await (await local).handle(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  });

  const pages = ['/aanmelden', '/aanmelden/*', '/afmelden', '/afgemeld', '/portaal', '/portaal/*', '/beheer', '/beheer/*'];
  for (const path of pages) {
    app.use(path, securityHeaders());
    app.use(path, limitBody(MAX_FORM_BYTES, (c) => c.text('Het formulier is te groot.', 413)));
    app.use(path, sessionFromCookie({ db: options.db, sessionTimes: signIn.settings.sessionTimes }));
    app.use(path, refuseCrossSitePosts(refuse, options.trustProxy ?? 0));
  }

  // Leaving for the identity provider: state, nonce and PKCE verifier kept in a short-lived
  // cookie (SameSite=Lax: it must come back with the provider's redirect, a cross-site navigation).
  app.get('/aanmelden/start', limitSignIn, async (c) => {
    const site = new URL(signIn.siteUrl);
    const back = safeBack(c.req.query('terug'));
    // The provider sends the browser back to the registered address: start there, so the cookie is where it will be read.
    if (requestedHostOf(c.req.raw, options.trustProxy ?? 0) !== site.host) return c.redirect(`${signIn.siteUrl}/aanmelden/start${back ? `?terug=${encodeURIComponent(back)}` : ''}`, 303);
    try {
      const { url, pending } = await signIn.relyingParty.start(back);
      setCookie(c, PENDING_COOKIE, encodePending(pending), { httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c.req.raw), path: '/aanmelden', maxAge: PENDING_SECONDS });
      return c.redirect(url.href, 303);
    } catch (error) {
      if (!(error instanceof SignInFailure)) throw error;
      await recordAccess(options.db, { event: 'sign_in_failed', clientAddress: clientAddress(c), detail: `${error.code}: ${error.message}` });
      return refuse(c, 'sign-in-failed', { signInFailure: 'unreachable' });
    }
  });

  // Coming back: the code exchanged, the ID token checked, the claims judged, a new session.
  app.get('/aanmelden/terug', limitSignIn, async (c) => {
    const pending = decodePending(getCookie(c, PENDING_COOKIE));
    const secure = isSecureRequest(c.req.raw);
    // The pending sign-in is used once, whatever happens next.
    const cookies = [serialize(PENDING_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure, path: '/aanmelden', maxAge: 0 })];
    const address = clientAddress(c);
    let signedIn;
    try {
      signedIn = await signIn.relyingParty.finish(new URL(c.req.url).search, pending);
    } catch (error) {
      if (!(error instanceof SignInFailure)) throw error;
      await recordAccess(options.db, { event: 'sign_in_failed', clientAddress: address, detail: `${error.code}: ${error.message}` });
      const failure = error.code === 'cancelled' ? 'cancelled' : error.code === 'no-pending-sign-in' ? 'expired' : error.code === 'provider-unreachable' ? 'unreachable' : 'other';
      return refuse(c, 'sign-in-failed', { signInFailure: failure }, cookies);
    }
    const judged = identityFromClaims(signedIn.claims, signIn.settings.claims);
    if (!judged.ok) {
      const { refusal } = judged;
      await recordAccess(options.db, { event: 'refused', subject: refusal.subject, personName: refusal.name, organisationCode: refusal.organisationCode, clientAddress: address, detail: refusal.reason });
      return refuse(c, 'no-role', { identityRefusal: refusal }, cookies);
    }
    const { identity } = judged;
    // Whatever session this browser had ends here: a session id never outlives a sign-in.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await endSession(options.db, previous);
    const now = new Date();
    const { id, session } = await createSession(options.db, identity, { idToken: signedIn.idToken, now, times: signIn.settings.sessionTimes });
    await recordAccess(
      options.db,
      { event: 'sign_in', subject: identity.subject, personName: identity.name, organisationCode: identity.role === 'provider' ? identity.enterpriseNumber : null, role: identity.role, clientAddress: address },
      now,
    );
    const cookie = sessionCookieSettings(c.req.raw, session, now);
    cookies.push(serialize(SESSION_COOKIE, id, { ...cookie, sameSite: 'Strict' }));
    c.set('session', session);
    c.set('sessionId', id);
    const home = session.role === 'admin' ? '/beheer/' : '/portaal/';
    const back = safeBack(pending?.back);
    const continueTo = back && back.startsWith(home.slice(0, -1)) ? back : home;
    // A page that moves on by itself rather than a redirect: the browser arrived here from the
    // identity provider (another site), and only a navigation started by a page of the register
    // itself carries the SameSite=Strict session cookie.
    return (await renderInstead(c, '/aangemeld', { continueTo }, cookies)) ?? c.redirect(continueTo, 303);
  });

  for (const path of ['/portaal', '/portaal/*']) app.use(path, requireSession('provider', refuse));
  for (const path of ['/portaal/melden', '/portaal/melden/*', '/portaal/meldingen', '/portaal/meldingen/*', '/portaal/tokens', '/portaal/tokens/*']) app.use(path, requireRegisteredProvider(refuse));
  for (const path of ['/beheer', '/beheer/*']) app.use(path, requireSession('admin', refuse));
  // Signing out of a session that already ended has nothing to protect: straight to the sign-in page.
  app.post('/afmelden', async (c, next) => (c.get('session') ? next() : c.redirect('/aanmelden', 303)));
  // The pages reached only through a refusal or a sign-in are not opened directly.
  for (const path of ['/aangemeld', ...new Set(Object.values(REFUSAL_PAGES))]) app.all(path, (c) => c.redirect('/aanmelden', 303));
  for (const path of pages) {
    app.use(path, requireFormToken(refuse));
    app.all(path, async (c, next) => {
      const response = await render(c);
      if (response) return response;
      await next();
    });
  }
  return app;
}
