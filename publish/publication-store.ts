/**
 * Where publications live on disk: one folder each under `<DATA_DIR>/publications/`, built aside
 * in a `.building-<id>` folder, and `current`, a symbolic link naming the one online. Switching a
 * publication in (or back, for a rollback) replaces that link in one rename, so a reader sees the
 * old publication or the new one, never a mix. The last {@link KEEP_PUBLICATIONS} stay on disk.
 */
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SearchShardSchema } from './search-index.ts';
import { removeInBackground } from './remove-publication.ts';
import { renderRoot } from './render-site.ts';

/** How many publications stay on disk (the online one included). */
export const KEEP_PUBLICATIONS = 5;

/** The manifest beside a publication's site. */
const MANIFEST_FILE = 'build.json';

/**
 * What a publication remembers for the next one (in `build.json` beside its site): the code its
 * pages were rendered with, the render key of every page, the search shards, and the size of
 * every file, so the next publication renders, checks and indexes only what changed and counts
 * its bytes without measuring the files it carries over.
 */
export const BuildManifestSchema = z.strictObject({
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
/** See {@link BuildManifestSchema}. */
export type BuildManifest = z.infer<typeof BuildManifestSchema>;

/** Where publications live: one folder each, and `current` pointing at the one online. */
export function publicationsDir(dataDir: string): string {
  return join(dataDir, 'publications');
}

/** The id of the publication online (the target of `current`), or null when nothing was published yet. */
export function onlinePublicationId(dataDir: string): Promise<string | null> {
  return readlink(join(publicationsDir(dataDir), 'current')).catch(() => null);
}

/** The folder of the site that is online now, or null when nothing was published yet. */
export async function currentSiteDir(dataDir: string): Promise<string | null> {
  const id = await onlinePublicationId(dataDir);
  if (!id) return null;
  const dir = join(publicationsDir(dataDir), id, 'site');
  return stat(join(dir, 'index.html')).then(() => dir, () => null);
}

/** The publication online with its manifest, when there is one and its manifest reads. */
export async function readOnlineManifest(dataDir: string): Promise<{ manifest: BuildManifest; siteDir: string } | null> {
  const siteDir = await currentSiteDir(dataDir);
  if (!siteDir) return null;
  try {
    const manifest = BuildManifestSchema.parse(JSON.parse(await readFile(join(siteDir, '..', MANIFEST_FILE), 'utf8')));
    return { manifest, siteDir };
  } catch {
    return null;
  }
}

/** A publication being built aside: its folder, where its site goes, and the steps that finish or drop it. */
export interface PublicationBuild {
  id: string;
  /** The build's folder (the snapshot and render selections go here, beside the site). */
  dir: string;
  /** Where the site is built. */
  siteDir: string;
  /** Writes the manifest beside the site. */
  writeManifest(manifest: BuildManifest): Promise<void>;
  /** Puts the publication online: its folder under its id, `current` switched to it, old ones pruned. Answers its folder. */
  switchIn(): Promise<string>;
  /** Removes the unfinished build. */
  discard(): Promise<void>;
}

/** Starts building publication `id` aside, in a folder of its own. */
export async function startBuild(dataDir: string, id: string): Promise<PublicationBuild> {
  const root = publicationsDir(dataDir);
  const dir = join(root, `.building-${id}`);
  await mkdir(dir, { recursive: true });
  return {
    id,
    dir,
    siteDir: join(dir, 'site'),
    writeManifest: (manifest) => writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest)),
    async switchIn() {
      const final = join(root, id);
      await rename(dir, final);
      await pointCurrentAt(root, id, `.current-${id}`);
      await pruneOldPublications(root, id);
      return final;
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Points `current` at publication `id` in one rename of a new link (named `temporary` while it
 * is made) over the old one: a reader sees the old target or the new one, never none.
 */
async function pointCurrentAt(root: string, id: string, temporary: string): Promise<void> {
  const link = join(root, temporary);
  await symlink(id, link);
  await rename(link, join(root, 'current'));
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
  const kept = await publicationsOnDisk(dataDir);
  if (!kept.includes(id)) {
    throw new Error(`Publication ${id} is not kept on disk; the last ${KEEP_PUBLICATIONS} are: ${kept.join(', ') || 'none'}.`);
  }
  // Named for the moment too: two rollbacks to the same publication may run at once.
  await pointCurrentAt(publicationsDir(dataDir), id, `.current-${id}-${Date.now()}`);
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
  return removed;
}
