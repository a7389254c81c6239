/** The headers of every API answer, and the fast way to send a JSON answer with them. */
import type { MiddlewareHandler } from 'hono';

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
