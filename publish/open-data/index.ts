/**
 * Writes a publication's open data into its site folder: the downloads under `open-data/`, the
 * Atom feeds under `feeds/`, `sitemap.xml` and `robots.txt`. Everything is generated from the
 * publication's snapshot and the part of the change log it states (its first `log.events`
 * entries), so a publication's files always belong together.
 *
 * Every file is written fresh: created new, or when one is already there, written under a
 * temporary name and renamed over it, so a file that another publication shares (for instance
 * as a hard link) is never changed in place. Files left in `open-data/` or `feeds/` by an
 * earlier run that this run does not write are removed.
 */
import { appendFile, copyFile, link, mkdir, open, readdir, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hash, randomBytes } from 'node:crypto';
import type { RegisterDb } from '../../db/client.ts';
import { readLogEntries } from '../../db/queries/change-log.ts';
import { sameHead, verifyChain, verifyChainAfter, type LogEntry, type LogHead } from '../../domain/change-log.ts';
import { assertPublishableRegister, assertPublishableText, OPEN_DATA_FILES, ROBOTS_PATH, municipalityFeedPath, providerFeedPath } from '../../domain/open-data.ts';
import type { PublicRegister } from '../../domain/public-register.ts';
import { loadEnv, siteUrlOf } from '../../config/env.ts';
import { csvMetadata } from './csvw.ts';
import { dcatCatalogue } from './dcat.ts';
import { atomFeeds, FeedLists } from './feeds.ts';
import { hsdsServices } from './hsds.ts';
import { coverageGeojson } from './geojson.ts';
import { coverageCsv, coverageInputs, registerCsv, registerDocument, registerJson, schemaFiles } from './register-files.ts';
import { robotsTxt, sitemapFiles, sitemapPages } from './sitemap.ts';
import { privateValueScanner } from '../site-checks.ts';

/** How many files are written at the same time. */
const WRITES_AT_ONCE = 16;
/** From this size on a file is written before the next one is made. */
const LARGE_FILE = 1 << 20;

/** The folders the open data owns inside a site (the generator may empty them). */
export const OPEN_DATA_FOLDERS = ['open-data', 'feeds'] as const;

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
 * Writes every open-data file of `register` into `siteDir`. The log is read from `db` up to the
 * entry the snapshot states, and its chain is checked first: a publication never states a head
 * its own log does not reach.
 */
export async function writeOpenData(options: {
  db: RegisterDb;
  register: PublicRegister;
  siteDir: string;
  siteUrl?: string;
  /**
   * The publication online, to build on: its log head was checked when it was published, and
   * the feeds no new log entry touches are shared with it (hard links) instead of written again,
   * as are the downloads whose inputs (`inputs`, from its manifest) did not change.
   */
  previous?: PreviousOpenData;
  /**
   * Write the files in a worker thread (the publisher does, so that they are made on the other
   * core while this thread renders the pages); the log is still read and checked here.
   */
  inWorker?: boolean;
  /**
   * Private values, by enterprise number, to look for in the downloads as they are written (the
   * publisher's check, made where the text already is); the result names the downloads holding one.
   */
  privateValues?: Promise<Map<string, string[]>>;
  /** The day each page's content last changed, by site path, for the sitemap (default: the register's day for every page). */
  lastChanged?: ReadonlyMap<string, string>;
}): Promise<OpenDataResult> {
  if (!options.inWorker) return writeOpenDataFiles({ ...(await readCheckedLog(options, null)), privateValues: await options.privateValues });
  const current = writerThread();
  // The writer still holds the feed lists of the publication online (it wrote it, and nothing
  // since), and that publication's log download is intact: then only the new entries are read.
  const { previous } = options;
  const known = current.head && previous && sameHead(current.head, previous.log) && (await logDownloadEndsAt(previous)) ? previous.log : null;
  const input = { ...(await readCheckedLog(options, known)), privateValues: await options.privateValues };
  try {
    const result = await writeInWorker(current, input);
    current.head = result.log;
    return result;
  } catch (error) {
    current.head = null;
    throw error;
  }
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
  siteDir: string;
  siteUrl: string;
  /** The publication online, when its log is a beginning of this one (its unchanged files are shared). */
  previous?: PreviousOpenData;
  /** Private values to look for in the downloads (see writeOpenData). */
  privateValues?: Map<string, string[]>;
  /** The day each page's content last changed (see writeOpenData). */
  lastChanged?: ReadonlyMap<string, string>;
}

