/**
 * The local publisher: builds publications here, one at a time, and remembers their status.
 * A request while another is waiting to start joins it (one build for a burst of requests).
 */
import type { RegisterDb } from '../db/client.ts';
import type { Clock } from '../config/clock.ts';
import { clearPublicationNeeded } from '../db/queries/publication-state.ts';
import type { PublicationStatus, Publisher } from '../api/deps.ts';
import { buildPublication, newPublicationId } from './build-publication.ts';

/** Builds and switches in publications in this process. */
export class LocalPublisher implements Publisher {
  private readonly publications = new Map<string, PublicationStatus>();
  private waiting: PublicationStatus | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly deps: { db: RegisterDb; clock: Clock; dataDir: string; log?: (message: string) => void };

  constructor(deps: { db: RegisterDb; clock: Clock; dataDir: string; log?: (message: string) => void }) {
    this.deps = deps;
  }

  async request(trigger: string): Promise<PublicationStatus> {
    if (this.waiting) return this.waiting;
    const now = this.deps.clock.now();
    const publication: PublicationStatus = {
      id: newPublicationId(now),
      trigger,
      status: 'queued',
      requestedAt: now.toISOString(),
      startedAt: null,
      finishedAt: null,
      pages: null,
      error: null,
    };
    this.publications.set(publication.id, publication);
    this.waiting = publication;
    this.chain = this.chain.then(() => this.run(publication));
    return publication;
  }

  async get(id: string): Promise<PublicationStatus | null> {
    return this.publications.get(id) ?? null;
  }

  /** Resolves when every requested publication has finished. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private async run(publication: PublicationStatus): Promise<void> {
    this.waiting = null;
    const started = this.deps.clock.now();
    publication.status = 'running';
    publication.startedAt = new Date().toISOString();
    try {
      const result = await buildPublication({ db: this.deps.db, dataDir: this.deps.dataDir, now: started, id: publication.id });
      await clearPublicationNeeded(this.deps.db, started);
      publication.status = 'succeeded';
      publication.pages = result.pages;
    } catch (error) {
      publication.status = 'failed';
      publication.error = (error as Error).message;
      this.deps.log?.(`Publication ${publication.id} failed; the site online stays as it was: ${publication.error}`);
    } finally {
      publication.finishedAt = new Date().toISOString();
    }
  }
}
