/**
 * The end-to-end harness: a temporary register with a known set of providers, a real publication
 * of the public site built from it, the server that serves it (with the pages for providers and
 * administrators, built when their code changed), and headless Chromium (the Debian package at
 * /usr/bin/chromium; playwright never downloads a browser here).
 *
 * Every test file starts one site with `startSite()` in `beforeAll` and stops it with
 * `site.close()` in `afterAll`. The register's clock is the site's own (`site.clock`): a test
 * moves time on instead of waiting. People sign in through OpenID Connect against the register's
 * own identity provider, with a sample account for every provider of the test register
 * (`site.providerAccount()`), an administrator (`site.adminAccount()`), an organisation not in
 * the register (`NEW_ORGANISATION_ACCOUNT`) and a person without a role (`NO_ROLE_ACCOUNT`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildPublication, closePublisher } from '#publish/build-publication.ts';
import { startServer, type RunningServer } from '#server/server.ts';
import { loadPortal } from '#server/portal-build.ts';
import { MailSender } from '#mail/sender.ts';
import { fileTransport } from '#mail/transports.ts';
import type { Clock } from '#config/clock.ts';
import type { RegisterDb } from '#db/client.ts';
import { DEFAULT_CLAIM_NAMES, localSignIn } from '#server/sign-in/index.ts';
import { adminAccount, NEW_ORGANISATION, noRoleAccount, officerAccount } from '#server/sign-in/sample-accounts.ts';
import { LocalPublisher } from '#publish/local-publisher.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type ProviderFixture } from '#test/fixtures/database.ts';
import { NOW } from '#test/fixtures/clock.ts';

/** "Today" for the register: every validity below is judged on this day. */
export { NOW };

/** Where the browser comes from; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (`test-results/` is git-ignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

const reference = loadReferenceData();
/** The NIS code of a municipality by its Dutch name. */
export function nis(name: string): string {
  const municipality = reference.municipalities.find((m) => m.nameNl === name);
  if (!municipality) throw new Error(`No municipality called ${name} in the reference data`);
  return municipality.nisCode;
}
const limburg = reference.municipalities.filter((m) => m.provinceNis === '70000').map((m) => m.nisCode);
const flanders = reference.municipalities.filter((m) => m.region === 'VLG').map((m) => m.nisCode);

/** Full activity for the counted years, so an active recognition does not lapse. */
const coached = (...years: number[]) => years.map((year) => ({ year, employeesCoached: 2 }));

/**
 * The providers of the test register. Names are chosen so that a word search hits exactly the
 * intended pages: "Kompas" is in two recognised names and one expired one; "Werkkracht" in one.
 */
