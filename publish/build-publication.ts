/**
 * One publication: a build of the public site from a consistent snapshot of the database, built
 * aside in a fresh folder, indexed by Pagefind, checked, and only then switched in at once.
 * A build that fails leaves the publication that was online untouched.
 */
import { build as astroBuild } from 'astro';
import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile, readlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { readPublicRegister } from '../db/queries/public-register.ts';
import type { PublicRegister } from '../domain/public-register.ts';
import type { RegisterDb } from '../db/client.ts';
import { calendarDateAt } from '../domain/rules/index.ts';
import { expectedPages } from './expected-pages.ts';
import { newPublicationId } from './queued-publisher.ts';
import { checkSite, findPrivateValues, isClean, listSiteFiles } from './site-checks.ts';
import { privateValuesByProvider } from '../db/queries/private-values.ts';
import { closeSearchIndexer, SearchShardSchema, writeSearchIndex } from './search-index.ts';
import { createRegisterView } from '../site/lib/register-view.ts';
import { computePageKeys } from '../site/lib/page-keys.ts';
import { writeOpenData } from './open-data/index.ts';

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
}

/**
 * What a publication remembers for the next one (in `build.json` beside its site): the render key
 * of every page and the search shards, so the next publication renders, checks and indexes only
 * what changed.
 */
const BuildManifestSchema = z.strictObject({
  version: z.literal(2),
  pageKeys: z.record(z.string(), z.string()),
  searchShards: z.array(SearchShardSchema),
  /** The change log's head the publication stated (its open data was written from it). */
  log: z.strictObject({ events: z.number().int().min(0), head: z.string() }),
});
type BuildManifest = z.infer<typeof BuildManifestSchema>;

