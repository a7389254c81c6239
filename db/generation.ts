/**
 * Generations: values the database holds that move with every change of one kind (public data,
 * tokens), so that a process can tell cheaply whether what it remembers (a cache) is still
 * true, whichever process made the change. A process reads one at most every {@link
 * GENERATION_CHECK_MS}, and at once after a write of its own that moved it (the write side's
 * announcement of that kind of change; other writes leave it alone, so a busy writer does not
 * read it again after every commit). Runtime-neutral.
 */
import { sql } from 'drizzle-orm';
import type { RegisterDb } from './client.ts';
import { announce, type Announcement, type WriteTx } from './write-side.ts';
import { stateKey } from './state.ts';

/** How stale a process's idea of a generation may be: a change elsewhere is seen within this. */
export const GENERATION_CHECK_MS = 250;

/** The key of the tokens' generation (moved by every revocation). */
const TOKENS = 'tokens.generation';

/**
 * The generation of public data: the change log's head and the count of changes to publish
 * (every change to public data appends to the one and adds to the other, in its transaction).
 */
async function publicDataGeneration(db: RegisterDb): Promise<string> {
  const [row] = await db.all<{ g: string }>(
    sql`SELECT coalesce((SELECT max(seq) FROM change_events), 0) || ':' || coalesce((SELECT value FROM register_meta WHERE key = 'publication.changes'), '0') AS g`,
  );
  return String(row?.g ?? '');
}

async function tokensGeneration(db: RegisterDb): Promise<string> {
  const [row] = await db.all<{ value: string }>(sql`SELECT value FROM register_meta WHERE key = ${TOKENS}`);
  return String(row?.value ?? '0');
}

/** Moves the tokens' generation, in the transaction of a revocation (announced as `tokens-changed`). */
export async function moveTokensGeneration(tx: WriteTx): Promise<void> {
  announce(tx, 'tokens-changed');
  await tx.run(sql`INSERT INTO register_meta (key, value) VALUES (${TOKENS}, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`);
}

/** One generation as this process last read it (shared by its users: each compares with the value it last saw). */
export class Generation {
  private readonly db: RegisterDb;
  private readonly read: (db: RegisterDb) => Promise<string>;
  private last: string | null = null;
  private readAt = -Infinity;
  private reading: Promise<string> | null = null;

  /** `movedBy`: the announcement of a write in this process that moves it. */
  constructor(db: RegisterDb, read: (db: RegisterDb) => Promise<string>, movedBy: Exclude<Announcement, 'committed'>) {
    this.db = db;
    this.read = read;
    // A write here moved it: read it again before the next answer.
    db.writes.on(movedBy, () => {
      this.readAt = -Infinity;
    });
  }

  /** The value last read (null before the first read). */
  get value(): string | null {
    return this.last;
  }

  /** Whether it should be read again before it is relied on. */
  get due(): boolean {
    return performance.now() - this.readAt >= GENERATION_CHECK_MS;
  }

  /** The value now: read again when due (once for all who ask at the same moment). */
  async current(): Promise<string> {
    if (!this.due && this.last !== null) return this.last;
    this.reading ??= (async () => {
      const asked = performance.now();
      try {
        const value = await this.read(this.db);
        this.last = value;
        this.readAt = asked;
        return value;
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }
}

const PUBLIC_GENERATION = stateKey<Generation>('the generation of public data, as this process read it');
const TOKENS_GENERATION = stateKey<Generation>("the tokens' generation, as this process read it");

/** The generation of public data of `db`, as this process reads it. */
export function publicDataGenerationOf(db: RegisterDb): Generation {
  return db.writes.state(PUBLIC_GENERATION, () => new Generation(db, publicDataGeneration, 'register-changed'));
}

/** The generation of the tokens of `db`, as this process reads it. */
export function tokensGenerationOf(db: RegisterDb): Generation {
  return db.writes.state(TOKENS_GENERATION, () => new Generation(db, tokensGeneration, 'tokens-changed'));
}
