/**
 * Sessions and form protection of the web pages: the session store (only hashes kept, an idle
 * and an absolute end, ended by signing out), the session and CSRF middlewares on their own, and
 * the portal's routes through a real server with a stand-in for the Astro pages (so no site build
 * is needed). Signing in itself (OpenID Connect) is in sign-in.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { startServer, type RunningServer } from '#server/server.ts';
import { sessionFromCookie, requireSession, sessionCookieSettings, SESSION_COOKIE, type Refusal, type SessionVariables } from '#api/middleware/session.ts';
import { isSameOriginPost, refuseCrossSitePosts, requireFormToken, type CsrfVariables } from '#api/middleware/csrf.ts';
import { fixedClock } from '#config/clock.ts';
import { createSession, endSession, lookUpSession, readSession } from '#db/commands/sessions.ts';
import { hashToken } from '#db/queries/tokens.ts';
import { sessions } from '#db/schema/index.ts';
import type { Identity } from '#domain/identity.ts';
import { createTestDatabase, enterpriseNumber, insertProviders } from '#test/fixtures/database.ts';
import type { PortalLocals } from '#server/portal-locals.ts';
import { NOW } from '#test/fixtures/clock.ts';

const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const officer: Identity = { role: 'provider', subject: 'persoon-1', name: 'Officer Werkkracht', enterpriseNumber: enterpriseNumber(1), organisationName: 'Werkkracht Gent vzw' };
const admin: Identity = { role: 'admin', subject: 'persoon-2', name: 'Els Beheerder' };
const newcomer: Identity = { role: 'provider', subject: 'persoon-3', name: 'An Claes', enterpriseNumber: enterpriseNumber(9), organisationName: 'Nieuwe Start vzw' };
const start = (identity: Identity, now = NOW) => createSession(database.db, identity, { idToken: 'id-token', now });

beforeAll(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [{ id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01' }]);
});

afterAll(() => database?.cleanup());

describe('the session store', () => {
  it('starts a session for a person who signed in, keeping only the hash of its id', async () => {
    const created = await start(officer);
    expect(created.session).toMatchObject({ role: 'provider', providerId: 1, name: 'Officer Werkkracht', enterpriseNumber: enterpriseNumber(1), expiresAt: later(8).toISOString() });
    const rows = await database.db.select().from(sessions);
    expect(rows.some((r) => r.idHash === created.id)).toBe(false);
    const [row] = await database.db.select().from(sessions).where(eq(sessions.idHash, await hashToken(created.id)));
    expect(row).toMatchObject({ subject: 'persoon-1', organisationCode: enterpriseNumber(1), idToken: 'id-token' });
    await expect(readSession(database.db, created.id, later(0.2))).resolves.toMatchObject({ name: 'Officer Werkkracht', csrfToken: created.session.csrfToken });
  });

  it('refuses a session id it never made', async () => {
    await expect(readSession(database.db, 'A'.repeat(43), NOW)).resolves.toBeNull();
    await expect(readSession(database.db, 'te kort', NOW)).resolves.toBeNull();
  });

  it('ends a session after 8 hours however busy, and at once when signed out', async () => {
    const { id } = await start(admin);
    // A request every 20 minutes keeps it from idling out, not past its absolute end.
    for (let hours = 0.3; hours < 8; hours += 0.3) await expect(readSession(database.db, id, later(hours)), `after ${hours} h`).resolves.not.toBeNull();
    await expect(lookUpSession(database.db, id, later(8))).resolves.toEqual({ session: null, ended: 'expired' });
    const second = await start(admin);
    await expect(endSession(database.db, second.id)).resolves.toMatchObject({ subject: 'persoon-2', idToken: 'id-token' });
    await expect(readSession(database.db, second.id, NOW)).resolves.toBeNull();
    await expect(endSession(database.db, second.id)).resolves.toBeNull();
  });

  it('ends a session that saw no request for half an hour', async () => {
    const { id } = await start(officer);
    await expect(readSession(database.db, id, later(0.45))).resolves.not.toBeNull();
    // The last request was at 0.45 h: idle from then on.
    await expect(readSession(database.db, id, later(0.9))).resolves.not.toBeNull();
    await expect(lookUpSession(database.db, id, later(1.45))).resolves.toEqual({ session: null, ended: 'idle' });
    await expect(readSession(database.db, id, later(1.46))).resolves.toBeNull();
  });

  it('follows an organisation into the register once its recognition put it there', async () => {
    const { id, session } = await start(newcomer);
    expect(session.providerId).toBeNull();
    await insertProviders(database, [{ id: 9, name: 'Nieuwe Start vzw', validFrom: '2026-11-01' }]);
    await expect(readSession(database.db, id, later(0.1))).resolves.toMatchObject({ providerId: 9 });
  });
});

describe('the session and form middlewares', () => {
  const refuse = (c: Parameters<Parameters<typeof refuseCrossSitePosts>[0]>[0], reason: Refusal) => c.text(`refused: ${reason}`, 403);
  function app(role?: 'provider' | 'admin') {
    const app = new Hono<{ Variables: SessionVariables & CsrfVariables }>();
    app.use('*', refuseCrossSitePosts(refuse));
    app.use('*', sessionFromCookie({ db: database.db, realNow: () => NOW }));
    if (role) app.use('*', requireSession(role, refuse));
    app.use('*', requireFormToken(refuse));
    app.all('*', (c) => c.json({ who: c.get('session')?.name ?? null, csrf: c.get('csrfToken'), body: c.get('formBody') ? new TextDecoder().decode(c.get('formBody')!) : null }));
    return app;
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (headers: Record<string, string>, body: string) => ({ method: 'POST', headers: { host: 'register.example', 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('refuses posts another site sends, and posts that say nothing about where they come from', async () => {
    const { id, session } = await start(officer);
    const cookie = `${SESSION_COOKIE}=${id}`;
    const body = form({ csrf: session.csrfToken });
    const tries: Record<string, string>[] = [{ origin: 'https://aanvaller.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }, {}];
    for (const headers of tries) {
      const response = await app().request('http://register.example/portaal/', post({ cookie, ...headers }, body));
      expect(await response.text(), JSON.stringify(headers)).toBe('refused: cross-site');
    }
    const ok = await app().request('http://register.example/portaal/', post({ cookie, origin: 'http://register.example', 'sec-fetch-site': 'same-origin' }, body));
    await expect(ok.json()).resolves.toEqual({ who: 'Officer Werkkracht', csrf: session.csrfToken, body });
  });

  it('compares the origin with the host the browser addressed, also behind a trusted proxy', () => {
    const request = (headers: Record<string, string>) => new Request('http://127.0.0.1:4321/aanmelden', { method: 'POST', headers });
    expect(isSameOriginPost(request({ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' }))).toBe(true);
    expect(isSameOriginPost(request({ host: '127.0.0.1:4321', 'x-forwarded-host': 'register.vlaanderen.example', origin: 'https://register.vlaanderen.example' }), 1)).toBe(true);
    expect(isSameOriginPost(request({ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:9999' }))).toBe(false);
  });

  it('believes X-Forwarded-Host only when the register was told to trust a proxy', () => {
    const request = (headers: Record<string, string>) => new Request('http://127.0.0.1:4321/aanmelden', { method: 'POST', headers });
    // Without TRUST_PROXY anyone can send the header: the post is judged by the Host it reached.
    expect(isSameOriginPost(request({ host: '127.0.0.1:4321', 'x-forwarded-host': 'aanvaller.example', origin: 'https://aanvaller.example' }))).toBe(false);
    expect(isSameOriginPost(request({ host: '127.0.0.1:4321', 'x-forwarded-host': 'aanvaller.example', origin: 'http://127.0.0.1:4321' }))).toBe(true);
    // Behind one trusted proxy that appends: the entry it wrote counts, not the one the client sent.
    expect(isSameOriginPost(request({ host: '10.0.0.5', 'x-forwarded-host': 'aanvaller.example, register.vlaanderen.example', origin: 'https://register.vlaanderen.example' }), 1)).toBe(true);
    expect(isSameOriginPost(request({ host: '10.0.0.5', 'x-forwarded-host': 'aanvaller.example, register.vlaanderen.example', origin: 'https://aanvaller.example' }), 1)).toBe(false);
  });

  it('refuses a post without the session’s secret, or with another session’s', async () => {
    const mine = await start(officer);
    const other = await start(admin);
    const headers = { cookie: `${SESSION_COOKIE}=${mine.id}`, origin: 'http://register.example' };
    for (const body of [form({}), form({ csrf: '' }), form({ csrf: other.session.csrfToken }), form({ csrf: mine.session.csrfToken.slice(1) })]) {
      await expect((await app('provider').request('http://register.example/portaal/', post(headers, body))).text()).resolves.toBe('refused: form-token');
    }
    const json = await app('provider').request('http://register.example/portaal/', { ...post(headers, JSON.stringify({ csrf: mine.session.csrfToken })), headers: { ...headers, 'content-type': 'application/json' } });
    await expect(json.text()).resolves.toBe('refused: form-token');
    const ok = await app('provider').request('http://register.example/portaal/', post(headers, form({ csrf: mine.session.csrfToken, x: '1' })));
    expect(ok.status).toBe(200);
  });

  it('refuses every post made without a session: before signing in there is no form to post', async () => {
    await expect((await app().request('http://register.example/aanmelden', post({ origin: 'http://register.example' }, form({ csrf: 'x' })))).text()).resolves.toBe('refused: form-token');
    await expect((await app().request('http://register.example/aanmelden', post({ origin: 'http://register.example' }, form({})))).text()).resolves.toBe('refused: form-token');
  });

  it('sends a browser without a session to the sign-in page, and keeps each role to its pages', async () => {
    const none = await app('provider').request('http://register.example/portaal/meldingen/', { headers: { host: 'register.example' } });
    expect(none.status).toBe(303);
    expect(none.headers.get('location')).toBe('/aanmelden?terug=%2Fportaal%2Fmeldingen%2F');
    const adminSession = await start(admin);
    const wrong = await app('provider').request('http://register.example/portaal/', { headers: { cookie: `${SESSION_COOKIE}=${adminSession.id}` } });
    await expect(wrong.text()).resolves.toBe('refused: no-access');
    const right = await app('admin').request('http://register.example/beheer/', { headers: { cookie: `${SESSION_COOKIE}=${adminSession.id}` } });
    await expect(right.json()).resolves.toMatchObject({ who: 'Els Beheerder' });
  });

  it('makes the cookie HttpOnly and SameSite=Strict always, and Secure over HTTPS', () => {
    const session = { expiresAt: later(8).toISOString() };
    expect(sessionCookieSettings(new Request('http://127.0.0.1/aanmelden'), session, NOW)).toEqual({ httpOnly: true, sameSite: 'strict', secure: false, path: '/', maxAge: 8 * 3600 });
    expect(sessionCookieSettings(new Request('https://register.example/aanmelden'), session, NOW).secure).toBe(true);
    expect(sessionCookieSettings(new Request('http://127.0.0.1/aanmelden', { headers: { 'x-forwarded-proto': 'https' } }), session, NOW).secure).toBe(true);
  });

  it("gives the cookie a lifetime, not an instant of the register's clock, so a clock far from the real one keeps the session", () => {
    // The register's clock years in the past or in the future: the browser judges an Expires date
    // by the real clock, and would drop (or keep for years) a cookie dated by the register's.
    for (const now of [new Date('2019-03-01T09:00:00Z'), new Date('2041-07-15T09:00:00Z')]) {
      const settings = sessionCookieSettings(new Request('http://127.0.0.1/aanmelden'), { expiresAt: new Date(now.getTime() + 8 * 3_600_000).toISOString() }, now);
      expect(settings.maxAge).toBe(8 * 3600);
      expect(settings).not.toHaveProperty('expires');
    }
  });
});

describe('the portal routes of the server', () => {
  let server: RunningServer;
  /** What the stand-in for the Astro pages saw, per request. */
  const seen: { url: string; method: string; body: string | null; locals: Omit<PortalLocals, 'db' | 'clock' | 'publisher'> }[] = [];

  beforeAll(async () => {
    const handler = async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void, locals: object) => {
      const { db: _db, clock: _clock, publisher: _publisher, ...rest } = locals as PortalLocals;
      if (req.url?.startsWith('/portaal/bestaat-niet')) return next();
      const body = (req as IncomingMessage & { body?: Buffer }).body;
      seen.push({ url: req.url!, method: req.method!, body: body ? body.toString() : null, locals: rest });
      res.writeHead(rest.refusal ? 403 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<p>${req.url}</p>`);
    };
    server = await startServer({ db: database.db, clock: fixedClock(NOW), dataDir: `${database.dir}/data`, host: '127.0.0.1', port: 0, portal: { handler, assetsDir: database.dir } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('hands a signed-in page to the pages with the session, without caching and with the site’s security headers', async () => {
    const { id, session } = await start(officer, new Date()); // the server judges sessions by the real clock
    const response = await fetch(`${server.url}/portaal/`, { headers: { cookie: `${SESSION_COOKIE}=${id}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(seen.at(-1)).toMatchObject({ url: '/portaal/', method: 'GET', locals: { csrfToken: session.csrfToken, canRollback: true, session: { name: 'Officer Werkkracht' } } });
  });

  it('hands a checked post over with its body, and shows a refused one the Dutch explanation instead', async () => {
    const { id, session } = await start(officer, new Date()); // the server judges sessions by the real clock
    const headers = { cookie: `${SESSION_COOKIE}=${id}`, 'content-type': 'application/x-www-form-urlencoded', origin: server.url };
    const body = `csrf=${encodeURIComponent(session.csrfToken)}&vrije-plaatsen=2`;
    const ok = await fetch(`${server.url}/portaal/melden/vrije-plaatsen/`, { method: 'POST', headers, body });
    expect(ok.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: '/portaal/melden/vrije-plaatsen/', method: 'POST', body });

    const crossSite = await fetch(`${server.url}/portaal/melden/vrije-plaatsen/`, { method: 'POST', headers: { ...headers, origin: 'http://aanvaller.example' }, body });
    expect(crossSite.status).toBe(403);
    expect(seen.at(-1)).toMatchObject({ url: '/formulier-geweigerd', method: 'GET', body: null, locals: { refusal: 'cross-site' } });

    const adminPage = await fetch(`${server.url}/beheer/`, { headers });
    expect(adminPage.status).toBe(403);
    expect(seen.at(-1)).toMatchObject({ url: '/geen-toegang', locals: { refusal: 'no-access' } });
  });

  it('sends a sign-out of a session that already ended straight to the sign-in page', async () => {
    const response = await fetch(`${server.url}/afmelden`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: 'csrf=x', redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/aanmelden');
  });

  it('leaves addresses the pages do not know to the public site', async () => {
    const { id } = await start(officer, new Date()); // the server judges sessions by the real clock
    const response = await fetch(`${server.url}/portaal/bestaat-niet`, { headers: { cookie: `${SESSION_COOKIE}=${id}` } });
    // No publication in this test: the public site answers that it is being prepared.
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBeNull();
  });
});
