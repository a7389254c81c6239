/** `GET /api/health`: whether the register can answer, its clock and the publication online. */
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { sql } from 'drizzle-orm';
import { calendarDateAt } from '#domain/rules/index.ts';
import type { AppDeps } from '#api/deps.ts';
import { HealthSchema, problemResponses } from '#api/schemas.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  operationId: 'getHealth',
  tags: ['Public'],
  security: [],
  summary: "The register's health: database, clock and the publication online",
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'The database cannot be reached (`status` is `degraded`)', content: { 'application/json': { schema: HealthSchema } } },
    ...problemResponses(429),
  },
});

/** The health route, as a router. */
export function healthRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(healthRoute, async (c) => {
    const now = deps.clock.now();
    let database: 'ok' | 'unavailable' = 'ok';
    try {
      await deps.db.run(sql`SELECT 1`);
    } catch {
      database = 'unavailable';
    }
    const healthy = database === 'ok';
    return c.json({ status: healthy ? ('ok' as const) : ('degraded' as const), time: now.toISOString(), today: calendarDateAt(now), database, publication: await deps.currentPublication() }, healthy ? 200 : 503);
  });
  return app;
}
