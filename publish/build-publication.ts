/**
 * One publication: a build of the public site from a consistent snapshot of the database, built
 * aside in a fresh folder, indexed by Pagefind, checked, and only then switched in at once.
 * A build that fails leaves the publication that was online untouched.
 */
import { build as astroBuild } from 'astro';
import * as pagefind from 'pagefind';
import { cp, mkdir, readdir, rename, rm, stat, symlink, writeFile, readlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readPublicRegister } from '../db/queries/public-register.ts';
import type { PublicRegister } from '../domain/public-register.ts';
import type { RegisterDb } from '../db/client.ts';
import { calendarDateAt } from '../domain/rules/index.ts';
import { expectedPages } from './expected-pages.ts';
import { newPublicationId } from './queued-publisher.ts';
import { checkSite, findPrivateValues, isClean, listSiteFiles } from './site-checks.ts';
import { privateValuesByProvider } from '../db/queries/private-values.ts';
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
  timings: Record<PublicationStep, number>;
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

  try {
    await mkdir(work, { recursive: true });
    const { register, digest } = await step('snapshot', async () => {
      const snapshot = { publicationId: id, ...(await readPublicRegister(options.db, calendarDateAt(options.now), options.now)) };
      await writeFile(join(work, 'register.json'), JSON.stringify(snapshot));
      return { register: snapshot, digest: registerDigest(snapshot) };
    });
    await options.failAt?.('snapshot');

    await step('render', async () => {
      // Astro bundles the pages for prerendering next to its output when the output folder lies
      // under the working directory (else in a shared .astro folder), and that bundle must find
      // node_modules: so each build renders into its own folder inside the project, from the
      // project folder, and the result moves into the publication.
      const renderDir = join(PROJECT_ROOT, '.astro', 'renders', id);
      const previous = { snapshot: process.env.REGISTER_SNAPSHOT, cwd: process.cwd() };
      process.env.REGISTER_SNAPSHOT = join(work, 'register.json');
      process.chdir(PROJECT_ROOT);
      try {
        await astroBuild({ root: PROJECT_ROOT, outDir: renderDir, cacheDir: `${renderDir}.cache`, logLevel: 'error' });
        await rm(join(renderDir, '.prerender'), { recursive: true, force: true });
        await moveDir(renderDir, siteDir);
      } finally {
        process.chdir(previous.cwd);
        if (previous.snapshot === undefined) delete process.env.REGISTER_SNAPSHOT;
        else process.env.REGISTER_SNAPSHOT = previous.snapshot;
        await rm(renderDir, { recursive: true, force: true });
        await rm(`${renderDir}.cache`, { recursive: true, force: true });
      }
    });

    await options.failAt?.('render');
    await writeOpenData({ db: options.db, register, siteDir });
    await step('index', async () => {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: 'nl' });
      if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
      // Only provider pages are searchable; sparing Pagefind the long list pages halves its time.
      const added = await index.addDirectory({ path: siteDir, glob: 'dienstverleners/[0-9]*/index.html' });
      if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
      const written = await index.writeFiles({ outputPath: join(siteDir, 'pagefind') });
      if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
      await index.deleteIndex();
    });

    await options.failAt?.('index');
    const files = await step('check', async () => {
      const problems = await checkSite(siteDir, expectedPages(register));
      const leaks = await findPrivateValues(siteDir, await privateValuesByProvider(options.db));
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
      timings,
    };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** Removes publications beyond the newest {@link KEEP_PUBLICATIONS}, and leftovers of killed builds. */
async function pruneOldPublications(root: string, keepId: string): Promise<void> {
  const entries = (await readdir(root)).filter((name) => name !== 'current');
  const finished = entries.filter((name) => !name.startsWith('.')).sort().reverse();
  const keep = new Set([keepId, ...finished.slice(0, KEEP_PUBLICATIONS)]);
  // Only finished publications are pruned: a `.building-` folder may be another process's build
  // in progress (leftovers of killed builds are cleaned at start-up).
  for (const name of finished) {
    if (!keep.has(name)) await rm(join(root, name), { recursive: true, force: true });
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
  await pagefind.close();
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
    if (!name.startsWith('.building-') && !name.startsWith('.current-')) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
    if (name.startsWith('.building-')) {
      // Its render folder in the project (other data folders' builds are left alone).
      const render = join(PROJECT_ROOT, '.astro', 'renders', name.slice('.building-'.length));
      await rm(render, { recursive: true, force: true });
      await rm(`${render}.cache`, { recursive: true, force: true });
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
