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
import { link, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import type { RegisterDb } from '../../db/client.ts';
import { readLogEntries } from '../../db/commands/change-log.ts';
import { verifyChain, verifyChainAfter, type LogEntry, type LogHead } from '../../domain/change-log.ts';
import { OPEN_DATA_FILES, ROBOTS_PATH, SITEMAP_PATH, municipalityFeedPath, providerFeedPath } from '../../domain/open-data.ts';
import type { PublicRegister } from '../../domain/public-register.ts';
import { loadEnv, siteUrlOf } from '../../config/env.ts';
import { dcatCatalogue } from './dcat.ts';
import { atomFeeds, withMunicipalitiesConcerned } from './feeds.ts';
import { hsdsServices } from './hsds.ts';
import { coverageCsv, registerCsv, registerDocument, registerJson, schemaFiles } from './register-files.ts';
import { robotsTxt, sitemapXml } from './sitemap.ts';

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
}

/**
 * The municipality and provider feeds that may differ from the publication online: those of the
 * providers with new log entries and of the municipalities those entries concern, and any the
 * publication online lacks. A new entry that renames a provider changes the titles in every feed
 * that mentions it, so then every feed is written again.
 */
async function feedsToWrite(register: PublicRegister, entries: readonly LogEntry[], previous: { siteDir: string; log: LogHead }) {
  const all = { municipalities: new Set(register.municipalities.map((m) => m.nisCode)), providers: new Set(register.providers.map((p) => p.enterpriseNumber)) };
  const only = { municipalities: new Set<string>(), providers: new Set<string>() };
  const known = new Set<string>();
  for (const { entry, municipalities } of withMunicipalitiesConcerned(entries)) {
    if (entry.seq <= previous.log.events) {
      if (entry.provider) known.add(entry.provider);
      continue;
    }
    // A provider's first entry names it too; only a new name for a known provider is a rename.
    const renamed = entry.provider && known.has(entry.provider) && entry.after && typeof entry.after === 'object' && 'name' in entry.after;
    if (renamed) return all;
    if (entry.provider) only.providers.add(entry.provider);
    for (const nis of municipalities) only.municipalities.add(nis);
  }
  const present = async (folder: string) =>
    new Set(await readdir(join(previous.siteDir, 'feeds', folder)).catch(() => [] as string[]));
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
   * the feeds no new log entry touches are shared with it (hard links) instead of written again.
   */
  previous?: { siteDir: string; log: LogHead };
  /**
   * Write the files in a worker thread (the publisher does, so that they are made on the other
   * core while this thread renders the pages); the log is still read and checked here.
   */
  inWorker?: boolean;
}): Promise<OpenDataResult> {
  const input = await readCheckedLog(options);
  return options.inWorker ? writeInWorker(input) : writeOpenDataFiles(input);
}

/** What the files are written from: the snapshot and the checked log entries it states. */
export interface OpenDataInput {
  register: PublicRegister;
  entries: LogEntry[];
  siteDir: string;
  siteUrl: string;
  /** The publication online, when its log is a beginning of this one (its unchanged feeds are shared). */
  previous?: { siteDir: string; log: LogHead };
}

async function readCheckedLog(options: Parameters<typeof writeOpenData>[0]): Promise<OpenDataInput> {
  const { register, siteDir, previous } = options;
  const siteUrl = options.siteUrl ?? siteUrlOf(loadEnv());
  const entries = await readLogEntries(options.db, { upTo: register.log.events });
  const building = previous && previous.log.events <= entries.length;
  const chain = building ? verifyChainAfter(entries, previous.log) : verifyChain(entries);
  if (!chain.ok) throw new Error(`The change log is broken, so it cannot be published: ${chain.problem.message}.`);
  if (chain.head.events !== register.log.events || chain.head.head !== register.log.head) {
    throw new Error(`The change log (${chain.head.events} entries, head ${chain.head.head}) is not the one the snapshot states (${register.log.events}, ${register.log.head}).`);
  }
  return { register, entries, siteDir, siteUrl, previous: building ? previous : undefined };
}

/**
 * The worker thread that writes open data (open-data/worker.ts). It stays for the next
 * publication, with its modules loaded and its identifiers remembered, and keeps the process
 * alive only while it has work.
 */
interface Writer {
  worker: Worker;
  next: number;
  waiting: Map<number, { resolve: (result: OpenDataResult) => void; reject: (error: Error) => void }>;
}
let writer: Writer | null = null;

/** Runs {@link writeOpenDataFiles} in the worker thread. */
function writeInWorker(input: OpenDataInput): Promise<OpenDataResult> {
  if (!writer) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url));
    const current: Writer = { worker, next: 0, waiting: new Map() };
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
    writer = current;
  }
  const { worker, waiting } = writer;
  const id = writer.next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, input });
  });
}

