/**
 * The Node process that serves the register: the API and the current publication of the public
 * site on one port. Node-specific pieces (file serving, the listening socket) live here, not in
 * the runtime-neutral app.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import { publicationsDir } from '#publish/build-publication.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddressOf } from '#api/client-address.ts';
import type { RateLimit } from '#api/middleware/rate-limit.ts';
import { createApp, securityHeaders, type AppDeps } from '#api/app.ts';
import type { Publisher } from '#publish/publisher.ts';
import { LocalPublisher } from '#publish/local-publisher.ts';
import { OPEN_SITE_PATHS, servePublication } from './publication-site.ts';
import { publicCors } from '#api/api-headers.ts';
import { portalSite } from './portal-site.ts';
import type { Portal } from './portal-build.ts';
import { localSignIn, type SignIn } from './sign-in/index.ts';
import { searchSite } from './search-page.ts';

/** A running server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** What the Node server is built from. */
export interface SiteServerOptions {
  db: RegisterDb;
  clock: Clock;
  dataDir: string;
  publisher?: Publisher;
  rateLimits?: AppDeps['rateLimits'];
  /** The built pages for providers and administrators (server/portal-build.ts); without it they answer 503. */
  portal?: Portal | null;
  /** How many reverse proxies in front of the register are trusted (`TRUST_PROXY`; default 0). */
  trustProxy?: number;
  /** The limit on sign-in attempts per address (tests lower it). */
  signInLimit?: RateLimit;
  /** How people sign in (default: the local identity provider without sample accounts). */
  signIn?: SignIn;
  /** The site's public address (SITE_URL); default: where the server listens. */
  siteUrl?: string;
}

/** The app that serves both the API and the site (also used by tests through `app.request`). */
export function createSiteServer(options: SiteServerOptions) {
  const currentPublication = () => readlink(join(publicationsDir(options.dataDir), 'current')).catch(() => null);
  const publisher = options.publisher ?? new LocalPublisher({ db: options.db, clock: options.clock, dataDir: options.dataDir, log: (m) => console.error(m) });
  const trustProxy = options.trustProxy ?? 0;
  const clientAddress = (c: Context): string | null => {
    let socket: string | null = null;
    try {
      socket = getConnInfo(c).remote.address ?? null;
    } catch {
      // app.request() in tests has no socket
    }
    return clientAddressOf(socket, c.req.header('x-forwarded-for') ?? null, trustProxy);
  };
  const signIn = options.signIn ?? localSignIn([]);
  if (options.siteUrl) signIn.setSiteUrl(options.siteUrl);
  const root = new Hono();
  root.route(
    '/',
    createApp({
      db: options.db,
      clock: options.clock,
      publisher,
      currentPublication,
      rateLimits: options.rateLimits,
      clientAddress,
    }),
  );
  root.route(
    '/',
    portalSite({
      db: options.db,
      clock: options.clock,
      publisher,
      dataDir: options.dataDir,
      // Switching back to an earlier publication needs the publications here, on disk.
      canRollback: publisher instanceof LocalPublisher,
      portal: options.portal ?? null,
      trustProxy,
      clientAddress,
      signInLimit: options.signInLimit,
      signIn,
    }),
  );
  for (const path of OPEN_SITE_PATHS) root.use(path, publicCors);
  root.use('*', securityHeaders());
  root.route('/', searchSite({ db: options.db, clock: options.clock, dataDir: options.dataDir, clientAddress, limit: options.rateLimits?.perAddress }));
  root.use('*', servePublication(options.dataDir));
  return Object.assign(root, { signIn });
}

/** Starts listening on `host:port`. */
export function startServer(options: SiteServerOptions & { host: string; port: number }): Promise<RunningServer> {
  const app = createSiteServer(options);
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) => {
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        if (!app.signIn.ready) app.signIn.setSiteUrl(`http://${host}:${info.port}`);
        resolve({
          url: `http://${host}:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
      server.on('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}
