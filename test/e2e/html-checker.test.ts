/**
 * One page of every kind the register serves — every kind of public page, signing in through the
 * register's own identity provider (its account chooser included), the portal's pages for a
 * provider, an organisation applying online and an administrator (forms as they open and with
 * errors, API tokens, the access log, and the pages that refuse), and the API reference — opened
 * in Chromium: none breaks the site's own
 * Content-Security-Policy (a blocked inline style or script is logged as a console error), and
 * together they pass the Nu HTML Checker (vnu.jar from the `vnu-jar` package, run once over all
 * pages: one JVM start instead of one per page). Needs Java (Debian's `default-jre-headless`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { createApplication, recordStep } from '#db/commands/applications.ts';
import { fileChangeReport, withdrawChangeReport } from '#db/commands/change-reports.ts';
import { enterpriseNumber, type ProviderFixture } from '#test/fixtures/database.ts';
import { fillPortalData, REPORT_FORMS_TO_CHECK, REPORT_FORMS_WITH_A_MISTAKE } from './portal-fixtures.ts';
import { NEW_ORGANISATION_ACCOUNT, NO_ROLE_ACCOUNT, P, nis, providerPath, signIn, startSite, watch, type TestSite, type WatchedPage } from './harness.ts';
import { NEW_ORGANISATION } from '#server/sign-in/sample-accounts.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

/** The Nu HTML Checker's jar (the package's main export is its path). */
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

// Enough providers for a second page of both lists (100 a page) and of a municipality and its
// province (250 a page): 260 more recognised ones in Leuven, and 97 more whose recognition was renounced.
const extraProviders: ProviderFixture[] = [
  ...Array.from({ length: 260 }, (_, i) => ({ id: 2000 + i, name: `Lijstwerk ${String(i).padStart(3, '0')} vzw`, municipalityNis: nis('Leuven'), postcode: '3000', workingArea: [nis('Leuven')], activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 2 }] })),
  ...Array.from({ length: 97 }, (_, i) => ({
    id: 3000 + i,
    name: `Gestopt Werkhuis ${String(i).padStart(3, '0')} vzw`,
    municipalityNis: nis('Mechelen'),
    postcode: '2800',
    workingArea: [nis('Mechelen')],
    termination: { kind: 'renounced' as const, effectiveFrom: '2025-06-01', reason: 'de organisatie stopte met begeleiding op de werkvloer' },
  })),
];

/** A page as the server sent it. */
interface Collected {
  what: string;
  url: string;
  html: string;
}
const collected: Collected[] = [];

let site: TestSite;
let visitor: WatchedPage;
let provider: WatchedPage;
let admin: WatchedPage;
let providerAccount: string;
let adminAccount: string;

beforeAll(async () => {
  site = await startSite({ extraProviders });
  visitor = await site.newPage();
  provider = watch(await (await site.newContext()).newPage());
  admin = watch(await (await site.newContext()).newPage());
  providerAccount = await site.providerAccount(P.werkkrachtGent.id);
  adminAccount = await site.adminAccount();
  await signIn(provider.page, providerAccount);
  await signIn(admin.page, adminAccount);
}, 240_000);

afterAll(async () => {
  await site?.close();
});

/**
 * Keeps the page the server sent, after checking its status, and checks that the browser logged
 * no error (no CSP violation) for it once `ready` says the page has done its work.
 */
async function keep(watched: WatchedPage, what: string, response: Response | null, status: number, ready?: (page: Page) => Promise<void>): Promise<void> {
  expect(response, `${what}: no response`).not.toBeNull();
  expect(response!.status(), `status of ${what} (${response!.url()})`).toBe(status);
  expect(response!.headers()['content-type'], `${what} is HTML`).toMatch(/^text\/html/);
  collected.push({ what, url: response!.url(), html: await response!.text() });
  await ready?.(watched.page);
  expect(watched.errors, `the browser logged errors on ${what} (${response!.url()})`).toEqual([]);
}

/** Opens `path`, and keeps it (see {@link keep}). */
async function visit(watched: WatchedPage, what: string, path: string, status = 200, ready?: (page: Page) => Promise<void>): Promise<void> {
  watched.errors.length = 0;
  const response = await watched.page.goto(path);
  await keep(watched, what, response, status, ready);
}

