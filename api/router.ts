/**
 * The router every group of API routes is built on (as in hono-open-api-starter's `createRouter`):
 * one typed environment, and request validation failures answered as problem details. Route files
 * return such a router; api/app.ts mounts them with `app.route`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthVariables } from './middleware/auth.ts';
import { validationProblem } from './problem.ts';

/** What every API route sees: the principal the bearer-token middleware sets. */
export type AppEnv = { Variables: AuthVariables };

const TARGETS: Record<string, string> = { json: 'request body', query: 'query string', param: 'path', header: 'request headers' };

/** A router (or the app itself) with the API's environment and validation answers. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c, result.error, TARGETS[result.target] ?? result.target);
    },
  });
}