export const P = {
  werkkrachtGent: {
    id: 11,
    name: 'Werkkracht Gent vzw',
    municipalityNis: nis('Gent'),
    postcode: '9000',
    workingArea: [nis('Gent'), nis('Merelbeke-Melle')],
    validFrom: '2024-01-01',
    activity: coached(2024, 2025),
    capacity: { totalPlaces: 12, freePlaces: 3 },
    simplifiedCategory: 'GTB',
  },
  jobankerGent: {
    id: 12,
    name: 'Jobanker Gent bv',
    municipalityNis: nis('Gent'),
    postcode: '9000',
    workingArea: [nis('Gent')],
    validFrom: '2024-03-01',
    activity: coached(2025),
    capacity: { totalPlaces: 8, freePlaces: 0 },
    simplifiedCategory: 'MAATWERKBEDRIJF',
  },
  kompasBrugge: {
    id: 13,
    name: 'Kompas Coaching Brugge vzw',
    municipalityNis: nis('Brugge'),
    postcode: '8000',
    workingArea: [nis('Brugge'), nis('Oostende'), nis('Gent')],
    validFrom: '2023-05-01',
    activity: coached(2024, 2025),
    capacity: { totalPlaces: 10, freePlaces: 5 },
    simplifiedCategory: null,
  },
  kompasLimburg: {
    id: 14,
    name: 'Kompas Limburg cv',
    municipalityNis: nis('Hasselt'),
    postcode: '3500',
    workingArea: limburg,
    validFrom: '2024-01-01',
    activity: coached(2024, 2025),
    capacity: { totalPlaces: 6, freePlaces: 2 },
    simplifiedCategory: 'LDE',
  },
  stapsteenHasselt: {
    id: 15,
    name: 'Stapsteen Hasselt vzw',
    municipalityNis: nis('Hasselt'),
    postcode: '3500',
    workingArea: [nis('Hasselt'), nis('Genk')],
    validFrom: '2025-01-01',
    activity: coached(2025),
    capacity: { totalPlaces: 4, freePlaces: 0 },
    simplifiedCategory: 'GOB',
  },
  brusselWerkt: {
    id: 16,
    name: 'Brussel Werkt vzw',
    municipalityNis: nis('Brussel'),
    postcode: '1000',
    workingArea: [nis('Brussel'), nis('Elsene')],
    validFrom: '2024-01-01',
    activity: coached(2024, 2025),
    capacity: { totalPlaces: 3, freePlaces: 1 },
    simplifiedCategory: null,
  },
  heelVlaanderen: {
    id: 17,
    name: 'Heel Vlaanderen Coaching nv',
    municipalityNis: nis('Gent'),
    postcode: '9000',
    workingArea: flanders,
    validFrom: '2024-06-01',
    activity: coached(2025),
    capacity: { totalPlaces: 200, freePlaces: 40 },
    simplifiedCategory: null,
  },
  /** Expired on 31 December 2024, but serves Gent and Hasselt and has free places: must never show up. */
  kompasVerlopen: {
    id: 21,
    name: 'Kompas Verlopen Gent vzw',
    municipalityNis: nis('Gent'),
    postcode: '9000',
    workingArea: [nis('Gent'), nis('Hasselt')],
    validFrom: '2020-01-01',
    activity: coached(2020, 2021, 2022, 2023, 2024),
    capacity: { totalPlaces: 10, freePlaces: 9 },
    simplifiedCategory: 'GTB',
  },
  /** Lapsed: no coaching in 2023 and 2024. */
  vervallenHasselt: {
    id: 22,
    name: 'Vervallen Werkpunt Hasselt vzw',
    municipalityNis: nis('Hasselt'),
    postcode: '3500',
    workingArea: [nis('Hasselt'), nis('Gent')],
    validFrom: '2022-01-01',
    activity: coached(2022),
    capacity: { totalPlaces: 5, freePlaces: 5 },
    simplifiedCategory: 'LDE',
  },
  /** Withdrawn on 1 September 2026. */
  ingetrokkenGent: {
    id: 23,
    name: 'Ingetrokken Werkkracht Aalst vzw',
    municipalityNis: nis('Aalst'),
    postcode: '9300',
    workingArea: [nis('Aalst'), nis('Gent')],
    validFrom: '2024-01-01',
    activity: coached(2024, 2025),
    termination: { kind: 'withdrawn', effectiveFrom: '2026-09-01', reason: 'de kwaliteitsregistratie is niet meer geldig' },
    capacity: { totalPlaces: 10, freePlaces: 4 },
    simplifiedCategory: 'GTB',
  },
  /** Not yet in force. */
  toekomstigGent: {
    id: 24,
    name: 'Toekomstig Stapsteen Gent vzw',
    municipalityNis: nis('Gent'),
    postcode: '9000',
    workingArea: [nis('Gent'), nis('Hasselt')],
    validFrom: '2027-01-15',
    capacity: { totalPlaces: 6, freePlaces: 6 },
    simplifiedCategory: null,
  },
} satisfies Record<string, ProviderFixture>;

/** A fixture of the test register. */
export type Provider = (typeof P)[keyof typeof P];

/** The providers with a valid recognition on {@link NOW}. */
export const RECOGNISED: Provider[] = [P.werkkrachtGent, P.jobankerGent, P.kompasBrugge, P.kompasLimburg, P.stapsteenHasselt, P.brusselWerkt, P.heelVlaanderen];
/** The providers without one (ended or not yet in force). */
export const NOT_RECOGNISED: Provider[] = [P.kompasVerlopen, P.vervallenHasselt, P.ingetrokkenGent, P.toekomstigGent];

/** The names of providers, sorted the way the site sorts them (Dutch collation). */
export const names = (...providers: Provider[]): string[] => providers.map((p) => p.name).sort(new Intl.Collator('nl-BE').compare);

/** The address of a provider's page. */
export const providerPath = (provider: Provider): string => `/dienstverleners/${enterpriseNumber(provider.id)}/`;

/** The register's clock in a test: stands still until the test moves it. */
export interface TestClock extends Clock {
  /** Sets the clock to an instant. */
  set(instant: Date | string): void;
  /** Moves the clock on by whole days. */
  advanceDays(days: number): void;
}

/** A clock that starts at `start` and moves only when told. */
export function testClock(start: Date): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant);
    },
    advanceDays: (days) => {
      current = new Date(current.getTime() + days * 86_400_000);
    },
  };
}

/** A running test site and the browser to visit it with. */
export interface TestSite {
  /** The server's base address, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The register's clock (starts at {@link NOW}). */
  clock: TestClock;
  /** The register's database, to look at what a test did. */
  db: RegisterDb;
  /** Where the register's mails are written (as `<id, six digits>.eml`, without a mail server). */
  outboxDir: string;
  /** The sample account of a provider's organisation officer (by fixture id), to sign in with. */
  providerAccount(providerId: number): string;
  /** The sample account of the department's administrator (Els Peeters). */
  adminAccount(): string;
  /** Resolves once no publication is gathering, queued or running. */
  publicationsSettled(): Promise<void>;
  /** A fresh browser context (own profile folder); JavaScript on unless told otherwise. */
  newContext(options?: { javaScriptEnabled?: boolean }): Promise<BrowserContext>;
  /** A new tab in the shared JavaScript-enabled context, watching for script and console errors. */
  newPage(): Promise<WatchedPage>;
  /** Stops the browser and the server and removes every temporary file. */
  close(): Promise<void>;
}