async function readCheckedLog(options: Parameters<typeof writeOpenData>[0], known: LogHead | null): Promise<OpenDataInput> {
  const { register, siteDir, previous } = options;
  const siteUrl = options.siteUrl ?? siteUrlOf(loadEnv());
  // From the entry at the known head on: that entry must still carry the head's hash.
  const entries = await readLogEntries(options.db, { after: known ? Math.max(0, known.events - 1) : 0, upTo: register.log.events });
  const building = previous && previous.log.events <= register.log.events;
  const chain = building ? verifyChainAfter(entries, previous.log) : verifyChain(entries);
  if (!chain.ok) throw new Error(`The change log is broken, so it cannot be published: ${chain.problem.message}.`);
  if (!sameHead(chain.head, register.log)) {
    throw new Error(`The change log (${chain.head.events} entries, head ${chain.head.head}) is not the one the snapshot states (${register.log.events}, ${register.log.head}).`);
  }
  // Nothing is written that a feed, page or download cannot carry (a log entry is immutable, so
  // chainEntries refuses such text before it is ever logged; this names one from an older database).
  assertPublishableRegister(register);
  for (const entry of entries) assertPublishableText(entry, `log entry ${entry.seq}${entry.provider ? ` (provider ${entry.provider})` : ''}`);
  const { lastChanged } = options;
  if (known) return { register, entries: entries.filter((e) => e.seq > known.events), continueAfter: known, siteDir, siteUrl, previous, lastChanged };
  return { register, entries, siteDir, siteUrl, previous: building ? previous : undefined, lastChanged };
}

/** Whether the publication online's log download is whole: the size its manifest states, ending with its head. */
async function logDownloadEndsAt(previous: PreviousOpenData): Promise<boolean> {
  const file = join(previous.siteDir, ...OPEN_DATA_FILES.log.path.split('/').filter(Boolean));
  if (previous.logBytes === undefined) return false;
  if (previous.log.events === 0) return previous.logBytes === 0;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size !== previous.logBytes) return false;
    const tail = Buffer.alloc(Math.min(size, 256));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return tail.toString('utf8').endsWith(`"hash":"${previous.log.head}"}\n`);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * The worker thread that writes open data (open-data/worker.ts). It stays for the next
 * publication, with its modules loaded, its identifiers remembered and the feed lists of the log
 * it last wrote, and keeps the process alive only while it has work.
 */
interface Writer {
  worker: Worker;
  next: number;
  waiting: Map<number, { resolve: (result: OpenDataResult) => void; reject: (error: Error) => void }>;
  /** The log head whose feed lists the worker holds (it last wrote that log, and succeeded). */
  head: LogHead | null;
}
let writer: Writer | null = null;

