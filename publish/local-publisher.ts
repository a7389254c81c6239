/**
 * The local publisher (the default): builds each publication here and switches it in. A build
 * that fails leaves the site online as it was, and its error is recorded.
 */
import { readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublicationStatus } from './publisher.ts';
import { buildPublication, cleanUnfinishedBuilds, publicationsDir, type PublicationStep } from './build-publication.ts';
import { QueuedPublisher, type PublicationOutcome, type QueuedPublisherOptions } from './queued-publisher.ts';

/** What the local publisher needs. */
export interface LocalPublisherOptions extends QueuedPublisherOptions {
  dataDir: string;
  /** The build itself (tests inject failures here). */
  build?: typeof buildPublication;
  /** Told when each step of a build starts (the command line shows a progress bar). */
  onStep?: (step: PublicationStep) => void;
  /** Build everything anew rather than on the publication online. */
  full?: boolean;
}

/** Builds and switches in publications in this process. */
export class LocalPublisher extends QueuedPublisher {
  private readonly dataDir: string;
  private readonly build: typeof buildPublication;
  private readonly onStep?: (step: PublicationStep) => void;
  private readonly full: boolean;

  constructor(options: LocalPublisherOptions) {
    super(options, 'local');
    this.dataDir = options.dataDir;
    this.build = options.build ?? buildPublication;
    this.onStep = options.onStep;
    this.full = options.full ?? false;
  }

  protected async publish(publication: PublicationStatus & { full: boolean }, now: Date): Promise<PublicationOutcome> {
    const result = await this.build({
      db: this.db,
      dataDir: this.dataDir,
      now,
      id: publication.id,
      onStep: this.onStep,
      full: this.full || publication.full,
      beforeSwitch: async () => {
        if (!(await this.stillRunning(publication.id))) throw new Error('this process no longer holds the publisher lease; another process publishes');
      },
    });
    return { pages: result.pages, bytes: result.bytes, digest: result.digest, changeCount: result.changeCount, log: result.log, pagesChanged: result.renderedPaths.length };
  }

  protected async removeLeftovers(running: ReadonlySet<string>): Promise<number> {
    return (await cleanUnfinishedBuilds(this.dataDir, running)).length;
  }

  protected async online(): Promise<string | null> {
    return readlink(join(publicationsDir(this.dataDir), 'current')).catch(() => null);
  }
}
