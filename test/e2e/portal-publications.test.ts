/**
 * Publications an administrator can read and a rollback nobody has to guess about, in real
 * Chromium: a provider's report is accepted and published; the publications page names each
 * publication by its Belgian local time and says what it contains and who asked; the provider's
 * report says since when it is online; a rollback is asked, shows what will disappear, and happens
 * only when confirmed; afterwards every administration page says an older publication is online
 * and the provider's report says it was rolled back. Also the deadlines table at 390 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createApplication } from '#db/commands/applications.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { publications } from '#db/schema/index.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';
import { expectNoViolations } from './axe.ts';
import { fillPortalData } from './portal-fixtures.ts';
import { P, nis, providerPath, signIn, startSite, type TestSite } from './harness.ts';

let site: TestSite;
let provider: Page;
let admin: Page;
let reference: string;

beforeAll(async () => {
  site = await startSite();
  provider = await (await site.newContext()).newPage();
  admin = await (await site.newContext()).newPage();
  await signIn(provider, await site.providerAccount(P.werkkrachtGent.id));
  await signIn(admin, await site.adminAccount());
});

afterAll(async () => {
  await site?.close();
});

/**
 * Resolves once every change is published: the serving publisher notices changes by looking at
 * the database, so a moment may pass before its publication is even queued.
 */
