/**
 * What every publisher shares: publications recorded in the database, one at a time, changes
 * that arrive close together gathered into one publication, and exactly one follow-up when
 * changes arrive while one runs. Runtime-neutral; the subclasses say what publishing means
 * (build here, or notify a build hook).
 *
 * Several register processes share one queue, in the database: a request joins the publication
 * that is queued and has not started, or queues one. One process at a time publishes: the one
 * that holds the `publisher` lease (db/leases.ts). A serving process ({@link serve}) competes for
 * it; the holder looks every {@link QueuedPublisherOptions.watchMs} for queued publications and
 * for changes made by any process, so no process needs to tell it. A process that does not serve
 * (the command line, tests) takes the lease while it has something to publish and gives it up
 * afterwards; when a serving process holds it, that one publishes what was asked.
 *
 * Records are truthful: a publication is marked running only by the lease holder, and its one
 * outcome is recorded once, by the process that ran it, together with the changes it published;
 * a process that takes the lease over marks what a stopped holder left running as interrupted.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import { changeCount, hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { markPublished } from '#db/commands/publication-state.ts';
import { publications } from '#db/schema/index.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { Duty, Lease } from '#db/leases.ts';
import type { SQL } from 'drizzle-orm';
import type { PublicationStatus, Publisher } from './publisher.ts';

type Row = typeof publications.$inferSelect;

/** What one publication produced. */
export interface PublicationOutcome {
  pages?: number | null;
  bytes?: number | null;
  digest?: string | null;
  /** How many changes to public data it included (see db/queries/publication-state.ts). */
  changeCount: number;
  /** The change log entries it contains: after `from`, up to `to` (see the publications schema); unknown to a build hook. */
  log?: { from: number | null; to: number } | null;
  /** How many of its pages were made anew. */
  pagesChanged?: number | null;
}

/** Settings shared by every publisher. */
export interface QueuedPublisherOptions {
  db: RegisterDb;
  clock: Clock;
  /** Quiet time after a change before publishing (more changes in it join the same publication). */
  gatherMs?: number;
  /** The longest a steady stream of changes can delay a publication. */
  maxWaitMs?: number;
  /** How often the publishing process looks for queued publications and changes made elsewhere. */
  watchMs?: number;
  log?: (message: string) => void;
}

/** Which publisher makes a publication. */
export type PublisherKind = 'local' | 'hook';

/** The name of the lease that makes a process the publisher of its kind. */
export const PUBLISHER_LEASE: Record<PublisherKind, string> = { local: 'publisher', hook: 'publisher-hook' };

/** What a publication that was interrupted says. */
export const INTERRUPTED = 'interrupted: the process that ran it stopped before this publication finished';

function statusOf(row: Row): PublicationStatus {
  return { id: row.id, trigger: row.trigger, status: row.status, requestedAt: row.requestedAt, startedAt: row.startedAt, finishedAt: row.finishedAt, pages: row.pages, error: row.error };
}

/** A new publication id: sortable by time, unique. */
export function newPublicationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The queue, the records and the gathering of changes; subclasses publish. */
export abstract class QueuedPublisher implements Publisher {
  protected readonly db: RegisterDb;
  protected readonly clock: Clock;
  protected readonly log?: (message: string) => void;
  /** The lease this process publishes under. */
  protected readonly lease: Lease;
  /** Which publications this publisher makes (a build service's local builds and a hook's requests do not mix). */
  private readonly kind: PublisherKind;
  private readonly duty: Duty;
  private readonly gatherMs: number;
  private readonly maxWaitMs: number;
  private readonly watchMs: number;
  private serving = false;
  private stopping = false;
  private running: Promise<void> | null = null;
  private again = false;
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;
  /** The request a gathering of changes made, until it is recorded. */
  private requesting: Promise<void> | null = null;
  private firstChangeAt: number | null = null;
  private watchTimer: ReturnType<typeof setTimeout> | null = null;
  /** The count of changes the watcher saw last (null: look whether any wait). */
  private seenChanges: number | null = null;
  /** Failed publications in a row (the wait before trying again doubles). */
  private failures = 0;
  /** Publications asked for here that have not finished yet (what {@link idle} waits for). */
  private readonly awaited = new Set<string>();

