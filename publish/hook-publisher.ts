/**
 * The hook publisher: for a register that runs on more than one machine, or where a CI or build
 * service builds and uploads the static site. Each publication is a signed POST to the build
 * hook, retried with backoff; every attempt is recorded. Runtime-neutral (fetch and Web Crypto).
 *
 * The request body is JSON `{ publicationId, trigger, requestedAt, sentAt }`; the header
 * `X-Register-Signature: sha256=<hex>` is the HMAC-SHA256 of the exact body with the shared
 * secret, and `X-Register-Publication` repeats the id so a receiver can deduplicate retries.
 */
import type { PublicationStatus } from './publisher.ts';
import { publicationAttempts } from '#db/schema/index.ts';
import { changeCount } from '#db/queries/publication-state.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { QueuedPublisher, type PublicationOutcome, type QueuedPublisherOptions } from './queued-publisher.ts';

/** What the hook publisher needs. */
export interface HookPublisherOptions extends QueuedPublisherOptions {
  url: string;
  secret: string;
  /** Attempts before a publication is given up as failed. */
  attempts?: number;
  /** The wait before the second attempt; it doubles for each next one. */
  backoffMs?: number;
  /** Per-attempt time limit. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The HMAC-SHA256 signature of `body` with `secret`, as `sha256=<hex>`. */
export async function signBody(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
  return `sha256=${[...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Notifies a build hook for every publication. */
export class HookPublisher extends QueuedPublisher {
  private readonly options: Required<Pick<HookPublisherOptions, 'url' | 'secret' | 'attempts' | 'backoffMs' | 'timeoutMs' | 'fetch'>>;

  constructor(options: HookPublisherOptions) {
    super(options, 'hook');
    this.options = { attempts: 5, backoffMs: 1_000, timeoutMs: 10_000, fetch: globalThis.fetch.bind(globalThis), ...options };
  }

  protected async publish(publication: PublicationStatus): Promise<PublicationOutcome> {
    // The build the hook starts reads the register after this moment: it includes these changes.
    const included = await changeCount(this.db);
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      const body = JSON.stringify({ publicationId: publication.id, trigger: publication.trigger, requestedAt: publication.requestedAt, sentAt: new Date().toISOString() });
      let httpStatus: number | null = null;
      let error: string | null = null;
      try {
        const response = await this.options.fetch(this.options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Register-Publication': publication.id, 'X-Register-Signature': await signBody(this.options.secret, body) },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        httpStatus = response.status;
        await response.body?.cancel();
        if (!response.ok) error = `the build hook answered ${response.status}`;
      } catch (failure) {
        error = `the build hook could not be reached: ${(failure as Error).message}`;
      }
      await writeTransaction(this.db, (tx) => tx.insert(publicationAttempts).values({ publicationId: publication.id, attempt, at: new Date().toISOString(), httpStatus, error }));
      if (!error) return { changeCount: included };
      lastError = error;
      // A client error will not get better by retrying.
      if (httpStatus !== null && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429) break;
      if (attempt < this.options.attempts) await new Promise((resolve) => setTimeout(resolve, this.options.backoffMs * 2 ** (attempt - 1)));
    }
    throw new Error(`${lastError} (after ${this.options.attempts > 1 ? 'retries' : 'one attempt'})`);
  }
}
