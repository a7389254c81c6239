/**
 * One publication: a build of the public site from a consistent snapshot of the database, built
 * aside in a fresh folder, indexed by Pagefind, checked, and only then switched in at once.
 * A build that fails leaves the publication that was online untouched.
 */
import { cp, lstat, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile, readlink } from 'node:fs/promises';
import { cpSync, linkSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { readPublicRegister } from '../db/queries/public-register.ts';
import type { PublicRegister } from '../domain/public-register.ts';
import type { RegisterDb } from '../db/client.ts';
import { calendarDateAt } from '../domain/rules/index.ts';
import { expectedHtmlPages, expectedPages } from '../site/lib/expected-pages.ts';
import { newPublicationId } from './queued-publisher.ts';
import { checkFiles, findBrokenLinks, findPrivateValues, isClean, pagePathOf } from './site-checks.ts';
import { privateValuesByProvider } from '../db/queries/private-values.ts';
import { closeSearchIndexer, SearchShardSchema, SHARDS_FILE, writeSearchIndex, type SearchIndexResult } from './search-index.ts';
import { createRegisterView } from '../site/lib/register-view.ts';
import { computeKeys } from '../site/lib/page-keys.ts';
import { closeOpenDataWriter, writeOpenData, type OpenDataResult } from './open-data/index.ts';
import { sitemapPages } from './open-data/sitemap.ts';
import { siteCodeDigest } from './site-code.ts';
import { inSlices } from './in-slices.ts';
import { closeRenderer, renderSite } from './render-site.ts';
import { pauseRemovals, removeInBackground } from './remove-publication.ts';
import { assertPublishableRegister, OPEN_DATA_FILES } from '../domain/open-data.ts';
import { RENDER_ONLY_VARIABLE, writeRenderSelection } from '../site/lib/render-selection.ts';

/** The project folder, where astro.config.mjs lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How many publications stay on disk (the online one included). */
export const KEEP_PUBLICATIONS = 5;

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

/**
 * What a publication remembers for the next one (in `build.json` beside its site): the code its
 * pages were rendered with, the render key of every page, the search shards, and the size of
 * every file, so the next publication renders, checks and indexes only what changed and counts
 * its bytes without measuring the files it carries over.
 */
const BuildManifestSchema = z.strictObject({
  version: z.literal(5),
  /** The digest of the site's code (site-code.ts): pages carry over only to a build of the same code. */
  code: z.string(),
  pageKeys: z.record(z.string(), z.string()),
  searchShards: z.array(SearchShardSchema),
  /** The change log's head the publication stated (its open data was written from it). */
  log: z.strictObject({ events: z.number().int().min(0), head: z.string() }),
  /** Every file of the site by site path ("/gemeenten/gent/index.html"), with its size in bytes. */
  files: z.record(z.string(), z.number().int().min(0)),
  /** Digests of what some downloads are made of (open-data/index.ts): the next publication shares those that stay the same. */
  openDataInputs: z.record(z.string(), z.string()),
  /**
   * For every page of the sitemap: its content key (page-keys.ts: what it shows, without the day)
   * and the day that content last changed, carried while the key and the code stay the same.
   */
  contentChanged: z.record(z.string(), z.tuple([z.string(), z.string()])),
});
type BuildManifest = z.infer<typeof BuildManifestSchema>;

/**
 * The day each page's content last changed: the day of the publication online when the page's
 * content key and the code are the same as there, else the register's day. A full build reads the
 * publication online for this too, so that it gives the same days as an incremental one; a build
 * with no publication online (a new data folder) knows no earlier day and gives every page its own.
 */
function contentChangedDays(contentKeys: ReadonlyMap<string, string>, pages: readonly string[], code: string, today: string, online: BuildManifest | undefined): Record<string, [string, string]> {
  const days: Record<string, [string, string]> = {};
  for (const page of pages) {
    const key = contentKeys.get(page);
    if (key === undefined) throw new Error(`The page ${page} has no content key (site/lib/page-keys.ts).`);
    const before = online?.code === code ? online.contentChanged[page] : undefined;
    days[page] = [key, before && before[0] === key ? before[1] : today];
  }
  return days;
}

/** The manifest of the publication online, when there is one this code can build on. */
async function readOnlineManifest(dataDir: string): Promise<{ manifest: BuildManifest; siteDir: string } | null> {
  const siteDir = await currentSiteDir(dataDir);
  if (!siteDir) return null;
  try {
    const manifest = BuildManifestSchema.parse(JSON.parse(await readFile(join(siteDir, '..', 'build.json'), 'utf8')));
    return { manifest, siteDir };
  } catch {
    return null;
  }
}

/** The digest of a register snapshot: equal registers give equal digests, whenever they were read. */
export function registerDigest(snapshot: PublicRegister & { publicationId?: string }): string {
  const { generatedAt: _at, publicationId: _id, changeCount: _count, ...content } = snapshot;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Where publications live: one folder each, and `current` pointing at the one online. */
export function publicationsDir(dataDir: string): string {
  return join(dataDir, 'publications');
}

/** The folder of the site that is online now, or null when nothing was published yet. */
export async function currentSiteDir(dataDir: string): Promise<string | null> {
  const link = join(publicationsDir(dataDir), 'current');
  try {
    const target = await readlink(link);
    const dir = join(publicationsDir(dataDir), target, 'site');
    await stat(join(dir, 'index.html'));
    return dir;
  } catch {
    return null;
  }
}


let running: Promise<unknown> = Promise.resolve();

/**
 * Builds, checks and switches in a new publication of the register. Builds in one process run
 * one after the other.
 */
export function buildPublication(options: Parameters<typeof buildOnce>[0]): Promise<PublicationResult> {
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

async function buildOnce(options: {
  db: RegisterDb;
  dataDir: string;
  now: Date;
  /** The id to give the publication (default: made from `now`). */
  id?: string;
  /** For tests of failure: called after each step, may throw to make the build fail there. */
  failAt?: (step: PublicationStep) => Promise<void> | void;
  onStep?: (step: PublicationStep) => void;
  /** Build everything anew instead of on the publication online (`register build --full`). */
  full?: boolean;
  /** From how many provider pages to render they render first (default {@link RENDER_PROVIDERS_FIRST_FROM}; tests lower it). */
  providersFirstFrom?: number;
  /** Asked just before the switch; throws when the build must not go online (its process lost the publisher lease). */
  beforeSwitch?: () => Promise<void>;
}): Promise<PublicationResult> {
  const root = publicationsDir(options.dataDir);
  await mkdir(root, { recursive: true });
  const id = options.id ?? newPublicationId(new Date());
  const work = join(root, `.building-${id}`);
  const siteDir = join(work, 'site');
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

  let openData: Promise<{ result: OpenDataResult; ms: number }> | undefined;
  let search: Promise<SearchIndexResult> | undefined;
  let carryMs = 0;
  try {
    await mkdir(work, { recursive: true });
    const { register, digest } = await step('snapshot', async () => {
      const snapshot = { publicationId: id, ...(await readPublicRegister(options.db, calendarDateAt(options.now), options.now)) };
      // A text no page, feed or download can carry stops the publication here, naming where it is.
      assertPublishableRegister(snapshot);
      await writeFile(join(work, 'register.json'), JSON.stringify(snapshot));
      return { register: snapshot, digest: registerDigest(snapshot) };
    });
    await options.failAt?.('snapshot');

    // What to render: with the publication online made by the same code, only the pages with
    // parameters whose render key changed (the others are carried over as hard links);
    // otherwise everything.
    const view = createRegisterView(register);
    const { render: pageKeys, content: contentKeys } = computeKeys(view);
    const code = await siteCodeDigest(PROJECT_ROOT);
    const manifestOnline = await readOnlineManifest(options.dataDir);
    const previous = options.full ? null : manifestOnline;
    const online = previous?.manifest.code === code ? previous : null;
    const contentChanged = contentChangedDays(contentKeys, sitemapPages(register).map((p) => p.path), code, register.today, manifestOnline?.manifest);
    const selection = online ? [...pageKeys].filter(([page, key]) => online.manifest.pageKeys[page] !== key).map(([page]) => page) : null;

    // The providers whose page renders anew: their private values are looked for in their pages
    // and in the downloads, and the search shards holding them are indexed again.
    const selected = selection ? new Set(selection) : null;
    const changedProviders = new Set(register.providers.filter((p) => !selected || selected.has(providerPath(p))).map((p) => p.enterpriseNumber));
    const privateValues = privateValuesByProvider(options.db, changedProviders);
    privateValues.catch(() => undefined); // awaited below

    // The open data needs only the snapshot and the log, so it is written while the pages render
    // and the search index is built, in a worker thread (on the other core), into a folder of its
    // own that moves into the site afterwards.
    const openDataStart = performance.now();
    const openDataDir = resolve(work, 'open-data-staging');
    openData = writeOpenData({
      db: options.db,
      register,
      siteDir: openDataDir,
      previous: online
        ? {
            siteDir: resolve(online.siteDir),
            log: online.manifest.log,
            inputs: online.manifest.openDataInputs,
            logBytes: online.manifest.files[OPEN_DATA_FILES.log.path],
          }
        : undefined,
      inWorker: true,
      privateValues,
      lastChanged: new Map(Object.entries(contentChanged).map(([page, [, day]]) => [page, day])),
    }).then((result) => ({ result, ms: Math.round(performance.now() - openDataStart) }));
    openData.catch(() => undefined); // awaited below; a failure is reported there

    /**
     * Renders the pages with parameters in `paths` (all of them when null) and the pages without
     * parameters into the site, and answers the files written with their sizes.
     */
    const renderPages = async (paths: readonly string[] | null, name: string): Promise<Map<string, number>> => {
      // Astro bundles the pages for prerendering next to its output when the output folder lies
      // under the working directory (else in a shared .astro folder), and that bundle must find
      // node_modules: so each render writes into a folder of its own inside the project, from the
      // project folder, and the result moves into the publication. Of its own also because the
      // renderer process keeps the modules of every folder it rendered into, with the snapshot and
      // the selection they read: a phase, or the full build after a failed carry-over, renders
      // into a folder not used before.
      const renderDir = join(renderRoot(id), name);
      let selectionFile: string | undefined;
      if (paths) {
        selectionFile = join(work, `render-paths-${name}.json`);
        writeRenderSelection(selectionFile, paths);
      }
      try {
        await renderSite(renderDir, { REGISTER_SNAPSHOT: join(work, 'register.json'), [RENDER_ONLY_VARIABLE]: selectionFile });
        await rm(join(renderDir, '.prerender'), { recursive: true, force: true });
        const written = await fileSizes(renderDir);
        await mergeDir(renderDir, siteDir);
        return written;
      } finally {
        await rm(renderDir, { recursive: true, force: true });
      }
    };

    // The search index needs only the provider pages: when there are many to render, they render
    // first, and Pagefind (a process of its own) indexes them while the other pages render.
    const toRender = selection ?? [...pageKeys.keys()];
    const providerPages = toRender.filter(isProviderPage);
    const phases = providerPages.length >= (options.providersFirstFrom ?? RENDER_PROVIDERS_FIRST_FROM) ? [providerPages, toRender.filter((page) => !isProviderPage(page))] : [selection];
    const startSearch = () => {
      search = writeSearchIndex({
        siteDir,
        publicationId: id,
        listed: view.listedProviders,
        previous: online ? { shards: online.manifest.searchShards, siteDir: online.siteDir, changedProviders } : undefined,
      });
      search.catch(() => undefined); // awaited in the index step
    };

    const { written, carried } = await step('render', async () => {
      const written = new Map<string, number>();
      const carried: string[] = [];
      // Every page this build does not render is the page online, and so are the assets it
      // refers to (the same code makes the same assets; one missing from this build would break
      // a carried page).
      const carry = async (files: string[]) => {
        const carryStart = performance.now();
        await linkFiles(online!.siteDir, siteDir, files);
        carried.push(...files);
        carryMs += Math.round(performance.now() - carryStart);
      };
      await rm(renderRoot(id), { recursive: true, force: true });
      for (const [phase, paths] of phases.entries()) {
        if (phase === 1) {
          // The provider pages are all there (rendered, or carried over): index them.
          if (online) await carry(register.providers.map((p) => pageFileOf(providerPath(p))).filter((file) => !written.has(file)));
          startSearch();
        }
        for (const [file, size] of await renderPages(paths, `${options.full ? 'full' : 'pages'}-${phase}`)) written.set(file, size);
      }
      await rm(renderRoot(id), { recursive: true, force: true });
      if (online) {
        const unrendered = (selection ?? []).filter((page) => !written.has(pageFileOf(page)));
        if (unrendered.length > 0) throw new Error(`Pages to render were not rendered: ${unrendered.slice(0, 5).join(', ')}`);
        const carriedNow = new Set(carried);
        await carry([
          ...expectedHtmlPages(register).map(pageFileOf).filter((file) => !written.has(file) && !carriedNow.has(file)),
          ...Object.keys(online.manifest.files).filter((file) => file.startsWith('/_astro/') && !written.has(file)),
        ]);
      }
      if (!search) startSearch();
      return { written, carried };
    });

    const expected = expectedPages(register);
    const expectedSet = new Set(expected);
    const renderedPages = [...written.keys()].filter((f) => f.endsWith('.html'));
    const carriedPages = carried.filter((f) => f.endsWith('.html'));
    // Pages of the publication online that this one no longer has (see findBrokenLinks).
    const removed = online
      ? Object.keys(online.manifest.files).filter((f) => f.endsWith('.html')).map(pagePathOf).filter((page) => !expectedSet.has(page))
      : [];

    await options.failAt?.('render');

    // Pagefind indexes in a process of its own, so the pages are checked meanwhile (links, and
    // private data of the providers whose pages changed); the open-data writer checked the downloads.
    let checksMs = 0;
    const [searchDone, openDataDone, pageChecks] = await step('index', () =>
      settleAll([
        search!,
        openData!.then(async (done) => {
          for (const entry of await readdir(openDataDir)) await rename(join(openDataDir, entry), join(siteDir, entry));
          await rm(openDataDir, { recursive: true, force: true });
          return done;
        }),
        (async () => {
          const checksStart = performance.now();
          const toRead = removed.length > 0 ? [...renderedPages, ...carriedPages] : renderedPages;
          const brokenLinks = await findBrokenLinks(siteDir, toRead, [...written.keys(), ...carried, ...expected]);
          const leaks = await findPrivateValues(siteDir, await privateValues, 'pages');
          checksMs = Math.round(performance.now() - checksStart);
          return { brokenLinks, leaks };
        })(),
      ]),
    );

    await options.failAt?.('index');
    const files = await step('check', async () => {
      // Every file of the site with its size: measured where written anew, carried over from the
      // manifest online where shared with it.
      const files = new Map(written);
      const sizeOf = async (manifest: BuildManifest | undefined, file: string) =>
        manifest?.files[file] ?? (await stat(join(siteDir, file))).size;
      for (const file of carried) files.set(file, await sizeOf(online?.manifest, file));
      for (const [file, size] of openDataDone.result.sizes) files.set(file, size);
      for (const file of openDataDone.result.shared) files.set(file, await sizeOf(online?.manifest, file));
      const carriedShards = new Set(online?.manifest.searchShards.map((s) => s.dir));
      for (const shard of searchDone.shards) {
        const prefix = `/pagefind/${shard.dir}/`;
        if (carriedShards.has(shard.dir)) {
          for (const [file, size] of Object.entries(online!.manifest.files)) if (file.startsWith(prefix)) files.set(file, size);
        } else {
          for (const [file, size] of await fileSizes(join(siteDir, 'pagefind', shard.dir))) files.set(`${prefix.slice(0, -1)}${file}`, size);
        }
      }
      files.set(`/${SHARDS_FILE}`, (await stat(join(siteDir, SHARDS_FILE))).size);

      const problems = { ...checkFiles(expected, files.keys()), brokenLinks: pageChecks.brokenLinks };
      const leaks = [...pageChecks.leaks, ...openDataDone.result.leaks];
      if (!isClean(problems) || leaks.length > 0) {
        const lines = [
          ...problems.missingPages.slice(0, 5).map((p) => `missing page ${p}`),
          ...problems.unexpectedPages.slice(0, 5).map((p) => `unexpected page ${p}`),
          ...problems.brokenLinks.slice(0, 5).map((l) => `broken link ${l.href} on ${l.page}`),
          // Say where, never what: the value itself is private.
          ...leaks.slice(0, 5).map((page) => `private data of the provider on ${page}`),
        ];
        throw new Error(`The built site failed its checks:\n  ${lines.join('\n  ')}`);
      }
      return files;
    });
    await options.failAt?.('check');
    let bytes = 0;
    for (const size of files.values()) bytes += size;
    const manifest: BuildManifest = {
      version: 5,
      code,
      pageKeys: Object.fromEntries(pageKeys),
      searchShards: searchDone.shards,
      log: register.log,
      files: Object.fromEntries(files),
      openDataInputs: openDataDone.result.inputs,
      contentChanged,
    };
    await writeFile(join(work, 'build.json'), JSON.stringify(manifest));
    await options.beforeSwitch?.();

    await step('switch', async () => {
      const final = join(root, id);
      await rename(work, final);
      // Replace the `current` link in one rename: a reader sees the old target or the new one.
      const temporary = join(root, `.current-${id}`);
      await symlink(id, temporary);
      await rename(temporary, join(root, 'current'));
      await pruneOldPublications(root, id);
    });

    return {
      id,
      dir: join(root, id),
      pages: [...files.keys()].filter((f) => f.endsWith('.html')).length,
      bytes,
      providers: register.providers.length,
      digest,
      changeCount: register.changeCount ?? 0,
      renderedPaths: [...written.keys()].filter((f) => f.endsWith('.html')).map(pagePathOf),
      incremental: online !== null,
      timings,
      openDataMs: openDataDone.ms,
      carryMs,
      checksMs,
    };
  } catch (error) {
    // Nothing may still be writing into the build folder when it goes.
    await Promise.allSettled([openData, search]);
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** A file of the publication online that its manifest names is gone: it cannot be built on. */
class CarryOverError extends Error {}

/** From this many provider pages to render, they render first, so that Pagefind indexes them while the other pages render. */
const RENDER_PROVIDERS_FIRST_FROM = 2500;

/** Where the renders of a publication write, inside the project (see renderPages). */
const renderRoot = (id: string) => join(PROJECT_ROOT, '.astro', 'renders', id);

/** The site path of a provider's page. */
const providerPath = (provider: { enterpriseNumber: string }) => `/dienstverleners/${provider.enterpriseNumber}/`;
/** Whether a site path is a provider's page. */
const isProviderPage = (page: string) => /^\/dienstverleners\/\d{10}\/$/.test(page);

/** The file a page path is served from: "/a/" → "/a/index.html", "/404.html" stays. */
function pageFileOf(page: string): string {
  return page.endsWith('/') ? `${page}index.html` : page;
}

/** Every file under `dir` with its size, by path relative to it ("/a/index.html"). */
async function fileSizes(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  await inSlices(entries, (entry) => {
    const file = join(entry.parentPath, entry.name);
    sizes.set('/' + relative(dir, file).split(sep).join('/'), statSync(file).size);
  });
  return sizes;
}

/**
 * Hard-links `files` (site paths) of the site in `from` into the site in `to`: a publication's
 * files never change once it is online, so the next one may share them.
 */
async function linkFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  await inSlices(files, (file) => {
    const target = join(to, file);
    const folder = dirname(target);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    try {
      linkSync(join(from, file), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CarryOverError(`The publication online lacks ${file}; building everything anew.`);
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      cpSync(join(from, file), target);
    }
  });
}

/** Waits for all, so that nothing still writes into a build being removed; then fails with the first error. */
async function settleAll<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Removes publications beyond the newest {@link KEEP_PUBLICATIONS}, and leftovers of killed builds. */
async function pruneOldPublications(root: string, keepId: string): Promise<void> {
  const entries = (await readdir(root)).filter((name) => name !== 'current');
  const finished = entries.filter((name) => !name.startsWith('.')).sort().reverse();
  const keep = new Set([keepId, ...finished.slice(0, KEEP_PUBLICATIONS)]);
  // Only finished publications are pruned: a `.building-` folder may be another process's build
  // in progress (leftovers of killed builds are cleaned at start-up).
  for (const name of finished) {
    if (keep.has(name)) continue;
    // Out of sight at once (a rename), removed in the background: deleting a large site takes
    // seconds that the next publication should not wait for. Start-up clears leftovers.
    const trash = join(root, `.trash-${name}`);
    await rename(join(root, name), trash);
    removeInBackground(trash);
  }
}

/**
 * Moves a folder's content into another: moved whole where the other has nothing yet (also to
 * another file system), merged folder by folder where it has, files replacing files.
 */
async function mergeDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV') {
      await cp(from, to, { recursive: true, force: true });
      await rm(from, { recursive: true, force: true });
      return;
    }
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await mergeDir(source, target);
    else await rename(source, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await cp(source, target, { force: true });
    });
  }
}

/** Lets Pagefind's helper process, the open-data writer's thread and the waiting renderer go, so a command-line run can exit. */
export async function closePublisher(): Promise<void> {
  await closeSearchIndexer();
  await closeOpenDataWriter();
  closeRenderer();
}

/** Temporary links younger than this may be a switch or rollback in progress in another process. */
const SWITCH_GRACE_MS = 60_000;

/**
 * Removes what killed builds left behind (their folders, half-made links, Astro's render folders),
 * except the builds named in `running` (this process's own, in progress). Run by the process that
 * has just taken the publisher lease: only the lease holder builds, so every other build folder
 * is a stopped process's. The publication online is never touched.
 */
export async function cleanUnfinishedBuilds(dataDir: string, running: ReadonlySet<string> = new Set()): Promise<string[]> {
  const root = publicationsDir(dataDir);
  const removed: string[] = [];
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const name of entries) {
    if (!name.startsWith('.building-') && !name.startsWith('.current-') && !name.startsWith('.trash-')) continue;
    if (name.startsWith('.building-') && running.has(name.slice('.building-'.length))) continue;
    if (name.startsWith('.current-')) {
      // A rollback may be switching through one right now, from any process.
      const made = await lstat(join(root, name)).then((s) => s.mtimeMs, () => 0);
      if (Date.now() - made < SWITCH_GRACE_MS) continue;
    }
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
    if (name.startsWith('.building-')) {
      // Its render folder in the project (other data folders' builds are left alone).
      await rm(renderRoot(name.slice('.building-'.length)), { recursive: true, force: true });
    }
  }
  // Astro's page cache of earlier versions, no longer used: a second copy of every page.
  await rm(join(resolve(dataDir), 'render-cache'), { recursive: true, force: true });
  return removed;
}

/** The publications kept on disk, newest first. */
export async function publicationsOnDisk(dataDir: string): Promise<string[]> {
  const entries = await readdir(publicationsDir(dataDir)).catch(() => [] as string[]);
  const kept: string[] = [];
  for (const name of entries.filter((n) => !n.startsWith('.') && n !== 'current').sort().reverse()) {
    if (await stat(join(publicationsDir(dataDir), name, 'site', 'index.html')).then(() => true, () => false)) kept.push(name);
  }
  return kept;
}

/** Switches the site online back to an earlier publication that is still kept. */
export async function switchTo(dataDir: string, id: string): Promise<void> {
  const root = publicationsDir(dataDir);
  if (!(await publicationsOnDisk(dataDir)).includes(id)) {
    throw new Error(`Publication ${id} is not kept on disk; the last ${KEEP_PUBLICATIONS} are: ${(await publicationsOnDisk(dataDir)).join(', ') || 'none'}.`);
  }
  const temporary = join(root, `.current-${id}-${Date.now()}`);
  await symlink(id, temporary);
  await rename(temporary, join(root, 'current'));
}