  constructor(options: QueuedPublisherOptions, kind: PublisherKind) {
    this.kind = kind;
    this.db = options.db;
    this.clock = options.clock;
    this.log = options.log;
    this.gatherMs = options.gatherMs ?? 200;
    this.maxWaitMs = options.maxWaitMs ?? 2_000;
    this.watchMs = options.watchMs ?? 250;
    this.lease = new Lease(this.db, PUBLISHER_LEASE[kind]);
    this.duty = new Duty(this.lease, {
      acquired: () => this.takeOver(),
      // Look at once: what is queued and what changed before this process took over.
      active: () => void this.look().catch((error) => this.log?.(`Could not look for work to publish: ${(error as Error).message}`)),
      lost: () => {
        if (this.serving && !this.stopping) this.log?.('Another register process publishes from now on.');
      },
      log: this.log,
    });
  }

  /** Publishes; throws to mark the publication failed (the site online must then be left as it was). */
  protected abstract publish(publication: PublicationStatus & { full: boolean }, now: Date): Promise<PublicationOutcome>;

  /**
   * Removes what builds of another process left behind, after this process took the lease over
   * (`running`: the publications this process runs now, whose work must stay); says how many.
   */
  protected async removeLeftovers(_running: ReadonlySet<string>): Promise<number> {
    return 0;
  }

  /** The publication online now, when this publisher knows it (a publication found online is one that succeeded). */
  protected async online(): Promise<string | null> {
    return null;
  }

  /** Asks for a publication: joins the one queued (which will include everything), or queues one. */
  async request(trigger: string, options: { full?: boolean } = {}): Promise<PublicationStatus> {
    const row = await writeTransaction(this.db, async (tx) => {
      const [queued] = await tx.select().from(publications).where(this.ofKind(eq(publications.status, 'queued'))).orderBy(asc(publications.requestedAt)).limit(1);
      if (queued) {
        if (options.full && !queued.full) await tx.update(publications).set({ full: true }).where(eq(publications.id, queued.id));
        return queued;
      }
      const [inserted] = await tx
        .insert(publications)
        .values({
          // Ids come from the wall clock (the register's clock may be stopped): they sort by age.
          id: newPublicationId(new Date()),
          trigger,
          status: 'queued',
          requestedAt: new Date().toISOString(),
          full: options.full ?? false,
          publisher: this.kind,
        })
        .returning();
      return inserted;
    });
    // A serving process's requests are followed in the database; only a command waits for its own.
    if (!this.serving) this.awaited.add(row.id);
    this.kick();
    return statusOf(row);
  }