/** Runs `action` (a click that posts a form) and returns the page the browser ended up showing. */
async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response | null> {
  const shown: Response[] = [];
  const onResponse = (response: Response) => {
    const redirect = response.status() >= 300 && response.status() < 400;
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() && !redirect) shown.push(response);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), action()]);
  } finally {
    page.off('response', onResponse);
  }
  return shown.at(-1) ?? null;
}

/** Opens the form at `path`, fills it in wrongly, posts it, and keeps the page with its errors. */
async function visitWithErrors(watched: WatchedPage, what: string, path: string, fill: (page: Page) => Promise<unknown>, button: string): Promise<void> {
  const { page } = watched;
  await page.goto(path);
  await fill(page);
  watched.errors.length = 0;
  const response = await navigation(page, () => page.getByRole('button', { name: button }).first().click());
  await expect(page.locator('.error-summary').count(), `${what} shows its errors`).resolves.toBe(1);
  await keep(watched, what, response, 200);
}

describe('the public pages', () => {
  it('break no Content-Security-Policy', async () => {
    await visit(visitor, 'the home page', '/', 200, async (page) => {
      // The search script takes over the form (a script the policy blocked never would).
      await page.locator('#zoekformulier[data-enhanced="true"]').waitFor({ state: 'attached' });
    });
    const pages: [string, string, number?][] = [
      ['the page about recognition', '/erkenning/'],
      ['the accessibility statement', '/toegankelijkheid/'],
      ['the contact page', '/contact/'],
      ['the open-data page', '/hergebruik/'],
      ['the page for an unknown address', '/bestaat-niet/', 404],
      ['a recognised provider', providerPath(P.werkkrachtGent)],
      ['an expired provider', providerPath(P.kompasVerlopen)],
      ['a withdrawn provider', providerPath(P.ingetrokkenGent)],
      ['a provider not yet in force', providerPath(P.toekomstigGent)],
      ['a municipality page', '/gemeenten/gent/'],
      ['a municipality page without providers', '/gemeenten/oostkamp/'],
      ['the municipality index', '/gemeenten/'],
      ['a province page', '/provincies/limburg/'],
      ['the province index', '/provincies/'],
      ['the provider list', '/dienstverleners/'],
      ['the provider list, page 2', '/dienstverleners/pagina/2/'],
      ['the list without recognition', '/dienstverleners/niet-erkend/'],
      ['the list without recognition, page 2', '/dienstverleners/niet-erkend/pagina/2/'],
      ['a municipality page, page 2', '/gemeenten/leuven/pagina/2/'],
      ['a province page, page 2', '/provincies/vlaams-brabant/pagina/2/'],
      ['the coverage map', '/kaart/'],
      ['the search page', '/zoeken/'],
      ['the results of a search by a deelgemeente', '/zoeken/?gemeente=Sint-Amandsberg&vrij=ja'],
      ['the search with the choices of an ambiguous name', '/zoeken/?gemeente=Deurne'],
      ['the search with suggestions for a typo', '/zoeken/?gemeente=Gend&naam=werk'],
      ['the search for a place that does not exist', '/zoeken/?gemeente=Atlantis'],
      ['the search by name alone, page 2', '/zoeken/?naam=Lijstwerk&volgorde=naam&pagina=2'],
    ];
    for (const [what, path, status] of pages) await visit(visitor, what, path, status);
  });
});

