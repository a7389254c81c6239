/**
 * One publication: a build of the public site from a consistent snapshot of the database, built
 * aside in a fresh folder, indexed by Pagefind, checked, and only then switched in at once.
 * A build that fails leaves the publication that was online untouched.
 *
 * This is the pipeline: publication-plan.ts decides what to render, carry over and check;
 * publication-store.ts owns the folders, the switch, rollback and pruning; site-files.ts the file
 * work; render-site.ts (Astro), search-index.ts (Pagefind) and open-data/ make the files.
 */
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { readPublicRegister } from '#db/queries/public-register.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import type { DepartmentContact } from '#domain/department-contact.ts';
import { departmentContactOf, loadEnv } from '#config/env.ts';
import type { RegisterDb } from '#db/client.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { pageFileOf, pagePathOf } from '#domain/site-paths.ts';
import { expectedHtmlPages, expectedPages } from '#site/lib/expected-pages.ts';
import { newPublicationId } from './queued-publisher.ts';
import { checkFiles, findBrokenLinks, findPrivateValues, isClean } from './site-checks.ts';
import { privateValuesByProvider } from '#db/queries/private-values.ts';
import { closeSearchIndexer, SHARDS_FILE, writeSearchIndex, type SearchIndexResult } from './search-index.ts';
import { createRegisterView } from '#site/lib/register-view.ts';
import { computeKeys } from '#site/lib/page-keys.ts';
import { closeOpenDataWriter, writeOpenData, type OpenDataResult } from './open-data/index.ts';
import { sitemapPages } from './open-data/sitemap.ts';
import { siteCodeDigest } from './site-code.ts';
import { closeRenderer, renderRoot, renderSite } from './render-site.ts';
import { pauseRemovals } from './remove-publication.ts';
import { assertPublishableRegister, OPEN_DATA_FILES } from '#domain/open-data.ts';
import { RENDER_ONLY_VARIABLE, writeRenderSelection } from '#site/lib/render-selection.ts';
import { planPublication, type PublicationPlan } from './publication-plan.ts';
import { currentSiteDir, readOnlineManifest, startBuild, type BuildManifest, type PublicationBuild } from './publication-store.ts';
import { CarryOverError, fileSizes, linkFiles, mergeDir } from './site-files.ts';

// The store's entry points, for the callers that reach the publications through the pipeline.
export { cleanUnfinishedBuilds, currentSiteDir, KEEP_PUBLICATIONS, publicationsDir, publicationsOnDisk, switchTo } from './publication-store.ts';
export { PROJECT_ROOT } from '#config/project.ts';

/** The steps of a publication, reported as they start. */
export type PublicationStep = 'snapshot' | 'render' | 'index' | 'check' | 'switch';

/** What a finished publication reports. */
export interface PublicationResult {
  id: string;
  dir: string;
  pages: number;
  bytes: number;
  providers: number;
  /** SHA-256 of the snapshot's content (everything but when it was taken). */
  digest: string;
  /** How many changes to public data the snapshot included. */
  changeCount: number;
  /**
   * The change log's length in the publication online when this one was built (0 when none was;
   * null when its manifest could not be read) and in this one's snapshot: it holds the entries between.
   */
  log: { from: number | null; to: number };
  /** Site paths of the pages rendered and checked anew (every page when not incremental). */
  renderedPaths: string[];
  /** Whether this publication was built on the previous one (false: everything was built anew). */
  incremental: boolean;
  timings: Record<PublicationStep, number>;
  /** Time spent writing the open data (during the index step). */
  openDataMs: number;
  /** Time spent carrying unchanged pages over from the publication online (in the render step). */
  carryMs: number;
  /** Time until the links and private data were checked (during the index step, beside Pagefind). */
  checksMs: number;
}

/** What a build is asked. */
export interface BuildOptions {
  db: RegisterDb;
  dataDir: string;
  now: Date;
  /** The department's contact the pages show (default: from the settings, as SITE_URL reaches the open data). */
  contact?: DepartmentContact;
  /** The id to give the publication (default: made from `now`). */
  id?: string;
  /** For tests of failure: called after each step, may throw to make the build fail there. */
  failAt?: (step: PublicationStep) => Promise<void> | void;
  onStep?: (step: PublicationStep) => void;
  /** Build everything anew instead of on the publication online (`register build --full`). */
  full?: boolean;
  /** From how many provider pages to render they render first (default in publication-plan.ts; tests lower it). */
  providersFirstFrom?: number;
  /** Asked just before the switch; throws when the build must not go online (its process lost the publisher lease). */
  beforeSwitch?: () => Promise<void>;
}

