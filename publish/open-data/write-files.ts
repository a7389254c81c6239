/**
 * Writes a publication's open data into a new folder (the publisher moves it into the site): the
 * downloads under `open-data/`, the Atom feeds under `feeds/`, `sitemap.xml` and `robots.txt`.
 * Everything is generated from the publication's snapshot and the part of the change log it states
 * (its first `log.events` entries), so a publication's files always belong together. Runs in the
 * writer's worker thread (worker.ts; index.ts reads and checks the log and sends it there).
 *
 * Every file is created new: written, or hard-linked from the publication online when it is the
 * same there, or (the log, which only grows) copied from there with the new lines after it. A file
 * of a publication, shared by hard link with the next one, is never written into.
 */
import { appendFile, copyFile, link, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { hash } from 'node:crypto';
import { sameHead, type LogEntry, type LogHead } from '#domain/change-log.ts';
import { OPEN_DATA_FILES, ROBOTS_PATH, municipalityFeedPath, providerFeedPath } from '#domain/open-data.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import { csvMetadata } from './csvw.ts';
import { dcatCatalogue } from './dcat.ts';
import { atomFeeds, FeedLists } from './feeds.ts';
import { hsdsServices } from './hsds.ts';
import { coverageGeojson } from './geojson.ts';
import { coverageCsv, coverageInputs, registerCsv, registerDocument, registerJson, schemaFiles } from './register-files.ts';
import { robotsTxt, sitemapFiles, sitemapPages } from './sitemap.ts';
import { privateValueScanner } from '#publish/site-checks.ts';

/** How many files are written at the same time. */
const WRITES_AT_ONCE = 16;
/** From this size on a file is written before the next one is made. */
const LARGE_FILE = 1 << 20;

/** What a run wrote. */
export interface OpenDataResult {
  files: number;
  bytes: number;
  events: number;
  /** The size of every file written anew, by site path ("/open-data/register.json"). */
  sizes: Map<string, number>;
  /** The site paths of the files shared with the publication online (hard links). */
  shared: string[];
  /** The log head the files state. */
  log: LogHead;
  /**
   * The downloads that hold one of the private values given (the register and the log, which
   * every other download and feed is made from: see site-checks.ts). Of a log continued from the
   * publication online only the new lines are read: the others were read when they were new.
   */
  leaks: string[];
  /**
   * Digests of what some downloads are made of, by site path: the next publication shares such a
   * download when its digest is the same (kept in the publication's manifest).
   */
  inputs: Record<string, string>;
}

/** The publication online, as the open data builds on it. */
export interface PreviousOpenData {
  siteDir: string;
  log: LogHead;
  /** The digests of the inputs of its downloads, by site path (see {@link OpenDataResult.inputs}). */
  inputs?: Record<string, string>;
  /** The size of its log download, as its manifest states it. */
  logBytes?: number;
}

/** What the files are written from: the snapshot and the checked log entries it states. */
export interface OpenDataInput {
  register: PublicRegister;
  /** The log entries the snapshot states: all of them, or only those after `continueAfter`. */
  entries: LogEntry[];
  /**
   * Set when `entries` are only the entries after this head, the head of the publication online,
   * whose feed lists the writer holds and whose log download this one continues.
   */
  continueAfter?: LogHead;
  /** A new folder (or an empty one) to write into. */
  siteDir: string;
  siteUrl: string;
  /** The publication online, when its log is a beginning of this one (its unchanged files are shared). */
  previous?: PreviousOpenData;
  /** Private values, by enterprise number, to look for in the downloads as they are written (the result names the downloads holding one). */
  privateValues?: Map<string, string[]>;
  /** The day each page's content last changed, by site path, for the sitemap (default: the register's day for every page). */
  lastChanged?: ReadonlyMap<string, string>;
}

/** The feed lists of the log a writer last wrote, kept for the next publication. */
export interface RememberedLog {
  head: LogHead;
  lists: FeedLists;
  /** The size of that log's download. */
  bytes: number;
}

/**
 * Adds the entries after the publication online to the feed lists, and answers the municipality
 * and provider feeds that may differ from the publication online: those of the providers with new
 * entries and of the municipalities those entries concern, and any the publication online lacks.
 * A new entry that renames a provider changes the titles in every feed that mentions it, so then
 * every feed is written again.
 */
async function addNewEntries(register: PublicRegister, lists: FeedLists, entries: readonly LogEntry[], previousSiteDir: string) {
  const only = { municipalities: new Set<string>(), providers: new Set<string>() };
  let renamed = false;
  for (const entry of entries) {
    // A provider's first entry names it too; only a new name for a known provider is a rename.
    if (entry.provider && lists.knows(entry.provider) && entry.after && typeof entry.after === 'object' && 'name' in entry.after) renamed = true;
    for (const nis of lists.add(entry)) only.municipalities.add(nis);
    if (entry.provider) only.providers.add(entry.provider);
  }
  if (renamed) return undefined;
  const present = async (folder: string) =>
    new Set(await readdir(join(previousSiteDir, 'feeds', folder)).catch(() => [] as string[]));
  const [municipalityFiles, providerFiles] = await Promise.all([present('gemeenten'), present('dienstverleners')]);
  for (const m of register.municipalities) if (!municipalityFiles.has(`${m.slug}.xml`)) only.municipalities.add(m.nisCode);
  for (const p of register.providers) if (!providerFiles.has(`${p.enterpriseNumber}.xml`)) only.providers.add(p.enterpriseNumber);
  return only;
}

/** One log entry as a line of wijzigingen.jsonl (members in the documented order). */
export function logLine(entry: LogEntry): string {
  const { seq, occurredAt, provider, kind, summary, actor, before, after, prevHash, hash } = entry;
  return JSON.stringify({ seq, occurredAt, provider, kind, summary, actor, before, after, prevHash, hash });
}

/**
 * Writes the open-data files from a checked log. `memory` holds the feed lists between runs: they
 * are taken from it when the input continues the log they were made from, and left in it for the
 * next run.
 */
export async function writeOpenDataFiles(input: OpenDataInput, memory: { log: RememberedLog | null }): Promise<OpenDataResult> {
  const { register, entries, siteDir, siteUrl, previous, continueAfter } = input;
  const present = await readdir(siteDir).catch(() => [] as string[]);
  if (present.length > 0) throw new Error(`The open data is written into a new folder; ${siteDir} already holds ${present[0]}.`);
  const scanner = input.privateValues ? privateValueScanner(input.privateValues) : null;
  const leaks: string[] = [];
  const scan = (path: string, text: string) => {
    if (scanner && !scanner.empty && scanner.find(text).length > 0 && !leaks.includes(path)) leaks.push(path);
  };

  // The feed lists up to the publication online, then the new entries; while they change, the
  // memory holds none (a run that fails midway leaves nothing half-applied to build on).
  let lists: FeedLists;
  let newEntries: LogEntry[];
  let logBytesBefore = 0;
  if (continueAfter) {
    const remembered = memory.log;
    if (!remembered || !sameHead(remembered.head, continueAfter)) throw new Error(`The open-data writer does not hold the log at entry ${continueAfter.events} to continue from.`);
    lists = remembered.lists;
    logBytesBefore = remembered.bytes;
    newEntries = entries;
  } else {
    lists = new FeedLists();
    const known = previous ? previous.log.events : 0;
    for (const entry of entries.slice(0, known)) lists.add(entry);
    newEntries = entries.slice(known);
  }
  memory.log = null;
  const onlyFeeds = previous ? await addNewEntries(register, lists, newEntries, previous.siteDir) : undefined;
  if (!previous) for (const entry of newEntries) lists.add(entry);

  const files = new FileWriter(siteDir);
  /** Writes a new file. */
  const put = (path: string, content: string) => files.put(path, content);
  /** Links a file of the publication online that this one has unchanged. */
  const share = (path: string) => files.share(previous!.siteDir, path);
  /**
   * A download made of `madeOf` only: linked from the publication online when that was made of
   * the same (a digest of it is kept in the manifest), written otherwise.
   */
  const inputs: Record<string, string> = {};
  const putOrShare = async (path: string, madeOf: string, make: () => string) => {
    const digest = hash('sha256', madeOf, 'base64url');
    inputs[path] = digest;
    if (previous?.inputs?.[path] === digest && (await exists(fileOf(previous.siteDir, path)))) await share(path);
    else await put(path, make());
  };

  const registerText = registerJson(registerDocument(register));
  scan(OPEN_DATA_FILES.registerJson.path, registerText);
  await put(OPEN_DATA_FILES.registerJson.path, registerText);
  for (const [path, content] of Object.entries(schemaFiles(siteUrl))) await put(path, content);
  await put(OPEN_DATA_FILES.registerCsv.path, registerCsv(register, siteUrl));
  // A change of free places, the most frequent change, leaves the 40 MB of working areas as they were.
  const coverage = coverageInputs(register);
  await putOrShare(OPEN_DATA_FILES.coverageCsv.path, coverage, () => coverageCsv(register));
  await putOrShare(OPEN_DATA_FILES.coverageGeojson.path, coverage, () => coverageGeojson(register));
  let logBytes: number;
  if (continueAfter) {
    // The log only grows: the download online, copied, with the new lines after it.
    const path = OPEN_DATA_FILES.log.path;
    const newLines = newEntries.map((e) => `${logLine(e)}\n`).join('');
    scan(path, newLines);
    logBytes = logBytesBefore + Buffer.byteLength(newLines);
    await files.extend(previous!.siteDir, path, newLines, logBytes);
  } else {
    const content = entries.map((e) => `${logLine(e)}\n`).join('');
    scan(OPEN_DATA_FILES.log.path, content);
    logBytes = Buffer.byteLength(content);
    await put(OPEN_DATA_FILES.log.path, content);
  }
  await put(OPEN_DATA_FILES.hsds.path, `${JSON.stringify(hsdsServices(register, siteUrl))}\n`);
  await put(OPEN_DATA_FILES.csvMetadata.path, `${JSON.stringify(csvMetadata(siteUrl), null, 2)}\n`);
  await put(OPEN_DATA_FILES.dcat.path, `${JSON.stringify(dcatCatalogue(register, siteUrl, lists.period()), null, 2)}\n`);
  for (const [path, content] of atomFeeds(register, lists, siteUrl, onlyFeeds)) await put(path, content);
  if (onlyFeeds) {
    // The other feeds are exactly as the publication online has them.
    for (const m of register.municipalities) if (!onlyFeeds.municipalities.has(m.nisCode)) await share(municipalityFeedPath(m));
    for (const p of register.providers) if (!onlyFeeds.providers.has(p.enterpriseNumber)) await share(providerFeedPath(p));
  }
  for (const [path, content] of sitemapFiles(sitemapPages(register, input.lastChanged), siteUrl)) await put(path, content);
  await put(ROBOTS_PATH, robotsTxt(siteUrl));
  await files.done();

  const log = { events: register.log.events, head: register.log.head };
  memory.log = { head: log, lists, bytes: logBytes };
  return { files: files.count, bytes: files.bytes, events: log.events, log, sizes: files.sizes, shared: files.shared, inputs, leaks };
}

/** The file of site path `path` in the site in `root`. */
const fileOf = (root: string, path: string) => join(root, ...path.split('/').filter(Boolean));

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/**
 * Creates the files of a site, a few at a time (thousands of small feeds go faster side by side),
 * counting what it wrote. A file is always created new ('wx' never opens an existing one).
 */
class FileWriter {
  /** The size of every file written anew, by site path. */
  readonly sizes = new Map<string, number>();
  /** The site paths of the files linked from another site. */
  readonly shared: string[] = [];
  count = 0;
  bytes = 0;
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown = null;

  private readonly siteDir: string;

  constructor(siteDir: string) {
    this.siteDir = siteDir;
  }

  /** Writes a new file with `content`. */
  async put(path: string, content: string): Promise<void> {
    const size = Buffer.byteLength(content);
    this.wrote(path, size);
    // A large download (tens of megabytes at 10,000 providers) is written before the next one is
    // made, so that they are not all in memory at once.
    await this.track(this.inFolder(path).then((file) => writeFile(file, content, { flag: 'wx' })), size >= LARGE_FILE);
  }

  /** Links the file at `path` of the site in `from`. */
  async share(from: string, path: string): Promise<void> {
    this.count++;
    this.shared.push(path);
    await this.track(this.inFolder(path).then((file) => link(fileOf(from, path), file)), false);
  }

  /** Copies the file at `path` of the site in `from`, with `tail` after it (`size` bytes in all). */
  async extend(from: string, path: string, tail: string, size: number): Promise<void> {
    this.wrote(path, size);
    await this.track(
      this.inFolder(path).then(async (file) => {
        await copyFile(fileOf(from, path), file, constants.COPYFILE_EXCL);
        await appendFile(file, tail);
      }),
      true,
    );
  }

  /** Waits for every file, and fails with the first that failed. */
  async done(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }

  private wrote(path: string, size: number): void {
    this.count++;
    this.bytes += size;
    this.sizes.set(path, size);
  }

  /** The file of `path`, once its folder is there. */
  private async inFolder(path: string): Promise<string> {
    const file = fileOf(this.siteDir, path);
    const folder = dirname(file);
    if (!this.folders.has(folder)) this.folders.set(folder, mkdir(folder, { recursive: true }));
    await this.folders.get(folder);
    return file;
  }

  private async track(job: Promise<unknown>, wait: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    const tracked: Promise<void> = job.then(
      () => undefined,
      (error: unknown) => void (this.failure ??= error),
    ).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    if (wait) await tracked;
    else if (this.pending.size >= WRITES_AT_ONCE) await Promise.race(this.pending);
  }
}
