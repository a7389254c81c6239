/**
 * RFC 9457 problem details: the one shape every API error takes, and the one handler that turns
 * every failure into it.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { RegisterError, type FieldProblem } from '#domain/register-error.ts';

/** A problem details object. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers with `application/problem+json`. */
export function problem(c: Context, status: ContentfulStatusCode, detail: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}): Response {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, instance: c.req.path, ...extra };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json', ...headers });
}

/** An error that already knows its problem details (thrown from middlewares). */
export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly extra: Partial<Problem>;
  readonly headers: Record<string, string>;
  constructor(status: ContentfulStatusCode, detail: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.extra = extra;
    this.headers = headers;
  }
}

/** The field paths and messages of a zod error, as `errors` in problem details. */
export function fieldProblems(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message,
  }));
}

/** Answers a failed validation. */
export function validationProblem(c: Context, error: ZodError, where: string): Response {
  const errors = fieldProblems(error);
  return problem(c, 400, `The ${where} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`, { errors });
}

/** The app's error handler: every failure becomes problem details; unexpected ones are logged. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) return problem(c, error.status, error.message, error.extra, error.headers);
  if (error instanceof RegisterError) {
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 422;
    return problem(c, status, error.message, error.fields.length ? { errors: error.fields } : {});
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail =
      status === 415
        ? 'Send the request body as JSON, with Content-Type: application/json.'
        : /json/i.test(error.message)
          ? 'The request body is not valid JSON.'
          : error.message || TITLES[status] || 'The request failed.';
    return problem(c, status, detail);
  }
  console.error(error);
  return problem(c, 500, 'The register could not handle this request. The error has been logged.');
}