async function published(): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    await site.publicationsSettled();
    const busy = await site.db.select({ id: publications.id }).from(publications).where(inArray(publications.status, ['queued', 'running']));
    if (busy.length === 0 && !(await hasUnpublishedChanges(site.db))) return;
    if (Date.now() > until) throw new Error('The changes were not published within two minutes.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const brusselsTime = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Every administration page the menu and the work lead to. */
const ADMIN_PAGES = ['/beheer/', '/beheer/meldingen/', '/beheer/aanvragen/', '/beheer/aanvragen/nieuw/', '/beheer/publicaties/', '/beheer/tokens/', '/beheer/toegang/'];

describe('a publication an administrator can read', () => {
  it('publishes an accepted report, and the provider reads since when it is online', async () => {
    const filed = await fileChangeReport(site.db, {
      providerId: P.werkkrachtGent.id,
      actor: { name: 'Lies Maes' },
      request: { kind: 'capacity', payload: { totalPlaces: 15 } },
      now: site.clock.now(),
    });
    reference = filed.report.reference;
    await admin.goto('/beheer/meldingen/');
    // Accepting goes through its confirmation (a capacity that grows needs no tick).
    await Promise.all([admin.waitForEvent('load'), admin.locator('section.card').getByRole('button', { name: 'Aanvaarden' }).click()]);
    await Promise.all([admin.waitForURL('**/beheer/meldingen/'), admin.getByRole('button', { name: 'Ja, aanvaarden' }).click()]);
    await published();

    await provider.goto(`/portaal/meldingen/${reference}/`);
    const [row] = await site.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(1);
    expect(row.status).toBe('succeeded');
    await expect(text(provider, '#melding-status')).resolves.toBe(`Aanvaard, online sinds ${brusselsTime.format(new Date(row.finishedAt!))}.`);
    await expectNoViolations(provider, 'a report that is online');
  });

  it('names each publication by its local time and says who asked, what it contains and how many pages changed', async () => {
    await admin.goto('/beheer/publicaties/');
    const [row] = await site.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(1);
    const newest = admin.locator(`tr[data-publicatie="${row.id}"]`);
    // Named by the Belgian time it was asked for, not by its id in UTC.
    await expect(text(admin, `tr[data-publicatie="${row.id}"] th`)).resolves.toBe(`Publicatie van ${brusselsTime.format(new Date(row.requestedAt))} online`);
    await expect(newest.textContent()).resolves.not.toContain(row.id);
    await expect(text(admin, '#online-nu')).resolves.toBe(`publicatie van ${brusselsTime.format(new Date(row.requestedAt))}`);
    // Who asked: the report and the administrator who accepted it; and what it holds, linked.
    const expected = `Melding ${reference} (begeleidingscapaciteit) van ${P.werkkrachtGent.name}, aanvaard door Els Peeters`;
    await expect(text(admin, `tr[data-publicatie="${row.id}"] td[data-label="Aanleiding"]`)).resolves.toBe(`Melding ${reference} aanvaard door Els Peeters`);
    await expect(newest.locator('td[data-label="Inhoud"] a').textContent()).resolves.toBe(expected);
    await expect(newest.locator('td[data-label="Inhoud"] a').getAttribute('href')).resolves.toBe(`/beheer/meldingen/#melding-${reference}`);
    await expect(text(admin, `tr[data-publicatie="${row.id}"] td[data-label="Pagina’s"]`)).resolves.toMatch(/^\d+ nieuw van \d+$/);
    await expect(text(admin, `tr[data-publicatie="${row.id}"] td[data-label="Status"]`)).resolves.toBe(
      `Gelukt Gevraagd ${brusselsTime.format(new Date(row.requestedAt))}; klaar ${brusselsTime.format(new Date(row.finishedAt!))}`,
    );
    await expect(text(admin, `tr[data-publicatie="${row.id}"] td[data-label="Terugzetten"]`)).resolves.toBe('Staat online');
    await expectNoViolations(admin, 'the publications page');
  });

  it('asks for confirmation before a rollback, saying which changes will disappear, and changes nothing when declined', async () => {
    const back = admin.locator('tr', { hasText: 'Niet in de geschiedenis' }).getByRole('link', { name: /^Terugzetten naar de publicatie van / });
    await Promise.all([admin.waitForURL('**/beheer/publicaties/terugzetten/**'), back.click()]);
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Publicatie terugzetten');
    await expect(admin.locator('#verdwijnt li').allTextContents()).resolves.toEqual([`Melding ${reference} (begeleidingscapaciteit) van ${P.werkkrachtGent.name}, aanvaard door Els Peeters`]);
    await expectNoViolations(admin, 'the rollback confirmation');
    const target = new URL(admin.url()).searchParams.get('publicatie')!;

    // Declining leaves the site as it was.
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('link', { name: 'Nee, niets veranderen' }).click()]);
    const { page } = await site.newPage();
    expect((await page.goto(providerPath(P.werkkrachtGent)))?.headers()['x-register-publication']).not.toBe(target);
    await expect(admin.locator('.older-publication').count()).resolves.toBe(0);

    // Confirming switches.
    await Promise.all([admin.waitForURL('**/beheer/publicaties/terugzetten/**'), back.click()]);
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('button', { name: 'Ja, zet de site terug' }).click()]);
    await expect(text(admin, '.flash')).resolves.toMatch(/^De publieke site toont nu de publicatie van \d{1,2} \w+ \d{4} om \d{2}:\d{2}:\d{2}\. De volgende wijziging in het register zet alles weer online\.$/);
    const response = await page.goto(providerPath(P.werkkrachtGent));
    expect(response?.headers()['x-register-publication']).toBe(target);
    await expect(page.locator('dl.facts').filter({ hasText: 'Plaatsen in totaal' }).textContent()).resolves.toMatch(/Plaatsen in totaal\s*12/);
    await page.close();
    await expect(admin.locator('#terugzettingen li').allTextContents()).resolves.toEqual([expect.stringMatching(/: door Els Peeters teruggezet naar de publicatie van .+ \(online was de publicatie van .+\)\.$/)]);
  });

  it('says on every administration page that an older publication is online, with a link to the publications', async () => {
    for (const path of ADMIN_PAGES) {
      await admin.goto(path);
      const notice = admin.locator('.older-publication');
      await expect(notice.textContent(), path).resolves.toMatch(/De publieke site toont een oudere publicatie: de publicatie van .+, teruggezet op .+ door Els Peeters\. Wijzigingen van daarna staan niet online tot de volgende publicatie\./);
      await expect(notice.getByRole('link', { name: 'Naar de publicaties' }).getAttribute('href')).resolves.toBe('/beheer/publicaties/');
    }
    await admin.goto('/beheer/');
    await expectNoViolations(admin, 'an administration page while an older publication is online');
  });

  it("tells the provider that its report was rolled back, until the next publication brings it back", async () => {
    await provider.goto(`/portaal/meldingen/${reference}/`);
    await expect(text(provider, '#melding-status')).resolves.toMatch(
      /^Aanvaard, maar teruggedraaid op \d{1,2} \w+ \d{4} om \d{2}:\d{2}:\d{2}: de publieke site toont weer de gegevens van vóór deze melding, tot de volgende publicatie\.$/,
    );
    await expectNoViolations(provider, 'a report that was rolled back');

    await admin.goto('/beheer/publicaties/');
    await Promise.all([admin.waitForURL('**/beheer/publicaties/'), admin.getByRole('button', { name: 'Nu publiceren' }).click()]);
    await published();
    await provider.goto(`/portaal/meldingen/${reference}/`);
    await expect(text(provider, '#melding-status')).resolves.toMatch(/^Aanvaard, online sinds \d{1,2} \w+ \d{4} om \d{2}:\d{2}:\d{2}\.$/);
    await admin.goto('/beheer/');
    await expect(admin.locator('.older-publication').count()).resolves.toBe(0);
    // The publication after the rollback holds the report again, and says who asked for it.
    await admin.goto('/beheer/publicaties/');
    const [row] = await site.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(1);
    await expect(text(admin, `tr[data-publicatie="${row.id}"] td[data-label="Aanleiding"]`)).resolves.toBe('Beheerder Els Peeters vroeg ze');
    await expect(admin.locator(`tr[data-publicatie="${row.id}"] td[data-label="Inhoud"] li`).allTextContents()).resolves.toContain(
      `Melding ${reference} (begeleidingscapaciteit) van ${P.werkkrachtGent.name}, aanvaard door Els Peeters`,
    );
  });
});