describe('the pages for providers', () => {
  let decided: string;
  beforeAll(async () => {
    ({ decided } = await fillPortalData(site));
  });

  it('before signing in, signing in through the identity provider, and the sign-in refused', async () => {
    await visit(visitor, 'the sign-in page', '/aanmelden');
    visitor.errors.length = 0;
    const chooser = await navigation(visitor.page, () => visitor.page.getByRole('link', { name: 'Nu aanmelden' }).click());
    await keep(visitor, "the identity provider's sample accounts", chooser, 200);
    const refused = await navigation(visitor.page, () => visitor.page.locator(`button[name="account"][value="${NO_ROLE_ACCOUNT}"]`).click());
    await keep(visitor, 'the refusal of a person without a role', refused, 403);
    await visit(visitor, 'a sign-in that cannot be checked', '/aanmelden/terug?code=x&state=y', 400);
    await visit(visitor, 'the sign-out page when signed out', '/afmelden');
    await visit(visitor, 'the page after signing out', '/afgemeld');
  });

  it('break no Content-Security-Policy', async () => {
    await visit(provider, 'the overview', '/portaal/');
    await visit(provider, 'the list of reports', '/portaal/meldingen/');
    provider.errors.length = 0;
    const report = await navigation(provider.page, () => provider.page.locator('table.data tbody tr a').first().click());
    await keep(provider, 'one report', report, 200);
    await visit(provider, 'an unknown report', '/portaal/meldingen/WM-2026-999999/', 404);
    // A report that waits, the question before withdrawing it, and the report once withdrawn.
    const { report: waiting } = await fileChangeReport(site.db, { providerId: P.werkkrachtGent.id, actor: { name: 'Lies Maes' }, request: { kind: 'other', payload: { text: 'Nieuw onthaal.' } }, now: site.clock.now() });
    await visit(provider, 'a report waiting for review', `/portaal/meldingen/${waiting.reference}/`);
    await visit(provider, 'the question before withdrawing a report', `/portaal/meldingen/${waiting.reference}/intrekken/`);
    await withdrawChangeReport(site.db, { reference: waiting.reference, providerId: P.werkkrachtGent.id, actor: { name: 'Lies Maes' }, now: site.clock.now() });
    await visit(provider, 'a withdrawn report', `/portaal/meldingen/${waiting.reference}/`);
    await visit(provider, 'the question before withdrawing a report that no longer waits', `/portaal/meldingen/${waiting.reference}/intrekken/`);
    await visit(provider, 'an address that names nothing', '/portaal/melden/iets-anders/', 404);
    await visit(provider, 'the kinds of change', '/portaal/melden/');
    await visit(provider, 'reconsideration with the window open', '/portaal/heroverweging/');
    await visit(provider, 'an administration page, refused', '/beheer/', 403);
  });

  it('every form, as it opens and with errors', async () => {
    for (const { slug, mistake, make, button } of REPORT_FORMS_WITH_A_MISTAKE) {
      await visit(provider, `the form ${slug}`, `/portaal/melden/${slug}/`);
      await visitWithErrors(provider, `the form ${slug} with ${mistake}`, `/portaal/melden/${slug}/`, make, button);
    }
  });

  it('the page that shows what a report changes, and its missing confirmation', async () => {
    const { page } = provider;
    for (const { slug, change, make, confirms } of REPORT_FORMS_TO_CHECK) {
      await page.goto(`/portaal/melden/${slug}/`);
      await make(page);
      provider.errors.length = 0;
      const checked = await navigation(page, () => page.getByRole('button', { name: 'Controleer uw melding' }).click());
      await keep(provider, `the check of ${change}`, checked, 200);
      if (!confirms) continue;
      provider.errors.length = 0;
      const refused = await navigation(page, () => page.getByRole('button', { name: 'Melding versturen' }).click());
      await expect(page.locator('.error-summary').count(), `the check of ${change} without confirmation shows its error`).resolves.toBe(1);
      await keep(provider, `the check of ${change} without confirmation`, refused, 200);
    }
  });

  it('a form whose secret does not match, refused', async () => {
    const { page } = provider;
    await page.goto('/portaal/melden/andere/');
    await page.locator('main input[name="csrf"]').evaluate((field: HTMLInputElement) => (field.value = 'niet-het-geheim'));
    provider.errors.length = 0;
    const refused = await navigation(page, () => page.getByRole('button', { name: 'Controleer uw melding' }).click());
    await keep(provider, 'the refused form', refused, 403);
  });

  it('reconsideration asked too late', async () => {
    // The last evening of the window (informed on 21 November) the form is opened; it is sent after midnight.
    const late = watch(await (await site.newContext()).newPage());
    try {
      site.clock.set(new Date('2026-12-21T22:00:00+01:00'));
      await signIn(late.page, await site.providerAccount(P.werkkrachtGent.id));
      await late.page.goto('/portaal/heroverweging/');
      site.clock.set(new Date('2026-12-22T00:30:00+01:00'));
      late.errors.length = 0;
      const response = await navigation(late.page, () => late.page.getByRole('button', { name: 'Heroverweging vragen' }).click());
      await expect(late.page.locator('.error-summary').textContent()).resolves.toContain(`Heroverweging kon gevraagd worden tot en met 21 december 2026`);
      await keep(late, `reconsideration of ${decided} refused after the window`, response, 200);
    } finally {
      // Back to the day the other tests use (sessions follow the real clock: they did not end meanwhile).
      site.clock.set(new Date('2026-11-28T10:00:00+01:00'));
      await late.page.close();
    }
  });
});

