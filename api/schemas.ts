/**
 * Schemas of what the API sends back, for the OpenAPI document: every answer is typed to the
 * field, so the document is the contract (test/api/contract.ts checks every answer the tests get
 * against it). Objects are not closed (no `additionalProperties: false`) so that a field added
 * later does not break a client; the tests hold the register to sending only documented fields.
 */
import { z } from '@hono/zod-openapi';
import {
  CapacityPayload,
  CoachesPayload,
  ContactDetailsPayload,
  FreePlacesPayload,
  OtherPayload,
  QualityRegistrationPayload,
  SubcontractorsPayload,
  WorkingAreaPayload,
  YearlyActivityPayload,
} from '#domain/change-reports.ts';
import { CHANGE_REPORT_REVIEW_DAYS, PROCEDURE_STATES, PROCEDURE_STEPS, RECOGNITION_STATUSES } from '#domain/rules/index.ts';
import { CHANGE_REPORT_STATUSES } from '#db/schema/change-reports.ts';
import { MAIL_STATUSES } from '#db/schema/mail.ts';
import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';
import { PUBLICATION_STATES, type PublicationStatus } from '#publish/publisher.ts';

/** A calendar day (Europe/Brussels), as the register writes it. */
export const CalendarDateSchema = z.iso.date().openapi({ example: '2026-11-28' });
/** An instant, in UTC. */
export const InstantSchema = z.iso.datetime().openapi({ example: '2026-11-28T09:15:00.000Z' });
/** An enterprise number: ten digits, no dots. */
export const EnterpriseNumberSchema = z.string().regex(/^\d{10}$/).openapi({ example: '0403170701' });
const simplifiedCategory = z.enum(SIMPLIFIED_CATEGORIES).nullable().openapi({ description: 'The simplified-registration group, or null' });

/** RFC 9457 problem details. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Bad Request' }),
    status: z.number().int().min(400).max(599).openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'The request body is not valid: payload.freePlaces: Too small: expected number to be >=0.' }),
    instance: z.string().openapi({ example: '/api/v1/change-reports' }),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: 'payload.freePlaces' }), message: z.string() }))
      .optional()
      .openapi({ description: 'The fields that were refused, as paths in the request (dotted; `(body)` for the body as a whole)' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or fails validation (field paths in `errors`)',
  401: 'No token, or an unknown, expired or revoked token',
  403: 'The token is of the wrong role',
  404: 'Not found (or not yours)',
  409: 'The request conflicts with the current state',
  413: 'The body is larger than 64 KB',
  415: 'The body is not sent as `application/json`',
  422: 'The request is well-formed but the register refuses it (field paths in `errors`)',
  429: 'Too many requests; try again after `Retry-After` seconds',
};

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', required: true, schema: { type: 'integer' as const, minimum: 1 } } };
const challenge = { 'WWW-Authenticate': { description: 'The Bearer challenge', required: true, schema: { type: 'string' as const } } };

/** Problem responses a route may give, by status. */
export function problemResponses(...statuses: (keyof typeof PROBLEM_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status],
        ...(status === 429 ? { headers: retryAfter } : status === 401 ? { headers: challenge } : {}),
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/** `GET /api/health`. */
export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    time: InstantSchema.openapi({ description: "The register's clock" }),
    today: CalendarDateSchema.openapi({ description: 'The day in Europe/Brussels on which the rules judge' }),
    database: z.enum(['ok', 'unavailable']),
    publication: z.string().nullable().openapi({ description: 'The publication online, or null before the first', example: '20261128T091500Z-3f9c' }),
  })
  .openapi('Health');

