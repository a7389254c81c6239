/** Change reports filed by a provider (provider token): file one, list them, follow one. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import { fileChangeReport, getChangeReport, listProviderReports } from '../../db/commands/change-reports.ts';
import { ChangeReportRequest } from '../../domain/change-reports.ts';
import type { AppDeps } from '../deps.ts';
import { ChangeReportSchema, problemResponses } from '../schemas.ts';
import { apiJson } from '../api-headers.ts';

const security = [{ Bearer: [] }];
const location = { Location: { description: 'The address of the report', required: true, schema: { type: 'string' as const } } };

const fileRoute = createRoute({
  method: 'post',
  path: '/api/v1/change-reports',
  operationId: 'fileChangeReport',
  tags: ['Provider'],
  summary: 'Report a change',
  description:
    'Every change that affects, or may affect, the recognition conditions. Free places apply at once; every other kind waits for review by the department. ' +
    'Send an `Idempotency-Key` header to make retries safe: a retried POST with the same key returns the first answer.',
  security,
  request: {
    headers: z.object({ 'idempotency-key': z.string().regex(/^[\x20-\x7e]{1,200}$/, '1 to 200 printable ASCII characters').optional().openapi({ description: 'Any key of yours (printable ASCII) that names this report: a retry with it gets the first answer' }) }),
    body: { required: true, content: { 'application/json': { schema: ChangeReportRequest } } },
  },
  responses: {
    201: { description: 'Stored, with its reference', headers: location, content: { 'application/json': { schema: ChangeReportSchema } } },
    200: { description: 'A retry with the same Idempotency-Key: the first answer', headers: location, content: { 'application/json': { schema: ChangeReportSchema } } },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/change-reports',
  operationId: 'listChangeReports',
  tags: ['Provider'],
  summary: "Your organisation's change reports, newest first",
  security,
  request: { query: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) }) },
  responses: {
    200: { description: 'Reports', content: { 'application/json': { schema: z.object({ items: z.array(ChangeReportSchema), page: z.number().int(), pageSize: z.number().int() }) } } },
    ...problemResponses(400, 401, 403, 429),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/change-reports/{reference}',
  operationId: 'getChangeReport',
  tags: ['Provider'],
  summary: 'One of your change reports',
  security,
  request: { params: z.object({ reference: z.string().max(40).openapi({ example: 'WM-2026-000123' }) }) },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: ChangeReportSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

/** The provider's change-report routes, as a router (auth is applied by the caller). */
export function changeReportRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(fileRoute, async (c) => {
    const principal = c.get('principal');
    const request = c.req.valid('json');
    const { report, replayed } = await fileChangeReport(deps.db, {
      providerId: principal.providerId!,
      actor: { name: principal.name },
      request,
      idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null,
      now: deps.clock.now(),
    });
    return apiJson(report, replayed ? 200 : 201, { Location: `/api/v1/change-reports/${report.reference}` }) as never;
  });

  app.openapi(listRoute, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const items = await listProviderReports(deps.db, c.get('principal').providerId!, pageSize, (page - 1) * pageSize);
    return c.json({ items, page, pageSize }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { providerId: _own, ...report } = await getChangeReport(deps.db, c.req.valid('param').reference, c.get('principal').providerId);
    return c.json(report, 200);
  });
  return app;
}
