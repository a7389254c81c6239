/**
 * The public change log as a hash chain, and what it says about the register. Pure: shared by
 * the writer (db/commands/change-log.ts), the publication, `register verify` and the tests.
 *
 * - Every entry's hash is the SHA-256 (hex) of its canonical form: the JSON Canonicalization
 *   Scheme (RFC 8785, sorted keys, no whitespace, UTF-8) of the object with exactly the keys
 *   seq, occurredAt, provider, kind, summary, actor, before, after and prevHash. `prevHash` is
 *   the previous entry's hash, or 64 zeros for the first entry; `seq` counts from 1 without gaps.
 * - `after` is a JSON Merge Patch (RFC 7386) on the provider's public state (see
 *   {@link loggedStateOf}); replaying every entry's `after` in order gives each provider's state.
 *   `before` is the patch that undoes it: the earlier values of the same fields (null: absent).
 */
import canonicalize from 'canonicalize';
import { parse as parseJsonTree, type AnyNode } from '@humanwhocodes/momoa';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import type { PublicProvider, PublicRecognition } from './public-register.ts';
import { assertPublishableText } from './open-data.ts';

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Who the log names as the cause of a change. Only these roles are published, never a person's
 * name: which administrator or which holder of a provider token acted is kept in the database
 * (`recorded_by`) and in the procedure's own records, not in the public log.
 */
export const PUBLIC_ACTORS = {
  department: 'Departement Werk en Sociale Economie',
  provider: 'dienstverlener',
  evaluation: 'dagelijkse evaluatie',
  sample: 'voorbeeldgegevens',
} as const;

/** One of the published actor roles. */
export type PublicActor = (typeof PUBLIC_ACTORS)[keyof typeof PUBLIC_ACTORS];

const jsonObject = z.record(z.string(), z.unknown());
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hexadecimal digits');

/** One published entry of the change log (a line of wijzigingen.jsonl, an item of the events API). */
export const LogEntrySchema = z.strictObject({
  seq: z.int().min(1),
  occurredAt: z.string(),
  /** The provider's enterprise number (ten digits), or null for a change to the register as a whole. */
  provider: z.string().regex(/^\d{10}$/).nullable(),
  kind: z.string(),
  summary: z.string(),
  actor: z.string(),
  before: jsonObject.nullable(),
  after: jsonObject.nullable(),
  prevHash: hex64,
  hash: hex64,
});
/** One published entry of the change log. */
export type LogEntry = z.infer<typeof LogEntrySchema>;
/** An entry before it is chained. */
export type LogDraft = Omit<LogEntry, 'seq' | 'prevHash' | 'hash'>;

/** The canonical form an entry's hash is computed over. */
export function canonicalForm(entry: Omit<LogEntry, 'hash'>): string {
  const { seq, occurredAt, provider, kind, summary, actor, before, after, prevHash } = entry;
  return canonicalize({ seq, occurredAt, provider, kind, summary, actor, before, after, prevHash })!;
}

/** The SHA-256 (hex) of an entry's canonical form. */
export function entryHash(entry: Omit<LogEntry, 'hash'>): string {
  return bytesToHex(sha256(new TextEncoder().encode(canonicalForm(entry))));
}

/** The head of a chain: how many entries it has and the last one's hash. */
export interface LogHead {
  events: number;
  head: string;
}

/**
 * Chains drafts after `head`: numbers them and computes their hashes. An entry can never change,
 * and every feed, page and download is made from the log: text they cannot carry (see
 * {@link assertPublishableText}) is refused here, before it could block every later publication.
 */
export function chainEntries(head: LogHead, drafts: readonly LogDraft[]): LogEntry[] {
  let seq = head.events;
  let prevHash = head.head;
  return drafts.map((draft) => {
    seq++;
    assertPublishableText(draft, `the change log entry ${seq}${draft.provider ? ` about provider ${draft.provider}` : ''}`, 'so the change was not recorded.');
    const unhashed = { ...draft, seq, prevHash };
    const entry = { ...unhashed, hash: entryHash(unhashed) };
    prevHash = entry.hash;
    return entry;
  });
}

/** The first thing wrong with a chain, naming the entry. */
export interface ChainProblem {
  /** The position in the log (1 = first line). */
  position: number;
  seq: number | null;
  message: string;
}

/** Checks a log from its first entry: numbering, links and hashes. */
export function verifyChain(entries: Iterable<LogEntry>): { ok: true; head: LogHead } | { ok: false; problem: ChainProblem } {
  let expected = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    const position = expected;
    if (entry.seq !== expected) {
      const message =
        entry.seq > expected
          ? `entry ${expected} is missing: line ${position} holds entry ${entry.seq}`
          : `line ${position} holds entry ${entry.seq} again or out of order (expected ${expected})`;
      return { ok: false, problem: { position, seq: entry.seq, message } };
    }
    if (entry.prevHash !== prevHash) {
      return { ok: false, problem: { position, seq: entry.seq, message: `entry ${entry.seq} does not follow entry ${entry.seq - 1}: its prevHash is ${entry.prevHash}, the hash before it is ${prevHash}` } };
    }
    const hash = entryHash(entry);
    if (hash !== entry.hash) {
      return { ok: false, problem: { position, seq: entry.seq, message: `entry ${entry.seq} was changed: its content hashes to ${hash}, not to the ${entry.hash} it states` } };
    }
    prevHash = entry.hash;
    expected++;
  }
  return { ok: true, head: { events: expected - 1, head: prevHash } };
}