/** Stops the open-data writer's worker thread, if there is one (it starts again when needed). */
export async function closeOpenDataWriter(): Promise<void> {
  const current = writer;
  writer = null;
  await current?.worker.terminate();
}

/** Writes the open-data files from a checked log (in this thread; see {@link writeOpenData}). */
export async function writeOpenDataFiles(input: OpenDataInput): Promise<OpenDataResult> {
  const { register, entries, siteDir, siteUrl, previous } = input;

  const written = new Set<string>();
  const sizes = new Map<string, number>();
  const shared: string[] = [];
  const folders = new Map<string, Promise<unknown>>();
  let bytes = 0;
  const write = async (file: string, content: string) => {
    const folder = dirname(file);
    if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
    await folders.get(folder);
    try {
      // A new file is created as such ('wx' never opens an existing one) ...
      await writeFile(file, content, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // ... and an existing one is replaced by a new file, never written into.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, content, { flag: 'wx' });
      await rename(temporary, file);
    }
  };
  // Files are written a few at a time: thousands of small feeds go faster side by side.
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  const put = async (path: string, content: string) => {
    if (failure) throw failure;
    const file = join(siteDir, ...path.split('/').filter(Boolean));
    written.add(file);
    const size = Buffer.byteLength(content);
    bytes += size;
    sizes.set(path, size);
    const job: Promise<void> = write(file, content)
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => pending.delete(job));
    pending.add(job);
    // A large download (tens of megabytes at 10,000 providers) is written before the next one is
    // made, so that they are not all in memory at once.
    if (size >= LARGE_FILE) await job;
    else if (pending.size >= WRITES_AT_ONCE) await Promise.race(pending);
  };

  await put(OPEN_DATA_FILES.registerJson.path, registerJson(registerDocument(register)));
  for (const [path, content] of Object.entries(schemaFiles(siteUrl))) await put(path, content);
  await put(OPEN_DATA_FILES.registerCsv.path, registerCsv(register, siteUrl));
  await put(OPEN_DATA_FILES.coverageCsv.path, coverageCsv(register));
  await put(OPEN_DATA_FILES.log.path, entries.map((e) => `${logLine(e)}\n`).join(''));
  await put(OPEN_DATA_FILES.hsds.path, `${JSON.stringify(hsdsServices(register, siteUrl))}\n`);
  await put(OPEN_DATA_FILES.dcat.path, `${JSON.stringify(dcatCatalogue(register, siteUrl), null, 2)}\n`);
  const onlyFeeds = previous ? await feedsToWrite(register, entries, previous) : undefined;
  for (const [path, content] of atomFeeds(register, entries, siteUrl, onlyFeeds)) await put(path, content);
  if (onlyFeeds) {
    // The other feeds are exactly as the publication online has them: linked a few at a time,
    // like the files written.
    const linkFeed = async (source: string, file: string) => {
      const folder = dirname(file);
      if (!folders.has(folder)) folders.set(folder, mkdir(folder, { recursive: true }));
      await folders.get(folder);
      try {
        await link(source, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        await rm(file, { force: true });
        await link(source, file);
      }
    };
    const share = async (path: string) => {
      if (failure) throw failure;
      const file = join(siteDir, ...path.split('/').filter(Boolean));
      written.add(file);
      shared.push(path);
      const job: Promise<void> = linkFeed(join(previous!.siteDir, ...path.split('/').filter(Boolean)), file)
        .catch((error: unknown) => void (failure ??= error))
        .finally(() => pending.delete(job));
      pending.add(job);
      if (pending.size >= WRITES_AT_ONCE) await Promise.race(pending);
    };
    for (const m of register.municipalities) if (!onlyFeeds.municipalities.has(m.nisCode)) await share(municipalityFeedPath(m));
    for (const p of register.providers) if (!onlyFeeds.providers.has(p.enterpriseNumber)) await share(providerFeedPath(p));
  }
  await put(SITEMAP_PATH, sitemapXml(register, siteUrl));
  await put(ROBOTS_PATH, robotsTxt(siteUrl));
  await Promise.all(pending);
  if (failure) throw failure;

  // What an earlier run left that this one did not write (nothing, unless the register shrank).
  for (const folder of OPEN_DATA_FOLDERS) {
    const root = join(siteDir, folder);
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      const file = join(entry.parentPath, entry.name);
      if (entry.isFile() && !written.has(file)) await rm(file, { force: true });
    }
  }
  return { files: written.size, bytes, events: entries.length, sizes, shared };
}
