/**
 * `register verify <site folder or URL>`: checks a publication from its public files alone. It
 * reads the change log (open-data/wijzigingen.jsonl) and the register (open-data/register.json),
 * recomputes the hash chain, checks that the register states the log's head, replays the log
 * and compares every provider's public state with the register's record. Needs no database.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { asJson, firstDifference, loggedStateOf, LogEntrySchema, parseIJson, replayLog, verifyChain, type LogEntry } from '#domain/change-log.ts';
import { OPEN_DATA_FILES, OpenDataRegisterSchema } from '#domain/open-data.ts';
import { UsageError } from '#cli/usage.ts';

/** What a verification found. */
export type VerifyResult = { ok: true; summary: string } | { ok: false; problem: string };

/** Reads one published file from a site folder or a site address. */
async function reader(source: string): Promise<(path: string) => Promise<string>> {
  if (/^https?:\/\//i.test(source)) {
    const base = source.endsWith('/') ? source : `${source}/`;
    return async (path) => {
      const url = new URL(path.replace(/^\//, ''), base);
      const response = await fetch(url).catch((error: Error) => {
        throw new Error(`could not fetch ${url}: ${error.message}`);
      });
      if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
      return utf8(new Uint8Array(await response.arrayBuffer()), url.href);
    };
  }
  // A publication folder holds its site in site/; accept either.
  const isDir = async (path: string) => stat(path).then((s) => s.isDirectory(), () => false);
  if (!(await isDir(source))) throw new UsageError(`${source} is neither a folder nor an http(s) address`);
  const root = (await isDir(join(source, 'open-data'))) || !(await isDir(join(source, 'site', 'open-data'))) ? source : join(source, 'site');
  return async (path) => {
    const file = join(root, ...path.split('/').filter(Boolean));
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`could not read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    return utf8(bytes, file);
  };
}

/** Bytes as UTF-8 text; anything else is a problem (reading it leniently would replace bytes unseen). */
function utf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`${name} is not UTF-8 text`);
  }
}

/** Parses the log's lines; a line that is not an entry is a problem at that line. */
function parseLog(text: string): { entries: LogEntry[] } | { problem: string } {
  const entries: LogEntry[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    // RFC 8785 canonicalizes I-JSON only: a line with a member twice could show one value and hash another.
    const json = parseIJson(line);
    if (!json.ok) return { problem: `line ${i + 1} of the log is not a log entry: ${json.problem}` };
    const value = json.value;
    const parsed = LogEntrySchema.safeParse(value);
    if (!parsed.success) {
      const seq = (value as { seq?: unknown })?.seq;
      return { problem: `line ${i + 1} of the log${typeof seq === 'number' ? ` (entry ${seq})` : ''} is not a log entry: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ')}` };
    }
    entries.push(parsed.data);
  }
  return { entries };
}

/** A head kept from an earlier publication: entry `events` had hash `head`. */
export interface KnownHead {
  events: number;
  head: string;
}

/**
 * Verifies the publication at `source` (a site folder or the site's address). With `known`, also
 * checks that the log still holds that earlier head: a log rewritten from an earlier entry on,
 * even with every hash recomputed, no longer does.
 */
export async function verifyPublication(source: string, known?: KnownHead): Promise<VerifyResult> {
  let read: (path: string) => Promise<string>;
  let logText: string;
  let registerText: string;
  try {
    read = await reader(source);
    logText = await read(OPEN_DATA_FILES.log.path);
    registerText = await read(OPEN_DATA_FILES.registerJson.path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return { ok: false, problem: (error as Error).message };
  }

  const log = parseLog(logText);
  if ('problem' in log) return { ok: false, problem: log.problem };
  const chain = verifyChain(log.entries);
  if (!chain.ok) return { ok: false, problem: `the log is broken at line ${chain.problem.position}: ${chain.problem.message}` };

  if (known) {
    const entry = log.entries[known.events - 1];
    if (!entry) return { ok: false, problem: `the log has ${log.entries.length} entries, so it no longer holds the earlier head, entry ${known.events}` };
    if (entry.hash !== known.head) return { ok: false, problem: `entry ${known.events} now hashes to ${entry.hash}, not to the earlier head ${known.head}: the history up to it was rewritten` };
  }

  let json: unknown;
  try {
    json = JSON.parse(registerText);
  } catch {
    return { ok: false, problem: 'register.json is not JSON' };
  }
  const parsed = OpenDataRegisterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `register.json does not follow its schema at ${issue.path.join('.') || 'the top'}: ${issue.message}` };
  }
  const register = parsed.data;
  const { head } = chain;
  if (register.log.events !== head.events || register.log.head !== head.head) {
    return {
      ok: false,
      problem: `the register states a log of ${register.log.events} entries ending in ${register.log.head}, but the published log has ${head.events} entries ending in ${head.head}`,
    };
  }

  const states = replayLog(log.entries);
  const recorded = new Set<string>();
  for (const record of register.providers) {
    recorded.add(record.enterpriseNumber);
    const logged = states.get(record.enterpriseNumber);
    const label = `record ${record.enterpriseNumber} (${record.name})`;
    if (!logged) return { ok: false, problem: `${label} is not in the log: no entry ever registered it` };
    const difference = firstDifference(logged, loggedStateOf(record));
    if (difference) {
      const last = lastEntryTouching(log.entries, record.enterpriseNumber, difference.path);
      return {
        ok: false,
        problem: `${label} does not match the log at ${difference.path}: the log says ${asJson(difference.log)}${last ? ` (last set by entry ${last})` : ''}, the register says ${asJson(difference.register)}`,
      };
    }
  }
  for (const number of states.keys()) {
    if (!recorded.has(number)) return { ok: false, problem: `the log has entries for provider ${number}, which the register does not list` };
  }
  return {
    ok: true,
    summary: `Intact: ${head.events} log entries chain to ${head.head}${known ? `, through the earlier head at entry ${known.events}` : ''}, and the log replays to all ${register.providers.length} records of register.json${register.publicationId ? ` (publication ${register.publicationId})` : ''}.`,
  };
}

/** The last entry of a provider whose patch touches `path` (its first member), for the message. */
function lastEntryTouching(entries: readonly LogEntry[], provider: string, path: string): number | null {
  const member = path.split('.')[0];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.provider === provider && entry.after && member in entry.after) return entry.seq;
  }
  return null;
}

/** Checks the arguments of `verify`, or throws a {@link UsageError}. */
export function parseVerifyArguments(positionals: string[], values: { 'known-head'?: string } = {}): { source: string; known?: KnownHead } {
  if (positionals.length !== 1) throw new UsageError('verify takes one site folder or site address, e.g. register verify https://register.example.be/');
  const raw = values['known-head'];
  if (raw === undefined) return { source: positionals[0] };
  const match = /^(\d+):([0-9a-f]{64})$/.exec(raw);
  if (!match || Number(match[1]) < 1) throw new UsageError('--known-head takes the number of entries and the head hash of an earlier publication, e.g. 1332:3e744fbf…');
  return { source: positionals[0], known: { events: Number(match[1]), head: match[2] } };
}

/** Runs `verify` and prints its one-line outcome; resolves to the exit code. */
export async function verifyCommand(options: { source: string; known?: KnownHead }): Promise<number> {
  const result = await verifyPublication(options.source, options.known);
  if (result.ok) {
    process.stdout.write(`${result.summary}\n`);
    return 0;
  }
  process.stdout.write(`Not intact: ${result.problem}.\n`);
  return 1;
}
