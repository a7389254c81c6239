/**
 * The register's HTTP API as a Hono app. Runtime-neutral: it gets its database, clock and
 * site status as arguments (see api/server.ts for the Node wiring), so tests build one against a
 * temporary database and the same app could run on an edge runtime.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'drizzle-orm';
import type { RegisterDb } from '../db/client.ts';
import type { Clock } from '../config/clock.ts';
import { calendarDateAt } from '../domain/rules/index.ts';
import { problem } from './problem.ts';

/** What the app needs from its surroundings. */
export interface AppDeps {
  db: RegisterDb;
  clock: Clock;
  /** The publication online now, or null before the first one. */
  currentPublication: () => Promise<string | null>;
}

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

/** Builds the API app. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use('/api/*', securityHeaders());

  app.get('/api/health', async (c) => {
    const now = deps.clock.now();
    let database = 'ok';
    try {
      await deps.db.run(sql`SELECT 1`);
    } catch {
      database = 'unavailable';
    }
    const publication = await deps.currentPublication();
    const healthy = database === 'ok';
    return c.json(
      { status: healthy ? 'ok' : 'degraded', time: now.toISOString(), today: calendarDateAt(now), database, publication },
      healthy ? 200 : 503,
    );
  });

  app.all('/api/*', (c) => problem(c, 404, 'Not Found', `There is no API endpoint at ${c.req.method} ${c.req.path}.`));

  app.onError((error, c) => {
    console.error(error);
    return problem(c, 500, 'Internal Server Error', 'The register could not handle this request. It has been logged.');
  });

  return app;
}
