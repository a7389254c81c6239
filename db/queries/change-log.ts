/** Reading the public change log: its head, and its entries in order (appending is db/commands/change-log.ts). */
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import { EMPTY_HEAD, type LogEntry, type LogHead } from '#domain/change-log.ts';
import type { RegisterDb } from '#db/client.ts';
import { changeEvents, providers } from '#db/schema/index.ts';

type Reader = Pick<RegisterDb, 'select'>;

/** The head of the log: how many entries it has and the last one's hash. */
export async function logHead(db: Reader): Promise<LogHead> {
  const [last] = await db.select({ seq: changeEvents.seq, hash: changeEvents.hash }).from(changeEvents).orderBy(desc(changeEvents.seq)).limit(1);
  return last ? { events: last.seq, head: last.hash } : EMPTY_HEAD;
}

/** Published entries with a sequence number after `after` (and at most `upTo`), oldest first. */
export async function readLogEntries(db: Reader, options: { after?: number; upTo?: number; limit?: number } = {}): Promise<LogEntry[]> {
  const conditions = [gt(changeEvents.seq, options.after ?? 0), ...(options.upTo === undefined ? [] : [lte(changeEvents.seq, options.upTo)])];
  const query = db
    .select({
      seq: changeEvents.seq,
      occurredAt: changeEvents.occurredAt,
      provider: providers.enterpriseNumber,
      kind: changeEvents.kind,
      summary: changeEvents.summary,
      actor: changeEvents.actor,
      before: changeEvents.before,
      after: changeEvents.after,
      prevHash: changeEvents.prevHash,
      hash: changeEvents.hash,
    })
    .from(changeEvents)
    .leftJoin(providers, eq(providers.id, changeEvents.providerId))
    .where(and(...conditions))
    .orderBy(asc(changeEvents.seq));
  const rows = options.limit === undefined ? await query : await query.limit(options.limit);
  return rows as LogEntry[];
}
