/**
 * The local publisher: builds publications here, one at a time, and records each in the
 * database. Changes that arrive close together are gathered into one build; a change that
 * arrives during a build gets exactly one follow-up build. A build that fails leaves the site
 * online as it was, and its error is recorded.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '../db/client.ts';
import type { Clock } from '../config/clock.ts';
import { clearPublicationNeeded, unpublishedChangeAt } from '../db/queries/publication-state.ts';
import { publications } from '../db/schema/index.ts';
import { writeTransaction } from '../db/write-lock.ts';
import type { PublicationStatus, Publisher } from '../api/deps.ts';
import { buildPublication, newPublicationId, type PublicationResult, type PublicationStep } from './build-publication.ts';

type Row = typeof publications.$inferSelect;

function statusOf(row: Row): PublicationStatus {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    requestedAt: row.requestedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    pages: row.pages,
    error: row.error,
  };
}

/** What the local publisher needs. */
export interface LocalPublisherOptions {
  db: RegisterDb;
  clock: Clock;
  dataDir: string;
  /** Quiet time after a change before building (more changes in it join the same build). */
  gatherMs?: number;
  /** The longest a steady stream of changes can delay a build. */
  maxWaitMs?: number;
  log?: (message: string) => void;
  /** The build itself (tests inject failures here). */
  build?: typeof buildPublication;
  /** Told when each step of a build starts (the command line shows a progress bar). */
  onStep?: (step: PublicationStep) => void;
}

/** Builds and switches in publications in this process. */
export class LocalPublisher implements Publisher {
  private readonly options: Required<Omit<LocalPublisherOptions, 'log' | 'onStep'>> & Pick<LocalPublisherOptions, 'log' | 'onStep'>;
  private queued: PublicationStatus | null = null;
  private running: Promise<void> | null = null;
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;
  private firstChangeAt: number | null = null;

  constructor(options: LocalPublisherOptions) {
    this.options = { gatherMs: 400, maxWaitMs: 2_000, build: buildPublication, ...options };
  }

  async request(trigger: string): Promise<PublicationStatus> {
    // A publication that has not started yet will include everything: join it.
    if (this.queued) return this.queued;
    const now = this.options.clock.now();
    const row: Row = {
      id: newPublicationId(now),
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
    await writeTransaction(this.options.db, (tx) => tx.insert(publications).values(row));
    const publication = statusOf(row);
    this.queued = publication;
    this.kick();
    return publication;
  }

  changed(): void {
    // Gather changes: build after a quiet moment, but never later than maxWaitMs after the first.
    const now = performance.now();
    this.firstChangeAt ??= now;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    const wait = Math.max(0, Math.min(this.options.gatherMs, this.firstChangeAt + this.options.maxWaitMs - now));
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = null;
      this.firstChangeAt = null;
      void this.request('wijzigingen in het register').catch((error) => this.options.log?.(`Could not queue a publication: ${(error as Error).message}`));
    }, wait);
  }

  async get(id: string): Promise<PublicationStatus | null> {
    const [row] = await this.options.db.select().from(publications).where(eq(publications.id, id));
    return row ? statusOf(row) : null;
  }

  /** The latest publications, newest first. */
  async history(limit = 20): Promise<PublicationStatus[]> {
    return (await this.options.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(limit)).map(statusOf);
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
    });
  }

  private async run(publication: PublicationStatus): Promise<void> {
    const { db, clock, dataDir } = this.options;
    const started = clock.now();
    const startedWall = performance.now();
    await writeTransaction(db, (tx) => tx.update(publications).set({ status: 'running', startedAt: new Date().toISOString() }).where(eq(publications.id, publication.id)));
    publication.status = 'running';
    // Changes made from here on are not in this build's snapshot: they keep the mark, and get a follow-up.
    const snapshotAt = new Date();
    let result: PublicationResult | null = null;
    let error: string | null = null;
    try {
      result = await this.options.build({ db, dataDir, now: started, id: publication.id, onStep: this.options.onStep });
      await clearPublicationNeeded(db, snapshotAt);
    } catch (failure) {
      error = (failure as Error).message;
      this.options.log?.(`Publication ${publication.id} failed; the site online stays as it was: ${error}`);
    }
    const finishedAt = new Date().toISOString();
    await writeTransaction(db, (tx) =>
      tx
        .update(publications)
        .set({
          status: result ? 'succeeded' : 'failed',
          finishedAt,
          pages: result?.pages ?? null,
          bytes: result?.bytes ?? null,
          durationMs: Math.round(performance.now() - startedWall),
          registerDigest: result?.digest ?? null,
          error,
        })
        .where(eq(publications.id, publication.id)),
    );
    Object.assign(publication, { status: result ? 'succeeded' : 'failed', finishedAt, pages: result?.pages ?? null, error });
    if (result && !this.queued && (await unpublishedChangeAt(db))) this.changed();
  }
}
