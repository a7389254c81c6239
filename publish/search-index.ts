/**
 * The search index, split into shards by name. Pagefind cannot update an index, and indexing every
 * provider page again takes about 20 s at 10,000 providers; with shards, a publication after one
 * change re-indexes only the shard(s) holding the changed pages and carries the others over.
 *
 * Shards are ranges of the alphabet (by Dutch collation), so the search box can list filter-only
 * results alphabetically by putting the shards' sorted results one after the other. The ranges are
 * chosen on a full index and kept by incremental ones; a shard that grows too large makes the next
 * publication index everything again with new ranges.
 */
import * as pagefind from 'pagefind';
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { inSlices } from './in-slices.ts';
import { z } from 'zod';
import type { PublicProvider } from '#domain/public-register.ts';

/** At most this many shards: the search box loads each one's script. */
export const MAX_SHARDS = 8;
/** At least this many pages per shard: below it, one shard more costs more than it saves. */
export const MIN_SHARD_PAGES = 100;

const collator = new Intl.Collator('nl-BE');

/** One shard as the publisher remembers it. */
export const SearchShardSchema = z.strictObject({
  /** Its folder under `pagefind/`, named after the publication that indexed it. */
  dir: z.string().regex(/^[\w-]+$/),
  /** The first name in its range ('' for the first shard). */
  from: z.string(),
  /** Enterprise numbers of the providers it holds. */
  members: z.array(z.string()),
});
export type SearchShard = z.infer<typeof SearchShardSchema>;

/** What the search box reads: the shard folders in alphabetical order. */
export const SHARDS_FILE = 'pagefind/shards.json';

/** What the index step reports. */
export interface SearchIndexResult {
  shards: SearchShard[];
  /** Shards indexed in this publication (the others were carried over). */
  indexed: number;
  /** Pages indexed in this publication. */
  pages: number;
}

/** The page of a provider, relative to the site folder. */
const pageFile = (enterpriseNumber: string) => join('dienstverleners', enterpriseNumber, 'index.html');

/** The shard ranges for `listed` (sorted by name): equal slices of at least MIN_SHARD_PAGES. */
export function planShards(listed: readonly PublicProvider[]): { from: string; members: string[] }[] {
  const size = Math.max(MIN_SHARD_PAGES, Math.ceil(listed.length / MAX_SHARDS));
  const plan: { from: string; members: string[] }[] = [];
  for (let start = 0; start < listed.length || plan.length === 0; start += size) {
    const slice = listed.slice(start, start + size);
    plan.push({ from: start === 0 ? '' : slice[0].name, members: slice.map((p) => p.enterpriseNumber) });
  }
  return plan;
}

/** Puts `listed` (sorted by name) into the ranges of `previous`. */
export function assignToShards(listed: readonly PublicProvider[], previous: readonly SearchShard[]): { from: string; members: string[] }[] {
  const plan = previous.map((shard) => ({ from: shard.from, members: [] as string[] }));
  let shard = 0;
  for (const provider of listed) {
    while (shard + 1 < plan.length && collator.compare(provider.name, plan[shard + 1].from) >= 0) shard++;
    plan[shard].members.push(provider.enterpriseNumber);
  }
  return plan;
}

/**
 * Writes the search index of `siteDir`. With `previous` (the online publication's shards and
 * site folder), only shards whose members or member pages changed are indexed again.
 */
export async function writeSearchIndex(options: {
  siteDir: string;
  publicationId: string;
  /** Listed providers by name: the only searchable pages. */
  listed: readonly PublicProvider[];
  previous?: { shards: readonly SearchShard[]; siteDir: string; changedProviders: ReadonlySet<string> };
}): Promise<SearchIndexResult> {
  const { siteDir, listed, previous } = options;
  let plan = previous ? assignToShards(listed, previous.shards) : planShards(listed);
  const limit = 2 * Math.max(MIN_SHARD_PAGES, Math.ceil(listed.length / MAX_SHARDS));
  const rebalance = !previous || plan.some((s) => s.members.length > limit);
  if (rebalance) plan = planShards(listed);

  const shards: SearchShard[] = [];
  const work: (() => Promise<void>)[] = [];
  let indexed = 0;
  let pages = 0;
  for (const [position, part] of plan.entries()) {
    const before = rebalance ? undefined : previous!.shards[position];
    const unchanged =
      before &&
      before.members.length === part.members.length &&
      before.members.every((n, i) => n === part.members[i] && !previous!.changedProviders.has(n));
    if (unchanged) {
      shards.push({ ...before });
      work.push(() => linkTree(join(previous!.siteDir, 'pagefind', before.dir), join(siteDir, 'pagefind', before.dir)));
      continue;
    }
    const dir = `s${String(position).padStart(2, '0')}-${options.publicationId.replace(/[^\w-]/g, '')}`;
    shards.push({ dir, from: part.from, members: part.members });
    work.push(() => indexShard(siteDir, dir, part.members));
    indexed++;
    pages += part.members.length;
  }
  // Two shards at a time: Pagefind indexes in its own process while this one reads the next pages.
  let next = 0;
  const worker = async () => {
    while (next < work.length) await work[next++]();
  };
  await Promise.all([worker(), worker()]);
  await writeFile(join(siteDir, SHARDS_FILE), JSON.stringify({ shards: shards.map((s) => `/pagefind/${s.dir}/`) }));
  return { shards, indexed, pages };
}

/**
 * Indexes one shard. Pagefind reads a folder itself much faster than it is fed page by page, so
 * the shard's pages are gathered in a folder of their own (hard links, laid out as in the site so
 * that Pagefind derives the same URLs) next to the site, which goes when the shard is written.
 */
async function indexShard(siteDir: string, dir: string, members: readonly string[]): Promise<void> {
  const source = resolve(siteDir, '..', `.search-source-${dir}`);
  await rm(source, { recursive: true, force: true });
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'nl' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    await inSlices(members, (enterpriseNumber) => {
      mkdirSync(join(source, 'dienstverleners', enterpriseNumber), { recursive: true });
      linkSync(join(siteDir, pageFile(enterpriseNumber)), join(source, pageFile(enterpriseNumber)));
    });
    const added = await index.addDirectory({ path: source });
    if (added.errors.length) throw new Error(`Pagefind could not index shard ${dir}: ${added.errors.join('; ')}`);
    if (added.page_count !== members.length) throw new Error(`Pagefind indexed ${added.page_count} of the ${members.length} pages of shard ${dir}.`);
    const written = await index.writeFiles({ outputPath: join(siteDir, 'pagefind', dir) });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await rm(source, { recursive: true, force: true });
  }
}

/**
 * Copies a folder as hard links: the files of a publication never change once it is online, so
 * the next one may share them (every writer replaces files instead of writing into them).
 */
export async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const folders = new Set<string>([to]);
  await inSlices(entries, (entry) => {
    const target = join(to, relative(from, join(entry.parentPath, entry.name)));
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      folders.add(target);
      return;
    }
    const folder = dirname(target);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    try {
      linkSync(join(entry.parentPath, entry.name), target);
    } catch {
      copyFileSync(join(entry.parentPath, entry.name), target);
    }
  });
}

/** Closes Pagefind's helper process. */
export async function closeSearchIndexer(): Promise<void> {
  await pagefind.close();
}