  changed(): void {
    // A serving process that does not publish leaves it to the one that does: it sees the change
    // in the database.
    if (this.stopping || (this.serving && !this.duty.active)) return;
    // Gather changes: publish after a quiet moment, but never later than maxWaitMs after the first.
    const now = performance.now();
    this.firstChangeAt ??= now;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    const wait = Math.max(0, Math.min(this.gatherMs, this.firstChangeAt + this.maxWaitMs - now));
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = null;
      this.firstChangeAt = null;
      // Followed by idle() until the request is recorded (it waits its turn in the write queue).
      const requesting = this.request('wijzigingen in het register')
        .then(() => undefined)
        .catch((error) => this.log?.(`Could not queue a publication: ${(error as Error).message}`))
        .finally(() => {
          if (this.requesting === requesting) this.requesting = null;
        });
      this.requesting = requesting;
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

  /**
   * After a failed publication, a serving publisher tries again while changes wait (a failure may
   * pass: a busy disk, a killed renderer), after 5 s, then doubling up to 10 minutes.
   */
  private retryLater(): void {
    if (!this.serving || this.stopping) return;
    const wait = Math.min(5_000 * 2 ** this.failures++, 600_000);
    const timer = setTimeout(async () => {
      try {
        if (this.duty.active && !this.stopping && (await hasUnpublishedChanges(this.db)) && !(await this.hasQueued())) this.changed();
      } catch (error) {
        this.log?.(`Could not look for changes to publish: ${(error as Error).message}`);
      }
    }, wait);
    (timer as { unref?: () => void }).unref?.();
  }

  /** A publication queued or running now (of this publisher's kind, in any process), or null. */
  async inProgress(): Promise<PublicationStatus | null> {
    const [row] = await this.db.select().from(publications).where(this.ofKind(inArray(publications.status, ['queued', 'running']))).orderBy(asc(publications.requestedAt)).limit(1);
    return row ? statusOf(row) : null;
  }

  /** Resolves once the publication `id` has finished (here or in the process that publishes); returns it. */
  async finished(id: string): Promise<PublicationStatus> {
    for (;;) {
      const publication = await this.get(id);
      if (!publication) throw new Error(`There is no publication ${id}.`);
      if (publication.status === 'succeeded' || publication.status === 'failed') return publication;
      // Still queued: this process may publish it when nobody else does (the lease came free).
      if (publication.status === 'queued' && !this.running) this.kick();
      // A pause, not only the run: a local database answers reads at once, and a loop of those
      // alone would never let a timer (the lease's renewal) run.
      await Promise.all([this.running, sleep(100)]);
    }
  }

  /** Resolves when nothing is gathering or running here and every publication asked for here has finished. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.gatherTimer) await sleep(20);
      else if (this.requesting) await this.requesting;
      else if (this.awaited.size > 0) {
        const rows = await this.db.select({ id: publications.id, status: publications.status }).from(publications).where(inArray(publications.id, [...this.awaited]));
        for (const row of rows) if (row.status === 'succeeded' || row.status === 'failed') this.awaited.delete(row.id);
        if (rows.length < this.awaited.size) for (const id of this.awaited) if (!rows.some((r) => r.id === id)) this.awaited.delete(id);
        if (this.awaited.size === 0) continue;
        if (rows.some((r) => r.status === 'queued')) this.kick();
        await Promise.all([this.running, sleep(100)]);
      } else return;
    }
  }

  /**
   * Makes this a serving process's publisher: it competes for the publisher lease, and while it
   * holds it publishes what is queued and what changed, whichever process changed it.
   */
  serve(): void {
    if (this.serving) return;
    this.serving = true;
    this.duty.start();
    this.watch();
  }

  /** Whether this process publishes now. */
  get publishing(): boolean {
    return this.duty.active;
  }

  /**
   * Stops publishing: nothing new starts, the publication running here finishes, and the lease is
   * given up, so another process takes over at once (what is queued or changed stays for it).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = null;
    while (this.running) await this.running;
    await this.duty.stop();
  }

  private watch(): void {
    this.watchTimer = setTimeout(async () => {
      try {
        if (this.duty.active && !this.stopping) await this.look();
      } catch (error) {
        this.log?.(`Could not look for work to publish: ${(error as Error).message}`);
      }
      if (!this.stopping) this.watch();
    }, this.watchMs);
    (this.watchTimer as { unref?: () => void }).unref?.();
  }

  /** `condition`, for the publications of this publisher's kind. */
  private ofKind(condition: SQL): SQL {
    return and(condition, eq(publications.publisher, this.kind))!;
  }

  private async hasQueued(): Promise<boolean> {
    const [queued] = await this.db.select({ id: publications.id }).from(publications).where(this.ofKind(eq(publications.status, 'queued'))).limit(1);
    return queued !== undefined;
  }

  /** The holder's look at the database: queued publications, and changes since the last look. */
  private async look(): Promise<void> {
    if (await this.hasQueued()) this.kick();
    const changes = await changeCount(this.db);
    const moved = this.seenChanges === null ? await hasUnpublishedChanges(this.db) : changes !== this.seenChanges;
    this.seenChanges = changes;
    if (moved) this.changed();
  }

  /** Runs what is queued, while this process may publish. */
  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.drain()
      .catch((error) => this.log?.(`Publishing stopped: ${(error as Error).message}`))
      .finally(() => {
        this.running = null;
        // A request that arrived while the last run was ending must not be left waiting.
        if (this.again && !this.stopping) this.kick();
      });
  }

  private async drain(): Promise<void> {
    const borrowed = !this.serving;
    if (borrowed) {
      // Not serving: take the lease for as long as there is something to publish, when it is free.
      const claimed = await this.lease.claim();
      if (!claimed) return;
      if (claimed === 'acquired') await this.takeOver();
    }
    // A process that does not serve renews its lease while it publishes (the duty does it for a serving one).
    const renewal = borrowed ? setInterval(() => void this.lease.claim().catch(() => undefined), this.lease.ttlMs / 3) : null;
    try {
      while (!this.stopping && (this.serving ? this.duty.active : this.lease.held)) {
        const next = await this.takeNext();
        if (!next) break;
        await this.run(next);
      }
    } finally {
      if (renewal) clearInterval(renewal);
      if (borrowed && !this.serving) await this.lease.release().catch(() => undefined);
    }
  }

  /** Marks the oldest queued publication running, here, if this process still holds the lease. */
  private async takeNext(): Promise<Row | null> {
    const [row] = await writeTransaction(this.db, (tx) =>
      tx
        .update(publications)
        .set({ status: 'running', startedAt: new Date().toISOString(), runner: this.lease.holder })
        .where(
          and(
            eq(publications.id, sql`(SELECT id FROM publications WHERE status = 'queued' AND publisher = ${this.kind} ORDER BY requested_at, id LIMIT 1)`),
            this.lease.heldSql(),
          ),
        )
        .returning(),
    );
    return row ?? null;
  }

