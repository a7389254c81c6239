/** Schemas of what the API sends back, for the OpenAPI document. */
import { z } from '@hono/zod-openapi';

/** RFC 9457 problem details. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Bad Request' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'The request body is not valid: payload.freePlaces: Too small: expected number to be >=0.' }),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** Problem responses every route may give. */
export function problemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'The request is malformed or fails validation (field paths in `errors`)',
    401: 'No token, or an unknown, expired or revoked token',
    403: 'The token is of the wrong role',
    404: 'Not found (or not yours)',
    409: 'The request conflicts with the current state',
    413: 'The body is larger than 64 KB',
    422: 'The request is well-formed but the register refuses it (field paths in `errors`)',
    429: 'Too many requests; see Retry-After',
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status], content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  );
}

/** A change report as returned. */
export const ChangeReportSchema = z
  .object({
    reference: z.string().openapi({ example: 'WM-2026-000123' }),
    kind: z.string().openapi({ example: 'free_places' }),
    status: z.enum(['applied', 'pending_review', 'accepted', 'rejected']),
    payload: z.unknown(),
    receivedAt: z.string().openapi({ example: '2026-11-28T09:15:00.000Z' }),
    reviewedAt: z.string().nullable(),
    reviewReason: z.string().nullable(),
  })
  .openapi('ChangeReport');

/** An application as returned. */
export const ApplicationSchema = z
  .object({
    reference: z.string().openapi({ example: 'AV-2026-000012' }),
    state: z.string().openapi({ example: 'under_examination' }),
    submittedOn: z.string(),
    organisation: z.object({ name: z.string(), enterpriseNumber: z.string() }),
    simplifiedCategory: z.string().nullable(),
    steps: z.array(
      z.object({
        step: z.string(),
        on: z.string(),
        actor: z.string(),
        outcome: z.string().nullable(),
        notifiedOn: z.string().nullable(),
        validFrom: z.string().nullable(),
        note: z.string().nullable(),
        mailSentAt: z.string().nullable().openapi({ description: 'When the e-mail announcing this step was sent (accepted by the mail server); null until then, or when the step has no mail' }),
        recordedAt: z.string().openapi({ example: '2026-11-28T09:15:00.000Z', description: 'When the step was recorded in the register (`on` is the day it happened, on which it was judged)' }),
        term: z
          .object({ kind: z.enum(['admissibility', 'examination', 'reconsideration_window', 'committee_advice']), dueOn: z.string() })
          .nullable()
          .openapi({ description: 'The term this step answers and its last day; null for a step that answers none' }),
        late: z.boolean().openapi({ description: 'True when the step was dated, or recorded, after the last day of its term' }),
      }),
    ),
    informationWaits: z
      .array(
        z.object({
          requestedOn: z.string(),
          receivedOn: z.string().nullable(),
          days: z.number().int().openapi({ description: 'Days the examination clock stood still for this wait (up to today while it is open)' }),
          effect: z.enum(['suspended', 'before-start', 'after-term']).openapi({
            description: '`before-start`: the examination clock had not started; `after-term`: asked after the term had run out, so it stays overdue',
          }),
        }),
      )
      .openapi({ description: 'Each request for additional information and what it did to the examination deadline' }),
    allowedSteps: z.array(z.string()).openapi({ description: 'The steps that may be recorded with today as their day; a step dated earlier is judged by the state and windows of its own day' }),
    nextDeadline: z
      .object({
        kind: z.string(),
        dueOn: z.string().nullable().openapi({ description: 'Null while the examination clock has not started (see `started`)' }),
        daysLeft: z.number().nullable(),
        overdue: z.boolean(),
        suspended: z.boolean(),
        waitingFor: z.string(),
        started: z.boolean().openapi({ description: 'False while the admissibility e-mail has not been sent: the 45-day examination clock starts on the day it is sent' }),
      })
      .nullable(),
    recognitionNumber: z.string().nullable(),
  })
  .openapi('Application');