describe('the pages for an organisation that applies', () => {
  let applicant: WatchedPage;
  beforeAll(async () => {
    applicant = watch(await (await site.newContext()).newPage());
  });

  it('signing in, applying in five parts with what is missing, and following an application', async () => {
    const { page } = applicant;
    await page.goto('/aanmelden');
    await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.getByRole('link', { name: 'Nu aanmelden' }).click()]);
    // The page that moves on by itself after signing in (the browser comes back from the
    // provider): the move is held back until the page the server sent has been read.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/portaal/', async (route) => {
      await held;
      await route.continue();
    });
    applicant.errors.length = 0;
    const [signedIn] = await Promise.all([page.waitForResponse((r) => r.url().includes('/aanmelden/terug')), page.locator(`button[value="${NEW_ORGANISATION_ACCOUNT}"]`).click()]);
    await page.waitForLoadState('domcontentloaded');
    const html = await signedIn.text();
    release();
    await page.waitForURL('**/portaal/');
    await page.unroute('**/portaal/');
    expect(signedIn.status()).toBe(200);
    expect(applicant.errors, 'the browser logged errors signing in').toEqual([]);
    collected.push({ what: 'the page after signing in', url: signedIn.url(), html });
    await visit(applicant, 'the overview of an organisation not in the register', '/portaal/');
    await visit(applicant, 'the application, not started', '/portaal/aanvraag/');
    for (const part of [1, 2, 3, 4, 5]) await visit(applicant, `part ${part} of the application, empty`, `/portaal/aanvraag/deel-${part}/`);
    await page.goto('/portaal/aanvraag/deel-1/');
    await page.getByLabel('E-mail van de organisatie').fill('geen-adres');
    await Promise.all([page.waitForURL('**/deel-2/'), page.getByRole('button', { name: 'Bewaren en verder' }).click()]);
    await visit(applicant, 'part 1 of the application with what it lacks', '/portaal/aanvraag/deel-1/');
    await visit(applicant, 'the application with what is missing', '/portaal/aanvraag/');
    applicant.errors.length = 0;
    const refused = await navigation(page, () => page.getByRole('button', { name: 'Aanvraag indienen' }).click());
    await keep(applicant, 'the application sent while incomplete', refused, 200);
    await visit(applicant, 'report pages, not yet in the register', '/portaal/melden/', 403);

    const now = site.clock.now();
    const application = await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now,
      application: applicationFixture({
        submittedOn: '2026-11-02',
        name: NEW_ORGANISATION.name,
        enterpriseNumber: NEW_ORGANISATION.code,
        street: 'Stationsstraat 1',
        municipalityNis: nis('Gent'),
        email: 'info@nieuwestart.example',
        contactPerson: { fullName: 'An Claes', email: 'an@nieuwestart.example' },
        simplifiedCategory: 'LDE',
        experience: null,
        serviceArea: { totalPlaces: 4, motivation: 'Gent.' },
      }),
    });
    for (const step of [{ step: 'declare_admissible', on: '2026-11-03' }, { step: 'request_information', on: '2026-11-20', note: 'Stuur het attest van de kwaliteitsregistratie.' }] as const) {
      await recordStep(site.db, { reference: application.reference, step, actor: { name: 'Els Peeters' }, now });
    }
    await visit(applicant, 'the applications of the organisation', '/portaal/aanvragen/');
    const path = `/portaal/aanvragen/${application.reference}/`;
    await visit(applicant, 'an application waiting for information', path);
    await visitWithErrors(applicant, 'an answer without text', path, async () => {}, 'Informatie bezorgen');
    await visit(applicant, "another organisation's application", '/portaal/aanvragen/AV-2026-999999/', 404);
  });
});

