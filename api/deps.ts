/** What the API app needs from its surroundings; server/server.ts gives the Node versions, tests their own. */
import type { Context } from 'hono';
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import type { RateLimit } from './middleware/rate-limit.ts';
import type { Publisher } from '#publish/publisher.ts';

/** The dependencies of the API app. */
export interface AppDeps {
  db: RegisterDb;
  clock: Clock;
  publisher: Publisher;
  /** The publication online now, or null before the first one. */
  currentPublication: () => Promise<string | null>;
  /** The client's address, as the runtime knows it (null when it does not). */
  clientAddress?: (c: Context) => string | null;
  rateLimits?: { perToken: RateLimit; perAddress: RateLimit };
}

/** Default rate limits: generous for people and integrations, a wall for runaway scripts. */
export const DEFAULT_RATE_LIMITS = {
  perToken: { limit: 600, windowMs: 60_000 },
  perAddress: { limit: 1200, windowMs: 60_000 },
} satisfies AppDeps['rateLimits'];
