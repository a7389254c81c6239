/**
 * Public reads and open data can be read from a page on another origin (CORS); the provider,
 * administration and portal routes never can, not even after a preflight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSiteServer } from '#server/server.ts';
import { fixedClock } from '#config/clock.ts';
import { publicationsDir } from '#publish/build-publication.ts';
import { apiHarness, FakePublisher, NOW } from '#test/fixtures/api.ts';

const ELSEWHERE = 'https://werkgevers.example';

let h: Awaited<ReturnType<typeof apiHarness>>;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.database.cleanup());

const preflight = (method: string, headers = 'authorization, content-type') => ({ Origin: ELSEWHERE, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers });

describe('the public read API, from another origin', () => {
  it.each(['/api/v1/providers', '/api/v1/providers?postcode=9000', '/api/v1/providers/__1__', '/api/v1/events', '/api/health', '/api/openapi.json'])('lets any origin read %s', async (template) => {
    const path = template.replace('__1__', h.enterpriseNumber(1));
    const response = await h.call('GET', path, { headers: { Origin: ELSEWHERE } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // No cookies or tokens go along: nothing public needs them.
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends the same CORS headers on a read answered from the cache, and on refusals', async () => {
    const first = await h.call('GET', '/api/v1/providers?municipality=44021', { headers: { Origin: ELSEWHERE } });
    const cached = await h.call('GET', '/api/v1/providers?municipality=44021', { headers: { Origin: ELSEWHERE } });
    for (const response of [first, cached]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    }
    const refused = await h.call('GET', '/api/v1/providers?postcode=9999', { headers: { Origin: ELSEWHERE } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight of a public read, also for If-None-Match', async () => {
    const response = await h.call('OPTIONS', '/api/v1/events', { headers: preflight('GET', 'if-none-match') });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/GET/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/if-none-match/i);
  });

  it('lets another origin read the 429 of a public read', async () => {
    const limited = await apiHarness({ rateLimits: { perToken: { limit: 100, windowMs: 60_000 }, perAddress: { limit: 1, windowMs: 60_000 } }, clientAddress: '192.0.2.9' });
    try {
      // (The health check is never limited: a public read of the register is.)
      await limited.call('GET', '/api/v1/providers', { headers: { Origin: ELSEWHERE } });
      const over = await limited.call('GET', '/api/v1/providers', { headers: { Origin: ELSEWHERE } });
      expect(over.status).toBe(429);
      expect(over.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      limited.database.cleanup();
    }
  });
});

describe('the provider and administration API, from another origin', () => {
  it.each([
    ['GET', '/api/v1/change-reports', 'provider1'],
    ['POST', '/api/v1/change-reports', 'provider1'],
    ['GET', '/api/v1/admin/change-reports', 'admin'],
    ['GET', '/api/v1/admin/deadlines', 'admin'],
    ['POST', '/api/v1/admin/publications', 'admin'],
  ] as const)('never lets another origin read %s %s', async (method, path, token) => {
    const body = method === 'POST' && path === '/api/v1/change-reports' ? { kind: 'other', payload: { text: 'x' } } : undefined;
    const response = await h.call(method, path, { token: h.tokens[token], body, headers: { Origin: ELSEWHERE } });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it.each(['/api/v1/admin/change-reports', '/api/v1/admin/applications', '/api/v1/change-reports', '/api/v1/admin/publications/pub-1'])('grants no preflight to %s', async (path) => {
    const response = await h.call('OPTIONS', path, { headers: preflight('POST') });
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('the published site, from another origin', () => {
  const site = () => {
    const dataDir = join(h.database.dir, 'site-data');
    const files: Record<string, string> = {
      'index.html': '<!doctype html><title>Register</title>',
      'open-data/register.json': '{"providers":[]}',
      'open-data/register.csv': 'enterpriseNumber\n',
      'feeds/register.xml': '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
      'sitemap.xml': '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
    };
    const siteDir = join(publicationsDir(dataDir), 'p1', 'site');
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(siteDir, file, '..'), { recursive: true });
      writeFileSync(join(siteDir, file), text);
    }
    try {
      symlinkSync('p1', join(publicationsDir(dataDir), 'current'));
    } catch {
      // made by an earlier test of this file
    }
    return createSiteServer({ db: h.database.db, clock: fixedClock(NOW), dataDir, publisher: new FakePublisher() });
  };

  it.each(['/open-data/register.json', '/open-data/register.csv', '/feeds/register.xml', '/sitemap.xml'])('lets any origin read %s', async (path) => {
    const response = await site().request(path, { headers: { Origin: ELSEWHERE } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('answers a preflight of open data', async () => {
    const response = await site().request('/open-data/register.csv', { method: 'OPTIONS', headers: preflight('GET', 'range') });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each(['/', '/portaal/', '/beheer/', '/aanmelden'])('never lets another origin read %s', async (path) => {
    const response = await site().request(path, { headers: { Origin: ELSEWHERE } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const asked = await site().request(path, { method: 'OPTIONS', headers: preflight('POST') });
    expect(asked.headers.get('access-control-allow-origin')).toBeNull();
  });
});