describe('the API token pages', () => {
  it('for an organisation and for the administrators, as they open, with an error and with a new token', async () => {
    await visit(provider, "the organisation's tokens", '/portaal/tokens/');
    await visitWithErrors(provider, 'a token without a name', '/portaal/tokens/', async () => {}, 'Token maken');
    await provider.page.goto('/portaal/tokens/');
    await provider.page.getByLabel('Naam van het token').fill('Koppeling planning');
    provider.errors.length = 0;
    const made = await navigation(provider.page, () => provider.page.getByRole('button', { name: 'Token maken' }).click());
    await keep(provider, 'a token just made, shown once', made, 200);
    await visit(admin, 'every token', '/beheer/tokens/');
    await visit(admin, 'the access log', '/beheer/toegang/');
  });
});

describe('the pages for administrators', () => {
  it('break no Content-Security-Policy', async () => {
    await visit(admin, 'the deadlines dashboard', '/beheer/');
    await visit(admin, 'the review queue', '/beheer/meldingen/');
    await visitWithErrors(admin, 'the review queue with a rejection without reason', '/beheer/meldingen/', async () => {}, 'Weigeren');
    await visit(admin, 'the history of decided reports', '/beheer/meldingen/geschiedenis/');
    await visit(admin, 'the history filtered with a wrong date', '/beheer/meldingen/geschiedenis/?status=rejected&van=gisteren');
    await visit(admin, 'the applications', '/beheer/aanvragen/');
    admin.errors.length = 0;
    const application = await navigation(admin.page, () => admin.page.locator('table.data tbody tr a').first().click());
    await keep(admin, 'an application with its timeline', application, 200);
    await visit(admin, 'an unknown application', '/beheer/aanvragen/AV-2026-999999/', 404);
    await visit(admin, 'the new application form', '/beheer/aanvragen/nieuw/');
    await visitWithErrors(admin, 'the new application form with errors', '/beheer/aanvragen/nieuw/', (p) => p.getByLabel('Ondernemingsnummer').fill('123'), 'Aanvraag registreren');
    await visit(admin, 'the publications', '/beheer/publicaties/');
    await visit(admin, 'a provider page, refused', '/portaal/', 403);
  });

  it('the confirmations of accepting and rejecting, and a decided report in the history', async () => {
    const { page } = admin;
    await fileChangeReport(site.db, { providerId: P.werkkrachtGent.id, actor: { name: 'organisatieverantwoordelijke' }, request: { kind: 'capacity', payload: { totalPlaces: 4 } }, now: site.clock.now() });
    await page.goto('/beheer/meldingen/');
    const card = page.locator('section.card').filter({ hasText: 'Let op: het aantal plaatsen daalt' });
    admin.errors.length = 0;
    const confirm = await navigation(page, () => card.getByRole('button', { name: 'Aanvaarden' }).click());
    await keep(admin, 'the confirmation of accepting a capacity that drops', confirm, 200);
    admin.errors.length = 0;
    const unconfirmed = await navigation(page, () => page.getByRole('button', { name: 'Ja, aanvaarden' }).click());
    await expect(page.locator('.error-summary').count()).resolves.toBe(1);
    await keep(admin, 'the confirmation of accepting, without the tick', unconfirmed, 200);
    await page.goto('/beheer/meldingen/');
    const other = page.locator('section.card').filter({ hasText: 'Andere wijziging' });
    await other.getByRole('textbox').fill('Dit is geen wijziging van de erkenningsvoorwaarden.');
    admin.errors.length = 0;
    const reject = await navigation(page, () => other.getByRole('button', { name: 'Weigeren' }).click());
    await keep(admin, 'the confirmation of rejecting', reject, 200);
    await navigation(page, () => page.getByRole('button', { name: 'Ja, weigeren' }).click());
    await visit(admin, 'the history with a decided report', '/beheer/meldingen/geschiedenis/?status=rejected');
    await expect(page.locator('table.history tbody tr').count()).resolves.toBe(1);
  });

  it('an application waiting for the decision, and the decision with an error', async () => {
    const now = site.clock.now();
    const application = await createApplication(site.db, {
      actor: { name: 'Els Peeters' },
      now,
      application: applicationFixture({
        submittedOn: '2026-11-02',
        name: 'Nieuwe Start Leuven vzw',
        enterpriseNumber: enterpriseNumber(99),
        street: 'Bondgenotenlaan 1',
        postcode: '3000',
        municipalityNis: nis('Leuven'),
        email: 'info@nieuwestart.example',
        contactPerson: { fullName: 'Eva Janssens', email: 'eva@nieuwestart.example' },
        experience: { motivation: 'Tien jaar ervaring.', coaches: [{ fullName: 'Eva Janssens', qualification: 'Master psychologie' }] },
        serviceArea: { totalPlaces: 5, motivation: 'Leuven.' },
      }),
    });
    for (const step of [{ step: 'declare_admissible', on: '2026-11-03' }, { step: 'give_advice', on: '2026-11-20' }] as const) {
      await recordStep(site.db, { reference: application.reference, step, actor: { name: 'Els Peeters' }, now });
    }
    const path = `/beheer/aanvragen/${application.reference}/`;
    await visit(admin, 'an application waiting for the decision', path);
    await visitWithErrors(admin, 'a decision without its date', path, (p) => p.getByLabel('Erkend').check().then(() => p.getByLabel('Erkenning geldig vanaf').fill('')), 'Beslissing van de minister registreren');
  });

  it('the publications with one recorded', async () => {
    await admin.page.goto('/beheer/publicaties/');
    await Promise.all([admin.page.waitForURL('**/beheer/publicaties/'), admin.page.getByRole('button', { name: 'Nu publiceren' }).click()]);
    await site.publicationsSettled();
    await visit(admin, 'the publications with one recorded', '/beheer/publicaties/');
  });

  it('a rollback asked, confirmed, and the notice that an older publication is online', async () => {
    await admin.page.goto('/beheer/publicaties/');
    const back = admin.page.getByRole('link', { name: /^Terugzetten naar de publicatie van / }).first();
    admin.errors.length = 0;
    const confirmation = await navigation(admin.page, () => back.click());
    await keep(admin, 'the rollback confirmation', confirmation, 200);
    admin.errors.length = 0;
    const done = await navigation(admin.page, () => admin.page.getByRole('button', { name: 'Ja, zet de site terug' }).click());
    await keep(admin, 'the publications after a rollback, with the notice', done, 200);
    await visit(admin, 'the deadlines dashboard while an older publication is online', '/beheer/');
    await visit(admin, 'the rollback confirmation for a publication not kept', '/beheer/publicaties/terugzetten/?publicatie=20260101T000000Z-onbekend');
  });
});

