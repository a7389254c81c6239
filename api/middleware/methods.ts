/**
 * 405 for a method a path does not have, with `Allow` listing the ones it has (RFC 9110 §15.5.6),
 * as problem details. The paths and their methods are read from the OpenAPI document, so the
 * contract and this answer cannot disagree.
 */
import type { MiddlewareHandler } from 'hono';
import { problem } from '#api/problem.ts';

/** The methods of each path of an OpenAPI document (path templates as `{name}`). */
export type PathMethods = Record<string, string[]>;

interface CompiledPath {
  pattern: RegExp;
  methods: Set<string>;
  /** A path without a template part (`/change-reports/preview` beside `/change-reports/{reference}`). */
  concrete: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

function compile(paths: PathMethods): CompiledPath[] {
  return Object.entries(paths).map(([template, methods]) => ({
    pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`),
    methods: new Set(methods.map((m) => m.toUpperCase())),
    concrete: !template.includes('{'),
  }));
}

/** The methods `path` has (GET brings HEAD), or null when no path of the document matches. */
export function methodsOf(compiled: CompiledPath[], path: string, extra: (path: string) => string[] = () => []): string[] | null {
  const methods = new Set<string>();
  // As OpenAPI matches: a concrete path before the templates it also fits.
  const matching = compiled.filter(({ pattern }) => pattern.test(path));
  const concrete = matching.filter((p) => p.concrete);
  for (const { methods: own } of concrete.length > 0 ? concrete : matching) for (const m of own) methods.add(m);
  if (methods.size === 0) return null;
  if (methods.has('GET')) methods.add('HEAD');
  for (const m of extra(path)) methods.add(m);
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * Answers 405 when the path is in the document but the method is not. `paths` is read on the
 * first request (the document is complete only once every route is registered); `extra` adds
 * methods answered outside the document (OPTIONS where CORS preflights are answered).
 */
export function methodNotAllowed(paths: () => PathMethods, extra?: (path: string) => string[]): MiddlewareHandler {
  let compiled: CompiledPath[] | null = null;
  return async (c, next) => {
    compiled ??= compile(paths());
    const allowed = methodsOf(compiled, c.req.path, extra);
    if (allowed === null || allowed.includes(c.req.method)) return next();
    return problem(c, 405, `${c.req.path} does not answer ${c.req.method}; it answers ${allowed.join(', ')}.`, {}, { Allow: allowed.join(', ') });
  };
}