/** Astro's cache of rendered pages for the publications of one data folder (kept in it). */
export function renderCacheDir(dataDir: string): string {
  return join(resolve(dataDir), 'render-cache');
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
 * one after the other: the site builder changes the working directory while it renders.
 */
export function buildPublication(options: Parameters<typeof buildOnce>[0]): Promise<PublicationResult> {
  const next = running.then(() => buildOnce(options));
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

  let openData: Promise<number> | undefined;
  try {
    await mkdir(work, { recursive: true });
    const { register, digest } = await step('snapshot', async () => {
      const snapshot = { publicationId: id, ...(await readPublicRegister(options.db, calendarDateAt(options.now), options.now)) };
      await writeFile(join(work, 'register.json'), JSON.stringify(snapshot));
      return { register: snapshot, digest: registerDigest(snapshot) };
    });
    await options.failAt?.('snapshot');

    const online = options.full ? null : await readOnlineManifest(options.dataDir);
    const cacheDir = renderCacheDir(options.dataDir);
    if (options.full) await rm(cacheDir, { recursive: true, force: true });

    // The open data needs only the snapshot and the log, so it is written while the pages render
    // and the search index is built, into a folder of its own (absolute: the renderer changes the
    // working directory) that moves into the site afterwards.
    const openDataStart = performance.now();
    const openDataDir = resolve(work, 'open-data-staging');
    openData = writeOpenData({
      db: options.db,
      register,
      siteDir: openDataDir,
      previous: online ? { siteDir: resolve(online.siteDir), log: online.manifest.log } : undefined,
    }).then(() => Math.round(performance.now() - openDataStart));
    openData.catch(() => undefined); // awaited below; a failure is reported there
    await step('render', async () => {
      // Astro bundles the pages for prerendering next to its output when the output folder lies
      // under the working directory (else in a shared .astro folder), and that bundle must find
      // node_modules: so each build renders into its own folder inside the project, from the
      // project folder, and the result moves into the publication. Astro's cache of rendered
      // pages stays, so that the next build renders only pages whose key changed.
      const renderDir = join(PROJECT_ROOT, '.astro', 'renders', id);
      const previous = { snapshot: process.env.REGISTER_SNAPSHOT, cwd: process.cwd() };
      process.env.REGISTER_SNAPSHOT = join(work, 'register.json');
      process.chdir(PROJECT_ROOT);
      try {
        await astroBuild({ root: PROJECT_ROOT, outDir: renderDir, cacheDir, logLevel: 'error' });
        await rm(join(renderDir, '.prerender'), { recursive: true, force: true });
        await moveDir(renderDir, siteDir);
      } finally {
        process.chdir(previous.cwd);
        if (previous.snapshot === undefined) delete process.env.REGISTER_SNAPSHOT;
        else process.env.REGISTER_SNAPSHOT = previous.snapshot;
        await rm(renderDir, { recursive: true, force: true });
      }
    });

    // Which pages differ from the publication online: those are the ones to index and check.
    const view = createRegisterView(register);
    const pageKeys = computePageKeys(view);
    const changedPages = new Set<string>();
    for (const page of expectedPages(register)) {
      // Downloads and feeds are written anew with every publication; only pages are rendered.
      if (!page.endsWith('/') && !page.endsWith('.html')) continue;
      const key = pageKeys.get(page);
      if (!online || key === undefined || online.manifest.pageKeys[page] !== key) changedPages.add(page);
    }
    const changedProviders = new Set(
      register.providers.filter((p) => changedPages.has(`/dienstverleners/${p.enterpriseNumber}/`)).map((p) => p.enterpriseNumber),
    );

    await options.failAt?.('render');
    const [search, openDataMs] = await step('index', () =>
      settleBoth([
        writeSearchIndex({
          siteDir,
          publicationId: id,
          listed: view.listedProviders,
          previous: online ? { shards: online.manifest.searchShards, siteDir: online.siteDir, changedProviders } : undefined,
        }),
        openData!.then(async (ms) => {
          for (const entry of await readdir(openDataDir)) await rename(join(openDataDir, entry), join(siteDir, entry));
          await rm(openDataDir, { recursive: true, force: true });
          return ms;
        }),
      ]),
    );

    await options.failAt?.('index');
    const files = await step('check', async () => {
      const problems = await checkSite(siteDir, expectedPages(register), online ? changedPages : undefined);
      const privateValues = await privateValuesByProvider(options.db);
      if (online) for (const enterpriseNumber of privateValues.keys()) if (!changedProviders.has(enterpriseNumber)) privateValues.delete(enterpriseNumber);
      const leaks = await findPrivateValues(siteDir, privateValues);
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
      return listSiteFiles(siteDir);
    });
    await options.failAt?.('check');
    let bytes = 0;
    for (const file of files) bytes += (await stat(join(siteDir, file))).size;
    const manifest: BuildManifest = { version: 2, pageKeys: Object.fromEntries(pageKeys), searchShards: search.shards, log: register.log };
    await writeFile(join(work, 'build.json'), JSON.stringify(manifest));

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
      pages: files.filter((f) => f.endsWith('.html')).length,
      bytes,
      providers: register.providers.length,
      digest,
      changeCount: register.changeCount ?? 0,
      renderedPaths: [...changedPages],
      incremental: online !== null,
      timings,
      openDataMs,
    };
  } catch (error) {
    // Nothing may still be writing into the build folder when it goes.
    await openData?.catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    // A render that failed half-way may have left cached pages that its manifest does not
    // describe; the next build renders everything rather than trust them.
    await rm(renderCacheDir(options.dataDir), { recursive: true, force: true });
    throw error;
  }
}

/** Waits for both, so that nothing still writes into a build being removed; then fails with the first error. */
async function settleBoth<A, B>(work: [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(work);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
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
    void rm(trash, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Moves a folder, also to another file system (a data folder outside the project). */
async function moveDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Lets Pagefind's helper process go, so a command-line run can exit. */
export async function closePublisher(): Promise<void> {
  await closeSearchIndexer();
}

/**
 * Removes what a killed build left behind (its folder, a half-made link, Astro's render folder).
 * Run at start-up, before anything builds; the publication online is never touched.
 */
export async function cleanUnfinishedBuilds(dataDir: string): Promise<string[]> {
  const root = publicationsDir(dataDir);
  const removed: string[] = [];
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const name of entries) {
    if (!name.startsWith('.building-') && !name.startsWith('.current-') && !name.startsWith('.trash-')) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
    if (name.startsWith('.building-')) {
      // Its render folder in the project (other data folders' builds are left alone), and
      // Astro's page cache, which a killed build may have left half-written.
      const render = join(PROJECT_ROOT, '.astro', 'renders', name.slice('.building-'.length));
      await rm(render, { recursive: true, force: true });
      await rm(renderCacheDir(dataDir), { recursive: true, force: true });
    }
  }
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
