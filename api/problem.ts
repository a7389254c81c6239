/** RFC 9457 problem details: the one shape every API error takes. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A problem details object. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Answers with `application/problem+json`. */
export function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  const body: Problem = { type: 'about:blank', title, status, detail, instance: c.req.path, ...extra };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}
