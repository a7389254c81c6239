/** The headers of every API answer, and the fast way to send a JSON answer with them. */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * The headers every API response carries: the set OWASP recommends for REST APIs. The HTML-page
 * headers (a full content policy and friends) go on the site's pages; a JSON answer needs these,
 * and precomputing them keeps a public read cheap.
 */
const API_HEADERS: [string, string][] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/** The headers of a JSON answer, as a plain record: for the cached reads of createApp and {@link apiJson}. */
export const JSON_ANSWER_HEADERS: Record<string, string> = { 'Content-Type': 'application/json', ...Object.fromEntries(API_HEADERS) };

/**
 * What a page on another origin may read of a public answer, besides the CORS-safelisted headers:
 * the events' paging and cache headers, the rate limit's wait and the publication online.
 */
const EXPOSED_HEADERS = ['ETag', 'Link', 'Location', 'Retry-After', 'X-Register-Publication'];

/** The CORS headers of a public read (any origin; no credentials: nothing public needs them). */
const PUBLIC_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(','),
  // Embedding (a no-cors request) from another origin is allowed too: the data is public.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** The headers of a public JSON read, as a plain record (the public read cache's fast path). */
export const PUBLIC_JSON_ANSWER_HEADERS: Record<string, string> = { ...JSON_ANSWER_HEADERS, ...PUBLIC_CORS_HEADERS };

const answerPreflight = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: EXPOSED_HEADERS, maxAge: 86_400 });

/**
 * CORS for public reads and open data: readable from any origin, with a resource policy that
 * lets other origins embed them too; preflights are answered by Hono's cors middleware. The
 * headers of an answer are set once it is made (Hono's middleware sets them before, which makes
 * the answer early and loses a Content-Type the static files set, such as the feeds' Atom type).
 */
export const publicCors: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') return answerPreflight(c, next);
  await next();
  for (const [name, value] of Object.entries(PUBLIC_CORS_HEADERS)) c.res.headers.set(name, value);
};

/** Answers that carry {@link API_HEADERS} already. */
const withApiHeaders = new WeakSet<Response>();

/**
 * A JSON answer with every API header, given as one plain record: the Node adapter writes such a
 * response straight to the socket, where a `Headers` object (which `c.json` and any middleware
 * touching headers make) costs more than the rest of a small request. For the hot routes.
 */
export function apiJson(body: unknown, status: number, headers?: Record<string, string>): Response {
  const response = new Response(JSON.stringify(body), { status, headers: headers ? { ...JSON_ANSWER_HEADERS, ...headers } : JSON_ANSWER_HEADERS });
  withApiHeaders.add(response);
  return response;
}

/** Puts {@link API_HEADERS} on every API response. */
export const apiSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (withApiHeaders.has(c.res)) return;
  // A route may set its own policy (the HTML reference needs its stylesheet).
  for (const [name, value] of API_HEADERS) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
};
