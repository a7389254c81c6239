/**
 * The only way into the public change log. Every change event is appended here, inside the write
 * transaction of the change it describes: the head is read in that transaction, each entry gets
 * the next sequence number and its hash chained to the previous one (domain/change-log.ts), and
 * its `before` is computed from what the log itself says about the provider, so the log always
 * replays to the register. The database refuses anything else (see migration 0005's triggers).
 * Reading the log is in db/queries/change-log.ts.
 */
import { asc, inArray } from 'drizzle-orm';
import {
  applyMergePatch,
  chainEntries,
  undoPatch,
  type LogDraft,
  type LogEntry,
  type ProviderPatch,
  type ProviderState,
  type PublicActor,
} from '#domain/change-log.ts';
import type { RegisterDb } from '#db/client.ts';
import type { WriteTx } from '#db/write-lock.ts';
import { changeEvents, providers } from '#db/schema/index.ts';
import { logHead } from '#db/queries/change-log.ts';

/** A change event to append. */
export interface NewChangeEvent {
  providerId: number | null;
  occurredAt: string;
  /** Machine-readable kind, e.g. `capacity.free_places`, `recognition.lapsed`. */
  kind: string;
  /** One Dutch sentence for the public history. */
  summary: string;
  /** The public role that caused it. */
  actor: PublicActor;
  /** Private: the person or token that made it (kept, never published). */
  recordedBy?: string | null;
  /** Private: the reference of what it came from (a change report, an application, a recognition); see the schema. */
  source?: string | null;
  /** The change to the provider's public state (null: no public field changed). */
  after: ProviderPatch | null;
}

type Reader = Pick<RegisterDb, 'select'>;

// SQLite accepts at most 32,766 bound values per statement; an entry binds 11.
const ROWS_PER_STATEMENT = 2_000;
const IDS_PER_QUERY = 500;

async function enterpriseNumbers(db: Reader, ids: number[]): Promise<Map<number, string>> {
  const numbers = new Map<number, string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await db.select({ id: providers.id, number: providers.enterpriseNumber }).from(providers).where(inArray(providers.id, ids.slice(i, i + IDS_PER_QUERY)));
    for (const row of rows) numbers.set(row.id, row.number);
  }
  return numbers;
}

/** What the log says now about each of these providers (replayed from their entries). */
async function loggedStates(db: Reader, ids: number[]): Promise<Map<number, ProviderState>> {
  const states = new Map<number, ProviderState>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await db
      .select({ providerId: changeEvents.providerId, after: changeEvents.after })
      .from(changeEvents)
      .where(inArray(changeEvents.providerId, ids.slice(i, i + IDS_PER_QUERY)))
      .orderBy(asc(changeEvents.seq));
    for (const row of rows) {
      if (row.after === null) continue;
      states.set(row.providerId!, applyMergePatch(states.get(row.providerId!) ?? {}, row.after) as ProviderState);
    }
  }
  return states;
}

/**
 * Appends events to the log, in order, chained to its head; call inside the write transaction of
 * the change. `states` may carry what the log already says per provider (the sample generator
 * passes its own, so that seeding does not read back what it just wrote).
 */
export async function appendChangeEvents(tx: WriteTx, events: readonly NewChangeEvent[], states?: Map<number, ProviderState>): Promise<LogEntry[]> {
  if (events.length === 0) return [];
  const head = await logHead(tx);
  const ids = [...new Set(events.map((e) => e.providerId).filter((id): id is number => id !== null))];
  const numbers = await enterpriseNumbers(tx, ids);
  const known = states ?? (head.events === 0 ? new Map<number, ProviderState>() : await loggedStates(tx, ids));
  const drafts: LogDraft[] = events.map((event) => {
    let provider: string | null = null;
    let before: Record<string, unknown> | null = null;
    if (event.providerId !== null) {
      provider = numbers.get(event.providerId) ?? null;
      if (provider === null) throw new Error(`A change event names provider ${event.providerId}, which is not in the register.`);
      const state = known.get(event.providerId);
      if (event.after !== null) {
        // Before is null when the log did not know the provider yet (its first entry).
        before = state ? undoPatch(state, event.after as Record<string, unknown>) : null;
        known.set(event.providerId, applyMergePatch(state ?? {}, event.after) as ProviderState);
      }
    }
    const after = event.after as Record<string, unknown> | null;
    return { occurredAt: event.occurredAt, provider, kind: event.kind, summary: event.summary, actor: event.actor, before, after };
  });
  const entries = chainEntries(head, drafts);
  const rows = entries.map((entry, i) => ({
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    providerId: events[i].providerId,
    kind: entry.kind,
    summary: entry.summary,
    actor: entry.actor,
    recordedBy: events[i].recordedBy ?? null,
    source: events[i].source ?? null,
    before: entry.before,
    after: entry.after,
    prevHash: entry.prevHash,
    hash: entry.hash,
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await tx.insert(changeEvents).values(rows.slice(i, i + ROWS_PER_STATEMENT));
  return entries;
}

