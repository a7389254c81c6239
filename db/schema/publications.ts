/** Publications: every build of the public site, successful or not, with what it took. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** The states of a publication. */
export const PUBLICATION_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** One publication (one build of the public site). */
export const publications = sqliteTable(
  'publications',
  {
    id: text('id').primaryKey(),
    /** Who or what asked for it: an administrator, accepted changes, the daily evaluation, the command line. */
    trigger: text('trigger').notNull(),
    status: text('status', { enum: PUBLICATION_STATUSES }).notNull(),
    requestedAt: text('requested_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    pages: integer('pages'),
    bytes: integer('bytes'),
    durationMs: integer('duration_ms'),
    /** SHA-256 of the register snapshot it was built from. */
    registerDigest: text('register_digest'),
    error: text('error'),
    /** Build everything anew rather than on the publication online (`register publish --full`). */
    full: integer('full', { mode: 'boolean' }).notNull().default(false),
    /** Which publisher makes it: `local` (built here) or `hook` (a build hook notified); each takes only its own. */
    publisher: text('publisher', { enum: ['local', 'hook'] }).notNull().default('local'),
    /** The process that ran it (host:pid#instance), holding that publisher's lease. */
    runner: text('runner'),
    /**
     * What it contains: the change log entries after `logFrom` (the length of the log in the
     * publication that was online when it was built, 0 when none was) up to `logEvents` (the
     * length of the log its snapshot read). Null when not known (a build hook, a failure).
     */
    logFrom: integer('log_from'),
    logEvents: integer('log_events'),
    /** How many of its pages were made anew (the others were carried over from the publication before). */
    pagesChanged: integer('pages_changed'),
  },
  (table) => [index('publications_status_idx').on(table.status), index('publications_requested_idx').on(table.requestedAt)],
);

/** Each attempt to notify a build hook (the `hook` publisher), with the answer or the error. */
export const publicationAttempts = sqliteTable(
  'publication_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicationId: text('publication_id')
      .notNull()
      .references(() => publications.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    /** The HTTP status the hook answered, or null when it could not be reached. */
    httpStatus: integer('http_status'),
    error: text('error'),
  },
  (table) => [index('publication_attempts_publication_idx').on(table.publicationId)],
);

/**
 * Each time the site online was switched back to an earlier publication kept on disk (from the
 * publications page or `register rollback`), with the log lengths of both: what the public site
 * stopped showing is the change log entries between them.
 */
export const publicationRollbacks = sqliteTable(
  'publication_rollbacks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** Who asked: an administrator's name, or `command line`. */
    by: text('by').notNull(),
    /** The publication that was online before (null: none was). */
    fromPublication: text('from_publication'),
    fromLogEvents: integer('from_log_events'),
    toPublication: text('to_publication').notNull(),
    toLogEvents: integer('to_log_events'),
  },
  (table) => [index('publication_rollbacks_at_idx').on(table.at)],
);
