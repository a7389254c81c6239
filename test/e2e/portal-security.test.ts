/**
 * Security of the web pages in real Chromium, signed in through OpenID Connect against the
 * register's own identity provider: a provider's session sees only its own organisation and no
 * administration page, a person without a role is refused, a form posted from another site is
 * refused, and signing out ends the session on the server and at the identity provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { capacities, changeReports } from '#db/schema/index.ts';
import { listAccess } from '#db/queries/access-log.ts';
import { NO_ROLE_ACCOUNT, P, signIn, signOut, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let context: BrowserContext;
let page: Page;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  site = await startSite();
  context = await site.newContext();
  page = await context.newPage();
  await signIn(page, await site.providerAccount(P.werkkrachtGent.id));
  // Another site, on another port of the same machine: its page posts a form to the register.
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${site.url}/portaal/melden/vrije-plaatsen/">
      <input type="hidden" name="vrije-plaatsen" value="0"><input type="hidden" name="csrf" value="guessed"><button>Claim your prize</button></form></html>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const address = attacker.address() as { port: number };
  attackerUrl = `http://127.0.0.1:${address.port}/`;
});

afterAll(async () => {
  attacker?.closeAllConnections();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  await site?.close();
});

describe("a provider's session", () => {
  it('opens no administration page', async () => {
    for (const path of ['/beheer/', '/beheer/meldingen/', '/beheer/aanvragen/', '/beheer/aanvragen/nieuw/', '/beheer/publicaties/']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Geen toegang');
    }
  });

  it("does not see another organisation's report, not even by its reference", async () => {
    const { report } = await fileChangeReport(site.db, { providerId: P.jobankerGent.id, actor: { name: 'Jobanker' }, request: { kind: 'other', payload: { text: 'Nieuw adres vanaf januari.' } }, now: site.clock.now() });
    const response = await page.goto(`/portaal/meldingen/${report.reference}/`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Melding niet gevonden');
    await expect(page.getByText('Nieuw adres vanaf januari.').count()).resolves.toBe(0);
    await page.goto('/portaal/meldingen/');
    await expect(page.getByText(report.reference).count()).resolves.toBe(0);
  });

  it('answers an address that names nothing with a Dutch page', async () => {
    const response = await page.goto('/portaal/melden/iets-anders/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Deze pagina bestaat niet');
  });

  it('shows only its own organisation on every page', async () => {
    for (const path of ['/portaal/', '/portaal/melden/werkingsgebied/', '/portaal/melden/contactgegevens/']) {
      await page.goto(path);
      const text = await page.locator('main').textContent();
      expect(text, path).not.toContain(P.jobankerGent.name);
    }
    await page.goto('/portaal/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(P.werkkrachtGent.name);
  });
});

describe('an administrator', () => {
  it('opens no provider page', async () => {
    const adminPage = await (await site.newContext()).newPage();
    await signIn(adminPage, await site.adminAccount());
    const response = await adminPage.goto('/portaal/');
    expect(response?.status()).toBe(403);
    await expect(adminPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Geen toegang');
  });
});

describe('a form posted from another site', () => {
  it('is refused with a Dutch explanation, and changes nothing', async () => {
    const before = await site.db.select().from(changeReports).where(eq(changeReports.providerId, P.werkkrachtGent.id));
    await page.goto(attackerUrl);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/portaal/melden/vrije-plaatsen/')), page.getByRole('button', { name: 'Claim your prize' }).click()]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dit formulier werd geweigerd');
    await expect(page.locator('main').textContent()).resolves.toContain('kwam niet van een pagina van het register zelf');
    const after = await site.db.select().from(changeReports).where(eq(changeReports.providerId, P.werkkrachtGent.id));
    expect(after.length).toBe(before.length);
    const [capacity] = await site.db.select().from(capacities).where(eq(capacities.providerId, P.werkkrachtGent.id));
    expect(capacity.freePlaces).toBe(P.werkkrachtGent.capacity.freePlaces);
  });
});

describe('a person without a role for the register', () => {
  it('is refused with a Dutch page that says what is missing and whom to ask, and gets no session', async () => {
    const context = await site.newContext();
    const fresh = await context.newPage();
    await signIn(fresh, NO_ROLE_ACCOUNT, { expect: /\/aanmelden\/terug/ });
    await expect(fresh.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('U hebt (nog) geen toegang');
    await expect(fresh.locator('#wat-ontbreekt').textContent()).resolves.toContain('DWSE-organisatieverantwoordelijke');
    await expect(fresh.locator('main').textContent()).resolves.toContain('lokale beheerder');
    expect((await context.cookies()).some((c) => c.name === 'register_sessie')).toBe(false);
    const response = await fresh.goto('/portaal/');
    expect(new URL(fresh.url()).pathname).toBe('/aanmelden');
    expect(response?.status()).toBe(200);
    const [refused] = await listAccess(site.db, { event: 'refused', limit: 1 });
    expect(refused).toMatchObject({ subject: NO_ROLE_ACCOUNT, detail: 'no-role' });
  });
});

describe('signing out', () => {
  it('ends the session on the server and at the identity provider, so the old cookie opens nothing', async () => {
    await page.goto('/portaal/');
    const cookie = (await context.cookies()).find((c) => c.name === 'register_sessie')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000);
    // "Afmelden" ends the register's session, then the identity provider asks to end its own.
    await signOut(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('U bent afgemeld');
    expect((await context.cookies()).some((c) => c.name === 'register_sessie')).toBe(false);
    const [signedOut] = await listAccess(site.db, { event: 'sign_out', limit: 1 });
    expect(signedOut).toMatchObject({ subject: site.providerAccount(P.werkkrachtGent.id), organisationCode: expect.stringMatching(/^\d{10}$/) });

    const replay = await fetch(`${site.url}/portaal/`, { headers: { cookie: `register_sessie=${cookie.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/aanmelden?terug=%2Fportaal%2F');
    // The identity provider forgot the person too: signing in again asks who it is.
    await page.goto('/aanmelden');
    await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.getByRole('link', { name: 'Nu aanmelden' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Aanmelden bij het register');
  });

  it('brings a person back to the page they asked for after signing in again', async () => {
    await page.goto('/portaal/meldingen/');
    expect(new URL(page.url()).pathname).toBe('/aanmelden');
    await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.getByRole('link', { name: 'Nu aanmelden' }).click()]);
    await Promise.all([page.waitForURL('**/portaal/meldingen/'), page.locator(`button[value="${site.providerAccount(P.werkkrachtGent.id)}"]`).click()]);
  });

  it('never takes a pasted token: the sign-in page has no field for one', async () => {
    const fresh = await (await site.newContext()).newPage();
    await fresh.goto('/aanmelden');
    await expect(fresh.locator('main input, main textarea').count()).resolves.toBe(0);
    await expect(fresh.locator('main').textContent()).resolves.toContain('toegangsbeheer van de Vlaamse overheid');
  });
});

