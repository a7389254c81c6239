/**
 * Security of the web pages in real Chromium: a provider's session sees only its own
 * organisation and no administration page, a form posted from another site is refused, and
 * signing out (or revoking the token) ends the session on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { fileChangeReport } from '../../db/commands/change-reports.ts';
import { createToken, revokeToken } from '../../db/queries/tokens.ts';
import { capacities, changeReports } from '../../db/schema/index.ts';
import { P, signIn, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let context: BrowserContext;
let page: Page;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  site = await startSite();
  context = await site.newContext();
  page = await context.newPage();
  await signIn(page, await site.providerToken(P.werkkrachtGent.id));
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
  await new Promise((resolve) => attacker?.close(resolve));
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
    await signIn(adminPage, await site.adminToken());
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

describe('signing out', () => {
  it('ends the session on the server, so the old cookie opens nothing', async () => {
    await page.goto('/portaal/');
    const cookie = (await context.cookies()).find((c) => c.name === 'register_sessie')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000);
    await Promise.all([page.waitForURL('**/aanmelden'), page.getByRole('button', { name: 'Afmelden' }).click()]);
    await expect(page.locator('.flash').textContent()).resolves.toBe('U bent afgemeld.');
    expect((await context.cookies()).some((c) => c.name === 'register_sessie')).toBe(false);

    const replay = await fetch(`${site.url}/portaal/`, { headers: { cookie: `register_sessie=${cookie.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/aanmelden?terug=%2Fportaal%2F');
  });

  it('brings a person back to the page they asked for after signing in again', async () => {
    await page.goto('/portaal/meldingen/');
    expect(new URL(page.url()).pathname).toBe('/aanmelden');
    await page.getByLabel('Token van uw organisatie').fill(await site.providerToken(P.werkkrachtGent.id));
    await Promise.all([page.waitForURL('**/portaal/meldingen/'), page.getByRole('button', { name: 'Aanmelden' }).click()]);
  });

  it('happens by itself when the token is revoked', async () => {
    const { token, id } = await createToken(site.db, { role: 'provider', providerId: P.kompasBrugge.id, name: 'Kompas', now: site.clock.now() });
    const other = await (await site.newContext()).newPage();
    await signIn(other, token);
    await revokeToken(site.db, id, site.clock.now());
    await other.goto('/portaal/meldingen/');
    expect(new URL(other.url()).pathname).toBe('/aanmelden');
  });

  it('refuses a token that is unknown, in plain Dutch at the field', async () => {
    const fresh = await (await site.newContext()).newPage();
    await fresh.goto('/aanmelden');
    await fresh.getByLabel('Token van uw organisatie').fill('rdv_dit-token-bestaat-niet');
    await Promise.all([fresh.waitForEvent('load'), fresh.getByRole('button', { name: 'Aanmelden' }).click()]);
    await expect(fresh.locator('#token-fout').textContent()).resolves.toContain('Dit token kennen we niet');
    expect(new URL(fresh.url()).pathname).toBe('/aanmelden');
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
        await signIn(fresh, await site.providerToken(P.werkkrachtGent.id));
        expect(new URL(fresh.url()).pathname).toBe('/portaal/');
        const cookie = (await context.cookies()).find((c) => c.name === 'register_sessie');
        // A lifetime of at most 8 hours from the real now, whatever the register's clock says.
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