/** The digest of a register snapshot: equal registers give equal digests, whenever they were read. */
export function registerDigest(snapshot: PublicRegister & { publicationId?: string }): string {
  const { generatedAt: _at, publicationId: _id, changeCount: _count, ...content } = snapshot;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

let running: Promise<unknown> = Promise.resolve();

/**
 * Builds, checks and switches in a new publication of the register. Builds in one process run
 * one after the other.
 */
export function buildPublication(options: BuildOptions): Promise<PublicationResult> {
  // A publication online that lacks a file its manifest names cannot be built on: build anew.
  const next = running.then(async () => {
    pauseRemovals(true);
    try {
      return await buildOnce(options).catch((error: unknown) => {
        if (error instanceof CarryOverError && !options.full) return buildOnce({ ...options, full: true });
        throw error;
      });
    } finally {
      pauseRemovals(false);
    }
  });
  running = next.catch(() => undefined);
  return next;
}

/** Lets Pagefind's helper process, the open-data writer's thread and the waiting renderer go, so a command-line run can exit. */
export async function closePublisher(): Promise<void> {
  await closeSearchIndexer();
  await closeOpenDataWriter();
  closeRenderer();
}

/** The publication online as a build carries files over from it. */
type Online = { manifest: BuildManifest; siteDir: string };

async function buildOnce(options: BuildOptions): Promise<PublicationResult> {
  const build = await startBuild(options.dataDir, options.id ?? newPublicationId(new Date()));
  const { id, siteDir } = build;
  const timings = {} as Record<PublicationStep, number>;
  const step = async <T>(name: PublicationStep, run: () => Promise<T>): Promise<T> => {
    options.onStep?.(name);
    const started = performance.now();
    try {
      return await run();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };
  // What runs beside the steps, awaited before a failed build's folder goes.
  const background: Promise<unknown>[] = [];
  try {
    const snapshotFile = join(build.dir, 'register.json');
    const register = await step('snapshot', async () => {
      const contact = options.contact ?? departmentContactOf(loadEnv());
      const snapshot = { publicationId: id, ...(await readPublicRegister(options.db, calendarDateAt(options.now), options.now)), contact };
      // A text no page, feed or download can carry stops the publication here, naming where it is.
      assertPublishableRegister(snapshot);
      await writeFile(snapshotFile, JSON.stringify(snapshot));
      return snapshot;
    });
    await options.failAt?.('snapshot');

    const view = createRegisterView(register);
    const keys = computeKeys(view);
    const [code, onlineBuild] = await Promise.all([siteCodeDigest(), readOnlineManifest(options.dataDir)]);
    const plan = planPublication({
      register,
      pageKeys: keys.render,
      contentKeys: keys.content,
      sitemapPages: sitemapPages(register).map((p) => p.path),
      expectedPages: expectedPages(register),
      expectedHtmlPages: expectedHtmlPages(register),
      code,
      online: onlineBuild?.manifest ?? null,
      full: options.full,
      providersFirstFrom: options.providersFirstFrom,
    });
    const online = plan.incremental ? onlineBuild : null;
    // The change log's length online when this one was built: the entries between are what it brings.
    const logFrom = onlineBuild ? onlineBuild.manifest.log.events : (await currentSiteDir(options.dataDir)) === null ? 0 : null;

    const privateValues = privateValuesByProvider(options.db, plan.changedProviders);
    privateValues.catch(() => undefined); // awaited in the index step

    // The open data needs only the snapshot and the log, so it is written while the pages render
    // and the search index is built, in a worker thread (on the other core), into a folder of its
    // own that moves into the site afterwards.
    const openData = writeOpenDataAside(options.db, register, build, online, plan, privateValues);
    openData.catch(() => undefined); // awaited in the index step
    background.push(openData);

    let search: Promise<SearchIndexResult> | undefined;
    const startSearch = () => {
      search = writeSearchIndex({
        siteDir,
        publicationId: id,
        listed: view.listedProviders,
        previous: online ? { shards: online.manifest.searchShards, siteDir: online.siteDir, changedProviders: plan.changedProviders } : undefined,
      });
      search.catch(() => undefined); // awaited in the index step
      background.push(search);
    };

    const { written, carried, carryMs } = await step('render', () => renderAndCarry(plan, build, online, snapshotFile, options.full ? 'full' : 'pages', startSearch));
    await options.failAt?.('render');

    // Pagefind indexes in a process of its own, so the pages are checked meanwhile (links, and
    // private data of the providers whose pages changed); the open-data writer checked the downloads.
    const [searchDone, openDataDone, pageChecks] = await step('index', () =>
      settleAll([
        search!,
        openData.then(async (done) => {
          await moveIntoSite(done.dir, siteDir);
          return done;
        }),
        checkPages(siteDir, plan, written, carried, privateValues),
      ]),
    );
    await options.failAt?.('index');

    const files = await step('check', async () => {
      const files = await siteFileSizes(siteDir, written, carried, openDataDone.result, searchDone, online);
      assertClean(plan.expected, files, pageChecks.brokenLinks, [...pageChecks.leaks, ...openDataDone.result.leaks]);
      return files;
    });
    await options.failAt?.('check');
    let bytes = 0;
    for (const size of files.values()) bytes += size;
    await build.writeManifest({
      version: 5,
      code,
      pageKeys: Object.fromEntries(keys.render),
      searchShards: searchDone.shards,
      log: register.log,
      files: Object.fromEntries(files),
      openDataInputs: openDataDone.result.inputs,
      contentChanged: plan.contentChanged,
    });
    await options.beforeSwitch?.();

    const dir = await step('switch', () => build.switchIn());

    return {
      id,
      dir,
      pages: [...files.keys()].filter((f) => f.endsWith('.html')).length,
      bytes,
      providers: register.providers.length,
      digest: registerDigest(register),
      changeCount: register.changeCount ?? 0,
      log: { from: logFrom, to: register.log.events },
      renderedPaths: [...written.keys()].filter((f) => f.endsWith('.html')).map(pagePathOf),
      incremental: plan.incremental,
      timings,
      openDataMs: openDataDone.ms,
      carryMs,
      checksMs: pageChecks.ms,
    };
  } catch (error) {
    // Nothing may still be writing into the build folder when it goes.
    await Promise.allSettled(background);
    await build.discard();
    throw error;
  }
}

/** Writes the open data (in its worker thread) into a folder beside the site, answering that folder. */
async function writeOpenDataAside(
  db: RegisterDb,
  register: PublicRegister,
  build: PublicationBuild,
  online: Online | null,
  plan: PublicationPlan,
  privateValues: Promise<Map<string, string[]>>,
): Promise<{ result: OpenDataResult; ms: number; dir: string }> {
  const started = performance.now();
  const openDataDir = resolve(build.dir, 'open-data-staging');
  const result = await writeOpenData({
    db,
    register,
    siteDir: openDataDir,
    previous: online
      ? { siteDir: resolve(online.siteDir), log: online.manifest.log, inputs: online.manifest.openDataInputs, logBytes: online.manifest.files[OPEN_DATA_FILES.log.path] }
      : undefined,
    privateValues,
    lastChanged: new Map(Object.entries(plan.contentChanged).map(([page, [, day]]) => [page, day])),
  });
  return { result, ms: Math.round(performance.now() - started), dir: openDataDir };
}

/** Moves the open data into the site (once the renders made it), and removes its folder. */
async function moveIntoSite(openDataDir: string, siteDir: string): Promise<void> {
  for (const entry of await readdir(openDataDir)) await rename(join(openDataDir, entry), join(siteDir, entry));
  await rm(openDataDir, { recursive: true, force: true });
}

/**
 * The render step: renders the plan's phases into the site and carries the other pages and the
 * assets over from the publication online; starts the search index once the provider pages are
 * all there. Answers the files written (with their sizes) and carried.
 */
async function renderAndCarry(
  plan: PublicationPlan,
  build: PublicationBuild,
  online: Online | null,
  snapshotFile: string,
  label: string,
  startSearch: () => void,
): Promise<{ written: Map<string, number>; carried: string[]; carryMs: number }> {
  const written = new Map<string, number>();
  const carried: string[] = [];
  let carryMs = 0;
  const carry = async (files: string[]) => {
    const started = performance.now();
    await linkFiles(online!.siteDir, build.siteDir, files);
    carried.push(...files);
    carryMs += Math.round(performance.now() - started);
  };
  let searching = false;
  await rm(renderRoot(build.id), { recursive: true, force: true });
  for (const [phase, paths] of plan.phases.entries()) {
    if (phase === 1) {
      // The provider pages are all there (rendered, or carried over): index them.
      if (online) await carry(plan.carryBeforeIndex.filter((file) => !written.has(file)));
      startSearch();
      searching = true;
    }
    for (const [file, size] of await renderPages(build, snapshotFile, paths, `${label}-${phase}`)) written.set(file, size);
  }
  await rm(renderRoot(build.id), { recursive: true, force: true });
  if (online) {
    const unrendered = (plan.render ?? []).filter((page) => !written.has(pageFileOf(page)));
    if (unrendered.length > 0) throw new Error(`Pages to render were not rendered: ${unrendered.slice(0, 5).join(', ')}`);
    const carriedNow = new Set(carried);
    await carry(plan.carryAfterRender.filter((file) => !written.has(file) && !carriedNow.has(file)));
  }
  if (!searching) startSearch();
  return { written, carried, carryMs };
}

/**
 * Renders the pages with parameters in `paths` (all of them when null) and the pages without
 * parameters into the site, and answers the files written with their sizes.
 */
async function renderPages(build: PublicationBuild, snapshotFile: string, paths: readonly string[] | null, name: string): Promise<Map<string, number>> {
  // Astro bundles the pages for prerendering next to its output when the output folder lies
  // under the working directory (else in a shared .astro folder), and that bundle must find
  // node_modules: so each render writes into a folder of its own inside the project, from the
  // project folder, and the result moves into the publication. Of its own also because the
  // renderer process keeps the modules of every folder it rendered into, with the snapshot and
  // the selection they read: a phase, or the full build after a failed carry-over, renders
  // into a folder not used before.
  const renderDir = join(renderRoot(build.id), name);
  let selectionFile: string | undefined;
  if (paths) {
    selectionFile = join(build.dir, `render-paths-${name}.json`);
    writeRenderSelection(selectionFile, paths);
  }
  try {
    await renderSite(renderDir, { REGISTER_SNAPSHOT: snapshotFile, [RENDER_ONLY_VARIABLE]: selectionFile });
    await rm(join(renderDir, '.prerender'), { recursive: true, force: true });
    const written = await fileSizes(renderDir);
    await mergeDir(renderDir, build.siteDir);
    return written;
  } finally {
    await rm(renderDir, { recursive: true, force: true });
  }
}

/** Checks the links of the pages (the rendered ones, or every one: see the plan) and the private data of the providers whose pages changed. */
async function checkPages(
  siteDir: string,
  plan: PublicationPlan,
  written: ReadonlyMap<string, number>,
  carried: readonly string[],
  privateValues: Promise<Map<string, string[]>>,
): Promise<{ brokenLinks: { page: string; href: string }[]; leaks: string[]; ms: number }> {
  const started = performance.now();
  const renderedPages = [...written.keys()].filter((f) => f.endsWith('.html'));
  const toRead = plan.checkEveryPage ? [...renderedPages, ...carried.filter((f) => f.endsWith('.html'))] : renderedPages;
  const brokenLinks = await findBrokenLinks(siteDir, toRead, [...written.keys(), ...carried, ...plan.expected]);
  const leaks = await findPrivateValues(siteDir, await privateValues, 'pages');
  return { brokenLinks, leaks, ms: Math.round(performance.now() - started) };
}

/**
 * Every file of the site with its size: measured where written anew, taken from the manifest
 * online where shared with that publication.
 */
async function siteFileSizes(
  siteDir: string,
  written: ReadonlyMap<string, number>,
  carried: readonly string[],
  openData: OpenDataResult,
  search: SearchIndexResult,
  online: Online | null,
): Promise<Map<string, number>> {
  const files = new Map(written);
  const sizeOf = async (file: string) => online?.manifest.files[file] ?? (await stat(join(siteDir, file))).size;
  for (const file of carried) files.set(file, await sizeOf(file));
  for (const [file, size] of openData.sizes) files.set(file, size);
  for (const file of openData.shared) files.set(file, await sizeOf(file));
  const carriedShards = new Set(online?.manifest.searchShards.map((s) => s.dir));
  for (const shard of search.shards) {
    const prefix = `/pagefind/${shard.dir}/`;
    if (carriedShards.has(shard.dir)) {
      for (const [file, size] of Object.entries(online!.manifest.files)) if (file.startsWith(prefix)) files.set(file, size);
    } else {
      for (const [file, size] of await fileSizes(join(siteDir, 'pagefind', shard.dir))) files.set(`${prefix.slice(0, -1)}${file}`, size);
    }
  }
  files.set(`/${SHARDS_FILE}`, (await stat(join(siteDir, SHARDS_FILE))).size);
  return files;
}

/** Fails the build when a page or file is missing or unexpected, a link is broken, or private data is on a page or in a download. */
function assertClean(expected: readonly string[], files: ReadonlyMap<string, number>, brokenLinks: { page: string; href: string }[], leaks: string[]): void {
  const problems = { ...checkFiles(expected, files.keys()), brokenLinks };
  if (isClean(problems) && leaks.length === 0) return;
  const lines = [
    ...problems.missingPages.slice(0, 5).map((p) => `missing page ${p}`),
    ...problems.unexpectedPages.slice(0, 5).map((p) => `unexpected page ${p}`),
    ...problems.brokenLinks.slice(0, 5).map((l) => `broken link ${l.href} on ${l.page}`),
    // Say where, never what: the value itself is private.
    ...leaks.slice(0, 5).map((page) => `private data of the provider on ${page}`),
  ];
  throw new Error(`The built site failed its checks:\n  ${lines.join('\n  ')}`);
}

/** Waits for all, so that nothing still writes into a build being removed; then fails with the first error. */
async function settleAll<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