describe("a register whose clock is far from the browser's", () => {
  // `REGISTER_NOW` (demonstrations, these tests) may put the register's clock anywhere; the
  // browser judges cookies by the real clock. Signing in must work either way, and keep working.
  for (const [label, days] of [['days in the past', -40], ['days in the future', 40]] as const) {
    it(`keeps a person signed in when the register's clock is ${label}`, async () => {
      const before = site.clock.now();
      site.clock.set(new Date(Date.now() + days * 86_400_000));
      try {
        const context = await site.newContext();
        const fresh = await context.newPage();
        await signIn(fresh, await site.providerAccount(P.werkkrachtGent.id));
        expect(new URL(fresh.url()).pathname).toBe('/portaal/');
        const cookie = (await context.cookies()).find((c) => c.name === 'register_sessie');
        // A lifetime of at most 8 hours from the real now, whatever the register's clock says
        // (the ID token, the state cookie and the identity provider's own session follow the real clock too).
        expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 3600);
        expect(cookie?.expires).toBeLessThanOrEqual(Date.now() / 1000 + 8 * 3600 + 60);
        await fresh.goto('/portaal/meldingen/');
        expect(new URL(fresh.url()).pathname).toBe('/portaal/meldingen/');
      } finally {
        site.clock.set(before);
      }
    });
  }
});
