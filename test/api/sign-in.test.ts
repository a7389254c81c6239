/**
 * Signing in through OpenID Connect without a browser: the whole flow against the register's own
 * identity provider (oidc-provider) through a real server, who may do what with the claims it
 * gives, and every way a sign-in must be refused — a wrong state, a replayed code, a wrong nonce,
 * another issuer, an expired or wrongly signed ID token, a missing organisation claim — the last
 * ones against a stand-in provider that signs whatever the test asks (jose). The portal's pages
 * are a stand-in that reports what it was handed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { eq } from 'drizzle-orm';
import { startServer, type RunningServer } from '#server/server.ts';
import { SESSION_COOKIE } from '#api/middleware/session.ts';
import { PENDING_COOKIE } from '#server/portal-site.ts';
import { DEFAULT_CLAIM_NAMES, localSignIn, SignIn } from '#server/sign-in/index.ts';
import { adminAccount, NEW_ORGANISATION, noRoleAccount, officerAccount } from '#server/sign-in/sample-accounts.ts';
import type { PortalLocals } from '#server/portal-locals.ts';
import { fixedClock } from '#config/clock.ts';
import { readSession, SESSION_TIMES } from '#db/commands/sessions.ts';
import { listAccess } from '#db/queries/access-log.ts';
import { fileChangeReport, getChangeReport } from '#db/commands/change-reports.ts';
import { RegisterError } from '#domain/register-error.ts';
import { accessLog } from '#db/schema/index.ts';
import { createTestDatabase, enterpriseNumber, insertProviders } from '#test/fixtures/database.ts';
import { ScriptedBrowser, signInUntilCallback } from '#test/fixtures/oidc-client.ts';

/** The register's clock, far from the real one: nothing of signing in may depend on it. */
const REGISTER_NOW = new Date('2031-02-03T10:00:00+01:00');
const WERKKRACHT = { code: enterpriseNumber(1), name: 'Werkkracht Gent vzw' };
const JOBANKER = { code: enterpriseNumber(2), name: 'Jobanker Gent bv' };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
/** What the stand-in for the Astro pages saw, per request. */
const seen: { url: string; locals: Omit<PortalLocals, 'db' | 'clock' | 'publisher'> }[] = [];
const handler = async (req: IncomingMessage, res: ServerResponse, _next: unknown, locals: object) => {
  const { db: _db, clock: _clock, publisher: _publisher, ...rest } = locals as PortalLocals;
  seen.push({ url: req.url!, locals: rest });
  res.writeHead(rest.refusal === 'no-role' || rest.refusal === 'no-access' || rest.refusal === 'not-in-register' ? 403 : rest.refusal === 'sign-in-failed' ? 400 : rest.refusal === 'too-many-attempts' ? 429 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<p>${req.url}</p>`);
};

beforeAll(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [
    { id: 1, name: WERKKRACHT.name, validFrom: '2024-01-01' },
    { id: 2, name: JOBANKER.name, validFrom: '2024-01-01' },
  ]);
});
afterAll(() => database?.cleanup());

describe('signing in through the local identity provider', () => {
  let server: RunningServer;
  const names = DEFAULT_CLAIM_NAMES;
  const someoneElsesRole = { ...officerAccount(WERKKRACHT, 'Piet Pieters', names), id: 'rol-elders', roles: [`${names.providerRole}:${JOBANKER.code}`] };
  const signIn = localSignIn([officerAccount(WERKKRACHT, 'Lies Maes', names), officerAccount(NEW_ORGANISATION, 'An Claes', names), adminAccount(names), noRoleAccount(WERKKRACHT), someoneElsesRole]);

  beforeAll(async () => {
    // Every sign-in here counts twice (leaving and coming back): more than the default limit allows a minute.
    server = await startServer({ db: database.db, clock: fixedClock(REGISTER_NOW), dataDir: `${database.dir}/data`, host: '127.0.0.1', port: 0, portal: { handler, assetsDir: database.dir }, signIn, signInLimit: { limit: 1000, windowMs: 60_000 } });
  });
  afterAll(() => server?.close());

  it('signs an organisation officer in through the code flow, with a new session for the organisation in their claim', async () => {
    const browser = new ScriptedBrowser();
    const start = await browser.request(`${server.url}/aanmelden/start?terug=${encodeURIComponent('/portaal/meldingen/')}`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.pathname).toBe('/idp/auth');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: 'register', code_challenge_method: 'S256', redirect_uri: `${server.url}/aanmelden/terug` });
    for (const parameter of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(parameter)?.length).toBeGreaterThanOrEqual(32);
    expect(start.headers.getSetCookie().find((c) => c.startsWith(`${PENDING_COOKIE}=`))).toMatch(/HttpOnly; SameSite=Lax/i);

    const callback = await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`, authorize.href.slice(server.url.length));
    const back = await browser.request(callback);
    expect(back.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: '/aangemeld', locals: { continueTo: '/portaal/meldingen/', session: { role: 'provider', name: 'Lies Maes', enterpriseNumber: WERKKRACHT.code, providerId: 1 } } });
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // A lifetime, never an instant: the register's clock is years away from the browser's.
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_TIMES.maxHours * 3600}`));
    expect(cookie).not.toMatch(/Expires=/i);
    expect(browser.cookie(server.url, PENDING_COOKIE)).toBeUndefined();
    const session = await readSession(database.db, browser.cookie(server.url, SESSION_COOKIE)!, new Date());
    expect(session).toMatchObject({ role: 'provider', subject: `org-${WERKKRACHT.code}`, organisationName: WERKKRACHT.name });
    expect(session!.idToken).toMatch(/^ey/);
    const [entry] = await listAccess(database.db, { event: 'sign_in', limit: 1 });
    expect(entry).toMatchObject({ subject: `org-${WERKKRACHT.code}`, personName: 'Lies Maes', organisationCode: WERKKRACHT.code, role: 'provider', clientAddress: '127.0.0.1' });
    // Signed in by the real clock: the access log says now, not the register's 2031.
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);
  });

  it('gives a new session id at every sign-in and ends the one the browser had', async () => {
    const browser = new ScriptedBrowser();
    await browser.request(await signInUntilCallback(browser, server.url, 'beheerder'));
    const first = browser.cookie(server.url, SESSION_COOKIE)!;
    expect(seen.at(-1)?.locals.session).toMatchObject({ role: 'admin', name: 'Els Peeters', enterpriseNumber: null });
    // Still signed in at the provider: straight back, without choosing again.
    await browser.request(await signInUntilCallback(browser, server.url, 'beheerder'));
    const second = browser.cookie(server.url, SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    await expect(readSession(database.db, first, new Date())).resolves.toBeNull();
    await expect(readSession(database.db, second, new Date())).resolves.not.toBeNull();
  });

  it('lets an organisation that is not in the register sign in, to apply', async () => {
    const browser = new ScriptedBrowser();
    await browser.request(await signInUntilCallback(browser, server.url, `org-${NEW_ORGANISATION.code}`));
    expect(seen.at(-1)?.locals.session).toMatchObject({ role: 'provider', enterpriseNumber: NEW_ORGANISATION.code, providerId: null });
    const cookie = `${SESSION_COOKIE}=${browser.cookie(server.url, SESSION_COOKIE)}`;
    // Applying is open to it; reporting changes and tokens are for organisations in the register.
    expect((await fetch(`${server.url}/portaal/aanvraag/`, { headers: { cookie } })).status).toBe(200);
    for (const path of ['/portaal/melden/', '/portaal/meldingen/', '/portaal/tokens/']) {
      await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect(seen.at(-1), path).toMatchObject({ url: '/nog-niet-in-het-register', locals: { refusal: 'not-in-register' } });
    }
  });

  it('refuses a person without a role for the register, saying so and logging it', async () => {
    const browser = new ScriptedBrowser();
    const back = await browser.request(await signInUntilCallback(browser, server.url, 'zonder-rol'));
    expect(back.status).toBe(403);
    expect(seen.at(-1)).toMatchObject({ url: '/geen-rol', locals: { refusal: 'no-role', identityRefusal: { reason: 'no-role', name: 'Jan Janssens', organisationCode: WERKKRACHT.code } } });
    expect(browser.cookie(server.url, SESSION_COOKIE)).toBeUndefined();
    const [entry] = await listAccess(database.db, { event: 'refused', limit: 1 });
    expect(entry).toMatchObject({ subject: 'zonder-rol', detail: 'no-role' });
  });

  it('refuses a role given for another organisation than the one signed in for', async () => {
    const browser = new ScriptedBrowser();
    expect((await browser.request(await signInUntilCallback(browser, server.url, 'rol-elders'))).status).toBe(403);
    expect(seen.at(-1)?.locals.identityRefusal).toMatchObject({ reason: 'role-for-another-organisation' });
  });

  it('refuses a wrong state, and a browser that comes back without having left from here', async () => {
    const browser = new ScriptedBrowser();
    const callback = new URL(await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a'.repeat(43));
    expect((await browser.request(forged.href)).status).toBe(400);
    expect(seen.at(-1)).toMatchObject({ url: '/aanmelden-mislukt', locals: { refusal: 'sign-in-failed', signInFailure: 'other' } });
    expect(browser.cookie(server.url, SESSION_COOKIE)).toBeUndefined();

    const stranger = new ScriptedBrowser();
    expect((await stranger.request(callback.href)).status).toBe(400);
    expect(seen.at(-1)?.locals.signInFailure).toBe('expired');
    const failures = await database.db.select().from(accessLog).where(eq(accessLog.event, 'sign_in_failed'));
    expect(failures.map((f) => f.detail)).toEqual(expect.arrayContaining([expect.stringMatching(/^protocol: .*state/), expect.stringMatching(/^no-pending-sign-in/)]));
  });

  it('refuses a code used a second time, even with the state cookie of the first', async () => {
    const browser = new ScriptedBrowser();
    const callback = await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`);
    const pending = browser.cookie(server.url, PENDING_COOKIE)!;
    expect((await browser.request(callback)).status).toBe(200);
    const replay = await fetch(callback, { headers: { cookie: `${PENDING_COOKIE}=${pending}` }, redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect(seen.at(-1)).toMatchObject({ url: '/aanmelden-mislukt', locals: { signInFailure: 'other' } });
    expect(replay.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('says "cancelled" when the person does not sign in at the provider', async () => {
    const browser = new ScriptedBrowser();
    const chooser = await browser.follow(`${server.url}/aanmelden/start`);
    await chooser.response.text();
    const back = await browser.follow(`${chooser.url}/afbreken`, (url) => url.pathname === '/aanmelden/terug', {});
    expect((await browser.request(back.url)).status).toBe(400);
    expect(seen.at(-1)?.locals.signInFailure).toBe('cancelled');
  });

  it("keeps a provider's officer to the organisation's own reports", async () => {
    const browser = new ScriptedBrowser();
    await browser.request(await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`));
    const session = (await readSession(database.db, browser.cookie(server.url, SESSION_COOKIE)!, new Date()))!;
    const { report } = await fileChangeReport(database.db, { providerId: 2, actor: { name: 'Jobanker' }, request: { kind: 'other', payload: { text: 'Nieuw adres.' } }, now: REGISTER_NOW });
    // The report page asks with the session's organisation: another's reference is "not found".
    await expect(getChangeReport(database.db, report.reference, session.providerId!)).rejects.toThrow(RegisterError);
    await expect(getChangeReport(database.db, report.reference, 2)).resolves.toMatchObject({ reference: report.reference });
  });

  it("keeps people's names, subjects, addresses and tokens out of the public API", async () => {
    const browser = new ScriptedBrowser();
    await browser.request(await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`));
    const session = (await readSession(database.db, browser.cookie(server.url, SESSION_COOKIE)!, new Date()))!;
    // What the officer does is recorded with their name (privately); free places change the public register at once.
    await fileChangeReport(database.db, { providerId: session.providerId!, actor: { name: session.name }, request: { kind: 'capacity', payload: { totalPlaces: 9 } }, now: REGISTER_NOW });
    const { report } = await fileChangeReport(database.db, { providerId: session.providerId!, actor: { name: session.name }, request: { kind: 'free_places', payload: { freePlaces: 4 } }, now: REGISTER_NOW });
    expect(report.status).toBe('applied');
    const publicText = [
      await (await fetch(`${server.url}/api/v1/events?limit=1000`)).text(),
      await (await fetch(`${server.url}/api/v1/providers/${WERKKRACHT.code}`)).text(),
      await (await fetch(`${server.url}/api/v1/providers`)).text(),
    ].join('\n');
    expect(publicText).toContain('"freePlaces":4');
    for (const secret of ['Lies Maes', `org-${WERKKRACHT.code}`, '127.0.0.1', session.idToken!, 'register_rol_3d']) expect(publicText).not.toContain(secret);
  });

  it('ends the session at sign-out and sends the browser on to end it at the provider too', async () => {
    const browser = new ScriptedBrowser();
    await browser.request(await signInUntilCallback(browser, server.url, `org-${WERKKRACHT.code}`));
    const session = (await readSession(database.db, browser.cookie(server.url, SESSION_COOKIE)!, new Date()))!;
    const endSession = await (await import('#db/commands/sessions.ts')).endSession(database.db, browser.cookie(server.url, SESSION_COOKIE)!);
    expect(endSession?.idToken).toBe(session.idToken);
    const url = new URL((await signIn.relyingParty.endSessionUrl(session.idToken))!);
    expect(url.pathname).toBe('/idp/session/end');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ id_token_hint: session.idToken, post_logout_redirect_uri: `${server.url}/afgemeld`, client_id: 'register' });
    // The provider asks to confirm, then forgets the person: the next sign-in asks who it is again.
    const confirm = await browser.request(url.href);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    const done = await browser.follow(new URL(action, server.url).href, (u) => u.pathname === '/afgemeld', { xsrf, logout: 'yes' });
    expect(new URL(done.url).pathname).toBe('/afgemeld');
    const again = await browser.follow(`${server.url}/aanmelden/start`);
    expect(new URL(again.url).pathname).toMatch(/^\/idp\/interaction\//);
  });

  it('limits sign-in attempts per address, with a Dutch page that says how long to wait', async () => {
    const limited = await startServer({
      db: database.db,
      clock: fixedClock(REGISTER_NOW),
      dataDir: `${database.dir}/data-limited`,
      host: '127.0.0.1',
      port: 0,
      portal: { handler, assetsDir: database.dir },
      signIn: localSignIn([]),
      signInLimit: { limit: 3, windowMs: 60_000 },
      // Attempts are counted across every process on the database: this client has an address
      // of its own (behind a trusted proxy), so the other servers' attempts here do not count.
      trustProxy: 1,
    });
    const from = { 'x-forwarded-for': '192.0.2.77' };
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${limited.url}/aanmelden/terug?code=x&state=y`, { redirect: 'manual', headers: from })).status).toBe(400);
      await fetch(`${limited.url}/aanmelden/start`, { redirect: 'manual', headers: from });
      expect(seen.at(-1)).toMatchObject({ url: '/te-veel-pogingen', locals: { refusal: 'too-many-attempts' } });
      expect(seen.at(-1)?.locals.retryAfterSeconds).toBeGreaterThan(0);
      // Reading the sign-in page is not an attempt.
      expect((await fetch(`${limited.url}/aanmelden`, { headers: from })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('ID tokens the register must refuse', () => {
  /** What the stand-in provider puts in its next ID token. */
  let next: (claims: { nonce: string; iss: string; aud: string }) => Promise<string>;
  let provider: ServerType;
  let providerUrl: string;
  let server: RunningServer;
  let goodKey: CryptoKey;
  let otherKey: CryptoKey;
  let publicJwk: JWK;

  beforeAll(async () => {
    ({ privateKey: goodKey, publicKey: (await generateKeyPair('RS256').then(async (pair) => ((publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }), (goodKey = pair.privateKey), pair))).publicKey } = await generateKeyPair('RS256'));
    ({ privateKey: otherKey } = await generateKeyPair('RS256'));
    const app = new Hono();
    app.get('/.well-known/openid-configuration', (c) =>
      c.json({
        issuer: providerUrl,
        authorization_endpoint: `${providerUrl}/authorize`,
        token_endpoint: `${providerUrl}/token`,
        jwks_uri: `${providerUrl}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
    app.get('/jwks', (c) => c.json({ keys: [publicJwk] }));
    app.post('/token', async (c) => c.json({ access_token: 'toegang', token_type: 'Bearer', expires_in: 300, id_token: await next(pendingClaims) }));
    await new Promise<void>((resolve) => {
      provider = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
        providerUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    const signIn = new SignIn({ issuer: providerUrl, clientId: 'register-test', clientSecret: 'geheim-van-de-test', clientAuth: 'client_secret_post', scope: 'openid profile vo register', claims: DEFAULT_CLAIM_NAMES, sessionTimes: SESSION_TIMES, nodeEnv: 'test', trustProxy: 0 });
    server = await startServer({ db: database.db, clock: fixedClock(REGISTER_NOW), dataDir: `${database.dir}/data-fake`, host: '127.0.0.1', port: 0, portal: { handler, assetsDir: database.dir }, signIn, signInLimit: { limit: 1000, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await server?.close();
    provider?.close();
  });

  let pendingClaims: { nonce: string; iss: string; aud: string };
  /** Starts a sign-in and comes back with a code whose ID token `make` signs; the page the register answers with. */
  async function comeBackWith(make: (claims: { nonce: string; iss: string; aud: string }) => Promise<string>): Promise<{ status: number; seen: (typeof seen)[number] }> {
    const browser = new ScriptedBrowser();
    const start = await browser.request(`${server.url}/aanmelden/start`);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(providerUrl);
    pendingClaims = { nonce: authorize.searchParams.get('nonce')!, iss: providerUrl, aud: 'register-test' };
    next = make;
    const back = await browser.request(`${server.url}/aanmelden/terug?code=een-code&state=${authorize.searchParams.get('state')}`);
    return { status: back.status, seen: seen.at(-1)! };
  }
  const officerClaims = { sub: 'persoon-1', name: 'Lies Maes', vo_orgcode: WERKKRACHT.code, vo_orgnaam: WERKKRACHT.name, register_rol_3d: [DEFAULT_CLAIM_NAMES.providerRole] };
  const token = (claims: Record<string, unknown>, options: { key?: CryptoKey; iat?: number; exp?: number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 300)
      .sign(options.key ?? goodKey);

  it('accepts a well-made ID token (so each refusal below is about one thing)', async () => {
    const { status, seen } = await comeBackWith(({ nonce, iss, aud }) => token({ ...officerClaims, nonce, iss, aud }));
    expect(status).toBe(200);
    expect(seen).toMatchObject({ url: '/aangemeld', locals: { session: { role: 'provider', enterpriseNumber: WERKKRACHT.code } } });
  });

  it.each([
    ['a wrong nonce', ({ iss, aud }: { nonce: string; iss: string; aud: string }) => token({ ...officerClaims, nonce: 'een-andere-nonce', iss, aud })],
    ['another issuer', ({ nonce, aud }: { nonce: string; iss: string; aud: string }) => token({ ...officerClaims, nonce, iss: 'https://aanvaller.example', aud })],
    ['another audience', ({ nonce, iss }: { nonce: string; iss: string; aud: string }) => token({ ...officerClaims, nonce, iss, aud: 'een-andere-client' })],
    ['an expired ID token', ({ nonce, iss, aud }: { nonce: string; iss: string; aud: string }) => token({ ...officerClaims, nonce, iss, aud }, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a wrongly signed ID token', ({ nonce, iss, aud }: { nonce: string; iss: string; aud: string }) => token({ ...officerClaims, nonce, iss, aud }, { key: otherKey })],
  ])('refuses %s', async (_what, make) => {
    const before = (await database.db.select().from(accessLog).where(eq(accessLog.event, 'sign_in_failed'))).length;
    const { status, seen } = await comeBackWith(make);
    expect(status).toBe(400);
    expect(seen).toMatchObject({ url: '/aanmelden-mislukt', locals: { refusal: 'sign-in-failed', signInFailure: 'other', session: null } });
    const failures = await database.db.select().from(accessLog).where(eq(accessLog.event, 'sign_in_failed'));
    expect(failures.length).toBe(before + 1);
  });

  it('refuses an officer whose ID token names no organisation', async () => {
    const { vo_orgcode: _code, ...withoutOrganisation } = officerClaims;
    const { status, seen } = await comeBackWith(({ nonce, iss, aud }) => token({ ...withoutOrganisation, nonce, iss, aud }));
    expect(status).toBe(403);
    expect(seen).toMatchObject({ url: '/geen-rol', locals: { identityRefusal: { reason: 'no-organisation' } } });
  });

  it('judges the ID token by the real clock, whatever the register’s clock says', async () => {
    // The register's clock is in 2031: a token issued now by the real clock is accepted.
    const { status } = await comeBackWith(({ nonce, iss, aud }) => token({ ...officerClaims, nonce, iss, aud }));
    expect(status).toBe(200);
  });
});
