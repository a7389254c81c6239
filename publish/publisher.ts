/**
 * What a publisher is to the rest of the register: the contract the API, the portal and the
 * command line use, implemented by publish/queued-publisher.ts (local and hook publishers).
 */

/** The states a publication goes through, in order. */
export const PUBLICATION_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** A publication as the register reports it. */
export interface PublicationStatus {
  id: string;
  trigger: string;
  status: (typeof PUBLICATION_STATES)[number];
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pages: number | null;
  error: string | null;
}

/** Builds and publishes the site when asked. */
export interface Publisher {
  /** Asks for a publication now (joins one that has not started yet). */
  request(trigger: string): Promise<PublicationStatus>;
  /** Says that public data changed: a publication follows shortly, gathering changes that arrive together. */
  changed(): void;
  get(id: string): Promise<PublicationStatus | null>;
  /** The latest publications, newest first. */
  history(limit: number): Promise<PublicationStatus[]>;
}
