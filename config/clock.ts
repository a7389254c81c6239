/** The register's sense of time, injected wherever "now" matters so tests can set it. */

/** Gives the current instant. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `instant`, for demonstrations and tests. */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}