// Each kind of change report: its payload as stored (the request's, after normalising) and, for
// review, what the register holds now.
const capacityNow = z.object({ totalPlaces: z.number().int(), freePlaces: z.number().int() }).nullable();
const REPORT_KINDS = {
  contact_details: {
    payload: ContactDetailsPayload,
    current: z.object({ street: z.string(), postcode: z.string(), email: z.string().nullable(), phone: z.string().nullable(), website: z.string().nullable() }),
  },
  working_area: { payload: WorkingAreaPayload, current: z.object({ municipalities: z.array(z.string().regex(/^\d{5}$/)) }) },
  capacity: { payload: CapacityPayload, current: capacityNow },
  free_places: { payload: FreePlacesPayload, current: capacityNow },
  coaches: { payload: CoachesPayload, current: z.object({ coaches: z.array(z.object({ fullName: z.string(), qualification: z.string() })) }) },
  subcontractors: { payload: SubcontractorsPayload, current: z.object({ enterpriseNumbers: z.array(EnterpriseNumberSchema) }) },
  quality_registration: { payload: QualityRegistrationPayload, current: z.object({ reference: z.string().nullable() }) },
  yearly_activity: { payload: YearlyActivityPayload, current: z.object({ year: z.number().int(), employeesCoached: z.number().int() }).nullable() },
  other: { payload: OtherPayload, current: z.null() },
} as const;
type ReportKind = keyof typeof REPORT_KINDS;
const PAYLOAD_NAMES: Record<ReportKind, string> = {
  contact_details: 'ContactDetailsPayload',
  working_area: 'WorkingAreaPayload',
  capacity: 'CapacityPayload',
  free_places: 'FreePlacesPayload',
  coaches: 'CoachesPayload',
  subcontractors: 'SubcontractorsPayload',
  quality_registration: 'QualityRegistrationPayload',
  yearly_activity: 'YearlyActivityPayload',
  other: 'OtherPayload',
};
// zod's own metadata (not `.openapi()`): the domain's schemas may be made before zod is extended.
const payloads = Object.fromEntries(Object.entries(REPORT_KINDS).map(([kind, { payload }]) => [kind, payload.meta({ id: PAYLOAD_NAMES[kind as ReportKind] })])) as unknown as Record<ReportKind, z.ZodType>;

const reportFields = {
  reference: z.string().openapi({ example: 'WM-2026-000123' }),
  status: z.enum(CHANGE_REPORT_STATUSES).openapi({ description: '`applied` at once (free places), or waiting for review (`pending_review`) and then `accepted` or `rejected` by the department, or `withdrawn` by the provider' }),
  receivedAt: InstantSchema,
  reviewedAt: InstantSchema.nullable().openapi({ description: 'When the department accepted or rejected it' }),
  reviewReason: z.string().nullable().openapi({ description: "The reviewer's reason, which the provider reads" }),
  withdrawnAt: InstantSchema.nullable().openapi({ description: 'When the provider withdrew it (status `withdrawn`)' }),
  expectedReviewBy: CalendarDateSchema.nullable().openapi({
    description: `While it waits for review: the day by which the department expects to have reviewed it (${CHANGE_REPORT_REVIEW_DAYS} calendar days after the day it was received; an expectation, not a legal term)`,
  }),
};

const kinds = Object.keys(REPORT_KINDS) as ReportKind[];
const byKind = <T extends z.ZodType>(variant: (kind: ReportKind) => T) => kinds.map(variant) as unknown as [T, T, ...T[]];

/** A change report as returned: its payload typed by its kind. */
export const ChangeReportSchema = z
  .discriminatedUnion(
    'kind',
    byKind((kind) => z.object({ ...reportFields, kind: z.literal(kind), payload: payloads[kind] }).openapi(`ChangeReport_${kind}`)),
  )
  .openapi('ChangeReport', { description: 'A change report; `payload` has the shape of its `kind`' });

/** A report waiting for review, with its provider and what the register holds now. */
export const ReviewItemSchema = z
  .discriminatedUnion(
    'kind',
    byKind((kind) =>
      z
        .object({
          ...reportFields,
          kind: z.literal(kind),
          payload: payloads[kind],
          provider: z.object({ enterpriseNumber: EnterpriseNumberSchema, name: z.string() }),
          kindLabel: z.string().openapi({ example: 'Werkingsgebied', description: 'The kind in Dutch' }),
          current: REPORT_KINDS[kind].current.openapi({ description: 'What the register holds now for what the report changes (null when nothing yet)' }),
          providerVersion: z.number().int().openapi({
            example: 1842,
            description: "The provider's version when `current` was read (its latest entry in the change log). Send it with the decision: if the provider changed since, the decision is refused with 409 and nothing changes.",
          }),
        })
        .openapi(`ReviewItem_${kind}`),
    ),
  )
  .openapi('ReviewItem', { description: 'A change report waiting for review, beside the current values' });

