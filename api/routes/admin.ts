/**
 * Administration (admin token): review change reports, run applications through the procedure,
 * follow deadlines, withdraw recognitions, request publications and follow the mail outbox. Which
 * step may follow which, and every deadline, come from the rules module.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { acceptChangeReport, listReportsForReview, rejectChangeReport } from '#db/commands/change-reports.ts';
import { createApplication, endRecognition, getApplication, HearingInvitationRequest, inviteToHearing, listDeadlines, NewApplication, recordStep, StepRequest } from '#db/commands/applications.ts';
import { MAIL_STATUSES } from '#db/schema/mail.ts';
import { listOutbox, outboxMail } from '#mail/outbox.ts';
import { resendMail } from '#db/commands/outbox.ts';
import { isCalendarDate } from '#domain/rules/index.ts';
import { AcceptReview, RejectReview } from '#domain/change-reports.ts';
import { singleLineText } from '#domain/text.ts';
import type { AppDeps } from '#api/deps.ts';
import { ApplicationSchema, ChangeReportSchema, DeadlineItemSchema, OutboxMailSchema, PublicationSchema, problemResponses, RecognitionEndSchema, ReviewItemSchema } from '#api/schemas.ts';
import { ProblemError } from '#api/problem.ts';

const security = [{ Bearer: [] }];
const tags = ['Administration'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const located = <T extends z.ZodType>(schema: T, description: string, what: string) => ({
  ...json(schema, description),
  headers: { Location: { description: `The address of the ${what}`, required: true, schema: { type: 'string' as const } } },
});
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const reference = z.object({ reference: z.string().max(40) });
const recognitionParam = z.object({ recognitionNumber: z.string().max(40) });
const EndBody = z.strictObject({ effectiveFrom: z.string().refine(isCalendarDate, 'a date written YYYY-MM-DD'), reason: singleLineText({ max: 2000 }) });

const routes = {
  review: createRoute({
    method: 'get', path: '/api/v1/admin/change-reports', operationId: 'listReportsForReview', tags, security, summary: 'Change reports waiting for review, oldest first, with the current values',
    request: { query: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) }) },
    responses: { 200: json(z.object({ items: z.array(ReviewItemSchema), page: z.number().int(), pageSize: z.number().int() }), 'Reports waiting for review'), ...problemResponses(400, 401, 403, 429) },
  }),
  accept: createRoute({
    method: 'post', path: '/api/v1/admin/change-reports/{reference}/accept', operationId: 'acceptChangeReport', tags, security, summary: 'Accept a report: the change is applied to the register in one transaction',
    request: { params: reference, ...body(AcceptReview) },
    responses: { 200: json(ChangeReportSchema, 'Accepted and applied'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
  }),
  reject: createRoute({
    method: 'post', path: '/api/v1/admin/change-reports/{reference}/reject', operationId: 'rejectChangeReport', tags, security, summary: 'Reject a report, with the reason the provider will read',
    request: { params: reference, ...body(RejectReview) },
    responses: { 200: json(ChangeReportSchema, 'Rejected'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
  }),
  createApplication: createRoute({
    method: 'post', path: '/api/v1/admin/applications', operationId: 'createApplication', tags, security, summary: 'Register an application with its five parts',
    request: body(NewApplication),
    responses: { 201: located(ApplicationSchema, 'Registered; the procedure starts at "submitted"', 'application'), ...problemResponses(400, 401, 403, 413, 415, 422, 429) },
  }),
  getApplication: createRoute({
    method: 'get', path: '/api/v1/admin/applications/{reference}', operationId: 'getApplication', tags, security, summary: 'An application with its procedure, the steps allowed now and its next deadline',
    request: { params: reference },
    responses: { 200: json(ApplicationSchema, 'The application'), ...problemResponses(400, 401, 403, 404, 429) },
  }),
  step: createRoute({
    method: 'post', path: '/api/v1/admin/applications/{reference}/steps', operationId: 'recordStep', tags, security, summary: 'Record the next step of the procedure',
    description: 'Only the steps in `allowedSteps` are accepted; any other is refused with 409 and the steps allowed now. A decision needs `outcome` and `notifiedOn`; a grant also `validFrom`.',
    request: { params: reference, ...body(StepRequest) },
    responses: { 200: json(ApplicationSchema, 'Recorded'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
  }),
  hearingInvitation: createRoute({
    method: 'post', path: '/api/v1/admin/applications/{reference}/hearing-invitation', operationId: 'inviteToHearing', tags, security, summary: 'Invite the applicant to the hearing of its reconsideration request (by e-mail)',
    description: 'Only while reconsideration is requested. The invitation is a mail in the outbox; the hearing itself is recorded as the step `hold_hearing` when it is held.',
    request: { params: reference, ...body(HearingInvitationRequest) },
    responses: { 200: json(ApplicationSchema, 'The invitation is in the outbox'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
  }),
  deadlines: createRoute({
    method: 'get', path: '/api/v1/admin/deadlines', operationId: 'listDeadlines', tags, security, summary: 'Open applications with their next deadline: overdue first, then by days left',
    responses: { 200: json(z.object({ items: z.array(DeadlineItemSchema) }), 'Deadlines'), ...problemResponses(401, 403, 429) },
  }),
  withdraw: createRoute({
    method: 'post', path: '/api/v1/admin/recognitions/{recognitionNumber}/withdraw', operationId: 'withdrawRecognition', tags, security, summary: 'Withdraw a recognition from a day on, with a public reason',
    request: { params: recognitionParam, ...body(EndBody) },
    responses: { 200: json(RecognitionEndSchema, 'Withdrawn (or scheduled)'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
  }),
  renounce: createRoute({
    method: 'post', path: '/api/v1/admin/recognitions/{recognitionNumber}/renounce', operationId: 'renounceRecognition', tags, security, summary: "Record that the provider renounces its recognition from a day on",
    request: { params: recognitionParam, ...body(EndBody) },
    responses: { 200: json(RecognitionEndSchema, 'Renounced (or scheduled)'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
  }),
  outbox: createRoute({
    method: 'get', path: '/api/v1/admin/outbox', operationId: 'listOutbox', tags, security, summary: 'The mail outbox, newest first: status, recipient, subject, attempts and the last answer of the mail server',
    description:
      "`unknown` means the register stopped, or lost the connection, after handing the mail over and before hearing back: it may have arrived, so it is not sent again by itself. Without SMTP_URL, `lastAnswer` says where the .eml file was written.",
    request: {
      query: z.strictObject({
        status: z.enum(MAIL_STATUSES).optional(),
        reference: z.string().max(40).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(OutboxMailSchema), page: z.number().int(), pageSize: z.number().int() }), 'Mails'), ...problemResponses(400, 401, 403, 429) },
  }),
  resend: createRoute({
    method: 'post', path: '/api/v1/admin/outbox/{id}/resend', operationId: 'resendMail', tags, security, summary: 'Send a failed mail, or one whose delivery is unknown, again (same Message-ID)',
    request: { params: z.object({ id: z.coerce.number().int().min(1) }) },
    responses: { 200: json(OutboxMailSchema, 'Queued again'), ...problemResponses(400, 401, 403, 404, 409, 429) },
  }),
  publish: createRoute({
    method: 'post', path: '/api/v1/admin/publications', operationId: 'requestPublication', tags, security, summary: 'Request a publication of the public site',
    responses: { 202: located(PublicationSchema, 'Accepted; follow it at the Location', 'publication'), ...problemResponses(401, 403, 429) },
  }),
  publications: createRoute({
    method: 'get', path: '/api/v1/admin/publications', operationId: 'listPublications', tags, security, summary: 'The latest publications, newest first',
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
    responses: { 200: json(z.object({ items: z.array(PublicationSchema) }), 'Publications'), ...problemResponses(400, 401, 403, 429) },
  }),
  publication: createRoute({
    method: 'get', path: '/api/v1/admin/publications/{id}', operationId: 'getPublication', tags, security, summary: 'Follow a publication',
    request: { params: z.object({ id: z.string().max(80) }) },
    responses: { 200: json(PublicationSchema, 'The publication'), ...problemResponses(400, 401, 403, 404, 429) },
  }),
};

// The commands' types are looser than the contract (strings where the document lists the values);
// test/api/contract.ts checks every answer the tests get against the document.
const loose = <T>(value: T) => value as never;

/** The administration routes, as a router (auth and role are applied by the caller). */
export function adminRoutes(deps: AppDeps) {
  const app = createRouter();
  const actor = (c: { get(key: 'principal'): { name: string } }) => ({ name: c.get('principal').name });

  app.openapi(routes.review, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    return c.json(loose({ items: await listReportsForReview(deps.db, pageSize, (page - 1) * pageSize), page, pageSize }), 200);
  });
  app.openapi(routes.accept, async (c) => {
    const { reason, providerVersion } = c.req.valid('json');
    const report = await acceptChangeReport(deps.db, { reference: c.req.valid('param').reference, actor: actor(c), reason, providerVersion, now: deps.clock.now() });
    return c.json(report, 200);
  });
  app.openapi(routes.reject, async (c) => {
    const { reason, providerVersion } = c.req.valid('json');
    const report = await rejectChangeReport(deps.db, { reference: c.req.valid('param').reference, actor: actor(c), reason, providerVersion, now: deps.clock.now() });
    return c.json(report, 200);
  });
  app.openapi(routes.createApplication, async (c) => {
    const application = await createApplication(deps.db, { application: c.req.valid('json'), actor: actor(c), now: deps.clock.now() });
    c.header('Location', `/api/v1/admin/applications/${application.reference}`);
    return c.json(loose(application), 201);
  });
  app.openapi(routes.getApplication, async (c) => c.json(loose(await getApplication(deps.db, c.req.valid('param').reference, deps.clock.now())), 200));
  app.openapi(routes.step, async (c) => {
    const application = await recordStep(deps.db, { reference: c.req.valid('param').reference, step: c.req.valid('json'), actor: actor(c), now: deps.clock.now() });
    return c.json(loose(application), 200);
  });
  app.openapi(routes.hearingInvitation, async (c) =>
    c.json(loose(await inviteToHearing(deps.db, { reference: c.req.valid('param').reference, hearing: c.req.valid('json'), now: deps.clock.now() })), 200),
  );
  app.openapi(routes.deadlines, async (c) => c.json(loose({ items: await listDeadlines(deps.db, deps.clock.now()) }), 200));
  for (const [route, kind] of [[routes.withdraw, 'withdrawn'], [routes.renounce, 'renounced']] as const) {
    app.openapi(route, async (c) => {
      const { effectiveFrom, reason } = c.req.valid('json');
      const result = await endRecognition(deps.db, { kind, recognitionNumber: c.req.valid('param').recognitionNumber, effectiveFrom, reason, actor: actor(c), now: deps.clock.now() });
      return c.json(loose(result), 200);
    });
  }
  app.openapi(routes.outbox, async (c) => {
    const { status, reference, page, pageSize } = c.req.valid('query');
    const items = await listOutbox(deps.db, { statuses: status ? [status] : undefined, reference, limit: pageSize, offset: (page - 1) * pageSize, now: deps.clock.now() });
    return c.json({ items, page, pageSize }, 200);
  });
  app.openapi(routes.resend, async (c) => {
    const id = await resendMail(deps.db, { id: c.req.valid('param').id, now: deps.clock.now() });
    return c.json((await outboxMail(deps.db, id, deps.clock.now()))!, 200);
  });
  app.openapi(routes.publish, async (c) => {
    const publication = await deps.publisher.request(`administrator ${c.get('principal').name}`);
    c.header('Location', `/api/v1/admin/publications/${publication.id}`);
    return c.json(publication, 202);
  });
  app.openapi(routes.publications, async (c) => c.json({ items: await deps.publisher.history(c.req.valid('query').limit) }, 200));
  app.openapi(routes.publication, async (c) => {
    const publication = await deps.publisher.get(c.req.valid('param').id);
    if (!publication) throw new ProblemError(404, `There is no publication ${c.req.valid('param').id}.`);
    return c.json(publication, 200);
  });
  return app;
}
