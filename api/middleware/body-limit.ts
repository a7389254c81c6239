/**
 * The request-body limit. A body whose length is declared is judged by its Content-Length
 * without being read; only a chunked body is counted as it streams in (by Hono's `bodyLimit`).
 * Hono's middleware alone asks for the body as a web stream on every request, which on Node makes
 * the adapter build a whole `Request` and stream the body through it: more than a third of the cost
 * of a small POST. Left alone, the adapter reads a declared body straight from the socket.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Refuses request bodies over `maxBytes` with `onTooLarge`'s answer. */
export function limitBody(maxBytes: number, onTooLarge: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      // Node's HTTP parser has already refused a malformed or contradictory Content-Length.
      return Number(length) > maxBytes ? onTooLarge(c) : next();
    }
    return streamed(c, next);
  };
}