/** A mail in the outbox, as administrators see it (recipients are private procedure addresses). */
export const OutboxMailSchema = z
  .object({
    id: z.number().int(),
    template: z.string().openapi({ example: 'application_admissible' }),
    status: z.enum(['pending', 'sending', 'sent', 'failed', 'unknown']),
    recipient: z.string(),
    subject: z.string(),
    reference: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'For a pending mail: not before this instant (backoff after a temporary failure)' }),
    lastAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    messageId: z.string().nullable(),
    lastAnswer: z.string().nullable().openapi({ description: "The mail server's last answer or the error; for .eml files, where the file was written" }),
  })
  .openapi('OutboxMail');

/** A publication as returned. */
export const PublicationSchema = z
  .object({
    id: z.string(),
    trigger: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    requestedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    pages: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi('Publication');

const RecognitionStatus = z.enum(['pending', 'active', 'expired', 'lapsed', 'withdrawn', 'renounced']);

/** One provider's public entry: only public fields, statuses judged by the rules on the day asked. */
export const ProviderSchema = z
  .object({
    enterpriseNumber: z.string().openapi({ example: '0403170701' }),
    name: z.string(),
    address: z.object({ street: z.string(), postcode: z.string(), municipality: z.string(), municipalityNis: z.string() }),
    contact: z.object({ email: z.string().nullable(), phone: z.string().nullable(), website: z.string().nullable() }),
    simplifiedCategory: z.enum(['GTB', 'GOB', 'MAATWERKBEDRIJF', 'LDE']).nullable(),
    recognised: z.boolean().openapi({ description: 'True while the recognition that speaks for the provider is active: only then may an employer call on it' }),
    currentRecognition: z.string().nullable().openapi({ example: 'ED-2024-0042', description: 'The number of the recognition that speaks for the provider (the active one, else the one about to start, else the one that ended last), as on its public page' }),
    recognitions: z.array(
      z.object({
        number: z.string().openapi({ example: 'ED-2024-0042' }),
        decisionDate: z.string(),
        validFrom: z.string(),
        validUntil: z.string().openapi({ description: 'The last day of the five-year term, or the day before a recorded withdrawal or renunciation; a lapse does not move it (see `endedOn`)' }),
        status: RecognitionStatus,
        endedOn: z.string().nullable().openapi({ example: '2026-12-31', description: 'The last day on which the recognition held, once it has ended (expired, lapsed, withdrawn, renounced); null while it holds or has not begun. The public page says "gold tot en met" this day' }),
        endReason: z.string().nullable().openapi({ example: 'Vervallen: geen werknemers met een arbeidsbeperking begeleid in 2025 en 2026.', description: 'Why it ended, in Dutch, as on the public page; null while it has not ended' }),
        terminationEffectiveFrom: z.string().nullable().openapi({ description: 'The first day of a recorded withdrawal or renunciation, also one still to come' }),
        expiresSoon: z.boolean().openapi({ description: 'Active, with its last valid day within six months' }),
        lapseOutlook: z
          .object({ lapsesOn: z.string(), unlessCoachingReportedFor: z.tuple([z.number().int(), z.number().int()]) })
          .nullable()
          .openapi({ description: 'Active, but the year before had no coaching: it lapses on `lapsesOn` unless coaching is reported for one of the two years' }),
      }),
    ),
    capacity: z.object({ totalPlaces: z.number().int(), freePlaces: z.number().int(), updatedAt: z.string() }).nullable(),
    coachCount: z.number().int(),
    workingArea: z.array(z.string()).openapi({ description: 'NIS codes of the municipalities served' }),
    subcontractors: z.array(
      z.object({
        enterpriseNumber: z.string(),
        name: z.string(),
        recognised: z.boolean().openapi({ description: 'Whether the subcontractor holds an active recognition today: a provider may only call on recognised subcontractors' }),
        status: RecognitionStatus.nullable().openapi({ description: "The status of the subcontractor's own recognition (null: it has none)" }),
        notRecognisedSince: z.string().nullable().openapi({ description: 'When it is not recognised: the first day it no longer was (null while it is, or when it never was)' }),
      }),
    ),
  })
  .openapi('Provider');