describe('the deadlines table', () => {
  beforeAll(async () => {
    await fillPortalData(site);
    // Submitted on 24 November: admissibility is due on 1 December, three days after the test's today.
    await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now: site.clock.now(),
      application: {
        submittedOn: '2026-11-24',
        organisation: {
          name: 'Werkplek Brugge vzw met een heel lange naam die op een smal scherm moet afbreken',
          enterpriseNumber: enterpriseNumber(34),
          street: 'Markt 1',
          postcode: '8000',
          municipalityNis: nis('Brugge'),
          email: 'info@werkplek-brugge-met-een-heel-lang-adres.example',
          phone: null,
          website: null,
          contactPerson: { fullName: 'Lies Maes', email: 'lies@werkplek-brugge.example', phone: null },
        },
        simplifiedCategory: 'GTB',
        experience: null,
        serviceArea: { municipalities: [nis('Brugge')], totalPlaces: 8, motivation: 'Begeleiding in de eigen regio.' },
        declaration: { signedOn: '2026-11-24', signatory: 'Lies Maes' },
      },
    });
  });

  for (const width of [1280, 390]) {
    it(`fits ${width} px without scrolling sideways and marks overdue and near deadlines in words`, async () => {
      await admin.setViewportSize({ width, height: 900 });
      await admin.goto('/beheer/');
      const { scrollWidth, clientWidth } = await admin.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, `the page is ${scrollWidth} px wide in a window of ${clientWidth} px`).toBeLessThanOrEqual(clientWidth);
      const row = (name: string) => admin.locator('#termijnen tbody tr', { hasText: name });
      // Submitted on 18 November, due on 25 November: three days late.
      await expect(text(admin, '#termijnen tbody tr:has-text("Stapsteen Leuven vzw") td[data-label="Uiterlijk"]')).resolves.toBe('Te laat 25 november 2026 3 dagen te laat');
      await expect(text(admin, '#termijnen tbody tr:has-text("Werkplek Brugge") td[data-label="Uiterlijk"]')).resolves.toBe('Binnen 3 dagen 1 december 2026 nog 3 dagen');
      // Five days left: no mark.
      await expect(text(admin, '#termijnen tbody tr:has-text("Jobpunt Mechelen vzw") td[data-label="Uiterlijk"]')).resolves.toBe('3 december 2026 nog 5 dagen');
      // Each mark carries an icon beside its words, hidden from screen readers (the words say it).
      await expect(row('Stapsteen Leuven vzw').locator('.urgency svg[aria-hidden="true"]').count()).resolves.toBe(1);
      await expect(row('Werkplek Brugge').locator('.urgency svg[aria-hidden="true"]').count()).resolves.toBe(1);
      await expect(text(admin, 'ul.summary li')).resolves.toBe('1 aanvraag is te laat; 1 vervalt binnen 3 dagen.');
      await expectNoViolations(admin, `the deadlines table at ${width} px`);
    });
  }
});
