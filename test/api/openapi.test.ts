/**
 * The OpenAPI document is the contract: Redocly's recommended rules find nothing in it, every
 * answer is typed, every path says which methods it has, and the check that holds every test's
 * answers to it (test/api/contract.ts) does catch what does not match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '#api/app.ts';
import { fixedClock } from '#config/clock.ts';
import { apiHarness, FakePublisher, NOW } from '#test/fixtures/api.ts';
import { checkedApp, ContractChecker } from './contract.ts';
import { WriteSide } from '#db/write-side.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
let document: any;
beforeAll(async () => {
  h = await apiHarness();
  document = await (await h.call('GET', '/api/openapi.json')).json();
});
afterAll(() => h.database.cleanup());

const root = fileURLToPath(new URL('../..', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = () =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules with no error and no warning", () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document, null, 2));
      const lint = spawnSync(process.execPath, [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--config', join(root, 'redocly.yaml'), '--format', 'json', file], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        // No telemetry and no update check: the lint runs offline.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
      const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(lint.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names every operation, says who may call it, and where the API is', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info.license).toMatchObject({ identifier: 'CC0-1.0' });
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations()) {
      const isPublic = !path.startsWith('/api/v1/change-reports') && !path.startsWith('/api/v1/admin/');
      expect(operation.security, `${method} ${path}`).toEqual(isPublic ? [] : [{ Bearer: [] }]);
    }
    expect(document.paths['/api/health'].get.responses).toHaveProperty('503');
  });

  it('types every answer: no schema in it accepts just anything', () => {
    const untyped: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
      const schema = node as Record<string, unknown>;
      for (const key of ['items', 'not']) if (key in schema) check(schema[key], `${at}/${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(schema[key])) (schema[key] as unknown[]).forEach((s, i) => check(s, `${at}/${key}/${i}`));
      if (schema.properties && typeof schema.properties === 'object') for (const [name, s] of Object.entries(schema.properties)) check(s, `${at}/properties/${name}`);
      for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') walk(value, `${at}/${key}`);
    };
    const check = (schema: unknown, at: string) => {
      if (schema && typeof schema === 'object' && Object.keys(schema).filter((k) => k !== 'description').length === 0) untyped.push(at);
    };
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, any>)) {
          check(media.schema, `${method} ${path} ${status} ${type}`);
          walk(media.schema, `${method} ${path} ${status} ${type}`);
        }
      }
    }
    walk(document.components.schemas, '#/components/schemas');
    expect(untyped).toEqual([]);
    // The public entry of a provider and the payload of a change report are the two that were not.
    expect(Object.keys(document.components.schemas.Provider.properties)).toEqual(expect.arrayContaining(['enterpriseNumber', 'recognitions', 'workingArea', 'subcontractors']));
    expect(document.components.schemas.ChangeReport.anyOf ?? document.components.schemas.ChangeReport.oneOf).toHaveLength(9);
  });

  it('answers every method a path does not have with 405, problem details and Allow', async () => {
    let asked = 0;
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      const path = template.replace(/\{[^}]+\}/g, 'X-1');
      const has = Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => m.toUpperCase());
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !has.includes(m))) {
        // The checked app holds the answer to the document too: problem details with Allow.
        const response = await h.call(method, path, { token: h.tokens.admin });
        expect(response.status, `${method} ${path}`).toBe(405);
        const allow = response.headers.get('allow')!.split(', ');
        expect(allow, `${method} ${path}`).toEqual(expect.arrayContaining(has));
        expect(allow.includes('HEAD')).toBe(has.includes('GET'));
        expect(((await response.json()) as { detail: string }).detail).toContain(method);
        asked++;
      }
    }
    expect(asked).toBeGreaterThan(60);
    // HEAD follows GET, without a body.
    const head = await h.call('HEAD', '/api/v1/providers');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says the register is degraded, with 503, when its database cannot be reached', async () => {
    const broken = checkedApp(
      createApp({ db: { run: async () => Promise.reject(new Error('unreachable')), writes: new WriteSide({} as never) } as never, clock: fixedClock(NOW), publisher: new FakePublisher(), currentPublication: async () => null }),
    );
    const response = await broken.request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', database: 'unavailable', today: '2026-11-28' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, raw: 'kind=other', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/application\/json/);
  });
});

describe('the check of every answer against the document', () => {
  const checker = () => new ContractChecker(document);
  const answer = (status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ status, headers: new Headers(headers), body: JSON.stringify(body) });
  const problems = (method: string, url: string, a: ReturnType<typeof answer>) => checker().problems(method, url, a, a.body);
  const health = { status: 'ok', time: '2026-11-28T09:00:00.000Z', today: '2026-11-28', database: 'ok', publication: null };

  it('passes a documented answer', () => {
    expect(problems('GET', '/api/health', answer(200, health))).toEqual([]);
  });

  it.each([
    ['an undocumented status', answer(418, health), /status 418 is not documented/],
    ['an undocumented field', answer(200, { ...health, secret: 'x' }), /additional properties \(secret\)/],
    ['a value of the wrong type', answer(200, { ...health, today: 28 }), /\/today must be string/],
    ['a value outside its list', answer(200, { ...health, status: 'fine' }), /\/status must be equal to one of the allowed values/],
    ['a date that is not one', answer(200, { ...health, today: '28/11/2026' }), /\/today must match format "date"/],
    ['an undocumented content type', answer(200, health, { 'content-type': 'text/plain' }), /content type text\/plain is not documented/],
    ['a 429 without Retry-After', answer(429, { type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'x', instance: '/api/health' }, { 'content-type': 'application/problem+json' }), /header Retry-After is missing/],
  ])('catches %s', (_, a, message) => {
    expect(problems('GET', '/api/health', a).join('\n')).toMatch(message);
  });

  it('catches a method a path does not have answered other than with 405 and Allow', () => {
    expect(problems('DELETE', '/api/health', answer(404, {}))).toEqual([expect.stringMatching(/must be 405/)]);
    const problem = { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: 'x', instance: '/api/health' };
    expect(problems('DELETE', '/api/health', answer(405, problem, { 'content-type': 'application/problem+json', allow: 'POST' })).join('\n')).toMatch(/leaves out GET/);
  });
});