const DEADLINE_KINDS = ['admissibility', 'examination', 'reconsideration_window', 'committee_advice'] as const;
const WAITING_FOR = ['department', 'provider', 'committee'] as const;

const applicationFields = {
  reference: z.string().openapi({ example: 'AV-2026-000012' }),
  state: z.enum(PROCEDURE_STATES),
  submittedOn: CalendarDateSchema,
  organisation: z.object({ name: z.string(), enterpriseNumber: EnterpriseNumberSchema }),
  simplifiedCategory,
  steps: z.array(
    z.object({
      step: z.enum(PROCEDURE_STEPS),
      on: CalendarDateSchema,
      actor: z.string(),
      outcome: z.enum(['granted', 'refused']).nullable(),
      notifiedOn: CalendarDateSchema.nullable(),
      validFrom: CalendarDateSchema.nullable(),
      note: z.string().nullable(),
      mailSentAt: InstantSchema.nullable().openapi({ description: 'When the e-mail announcing this step was sent (accepted by the mail server); null until then, or when the step has no mail' }),
      recordedAt: InstantSchema.openapi({ description: 'When the step was recorded in the register (`on` is the day it happened, on which it was judged)' }),
      term: z
        .object({ kind: z.enum(DEADLINE_KINDS), dueOn: CalendarDateSchema })
        .nullable()
        .openapi({ description: 'The term this step answers and its last day; null for a step that answers none' }),
      late: z.boolean().openapi({ description: 'True when the step was dated, or recorded, after the last day of its term' }),
    }),
  ),
  informationWaits: z
    .array(
      z.object({
        requestedOn: CalendarDateSchema,
        receivedOn: CalendarDateSchema.nullable(),
        days: z.number().int().openapi({ description: 'Days the examination clock stood still for this wait (up to today while it is open)' }),
        effect: z.enum(['suspended', 'before-start', 'after-term']).openapi({
          description: '`before-start`: the examination clock had not started; `after-term`: asked after the term had run out, so it stays overdue',
        }),
      }),
    )
    .openapi({ description: 'Each request for additional information and what it did to the examination deadline' }),
  allowedSteps: z.array(z.enum(PROCEDURE_STEPS)).openapi({ description: 'The steps that may be recorded with today as their day; a step dated earlier is judged by the state and windows of its own day' }),
  nextDeadline: z
    .object({
      kind: z.enum(DEADLINE_KINDS),
      dueOn: CalendarDateSchema.nullable().openapi({ description: 'Null while the examination clock has not started (see `started`)' }),
      daysLeft: z.number().int().nullable(),
      overdue: z.boolean(),
      suspended: z.boolean(),
      waitingFor: z.enum(WAITING_FOR),
      started: z.boolean().openapi({ description: 'False while the admissibility e-mail has not been sent: the 45-day examination clock starts on the day it is sent' }),
    })
    .nullable(),
  recognitionNumber: z.string().nullable().openapi({ example: 'ED-2026-0042' }),
};

/** An application as returned. */
export const ApplicationSchema = z.object(applicationFields).openapi('Application');

/** An open application in the deadline list. */
export const DeadlineItemSchema = z
  .object({ ...applicationFields, waitingFor: z.enum(WAITING_FOR).nullable().openapi({ description: 'Whose move it is (as in `nextDeadline`)' }) })
  .openapi('DeadlineItem');

/** The end of a recognition, as recorded. */
export const RecognitionEndSchema = z
  .object({ recognitionNumber: z.string(), status: z.enum(RECOGNITION_STATUSES).openapi({ description: 'Its status now: still `active` when the end is on a later day' }), effectiveFrom: CalendarDateSchema })
  .openapi('RecognitionEnd');