describe('the API reference', () => {
  it('breaks no Content-Security-Policy', async () => {
    await visit(visitor, 'the API reference', '/api/docs');
  });
});

/** One message of the Nu HTML Checker (`--format json`). */
interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Runs the checker over the files; resolves with its messages (it exits non-zero when it finds errors). */
function runChecker(files: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('The Nu HTML Checker needs Java: install Debian\'s default-jre-headless (CI does so in .ci/run).'));
        return;
      }
      // The JSON report goes to stderr.
      try {
        resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
      } catch {
        reject(new Error(`The Nu HTML Checker gave no report: ${error?.message ?? ''}\n${stderr}`));
      }
    });
  });
}

describe('every kind of page', () => {
  it('passes the Nu HTML Checker', async () => {
    // Every visit above kept its page: public (28), signing in and out (6), provider (12 + 18 forms +
    // 7 checks of what a report changes + 2), an organisation applying (16), API tokens and the access
    // log (5), administrator (17 + 2 history + 4 confirmations and the history after a decision), API (1).
    expect(collected.length, 'pages collected by the tests above (one failed before it got there?)').toBe(118);
    const dir = mkdtempSync(join(tmpdir(), 'register-vnu-'));
    try {
      const files = collected.map((page, i) => {
        const file = join(dir, `${String(i).padStart(2, '0')}.html`);
        writeFileSync(file, page.html);
        return file;
      });
      const messages = await runChecker(files);
      const report = messages
        .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
        .map((m) => {
          const page = collected[files.findIndex((file) => m.url?.endsWith(file))];
          return `${page ? `${page.what} (${new URL(page.url).pathname})` : m.url}, line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, ' ')}` : ''}`;
        });
      expect(report, `the Nu HTML Checker found errors:\n${report.join('\n')}`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