/** A page that records what would show up as errors in the browser's console. */
export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far (a CSP violation shows up here too). */
  errors: string[];
}

/**
 * Starts recording what shows up as errors in the page's console from now on: console errors,
 * uncaught exceptions, and every Content-Security-Policy violation (Chromium logs each blocked
 * inline style, script or load as a console error: "Applying inline style violates the following
 * Content Security Policy directive…").
 */
export function watch(page: Page): WatchedPage {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium also logs a page that answers 404 or 403 as a failed load: its status is for the test to check.
    if (message.text().startsWith('Failed to load resource') && message.location().url === page.url()) return;
    errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

/** Chromium flags for a quiet, sandbox-free headless run in a container. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds a publication of the test register (plus `extraProviders`), serves it, and gets a browser ready. */
export async function startSite(options: { extraProviders?: ProviderFixture[] } = {}): Promise<TestSite> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    cleanups.length = 0;
    if (errors.length) throw new AggregateError(errors, 'Stopping the test site failed');
  };

  try {
    const database = await createTestDatabase();
    cleanups.push(() => database.cleanup());
    await insertProviders(database, [...Object.values(P), ...(options.extraProviders ?? [])]);
    // As `register start` does: every status judged for today before anything is served.
    await evaluateRegister(database.db, calendarDateAt(NOW), NOW);
    const dataDir = join(database.dir, 'data');
    // The portal's pages are built once per version of their code (a few seconds, then kept).
    const portal = await loadPortal();
    await buildPublication({ db: database.db, dataDir, now: NOW });
    cleanups.push(() => closePublisher());

    const clock = testClock(NOW);
    // Sign-in through the register's own OpenID Connect provider, with a person for every provider.
    const names = DEFAULT_CLAIM_NAMES;
    const organisations = [...Object.values(P), ...(options.extraProviders ?? [])].map((p) => ({ code: enterpriseNumber(p.id), name: p.name }));
    const signIn = localSignIn([
      ...organisations.map((organisation) => officerAccount(organisation, 'Lies Maes', names)),
      officerAccount(NEW_ORGANISATION, 'An Claes', names),
      adminAccount(names),
      noRoleAccount(organisations[0]),
    ]);
    const publisher = new LocalPublisher({ db: database.db, clock, dataDir, gatherMs: 100, maxWaitMs: 500 });
    // Stopped before the database goes: a publication may still be building.
    cleanups.push(() => publisher.idle());
    const server: RunningServer = await startServer({ db: database.db, clock, dataDir, publisher, portal, host: '127.0.0.1', port: 0, signIn });
    cleanups.push(() => server.close());
    // The register's mails go out as `register start` sends them (as .eml files here): the
    // examination clock starts when the admissibility e-mail is sent.
    const mail = new MailSender({ db: database.db, clock, transport: fileTransport(join(dataDir, 'outbox')), from: 'noreply@register.test', log: () => {} });
    mail.start();
    cleanups.push(() => mail.stop());

    const newContext = async (options: { javaScriptEnabled?: boolean } = {}) => {
      const profile = mkdtempSync(join(tmpdir(), 'register-e2e-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        baseURL: server.url,
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        locale: 'nl-BE',
        viewport: { width: 1280, height: 900 },
      });
      context.setDefaultTimeout(15_000);
      cleanups.push(async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      });
      return context;
    };

    const shared = await newContext();
    const newPage = async (): Promise<WatchedPage> => watch(await shared.newPage());

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return {
      url: server.url,
      clock,
      db: database.db,
      outboxDir: join(dataDir, 'outbox'),
      providerAccount: (providerId) => `org-${enterpriseNumber(providerId)}`,
      adminAccount: () => 'beheerder',
      publicationsSettled: () => publisher.idle(),
      newContext,
      newPage,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * Opens the home page (or `path`) and waits until its search script has taken over the form (it
 * marks the form when it listens to it).
 */
export async function openHome(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.locator('#zoekformulier[data-enhanced="true"]').waitFor({ state: 'attached' });
}

/** What to fill in on the search form; anything left out stays as it is. */
export interface SearchInput {
  gemeente?: string;
  naam?: string;
  provincie?: string;
  categorie?: string;
  vrij?: boolean;
  /** The label of the order: "Eerst met vrije plaatsen", "Dichtst bij de werkplek" or "Op naam". */
  volgorde?: string;
}

/** What a person sees after a search. */
export interface SearchOutcome {
  /** The text of the status line, e.g. "3 erkende dienstverleners gevonden in Gent." */
  status: string;
  /** The provider names in the result list, in the order shown. */
  results: string[];
  /** How the place was understood ("Sint-Amandsberg hoort bij Gent."), or null. */
  understood: string | null;
}

/** The labels of the search form's fields. */
export const FIELDS = {
  gemeente: 'Plaats van de werkplek',
  naam: 'Naam van de dienstverlener (niet verplicht)',
  provincie: 'Provincie',
  categorie: 'Vereenvoudigde registratie',
  vrij: 'Enkel met vrije plaatsen',
  volgorde: 'Volgorde',
} as const;

/** Fills in the search form of the page that is open, as a person would. */
export async function fillSearch(page: Page, input: SearchInput): Promise<void> {
  if (input.gemeente !== undefined) await page.getByLabel(FIELDS.gemeente).fill(input.gemeente);
  if (input.naam !== undefined) await page.getByLabel(FIELDS.naam).fill(input.naam);
  if (input.provincie !== undefined) await page.getByLabel(FIELDS.provincie).selectOption({ label: input.provincie });
  if (input.categorie !== undefined) await page.getByLabel(FIELDS.categorie).selectOption(input.categorie);
  if (input.vrij !== undefined) await page.getByLabel(FIELDS.vrij).setChecked(input.vrij);
  if (input.volgorde !== undefined) await page.getByLabel(FIELDS.volgorde).selectOption({ label: input.volgorde });
}

/**
 * Opens the home page, fills in the search form as a person would, presses "Zoeken" and waits
 * until the results (or the problem with the place) are shown.
 */
export async function search(page: Page, input: SearchInput, path = '/'): Promise<SearchOutcome> {
  await openHome(page, path);
  await fillSearch(page, input);
  return afterSearch(page, () => page.getByRole('button', { name: 'Zoeken' }).click());
}

/**
 * Runs `action` (pressing "Zoeken", following a link to another search) and waits until what it
 * shows has replaced what was shown: in place with JavaScript, as a new page without.
 */
export async function afterSearch(page: Page, action: () => Promise<unknown>): Promise<SearchOutcome> {
  await page.locator('main > .wrap').evaluate((content: HTMLElement) => (content.dataset.before = 'true'));
  await action();
  return settledOutcome(page);
}

/** Waits until a search's outcome is shown (and the address is the search's), and returns what it shows. */
export async function settledOutcome(page: Page): Promise<SearchOutcome> {
  await page.waitForFunction(() => {
    const content = document.querySelector<HTMLElement>('main > .wrap');
    const status = document.querySelector('#search-status')?.textContent?.trim() ?? '';
    return content !== null && content.dataset.before !== 'true' && status !== '' && location.pathname === '/zoeken/';
  });
  const status = (await page.locator('#search-status').textContent())?.trim() ?? '';
  const results = await page.locator('#zoekresultaten table.results tbody th[scope="row"] > a').allTextContents();
  const understood = (await page.locator('#zoekresultaten .understood').count()) > 0 ? await page.locator('#zoekresultaten .understood').textContent() : null;
  return { status, results: results.map((r) => r.trim()), understood };
}

/** The sample account of an organisation that is not in the register (to apply). */
export const NEW_ORGANISATION_ACCOUNT = `org-${NEW_ORGANISATION.code}`;
/** The sample account of a person without a role for the register. */
export const NO_ROLE_ACCOUNT = 'zonder-rol';

/**
 * Signs out as a person does: "Afmelden", then also at the identity provider ("Ja, afmelden"),
 * back on the register's "afgemeld" page.
 */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/idp\/session\/end/), page.getByRole('button', { name: 'Afmelden' }).first().click()]);
  await Promise.all([page.waitForURL('**/afgemeld'), page.getByRole('button', { name: 'Ja, afmelden' }).click()]);
}

/**
 * Signs in as a person does, through OpenID Connect: "Aanmelden" on the register's sign-in page,
 * the account chosen at the identity provider, and back on the register. A browser still signed
 * in signs out first (at both ends), so the provider asks again who it is.
 */
export async function signIn(page: Page, account: string, options: { expect?: RegExp } = {}): Promise<void> {
  await page.goto('/aanmelden');
  if (!new URL(page.url()).pathname.startsWith('/aanmelden')) {
    await signOut(page);
    await page.goto('/aanmelden');
  }
  await Promise.all([page.waitForURL(/\/idp\/interaction\//), page.getByRole('link', { name: 'Nu aanmelden' }).click()]);
  await Promise.all([page.waitForURL(options.expect ?? /\/(portaal|beheer)\//), page.locator(`button[name="account"][value="${account}"]`).click()]);
}
