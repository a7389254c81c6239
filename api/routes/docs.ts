/**
 * A readable API reference rendered from the OpenAPI document itself: plain HTML from this
 * server, no scripts or assets from elsewhere.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#api/router.ts';
import { LICENCE } from '#domain/open-data.ts';
import { problemResponses } from '#api/schemas.ts';

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Renders the reference page from an OpenAPI document: one section per tag (h2), one per operation (h3). */
export function renderReference(document: { info: { title: string; version: string; description?: string }; paths?: Record<string, Record<string, Operation>>; components?: unknown }): string {
  // Operations grouped by their first tag, in the order the tags first appear.
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const sections = byTag.get(tag) ?? [];
      byTag.set(tag, sections);
      const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${escape(p.description)}` : ''}</li>`)
        .join('');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${status}</code> ${escape(r.description ?? '')}</li>`)
        .join('');
      sections.push(`<section id="${id}">
<h3><code>${method.toUpperCase()} ${escape(path)}</code></h3>
<p>${escape(op.summary ?? '')}${op.security?.length ? ' <strong>(token required)</strong>' : ''}</p>
${op.description ? `<p>${escape(op.description)}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${bodySchema ? `<h4>Request body (JSON)</h4><details><summary>Schema</summary><pre>${escape(JSON.stringify(bodySchema, null, 2))}</pre></details>` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  const groups = [...byTag].map(([tag, sections]) => {
    const id = `tag-${tag.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    return `<section aria-labelledby="${id}">\n<h2 id="${id}">${escape(tag)}</h2>\n${sections.join('\n')}\n</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} — API reference</title>
<link rel="stylesheet" href="/api/docs.css">
</head><body><main>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
${document.info.description ? `<p>${escape(document.info.description)}</p>` : ''}
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details (<code>application/problem+json</code>).</p>
${groups.join('\n')}
</main></body></html>`;
}

const CSS = `body{font-family:system-ui,sans-serif;line-height:1.5;color:#1d1d1b;margin:0}main{max-width:60rem;margin:0 auto;padding:1rem}
section section{border-top:1px solid #cbd2da;padding:.5rem 0}h2{margin-top:2rem}h3 code{font-size:1.05rem}pre{background:#f3f5f7;padding:.75rem;overflow:auto;font-size:.85rem}a{color:#05407a}`;

/** What the document says about itself and the whole API (the operations come from the routes). */
const DOCUMENT_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'Register of recognised external service providers',
    version: '1',
    description:
      'Public read API (no token), change reports by providers (provider token) and administration by the department (admin token). ' +
      'Send tokens as "Authorization: Bearer <token>". Every error is RFC 9457 problem details (`application/problem+json`). ' +
      'A path answers a method it does not have with 405 Method Not Allowed: problem details with an `Allow` header listing the methods it has. ' +
      'A path under /api/ that does not exist answers 404 with problem details. ' +
      'Public reads (tag Public) may be read from any origin (CORS); the provider and administration endpoints may not.',
    license: { name: LICENCE.name, identifier: 'CC0-1.0' },
    contact: { name: 'Departement Werk en Sociale Economie' },
  },
  servers: [{ url: '/', description: 'The register that serves this document' }],
  tags: [
    { name: 'Public', description: 'The public register: no token, readable from any origin' },
    { name: 'Provider', description: "A provider's change reports (provider token)" },
    { name: 'Administration', description: 'The procedure, reviews, publications and mail (admin token)' },
    { name: 'Documentation', description: 'This document and its readable reference' },
  ],
};

/** The OpenAPI document the app serves at /api/openapi.json. */
export function apiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(DOCUMENT_CONFIG);
}

/** Registers `/api/openapi.json`, `/api/docs` and its stylesheet. */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', description: 'A token made with `register token create`' });
  const documentation = (path: string, operationId: string, summary: string, type: string, schema: object) =>
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      operationId,
      summary,
      tags: ['Documentation'],
      security: [],
      responses: { 200: { description: summary, content: { [type]: { schema } } }, ...problemResponses(429) },
    });
  documentation('/api/openapi.json', 'getOpenApiDocument', 'This OpenAPI 3.1 document', 'application/json', {
    type: 'object',
    properties: { openapi: { type: 'string', const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } },
    required: ['openapi', 'info', 'paths'],
    additionalProperties: true,
  });
  documentation('/api/docs', 'getApiReference', 'A readable reference, rendered from this document', 'text/html', { type: 'string' });
  documentation('/api/docs.css', 'getApiReferenceStylesheet', 'The stylesheet of the readable reference', 'text/css', { type: 'string' });
  let cached: string | null = null;
  // The document is the same for the life of the app: built once, on first request.
  const document = () => (cached ??= JSON.stringify(apiDocument(app)));
  app.get('/api/openapi.json', (c) => c.body(document(), 200, { 'Content-Type': 'application/json' }));
  app.get('/api/docs', (c) =>
    c.html(renderReference(JSON.parse(document())), 200, {
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    }),
  );
  app.get('/api/docs.css', (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
}
