/**
 * The public change log for integrators: `GET /api/v1/events?after=<seq>&limit=<n>` returns the
 * entries after a sequence number, oldest first, so a copy of the register stays in sync by
 * asking for what came after the last entry it has. Read straight from the database, never from
 * the public read cache: an entry is visible as soon as its write is committed.
 *
 * Sequence numbers have no gaps and entries never change (domain/change-log.ts), so a page is
 * fully determined by `after`, `limit` and the last sequence number it holds: that triple is
 * its ETag, and a repeated request whose page has not grown gets 304 without reading entries.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { logHead, readLogEntries } from '#db/queries/change-log.ts';
import { LogEntrySchema } from '#domain/change-log.ts';
import type { AppDeps } from '#api/deps.ts';
import { problemResponses } from '#api/schemas.ts';

/** The most entries one page holds. */
export const MAX_EVENTS_PER_PAGE = 1000;

const EventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).openapi({ example: 0, description: 'the sequence number of the last entry you have (0 for the start)' }),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_PAGE).default(100).openapi({ example: 100 }),
});

// Made here (not reused as is) so that it carries the OpenAPI extension of this module's zod.
const EventSchema = z.object({ ...LogEntrySchema.shape }).openapi('ChangeEvent', {
  description: 'One entry of the public change log, hash-chained to the one before (see the open-data page for the canonical form).',
});

const eventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/events',
  operationId: 'listEvents',
  tags: ['Public'],
  security: [],
  summary: 'Public change events after a sequence number, oldest first',
  request: {
    query: EventsQuery,
    headers: z.object({ 'if-none-match': z.string().max(1000).optional().openapi({ description: 'The ETag of a page you have: 304 when it has not grown' }) }),
  },
  responses: {
    200: {
      description: 'The entries after `after` (at most `limit`), and where to continue',
      headers: {
        ETag: { description: 'Names this page; send it back in If-None-Match', required: true, schema: { type: 'string' } },
        Link: { description: 'The next page, as `rel="next"`', required: true, schema: { type: 'string' } },
      },
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(EventSchema),
            next: z.string().openapi({ example: '/api/v1/events?after=100&limit=100', description: 'ask this next (it returns nothing new until the log grows)' }),
          }),
        },
      },
    },
    304: { description: 'Nothing changed since the ETag sent in If-None-Match', headers: { ETag: { description: 'The same ETag', required: true, schema: { type: 'string' } } } },
    ...problemResponses(400, 429),
  },
});

/** Whether an If-None-Match header names `etag`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The public events route, as a router. */
export function eventRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(eventsRoute, async (c) => {
    const { after, limit } = c.req.valid('query');
    const { events } = await logHead(deps.db);
    const last = Math.max(after, Math.min(after + limit, events));
    const etag = `"events-${after}-${limit}-${last}"`;
    const next = `/api/v1/events?after=${last}&limit=${limit}`;
    const headers = { ETag: etag, 'Cache-Control': 'no-cache', Link: `<${next}>; rel="next"` };
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
    const items = last > after ? await readLogEntries(deps.db, { after, upTo: last }) : [];
    return c.json({ items, next }, 200, headers);
  });
  return app;
}