  /**
   * Whether this process still runs `id` and holds the lease: asked just before a build is
   * switched online, so that a process that lost the lease (stopped for longer than it lasts)
   * never switches in a build that another process may have taken over.
   */
  protected async stillRunning(id: string): Promise<boolean> {
    if ((await this.lease.claim()) === null) return false;
    const [row] = await this.db.select({ status: publications.status, runner: publications.runner }).from(publications).where(eq(publications.id, id));
    return row?.status === 'running' && row.runner === this.lease.holder;
  }

  private async run(row: Row): Promise<void> {
    const startedWall = performance.now();
    let outcome: PublicationOutcome | null = null;
    let error: string | null = null;
    try {
      outcome = await this.publish({ ...statusOf(row), full: row.full }, this.clock.now());
    } catch (failure) {
      error = (failure as Error).message;
      this.log?.(`Publication ${row.id} failed; the site online stays as it was: ${error}`);
    }
    // One outcome, recorded once: only while the publication is still this process's, and with
    // the changes it published in the same transaction.
    const recorded = await writeTransaction(this.db, async (tx) => {
      const updated = await tx
        .update(publications)
        .set({
          status: outcome ? 'succeeded' : 'failed',
          finishedAt: new Date().toISOString(),
          pages: outcome?.pages ?? null,
          bytes: outcome?.bytes ?? null,
          durationMs: Math.round(performance.now() - startedWall),
          registerDigest: outcome?.digest ?? null,
          logFrom: outcome?.log?.from ?? null,
          logEvents: outcome?.log?.to ?? null,
          pagesChanged: outcome?.pagesChanged ?? null,
          error: outcome ? null : error,
        })
        .where(and(eq(publications.id, row.id), eq(publications.status, 'running'), eq(publications.runner, this.lease.holder)))
        .returning({ id: publications.id });
      // Changes committed after the snapshot are not covered: they keep the register marked.
      if (updated.length > 0 && outcome) await markPublished(tx, outcome.changeCount);
      return updated.length > 0;
    });
    if (!recorded) this.log?.(`Publication ${row.id} was taken over by another process; its outcome here is not recorded.`);
    this.awaited.delete(row.id);
    if (!outcome) this.retryLater();
    else this.failures = 0;
    // Changes that came during the build: one follow-up (a publication queued meanwhile is it).
    if (outcome && (await hasUnpublishedChanges(this.db)) && !(await this.hasQueued())) this.changed();
  }

  /**
   * After taking the lease: what another process left running was interrupted (or, when it is
   * the publication online, it was switched in before the process stopped), and its leftovers go.
   */
  private async takeOver(): Promise<void> {
    const mine = this.lease.holder;
    // Only the holder of this kind's lease runs publications of this kind: any other runner stopped (or lost the lease).
    const stale = await this.db
      .select({ id: publications.id })
      .from(publications)
      .where(this.ofKind(and(eq(publications.status, 'running'), or(isNull(publications.runner), ne(publications.runner, mine)))!));
    const online = stale.length > 0 ? await this.online() : null;
    const finishedAt = new Date().toISOString();
    if (stale.length > 0) {
      await writeTransaction(this.db, async (tx) => {
        for (const { id } of stale) {
          const wasSwitchedIn = id === online;
          await tx
            .update(publications)
            .set(wasSwitchedIn ? { status: 'succeeded', finishedAt, error: null } : { status: 'failed', finishedAt, error: INTERRUPTED })
            .where(and(eq(publications.id, id), eq(publications.status, 'running')));
        }
      });
    }
    // Build folders are named by publication: keep those of every publication still running somewhere alive.
    const ours = await this.db.select({ id: publications.id }).from(publications).where(eq(publications.status, 'running'));
    const removed = await this.removeLeftovers(new Set(ours.map((r) => r.id)));
    const interrupted = stale.filter((s) => s.id !== online).length;
    if (removed > 0 || interrupted > 0) this.log?.(`Cleaned up after an interrupted build (${removed} leftovers, ${interrupted} publications marked failed).`);
    if (this.serving) this.log?.(`This process publishes the register now (lease '${this.lease.name}', ${mine}).`);
    // The next look sees what is queued and what changed before this process took over.
    this.seenChanges = null;
  }
}
