/**
 * Serves the web pages for providers and administrators (`/aanmelden`, `/afmelden`, `/portaal/…`,
 * `/beheer/…`): resolves the session, refuses cross-site posts and posts without the form
 * secret, keeps each role to its own pages, and hands the request to the portal's Astro pages
 * (the Node adapter's handler, with the register's database and clock as `locals`). Node-only:
 * the handler writes to Node's response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { limitBody } from './middleware/body-limit.ts';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { RegisterDb } from '../db/client.ts';
import type { Clock } from '../config/clock.ts';
import type { Publisher } from './deps.ts';
import type { PortalLocals } from './portal-locals.ts';
import { securityHeaders } from './app.ts';
import { requireSession, sessionFromCookie, type Refusal, type SessionVariables } from './middleware/session.ts';
import { refuseCrossSitePosts, requireFormToken, type CsrfVariables } from './middleware/csrf.ts';
import { RateLimiter, type RateLimit } from './middleware/rate-limit.ts';

/**
 * Sign-in attempts per client address: far more than a person mistyping needs, even several
 * people behind one office address, and a wall for a script trying tokens.
 */
export const SIGN_IN_LIMIT: RateLimit = { limit: 20, windowMs: 60_000 };

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
  registerChanged: () => void;
  /** The built portal; null serves a notice instead (servers that do not need the pages, such as some tests). */
  portal: { handler: PortalHandler; assetsDir: string } | null;
  /** How many reverse proxies are trusted for X-Forwarded-Host (`TRUST_PROXY`; default 0). */
  trustProxy?: number;
  /** The client's address (for the limit on sign-in attempts); without it nothing is limited. */
  clientAddress?: (c: Context) => string | null;
  /** The limit on sign-in attempts per address (default {@link SIGN_IN_LIMIT}). */
  signInLimit?: RateLimit;
}

type Env = { Bindings: HttpBindings; Variables: SessionVariables & CsrfVariables };

/** The pages where a refused request is explained (reachable only through a refusal). */
const REFUSAL_PAGES: Record<Refusal, string> = {
  'no-access': '/geen-toegang',
  'cross-site': '/formulier-geweigerd',
  'form-token': '/formulier-geweigerd',
  'too-many-attempts': '/te-veel-pogingen',
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

/** The portal's routes, to mount on the server's root app before the public site. */
export function portalSite(options: PortalSiteOptions) {
  const app = new Hono<Env>();

  /** Hands the request to the Astro pages; resolves false when no page matched. */
  const render = async (c: Context<Env>, extra: Partial<PortalLocals> = {}): Promise<Response | null> => {
    const { incoming, outgoing } = c.env ?? {};
    if (!options.portal || !incoming || !outgoing) return c.html(NOT_BUILT, 503);
    const formBody = c.get('formBody');
    // The body was read to check the form secret: hand it over the way body parsers do.
    if (formBody) (incoming as IncomingMessage & { body?: Buffer }).body = Buffer.from(formBody);
    for (const [name, value] of await securityHeaderList()) outgoing.setHeader(name, value);
    // Pages show one person's data: never kept by a browser or proxy cache.
    outgoing.setHeader('Cache-Control', 'no-store');
    const locals: PortalLocals = {
      db: options.db,
      clock: options.clock,
      publisher: options.publisher,
      session: c.get('session') ?? null,
      csrfToken: c.get('csrfToken') ?? c.get('session')?.csrfToken ?? null,
      dataDir: options.dataDir,
      canRollback: options.canRollback,
      registerChanged: options.registerChanged,
      ...extra,
    };
    const matched = await new Promise<boolean>((resolve, reject) => {
      options.portal!.handler(incoming, outgoing, (error) => (error ? reject(error) : resolve(false)), locals).then(() => resolve(true), reject);
    });
    if (!matched) {
      for (const [name] of await securityHeaderList()) outgoing.removeHeader(name);
      outgoing.removeHeader('Cache-Control');
      return null;
    }
    return RESPONSE_ALREADY_SENT;
  };

  /** Explains a refusal with a Dutch page (status 403), without letting the request reach any page. */
  const refuse = async (c: Context, reason: Refusal, extra: Partial<PortalLocals> = {}): Promise<Response> => {
    const { incoming } = (c as Context<Env>).env ?? {};
    if (incoming) {
      // The way connect-style servers re-route: the explaining page is rendered instead, as a GET.
      incoming.method = 'GET';
      incoming.url = REFUSAL_PAGES[reason];
    }
    (c as Context<Env>).set('formBody', null);
    return (await render(c as Context<Env>, { refusal: reason, ...extra })) ?? c.text('Geweigerd', 403);
  };

  // Sign-in attempts are counted per client address; over the limit the form is not handled and
  // a Dutch page says how long to wait (429 with Retry-After).
  const signInLimiter = new RateLimiter({ db: options.db });
  const signInLimit = options.signInLimit ?? SIGN_IN_LIMIT;

  app.use('/_portaal/*', async (c, next) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    if (!options.portal) return c.notFound();
    return serveStatic({ root: options.portal.assetsDir })(c, next);
  });

  const pages = ['/aanmelden', '/afmelden', '/portaal', '/portaal/*', '/beheer', '/beheer/*'];
  for (const path of pages) {
    app.use(path, securityHeaders());
    app.use(path, limitBody(MAX_FORM_BYTES, (c) => c.text('Het formulier is te groot.', 413)));
    app.use(path, sessionFromCookie(options));
    app.use(path, refuseCrossSitePosts(refuse, options.trustProxy ?? 0));
  }
  app.post('/aanmelden', async (c, next) => {
    const address = options.clientAddress?.(c) ?? null;
    const wait = address === null ? 0 : signInLimiter.hit(`sign-in:${address}`, signInLimit);
    if (wait > 0) return refuse(c, 'too-many-attempts', { retryAfterSeconds: wait });
    await next();
  });
  for (const path of ['/portaal', '/portaal/*']) app.use(path, requireSession('provider', refuse));
  for (const path of ['/beheer', '/beheer/*']) app.use(path, requireSession('admin', refuse));
  // Signing out of a session that already ended has nothing to protect: straight to the sign-in page.
  app.post('/afmelden', async (c, next) => (c.get('session') ? next() : c.redirect('/aanmelden', 303)));
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
