/**
 * The register's HTTP API as a Hono app. Runtime-neutral (Web APIs only): it gets its database,
 * clock and publisher as arguments (see server/server.ts for the Node wiring), so tests build one
 * against a temporary database and the same app could run on an edge runtime.
 */
import { secureHeaders } from 'hono/secure-headers';
import { bearerAuth, requireRole } from './middleware/auth.ts';
import { RateLimiter, rateLimit } from './middleware/rate-limit.ts';
import { limitBody } from './middleware/body-limit.ts';
import { DEFAULT_RATE_LIMITS, type AppDeps } from './deps.ts';
import { handleError, problem } from './problem.ts';
import { apiSecurityHeaders, PUBLIC_JSON_ANSWER_HEADERS, publicCors } from './api-headers.ts';
import { methodNotAllowed, type PathMethods } from './middleware/methods.ts';
import { PublicCache } from './public-cache.ts';
import { providerRoutes } from './routes/providers.ts';
import { eventRoutes } from './routes/events.ts';
import { placeRoutes } from './routes/places.ts';
import { changeReportRoutes } from './routes/change-reports.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiDocument, registerDocs } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { createRouter } from './router.ts';

export type { AppDeps } from './deps.ts';

/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Security headers for every response, the site's pages included. */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // Pagefind runs its index as WebAssembly.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
  });

/**
 * The public reads: readable from any origin (CORS). The provider, administration and portal
 * routes never are: a page elsewhere must not act with a token or a session it got hold of.
 */
export const PUBLIC_READ_PATHS = ['/api/v1/providers/*', '/api/v1/places', '/api/v1/events', '/api/health', '/api/openapi.json'] as const;
// As in Hono's routing, '/x/*' is '/x' and everything under it.
const isPublicRead = (path: string) => PUBLIC_READ_PATHS.some((p) => (p.endsWith('/*') ? path === p.slice(0, -2) || path.startsWith(p.slice(0, -1)) : path === p));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Builds the API app. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  // Counted across every register process on the database (see middleware/rate-limit.ts).
  const limiter = new RateLimiter({ db: deps.db });
  const cache = new PublicCache({ db: deps.db });
  // After every commit that changed public data (here, in the portal's pages or anywhere else in
  // this process): the cached answers go and the publisher gathers the change into a publication.
  deps.db.writes.on('register-changed', () => {
    cache.clear();
    deps.publisher.changed();
  });
  const auth = bearerAuth(deps);
  const perToken = rateLimit(limiter, limits.perToken, (c) => `token:${c.get('principal').tokenId}`, 'for this token');

  // The fast path of a public read answered a moment ago: before any other middleware, with its
  // headers as one plain record. The Node adapter writes such a response straight to the socket;
  // building a Headers object (which any middleware touching headers does) costs more than the
  // rest of the request. Only the per-address limit applies to public reads, so it is counted
  // here; over the limit, the request takes the normal way and gets its 429 there.
  app.use('/api/v1/providers*', async (c, next) => {
    if (c.req.method !== 'GET') return next();
    // A change by any process empties the cache (at most a database read every quarter second).
    if (cache.due) await cache.sync();
    const cached = cache.peek(c.req.url);
    const address = cached === undefined ? null : deps.clientAddress?.(c);
    if (cached === undefined || (address && limiter.hit(`address:${address}`, limits.perAddress) > 0)) return next();
    return new Response(cached, { status: 200, headers: PUBLIC_JSON_ANSWER_HEADERS });
  });
  app.use('/api/*', apiSecurityHeaders);
  // Before the rate limit, so that a 429 is readable from another origin too.
  for (const path of PUBLIC_READ_PATHS) app.use(path, publicCors);
  // The paths and methods of the document (read on the first request, once every route is registered).
  const paths = (): PathMethods =>
    Object.fromEntries(Object.entries(apiDocument(app).paths ?? {}).map(([path, item]) => [path, Object.keys(item ?? {}).filter((key) => HTTP_METHODS.includes(key))]));
  app.use('/api/*', methodNotAllowed(paths, (path) => (isPublicRead(path) ? ['OPTIONS'] : [])));
  // The health check is for load balancers and monitoring, which ask often from one address: never limited.
  app.use('/api/*', rateLimit(limiter, limits.perAddress, (c) => (deps.clientAddress && c.req.path !== '/api/health' ? `address:${deps.clientAddress(c)}` : null), 'from this address'));
  app.use('/api/*', limitBody(MAX_BODY_BYTES, (c) => problem(c, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`)));
  // Public read answers are kept for the fast path above (the cache only ever holds answers to
  // requests that passed validation).
  app.use('/api/v1/providers*', async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const generation = cache.generation();
    await next();
    if (c.res.status === 200) cache.put(c.req.url, await c.res.clone().text(), generation);
  });

  app.route('/', healthRoutes(deps));
  app.route('/', providerRoutes(deps));
  app.route('/', placeRoutes(deps));
  app.route('/', eventRoutes(deps));

  // '/x/*' also matches '/x' itself in Hono: one registration covers the list and each report.
  app.use('/api/v1/change-reports/*', auth, perToken, requireRole('provider'));
  app.route('/', changeReportRoutes(deps));

  app.use('/api/v1/admin/*', auth, perToken, requireRole('admin'));
  app.route('/', adminRoutes(deps));

  registerDocs(app);

  app.all('/api/*', (c) => problem(c, 404, `There is no API endpoint at ${c.req.method} ${c.req.path}.`));
  app.onError(handleError);
  return app;
}