/**
 * Checks the entries after a head that was checked before (the head an earlier publication
 * stated): the entry at that head must still carry its hash, and every later entry must chain on.
 * A publication after one change checks the few new entries instead of the whole log again;
 * `register verify` always checks everything. `entries` is the log from its first entry, or from
 * the entry at the known head on (the earlier entries need not be read to check the new ones).
 */
export function verifyChainAfter(entries: readonly LogEntry[], known: LogHead): { ok: true; head: LogHead } | { ok: false; problem: ChainProblem } {
  // entries[i] holds entry offset + i + 1.
  const offset = known.events > 0 && entries[0]?.seq === known.events ? known.events - 1 : 0;
  if (known.events > 0) {
    const atHead = entries[known.events - 1 - offset];
    if (!atHead || atHead.seq !== known.events || atHead.hash !== known.head) {
      return { ok: false, problem: { position: known.events, seq: known.events, message: `entry ${known.events} no longer carries the hash ${known.head} that an earlier publication stated` } };
    }
  }
  let expected = known.events + 1;
  let prevHash = known.head;
  for (const entry of entries.slice(known.events - offset)) {
    const position = expected;
    if (entry.seq !== expected) return { ok: false, problem: { position, seq: entry.seq, message: `line ${position} holds entry ${entry.seq}, not ${expected}` } };
    if (entry.prevHash !== prevHash) {
      return { ok: false, problem: { position, seq: entry.seq, message: `entry ${entry.seq} does not follow entry ${entry.seq - 1}: its prevHash is ${entry.prevHash}, the hash before it is ${prevHash}` } };
    }
    const hash = entryHash(entry);
    if (hash !== entry.hash) return { ok: false, problem: { position, seq: entry.seq, message: `entry ${entry.seq} was changed: its content hashes to ${hash}, not to the ${entry.hash} it states` } };
    prevHash = entry.hash;
    expected++;
  }
  return { ok: true, head: { events: expected - 1, head: prevHash } };
}

/** Whether two heads are the same point of the same log. */
export function sameHead(a: LogHead, b: LogHead): boolean {
  return a.events === b.events && a.head === b.head;
}

/** The head of an empty log. */
export const EMPTY_HEAD: LogHead = { events: 0, head: GENESIS_HASH };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies a JSON Merge Patch (RFC 7386): objects merge, null removes a member, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** The patch that undoes `patch` on `state`: the values `state` had at the patched places (null: absent). */
export function undoPatch(state: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const before: Record<string, unknown> = {};
  const current = isObject(state) ? state : {};
  for (const [key, value] of Object.entries(patch)) {
    const old = current[key];
    before[key] = isObject(value) && isObject(old) ? undoPatch(old, value) : (old ?? null);
  }
  return before;
}

/** A recognition's part of the public state. */
export interface RecognitionState {
  decisionDate?: string;
  validFrom?: string;
  validUntil?: string;
  status?: string;
  endedOn?: string | null;
}

/**
 * A change to a provider's public state, as a merge patch. These are the only fields the log
 * carries, and exactly the fields `register verify` compares with the published register.
 */
export interface ProviderPatch {
  name?: string;
  street?: string;
  postcode?: string;
  municipalityNis?: string;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  simplifiedCategory?: string | null;
  /** NIS codes, sorted. */
  workingArea?: string[];
  capacity?: { totalPlaces?: number; freePlaces?: number; updatedAt?: string } | null;
  coachCount?: number;
  /** Enterprise numbers, sorted. */
  subcontractors?: string[];
  /** By recognition number. */
  recognitions?: Record<string, RecognitionState | null>;
}

/** A provider's public state as the log states it (members that are null are absent). */
export type ProviderState = Record<string, unknown>;

/** A recognition's public state from its published entry. */
export function recognitionStateOf(r: Pick<PublicRecognition, 'decisionDate' | 'validFrom' | 'validUntil' | 'status' | 'endedOn'>): RecognitionState {
  return { decisionDate: r.decisionDate, validFrom: r.validFrom, validUntil: r.validUntil, status: r.status, endedOn: r.endedOn };
}

/**
 * The part of a published provider entry that the log states: contact data, category, working
 * area, capacity, number of coaches, subcontractors and each recognition's dates and status.
 * What the site derives from these on the publication day (whether it is listed, "expires
 * soon", the lapse outlook, the reason text, the recent history) is not part of it.
 */