function writerThread(): Writer {
  if (writer) return writer;
  const worker = new Worker(new URL('./worker.ts', import.meta.url));
  const current: Writer = { worker, next: 0, waiting: new Map(), head: null };
  const fail = (error: Error) => {
    for (const job of current.waiting.values()) job.reject(error);
    current.waiting.clear();
    if (writer === current) writer = null;
  };
  worker.on('message', (message: { id: number; result?: OpenDataResult; error?: string }) => {
    const job = current.waiting.get(message.id);
    current.waiting.delete(message.id);
    if (current.waiting.size === 0) worker.unref();
    if (message.error !== undefined) job?.reject(new Error(message.error));
    else job?.resolve(message.result!);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The open-data writer stopped (exit code ${code}).`)));
  return (writer = current);
}

/** Runs {@link writeOpenDataFiles} in the worker thread. */
function writeInWorker(current: Writer, input: OpenDataInput): Promise<OpenDataResult> {
  const id = current.next++;
  return new Promise((resolve, reject) => {
    current.waiting.set(id, { resolve, reject });
    current.worker.ref();
    current.worker.postMessage({ id, input });
  });
}

/** Stops the open-data writer's worker thread, if there is one (it starts again when needed). */
export async function closeOpenDataWriter(): Promise<void> {
  const current = writer;
  writer = null;
  await current?.worker.terminate();
}

/** The feed lists of the log a writer last wrote, kept for the next publication. */
export interface RememberedLog {
  head: LogHead;
  lists: FeedLists;
  /** The size of that log's download. */
  bytes: number;
}

/**
 * Writes the open-data files from a checked log (in this thread; see {@link writeOpenData}).
 * `memory` holds the feed lists between runs: given, they are taken from it when the input
 * continues the log they were made from, and left in it for the next run.
 */
export async function writeOpenDataFiles(input: OpenDataInput, memory?: { log: RememberedLog | null }): Promise<OpenDataResult> {
  const { register, entries, siteDir, siteUrl, previous, continueAfter } = input;
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
    const remembered = memory?.log;
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
  if (memory) memory.log = null;
  const onlyFeeds = previous ? await addNewEntries(register, lists, newEntries, previous.siteDir) : undefined;
  if (!previous) for (const entry of newEntries) lists.add(entry);

  const written = new Set<string>();
  const sizes = new Map<string, number>();
  const shared: string[] = [];
  const inputs: Record<string, string> = {};
  const folders = new Map<string, Promise<unknown>>();
  let bytes = 0;
  const inFolder = async (file: string) => {
    const folder = dirname(file);
    if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
    await folders.get(folder);
  };
  /** Writes a new file under a temporary name and renames it into place (a file another publication shares is never changed). */
  const replace = async (file: string, make: (temporary: string) => Promise<void>) => {
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await make(temporary);
    await rename(temporary, file);
  };
  const write = async (file: string, content: string) => {
    await inFolder(file);
    try {
      // A new file is created as such ('wx' never opens an existing one) ...
      await writeFile(file, content, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // ... and an existing one is replaced by a new file, never written into.
      await replace(file, (temporary) => writeFile(temporary, content, { flag: 'wx' }));
    }
  };
  const linkFrom = async (source: string, file: string) => {
    await inFolder(file);
    try {
      await link(source, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await rm(file, { force: true });
      await link(source, file);
    }
  };
  const fileOf = (root: string, path: string) => join(root, ...path.split('/').filter(Boolean));
  // Files are written a few at a time: thousands of small feeds go faster side by side.
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  const track = async (job: Promise<void>, wait: boolean) => {
    const tracked: Promise<void> = job.catch((error: unknown) => void (failure ??= error)).finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (wait) await tracked;
    else if (pending.size >= WRITES_AT_ONCE) await Promise.race(pending);
  };
  const put = async (path: string, content: string) => {
    if (failure) throw failure;
    const file = fileOf(siteDir, path);
    written.add(file);
    const size = Buffer.byteLength(content);
    bytes += size;
    sizes.set(path, size);
    // A large download (tens of megabytes at 10,000 providers) is written before the next one is
    // made, so that they are not all in memory at once.
    await track(write(file, content), size >= LARGE_FILE);
  };
  /** Links a file of the publication online that this one has unchanged. */
  const share = async (path: string) => {
    if (failure) throw failure;
    const file = fileOf(siteDir, path);
    written.add(file);
    shared.push(path);
    await track(linkFrom(fileOf(previous!.siteDir, path), file), false);
  };
  /**
   * A download made of `madeOf` only: linked from the publication online when that was made of
   * the same (a digest of it is kept in the manifest), written otherwise.
   */
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
    const file = fileOf(siteDir, path);
    const source = fileOf(previous!.siteDir, path);
    logBytes = logBytesBefore + Buffer.byteLength(newLines);
    written.add(file);
    sizes.set(path, logBytes);
    bytes += logBytes;
    await inFolder(file);
    await replace(file, async (temporary) => {
      await copyFile(source, temporary, constants.COPYFILE_EXCL);
      await appendFile(temporary, newLines);
    });
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
  await Promise.all(pending);
  if (failure) throw failure;

  // What an earlier run left that this one did not write (nothing, unless the register shrank):
  // in the folders the open data owns, and sitemap parts at the root.
  for (const name of await readdir(siteDir)) {
    const file = join(siteDir, name);
    if (/^sitemap-\d+\.xml$/.test(name) && !written.has(file)) await rm(file, { force: true });
  }
  for (const folder of OPEN_DATA_FOLDERS) {
    const root = join(siteDir, folder);
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      const file = join(entry.parentPath, entry.name);
      if (entry.isFile() && !written.has(file)) await rm(file, { force: true });
    }
  }
  const log = { events: register.log.events, head: register.log.head };
  if (memory) memory.log = { head: log, lists, bytes: logBytes };
  return { files: written.size, bytes, events: log.events, log, sizes, shared, inputs, leaks };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
