/** Change reports filed by a provider (provider token): see what one would change, file one, list them, follow one. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { checkChangeReport, fileChangeReport, getChangeReport, listProviderReports, withdrawChangeReport } from '#db/commands/change-reports.ts';
import { providerCurrent } from '#db/queries/provider-current.ts';
import { diffReferenceOf } from '#db/queries/report-review.ts';
import { CHANGE_REPORT_KINDS } from '#db/schema/index.ts';
import { ChangeReportRequest } from '#domain/change-reports.ts';
import { diffChangeReport } from '#domain/report-diff.ts';
import type { AppDeps } from '#api/deps.ts';
import { ChangeReportSchema, problemResponses } from '#api/schemas.ts';
import { apiJson } from '#api/api-headers.ts';

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

const AreaPartSchema = z
  .object({
    count: z.number().int().openapi({ description: 'How many municipalities' }),
    names: z.array(z.string()).openapi({ description: 'As the public page names them: "heel Vlaanderen", whole provinces ("heel Limburg"), then single municipalities in Dutch alphabetical order', example: ['heel Limburg', 'Aalst'] }),
    codes: z.array(z.string().regex(/^\d{5}$/)).openapi({ description: 'Their NIS codes, sorted' }),
  })
  .openapi('AreaPart');

/** What a change report would change; `label`s are Dutch, for showing as they are. */
const ChangeReportPreviewSchema = z
  .object({
    kind: z.enum(CHANGE_REPORT_KINDS),
    fields: z
      .array(
        z.object({
          label: z.string().openapi({ example: 'Plaatsen in totaal' }),
          before: z.string().nullable().openapi({ description: 'The value in the register now; null when there is none' }),
          after: z.string().nullable().openapi({ description: 'The value after the report' }),
          changed: z.boolean(),
        }),
      )
      .openapi({ description: 'Each field the report touches, old and new value' }),
    area: z
      .object({ before: AreaPartSchema, after: AreaPartSchema, added: AreaPartSchema, removed: AreaPartSchema })
      .nullable()
      .openapi({ description: 'For a working-area report: the area now and after, and the municipalities that join and leave' }),
    list: z
      .object({ label: z.string(), beforeCount: z.number().int(), afterCount: z.number().int(), added: z.array(z.string()), removed: z.array(z.string()) })
      .nullable()
      .openapi({ description: 'For coaches and subcontractors: who joins and who leaves' }),
    areaShrinks: z.boolean().openapi({ description: 'The working area loses at least one municipality' }),
    capacityDrops: z.boolean().openapi({ description: 'The total number of places goes down' }),
    unchanged: z.boolean().openapi({ description: 'Nothing in the register would be different' }),
  })
  .openapi('ChangeReportPreview');

const previewRoute = createRoute({
  method: 'post',
  path: '/api/v1/change-reports/preview',
  operationId: 'previewChangeReport',
  tags: ['Provider'],
  summary: 'See what a change report would change, without filing it',
  description:
    'Takes the same body as filing a report, checks it the same way, and answers what it would change against the register now: municipalities that join and leave a working area, old and new value of every other field, and whether the area shrinks or the capacity drops (the web forms ask an explicit confirmation for those). Nothing is stored.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: ChangeReportRequest } } } },
  responses: {
    200: { description: 'What the report would change', content: { 'application/json': { schema: ChangeReportPreviewSchema } } },
    ...problemResponses(400, 401, 403, 413, 415, 422, 429),
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

const withdrawRoute = createRoute({
  method: 'post',
  path: '/api/v1/change-reports/{reference}/withdraw',
  operationId: 'withdrawChangeReport',
  tags: ['Provider'],
  summary: 'Withdraw one of your reports while it waits for review',
  description:
    'Only a report with status `pending_review` can be withdrawn, and only by its own organisation: the department then no longer reviews it and nothing in the register changes. ' +
    'The report stays in your list with status `withdrawn` and `withdrawnAt`, and your procedure contact gets a mail. ' +
    "Another organisation's reference is 404 (references reveal nothing); a report that was decided, applied at once or already withdrawn is 409. No body is needed.",
  security,
  request: { params: z.object({ reference: z.string().max(40).openapi({ example: 'WM-2026-000123' }) }) },
  responses: {
    200: { description: 'Withdrawn', content: { 'application/json': { schema: ChangeReportSchema } } },
    ...problemResponses(400, 401, 403, 404, 409, 429),
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

  app.openapi(previewRoute, async (c) => {
    const providerId = c.get('principal').providerId!;
    const request = c.req.valid('json');
    await checkChangeReport(deps.db, providerId, request, deps.clock.now());
    const now = (await providerCurrent(deps.db, providerId))!;
    const numbers = request.kind === 'subcontractors' ? [...request.payload.enterpriseNumbers, ...now.subcontractors] : [];
    return c.json(diffChangeReport(request, now, await diffReferenceOf(deps.db, numbers)), 200);
  });

  app.openapi(listRoute, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const items = await listProviderReports(deps.db, c.get('principal').providerId!, pageSize, (page - 1) * pageSize);
    return c.json({ items, page, pageSize }, 200);
  });

  app.openapi(withdrawRoute, async (c) => {
    const principal = c.get('principal');
    const report = await withdrawChangeReport(deps.db, { reference: c.req.valid('param').reference, providerId: principal.providerId!, actor: { name: principal.name }, now: deps.clock.now() });
    return c.json(report, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { providerId: _own, ...report } = await getChangeReport(deps.db, c.req.valid('param').reference, c.get('principal').providerId);
    return c.json(report, 200);
  });
  return app;
}