export function loggedStateOf(provider: Omit<PublicProvider, 'history'>): ProviderState {
  const recognitions = [provider.recognition, ...provider.otherRecognitions].filter((r): r is PublicRecognition => r !== null);
  const patch: ProviderPatch = {
    name: provider.name,
    street: provider.street,
    postcode: provider.postcode,
    municipalityNis: provider.municipalityNis,
    email: provider.email,
    phone: provider.phone,
    website: provider.website,
    simplifiedCategory: provider.simplifiedCategory,
    workingArea: [...provider.workingArea].sort(),
    capacity: provider.capacity,
    coachCount: provider.coachCount,
    subcontractors: [...provider.subcontractors].sort(),
    recognitions: Object.fromEntries(recognitions.map((r) => [r.recognitionNumber, recognitionStateOf(r)])),
  };
  return applyMergePatch({}, patch) as ProviderState;
}

/** Replays the log: each provider's public state after its last entry, by enterprise number. */
export function replayLog(entries: Iterable<Pick<LogEntry, 'provider' | 'after'>>): Map<string, ProviderState> {
  const states = new Map<string, ProviderState>();
  for (const entry of entries) {
    if (entry.provider === null || entry.after === null) continue;
    states.set(entry.provider, applyMergePatch(states.get(entry.provider) ?? {}, entry.after) as ProviderState);
  }
  return states;
}

/** The first place where two states differ, as a path ("capacity.freePlaces"), with both values. */
export function firstDifference(log: unknown, register: unknown, path = ''): { path: string; log: unknown; register: unknown } | null {
  if (isObject(log) && isObject(register)) {
    for (const key of [...new Set([...Object.keys(log), ...Object.keys(register)])].sort()) {
      const found = firstDifference(log[key], register[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return null;
  }
  return canonicalize(log ?? null) === canonicalize(register ?? null) ? null : { path: path || '(whole record)', log: log ?? null, register: register ?? null };
}

/** A value as JSON, for messages. */
export function asJson(value: unknown): string {
  return JSON.stringify(value as Json) ?? 'nothing';
}

/** Unpaired surrogates and noncharacters, which I-JSON (RFC 7493 §2.1) forbids in strings. */
const NOT_I_JSON_TEXT = new RegExp(
  `[\\uD800-\\uDFFF\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}\\u{${(i + 1).toString(16)}FFFF}`).join('')}]`,
  'u',
);

/** The first string in a parsed JSON value (member names included) that I-JSON forbids, with its path. */
function firstNonIJsonString(value: unknown, path: string): string | null {
  if (typeof value === 'string') return NOT_I_JSON_TEXT.test(value) ? path || 'the value' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstNonIJsonString(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (NOT_I_JSON_TEXT.test(key)) return `the member name at ${at}`;
      const found = firstNonIJsonString(item, at);
      if (found) return found;
    }
  }
  return null;
}

/** The first thing in a JSON syntax tree that I-JSON forbids: a member name twice in an object, or a number a double cannot hold exactly. */
function firstNonIJsonNode(node: AnyNode, path: string): string | null {
  switch (node.type) {
    case 'Document':
      return firstNonIJsonNode(node.body, path);
    case 'Object': {
      const names = new Set<string>();
      for (const member of node.members) {
        const name = member.name.type === 'String' ? member.name.value : member.name.name;
        const at = path ? `${path}.${name}` : name;
        if (names.has(name)) return `the member ${JSON.stringify(name)} appears twice in ${path || 'the entry'}`;
        names.add(name);
        const found = firstNonIJsonNode(member.value, at);
        if (found) return found;
      }
      return null;
    }
    case 'Array':
      for (const [i, element] of node.elements.entries()) {
        const found = firstNonIJsonNode(element.value, `${path}[${i}]`);
        if (found) return found;
      }
      return null;
    case 'Number':
      return Number.isFinite(node.value) && (!Number.isInteger(node.value) || Number.isSafeInteger(node.value)) ? null : `the number at ${path} is beyond what a double holds exactly`;
    default:
      return null;
  }
}

/**
 * Parses one line of the log as I-JSON (RFC 7493), the input RFC 8785 canonicalizes: no member
 * name twice in an object, no unpaired surrogate or noncharacter in a string, no number a double
 * cannot hold. `JSON.parse` alone keeps the last of two equal names, so a line could show one
 * value and hash another. A line that re-serializes to itself has none of these (a repeated name
 * or a rounded number would not survive); any other line is read again by a JSON parser that
 * keeps every member (momoa) to find them.
 */
export function parseIJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'it is not JSON' };
  }
  if (JSON.stringify(value) !== text) {
    const found = firstNonIJsonNode(parseJsonTree(text), '');
    if (found) return { ok: false, problem: `it is not I-JSON (RFC 7493): ${found}` };
  }
  const text_ = firstNonIJsonString(value, '');
  if (text_) return { ok: false, problem: `it is not I-JSON (RFC 7493): ${text_} holds an unpaired surrogate or a noncharacter` };
  return { ok: true, value };
}
