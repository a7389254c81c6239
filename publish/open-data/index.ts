/**
 * The open data of a publication: the log is read from the database up to the entry the snapshot
 * states and checked here, and the files are written by the open-data writer's worker thread
 * (worker.ts, write-files.ts), on the other core while this thread renders the pages. The writer
 * stays for the next publication, with its modules loaded and the feed lists of the log it last
 * wrote: then only the log entries after that one are read and sent.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RegisterDb } from '#db/client.ts';
import { readLogEntries } from '#db/queries/change-log.ts';
import { sameHead, verifyChain, verifyChainAfter, type LogHead } from '#domain/change-log.ts';
import { assertPublishableRegister, assertPublishableText, OPEN_DATA_FILES } from '#domain/open-data.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import { loadEnv, siteUrlOf } from '#config/env.ts';
import type { OpenDataInput, OpenDataResult, PreviousOpenData } from './write-files.ts';
import type { WriterAnswer, WriterCall, WriterCalls, WriterRequest } from './writer-protocol.ts';

export { logLine, type OpenDataResult, type PreviousOpenData } from './write-files.ts';

/**
 * Writes every open-data file of `register` into `siteDir`, a new folder. The log is read from
 * `db` up to the entry the snapshot states, and its chain is checked first: a publication never
 * states a head its own log does not reach.
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
   * Private values, by enterprise number, to look for in the downloads as they are written (the
   * publisher's check, made where the text already is); the result names the downloads holding one.
   */
  privateValues?: Promise<Map<string, string[]>>;
  /** The day each page's content last changed, by site path, for the sitemap (default: the register's day for every page). */
  lastChanged?: ReadonlyMap<string, string>;
}): Promise<OpenDataResult> {
  const { previous } = options;
  // The writer still holds the feed lists of the publication online (it wrote it, and nothing
  // since), and that publication's log download is intact: then only the new entries are read.
  const held = previous ? await ask('heldLog', {}) : null;
  const known = held && previous && sameHead(held, previous.log) && (await logDownloadEndsAt(previous)) ? previous.log : null;
  const input = { ...(await readCheckedLog(options, known)), privateValues: await options.privateValues };
  return ask('write', { input });
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

/** The writer's worker thread, with the requests waiting for its answer; it keeps the process alive only while it has work. */
interface Writer {
  worker: Worker;
  next: number;
  waiting: Map<number, { resolve: (value: WriterCalls[WriterCall]['answer']) => void; reject: (error: Error) => void }>;
}
let writer: Writer | null = null;

function writerThread(): Writer {
  if (writer) return writer;
  const worker = new Worker(new URL('./worker.ts', import.meta.url));
  const current: Writer = { worker, next: 0, waiting: new Map() };
  const fail = (error: Error) => {
    for (const job of current.waiting.values()) job.reject(error);
    current.waiting.clear();
    if (writer === current) writer = null;
  };
  worker.on('message', (answer: WriterAnswer) => {
    const job = current.waiting.get(answer.id);
    current.waiting.delete(answer.id);
    if (current.waiting.size === 0) worker.unref();
    if (answer.ok) job?.resolve(answer.value);
    else job?.reject(new Error(answer.error));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The open-data writer stopped (exit code ${code}).`)));
  return (writer = current);
}

/** Sends the writer a request and waits for its answer. */
function ask<K extends WriterCall>(call: K, request: WriterCalls[K]['request']): Promise<WriterCalls[K]['answer']> {
  const current = writerThread();
  const id = current.next++;
  return new Promise((resolve, reject) => {
    current.waiting.set(id, { resolve: resolve as (value: WriterCalls[WriterCall]['answer']) => void, reject });
    current.worker.ref();
    current.worker.postMessage({ id, call, ...request } as WriterRequest);
  });
}

/** Stops the open-data writer's worker thread, if there is one (it starts again when needed). */
export async function closeOpenDataWriter(): Promise<void> {
  const current = writer;
  writer = null;
  await current?.worker.terminate();
}
