/**
 * What every publisher shares: publications recorded in the database, one at a time, changes
 * that arrive close together gathered into one publication, and exactly one follow-up when
 * changes arrive while one runs. Runtime-neutral; the subclasses say what publishing means
 * (build here, or notify a build hook).
 */
import { desc, eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '../db/client.ts';
import type { Clock } from '../config/clock.ts';
import { hasUnpublishedChanges, markPublished } from '../db/queries/publication-state.ts';
import { publications } from '../db/schema/index.ts';
import { writeTransaction } from '../db/write-lock.ts';
import type { PublicationStatus, Publisher } from '../api/deps.ts';

type Row = typeof publications.$inferSelect;

/** What one publication produced. */
export interface PublicationOutcome {
  pages?: number | null;
  bytes?: number | null;
  digest?: string | null;
  /** How many changes to public data it included (see db/queries/publication-state.ts). */
  changeCount: number;
}

/** Settings shared by every publisher. */
export interface QueuedPublisherOptions {
  db: RegisterDb;
  clock: Clock;
  /** Quiet time after a change before publishing (more changes in it join the same publication). */
  gatherMs?: number;
  /** The longest a steady stream of changes can delay a publication. */
  maxWaitMs?: number;
  log?: (message: string) => void;
}

function statusOf(row: Row): PublicationStatus {
  return { id: row.id, trigger: row.trigger, status: row.status, requestedAt: row.requestedAt, startedAt: row.startedAt, finishedAt: row.finishedAt, pages: row.pages, error: row.error };
}

/** A new publication id: sortable by time, unique. */
export function newPublicationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The queue, the records and the gathering of changes; subclasses publish. */
export abstract class QueuedPublisher implements Publisher {
  protected readonly db: RegisterDb;
  protected readonly clock: Clock;
  protected readonly log?: (message: string) => void;
  private readonly gatherMs: number;
  private readonly maxWaitMs: number;
  private queued: PublicationStatus | null = null;
  /** The insert of each publication's row, which its run waits for. */
  private readonly recorded = new Map<string, Promise<unknown>>();
  private running: Promise<void> | null = null;
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;
  private firstChangeAt: number | null = null;

  constructor(options: QueuedPublisherOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.log = options.log;
    this.gatherMs = options.gatherMs ?? 200;
    this.maxWaitMs = options.maxWaitMs ?? 2_000;
  }

  /** Publishes; throws to mark the publication failed (the site online must then be left as it was). */
  protected abstract publish(publication: PublicationStatus, now: Date): Promise<PublicationOutcome>;

  async request(trigger: string): Promise<PublicationStatus> {
    // A publication that has not started yet will include everything: join it.
    if (this.queued) return this.queued;
    const row: Row = {
      // Ids come from the wall clock (the register's clock may be stopped): they sort by age.
      id: newPublicationId(new Date()),
      trigger,
      status: 'queued',
      requestedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      pages: null,
      bytes: null,
      durationMs: null,
      registerDigest: null,
      error: null,
    };
    // Claimed before the first await, so a request at the same moment joins this one.
    const publication = statusOf(row);
    this.queued = publication;
    const recorded = writeTransaction(this.db, (tx) => tx.insert(publications).values(row));
    this.recorded.set(publication.id, recorded);
    await recorded;
    this.kick();
    return publication;
  }

  changed(): void {
    // Gather changes: publish after a quiet moment, but never later than maxWaitMs after the first.
    const now = performance.now();
    this.firstChangeAt ??= now;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    const wait = Math.max(0, Math.min(this.gatherMs, this.firstChangeAt + this.maxWaitMs - now));
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = null;
      this.firstChangeAt = null;
      void this.request('wijzigingen in het register').catch((error) => this.log?.(`Could not queue a publication: ${(error as Error).message}`));
    }, wait);
  }

  async get(id: string): Promise<PublicationStatus | null> {
    const [row] = await this.db.select().from(publications).where(eq(publications.id, id));
    return row ? statusOf(row) : null;
  }

  /** The latest publications, newest first. */
  async history(limit = 20): Promise<PublicationStatus[]> {
    return (await this.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(limit)).map(statusOf);
  }

  /** Resolves when nothing is gathering, queued or running. */
  async idle(): Promise<void> {
    while (this.gatherTimer || this.queued || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Marks publications a previous process left queued or running as failed (it was stopped). */
  static async recover(db: RegisterDb, now: Date): Promise<number> {
    const stale = await db.select({ id: publications.id }).from(publications).where(inArray(publications.status, ['queued', 'running']));
    if (stale.length === 0) return 0;
    await writeTransaction(db, (tx) =>
      tx
        .update(publications)
        .set({ status: 'failed', finishedAt: now.toISOString(), error: 'interrupted: the process stopped before this publication finished' })
        .where(inArray(publications.id, stale.map((s) => s.id))),
    );
    return stale.length;
  }

  private kick() {
    if (this.running) return;
    this.running = (async () => {
      while (this.queued) {
        const publication = this.queued;
        this.queued = null;
        await this.run(publication);
      }
    })().finally(() => {
      this.running = null;
      // A request that arrived between the loop's last check and here must not be left waiting.
      if (this.queued) this.kick();
    });
  }

  private async run(publication: PublicationStatus): Promise<void> {
    await this.recorded.get(publication.id);
    this.recorded.delete(publication.id);
    const startedWall = performance.now();
    await writeTransaction(this.db, (tx) => tx.update(publications).set({ status: 'running', startedAt: new Date().toISOString() }).where(eq(publications.id, publication.id)));
    publication.status = 'running';
    let outcome: PublicationOutcome | null = null;
    let error: string | null = null;
    try {
      outcome = await this.publish(publication, this.clock.now());
      // Changes committed after the snapshot are not covered: they keep the register marked.
      await markPublished(this.db, outcome.changeCount);
    } catch (failure) {
      error = (failure as Error).message;
      this.log?.(`Publication ${publication.id} failed; the site online stays as it was: ${error}`);
    }
    const finishedAt = new Date().toISOString();
    await writeTransaction(this.db, (tx) =>
      tx
        .update(publications)
        .set({
          status: outcome ? 'succeeded' : 'failed',
          finishedAt,
          pages: outcome?.pages ?? null,
          bytes: outcome?.bytes ?? null,
          durationMs: Math.round(performance.now() - startedWall),
          registerDigest: outcome?.digest ?? null,
          error,
        })
        .where(eq(publications.id, publication.id)),
    );
    Object.assign(publication, { status: outcome ? 'succeeded' : 'failed', finishedAt, pages: outcome?.pages ?? null, error });
    if (outcome && !this.queued && (await hasUnpublishedChanges(this.db))) this.changed();
  }
}
