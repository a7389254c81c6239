/**
 * Holds every answer the API tests get to the OpenAPI document the app serves: the operation of
 * its path and method must document its status, its content type and its required headers, and
 * its body must match the schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses, with formats).
 * The tests go further than the document on one point: an answer may hold only documented fields
 * (every object schema is closed here), so a field sent but not documented fails a test, while
 * the published document leaves objects open for clients to take additions in their stride.
 *
 * As the document's description says, a method the path does not have must get 405 problem
 * details with `Allow` listing the path's methods, and an unknown path under /api/ problem
 * details; a CORS preflight of a public read (OPTIONS answered 204 with CORS headers) is HTTP
 * machinery outside the document.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { apiDocument } from '#api/routes/docs.ts';
import { createApp } from '#api/app.ts';
import { WriteSide } from '#db/write-side.ts';

type Json = Record<string, any>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** Closes every object schema that lists its properties and says nothing of others (not parts of an allOf). */
function closeObjects(schema: unknown, inAllOf = false): void {
  if (Array.isArray(schema)) return schema.forEach((item) => closeObjects(item, inAllOf));
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Json;
  if (node.properties && !inAllOf && node.additionalProperties === undefined && node.unevaluatedProperties === undefined) node.additionalProperties = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key === 'default') continue;
    closeObjects(value, key === 'allOf');
  }
}

/** Problem details, as the document describes them. */
const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: 'openapi.json#/components/schemas/Problem' } } } };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Checks answers against one OpenAPI document. */
export class ContractChecker {
  private readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly paths: { template: string; pattern: RegExp; params: number }[];

  constructor(served: Json) {
    // Component references resolve inside the document registered under this name.
    const document = JSON.parse(JSON.stringify(served).replaceAll('"#/components/', '"openapi.json#/components/')) as Json;
    closeObjects(document.components?.schemas);
    closeObjects(document.paths);
    this.document = document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
    this.paths = Object.keys(document.paths ?? {})
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      // A literal segment wins over a parameter.
      .sort((a, b) => a.params - b.params);
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** What is wrong with an answer to `method url` (nothing: an empty list). */
  problems(method: string, url: string, response: { status: number; headers: Headers }, body: string): string[] {
    const path = new URL(url, 'http://register.test').pathname;
    if (!path.startsWith('/api/')) return [];
    const where = `${method} ${path} → ${response.status}`;
    const contentType = response.headers.get('content-type')?.split(';')[0].trim() ?? null;
    const template = this.paths.find((p) => p.pattern.test(path))?.template;
    if (!template) {
      // No such path: problem details (a 404, or what a middleware answers first: 401, 429).
      return this.checkResponse(where, `unknown ${response.status}`, response.status >= 400 ? PROBLEM : undefined, response, contentType, body);
    }
    const item = this.document.paths[template] as Json;
    const operation = item[method.toLowerCase()] ?? (method === 'HEAD' ? item.get : undefined);
    if (!operation) {
      const preflight = method === 'OPTIONS' && response.status === 204 && response.headers.has('access-control-allow-methods');
      if (preflight) return [];
      if (response.status !== 405) return [`${where}: the path has no ${method}, so the answer must be 405`];
      const allowed = Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => m.toUpperCase());
      const allow = (response.headers.get('allow') ?? '').split(',').map((m) => m.trim());
      const missing = allowed.filter((m) => !allow.includes(m));
      const extra = missing.length ? [`${where}: Allow (${allow.join(', ')}) leaves out ${missing.join(', ')}`] : [];
      if (!response.headers.has('allow')) extra.push(`${where}: a 405 needs an Allow header`);
      return [...extra, ...this.checkResponse(where, '405', PROBLEM, response, contentType, body)];
    }
    const status = String(response.status);
    const documented = operation.responses?.[status] ?? operation.responses?.[`${status[0]}XX`] ?? operation.responses?.default;
    if (!documented) return [`${where}: status ${status} is not documented for ${method} ${template} (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`];
    return this.checkResponse(where, `${method} ${template} ${status}`, documented, response, contentType, body, method === 'HEAD');
  }

  private checkResponse(where: string, key: string, documented: Json | undefined, response: { headers: Headers }, contentType: string | null, body: string, head = false): string[] {
    if (!documented) return [`${where}: not documented`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries((documented.headers ?? {}) as Record<string, Json>)) {
      if (header.required && !response.headers.has(name)) problems.push(`${where}: the documented header ${name} is missing`);
    }
    const content = documented.content as Record<string, { schema?: unknown }> | undefined;
    if (!content) {
      if (body !== '') problems.push(`${where}: the answer has a body, the document none`);
      return problems;
    }
    if (head) return problems;
    if (!contentType || !content[contentType]) return [...problems, `${where}: content type ${contentType} is not documented (documented: ${Object.keys(content).join(', ')})`];
    const schema = content[contentType].schema;
    if (!schema) return problems;
    let value: unknown = body;
    if (/json$/.test(contentType)) {
      try {
        value = JSON.parse(body);
      } catch {
        return [...problems, `${where}: the body is not JSON`];
      }
    }
    const validate = this.validator(`${key} ${contentType}`, schema);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
      problems.push(`${where}: the body does not match the document: ${errors.join('; ')}\n${body.slice(0, 600)}`);
    }
    return problems;
  }
}

let checker: ContractChecker | null = null;

/** The checker of the document the app serves: the same for every app of this code, so read from one made for it. */
export function contract(): ContractChecker {
  // Routes only touch their dependencies when asked something; the document needs none (the app
  // only subscribes to the database's write side, which never writes here).
  checker ??= new ContractChecker(JSON.parse(JSON.stringify(apiDocument(createApp({ db: { writes: new WriteSide({} as never) } } as never)))));
  return checker;
}

/** Fails the test when an answer does not match the document. */
export async function expectContract(method: string, url: string, response: Response): Promise<void> {
  const body = await response.clone().text();
  const problems = contract().problems(method.toUpperCase(), url, response, body);
  expect(problems, 'the answer must match the OpenAPI document').toEqual([]);
}

/** `fetch`, with every answer from the API checked against the document (for tests over a socket). */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  await expectContract(init.method ?? 'GET', url, response);
  return response;
}

/** The app (the API's, or the server's with the site), with every API answer to `app.request` checked against the document. */
export function checkedApp<A extends { request: (...args: any[]) => Response | Promise<Response> }>(app: A): A {
  const request = app.request.bind(app);
  app.request = (async (input: RequestInfo | URL, init?: RequestInit, ...rest: unknown[]) => {
    const response = await request(input, init, ...rest);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = input instanceof Request ? input.url : String(input);
    await expectContract(method, url, response);
    return response;
  }) as A['request'];
  return app;
}