/** A mail in the outbox, as administrators see it (recipients are private procedure addresses). */
export const OutboxMailSchema = z
  .object({
    id: z.number().int(),
    template: z.string().openapi({ example: 'application_admissible' }),
    status: z.enum(MAIL_STATUSES),
    recipient: z.string(),
    subject: z.string(),
    reference: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: InstantSchema,
    nextAttemptAt: InstantSchema.nullable().openapi({ description: 'For a pending mail: not before this instant (backoff after a temporary failure)' }),
    lastAttemptAt: InstantSchema.nullable(),
    sentAt: InstantSchema.nullable(),
    messageId: z.string().nullable(),
    lastAnswer: z.string().nullable().openapi({ description: "The mail server's last answer or the error; for .eml files, where the file was written" }),
  })
  .openapi('OutboxMail');

/** A publication as returned. */
export const PublicationSchema = z
  .object({
    id: z.string(),
    trigger: z.string(),
    status: z.enum(PUBLICATION_STATES),
    requestedAt: InstantSchema,
    startedAt: InstantSchema.nullable(),
    finishedAt: InstantSchema.nullable(),
    pages: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .openapi('Publication');
/** The schema describes the publisher's own type (publish/publisher.ts): when they part, the type check fails here. */
export const PUBLICATION_SCHEMA_MATCHES: [z.infer<typeof PublicationSchema>, PublicationStatus] extends [PublicationStatus, z.infer<typeof PublicationSchema>] ? true : never = true;

/** A provider in the public list. */
export const ProviderSummarySchema = z
  .object({
    enterpriseNumber: EnterpriseNumberSchema,
    name: z.string(),
    address: z.object({ street: z.string(), postcode: z.string(), municipality: z.string() }),
    simplifiedCategory,
    recognition: z.object({ number: z.string(), validFrom: CalendarDateSchema, validUntil: CalendarDateSchema, status: z.literal('active') }),
    capacity: z.object({ totalPlaces: z.number().int(), freePlaces: z.number().int(), updatedAt: InstantSchema }).nullable(),
    email: z.string().nullable().openapi({ description: "The provider's public e-mail address" }),
    phone: z.string().nullable().openapi({ description: "The provider's public phone number in E.164 (e.g. +3292001010)" }),
    website: z.string().nullable(),
    distanceKm: z.number().min(0).optional().openapi({
      example: 4.2,
      description: 'Only with `near`: kilometres as the crow flies, one decimal, from the place asked to the postcode of the provider’s address',
    }),
  })
  .openapi('ProviderSummary');

/** A place the place search found, or offers. */
export const PlaceSchema = z
  .object({
    label: z.string().openapi({ example: 'Deurne (Antwerpen, 2100)', description: 'How the place reads in a list; asked again as `q`, it finds exactly this place' }),
    name: z.string().openapi({ example: 'Deurne', description: 'The name as it is officially written' }),
    kind: z.enum(['municipality', 'former_municipality', 'deelgemeente', 'postcode', 'nis_code']).openapi({
      description: 'What the name is: a current municipality, a former municipality (merged in 2019 or 2025), a locality (deelgemeente), or what was typed was a postcode or NIS code',
    }),
    lang: z.enum(['nl', 'fr', 'de']),
    postcode: z.string().regex(/^\d{4}$/).nullable(),
    municipality: z.object({
      nisCode: z.string().regex(/^\d{5}$/).openapi({ example: '11002' }),
      name: z.string().openapi({ example: 'Antwerpen' }),
      province: z.string().openapi({ example: 'Antwerpen', description: 'The province, or the Brussels-Capital Region' }),
      page: z.string().openapi({ example: '/gemeenten/antwerpen/', description: "The path of the municipality's page on the public site" }),
    }),
    point: z.object({ lat: z.number(), lon: z.number() }).openapi({ description: 'WGS84: the point distances are measured from' }),
  })
  .openapi('Place');

/** `GET /api/v1/places`. */
export const PlaceAnswerSchema = z
  .object({
    query: z.string(),
    status: z.enum(['found', 'ambiguous', 'suggestions', 'unknown']).openapi({
      description: '`found`: one place (`place`); `ambiguous`: several places carry the name (`choices`); `suggestions`: no exact match, these are close; `unknown`: nothing close',
    }),
    // A union, not .nullable(): a nullable reference comes out as an allOf that null cannot match.
    place: z.union([PlaceSchema, z.null()]).openapi({ description: 'The place found (null unless `status` is `found`)' }),
    understood: z.string().nullable().openapi({ example: 'Deurne hoort bij Antwerpen.', description: 'How the place was understood, in Dutch, when that is not plain' }),
    message: z.string().nullable().openapi({ example: 'Er zijn 2 plaatsen met de naam ‘Deurne’. Welke bedoelt u?', description: 'What to tell the person, in Dutch, when no single place was found' }),
    choices: z.array(PlaceSchema),
    suggestions: z.array(PlaceSchema),
  })
  .openapi('PlaceAnswer');

/** A recognition on a provider's public entry, judged by the rules on the day asked. */
export const PublicRecognitionSchema = z
  .object({
    number: z.string().openapi({ example: 'ED-2024-0042' }),
    decisionDate: CalendarDateSchema,
    validFrom: CalendarDateSchema,
    validUntil: CalendarDateSchema.openapi({ description: 'The last day of the five-year term, or the day before a recorded withdrawal or renunciation; a lapse does not move it (see `endedOn`)' }),
    status: z.enum(RECOGNITION_STATUSES),
    endedOn: CalendarDateSchema.nullable().openapi({
      example: '2026-12-31',
      description: 'The last day on which the recognition held, once it has ended (expired, lapsed, withdrawn, renounced); null while it holds or has not begun. The public page says "gold tot en met" this day',
    }),
    endReason: z.string().nullable().openapi({ example: 'Vervallen: geen werknemers met een arbeidsbeperking begeleid in 2025 en 2026.', description: 'Why it ended, in Dutch, as on the public page; null while it has not ended' }),
    terminationEffectiveFrom: CalendarDateSchema.nullable().openapi({ description: 'The first day of a recorded withdrawal or renunciation, also one still to come' }),
    expiresSoon: z.boolean().openapi({ description: 'Active, with its last valid day within six months' }),
    lapseOutlook: z
      .object({ lapsesOn: CalendarDateSchema, unlessCoachingReportedFor: z.tuple([z.number().int(), z.number().int()]) })
      .nullable()
      .openapi({ description: 'Active, but the year before had no coaching: it lapses on `lapsesOn` unless coaching is reported for one of the two years' }),
  })
  .openapi('PublicRecognition');

/** One provider's public entry: only public fields, statuses judged by the rules on the day asked. */
export const ProviderSchema = z
  .object({
    enterpriseNumber: EnterpriseNumberSchema,
    name: z.string(),
    address: z.object({ street: z.string(), postcode: z.string(), municipality: z.string(), municipalityNis: z.string().regex(/^\d{5}$/) }),
    contact: z.object({ email: z.string().nullable(), phone: z.string().nullable(), website: z.string().nullable() }),
    simplifiedCategory,
    recognised: z.boolean().openapi({ description: 'True while the recognition that speaks for the provider is active: only then may an employer call on it' }),
    currentRecognition: z.string().nullable().openapi({
      example: 'ED-2024-0042',
      description: 'The number of the recognition that speaks for the provider (the active one, else the one about to start, else the one that ended last), as on its public page',
    }),
    recognitions: z.array(PublicRecognitionSchema).openapi({ description: 'Every recognition, oldest first' }),
    capacity: z.object({ totalPlaces: z.number().int(), freePlaces: z.number().int(), updatedAt: InstantSchema }).nullable(),
    coachCount: z.number().int().openapi({ description: 'The number of qualified coaches (their names are never published)' }),
    workingArea: z.array(z.string().regex(/^\d{5}$/)).openapi({ description: 'NIS codes of the municipalities served' }),
    subcontractors: z.array(
      z.object({
        enterpriseNumber: EnterpriseNumberSchema,
        name: z.string(),
        recognised: z.boolean().openapi({ description: 'Whether the subcontractor holds an active recognition today: a provider may only call on recognised subcontractors' }),
        status: z.enum(RECOGNITION_STATUSES).nullable().openapi({ description: "The status of the subcontractor's own recognition (null: it has none)" }),
        notRecognisedSince: CalendarDateSchema.nullable().openapi({ description: 'When it is not recognised: the first day it no longer was (null while it is, or when it never was)' }),
      }),
    ),
  })
  .openapi('Provider');
