/**
 * Browser sessions of the web pages for providers and administrators, made when a person signs in
 * through OpenID Connect, and the private access log of who signed in, was refused or made a token.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { providers } from './providers.ts';

/**
 * One signed-in browser. The cookie holds a random session id; only its SHA-256 is stored, so the
 * table alone cannot sign anyone in. Times are of the real clock (never the register's, which may
 * be frozen): a session ends after an idle time and at an absolute end, whichever comes first.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session id in the cookie, hex. */
    idHash: text('id_hash').primaryKey(),
    /** `provider`: an organisation officer acting for `organisationCode`; `admin`: the department. */
    role: text('role', { enum: ['provider', 'admin'] }).notNull(),
    /** The person's identifier at the identity provider (`sub`). */
    subject: text('subject').notNull(),
    /** The person's name as the identity provider gave it (private: never published). */
    personName: text('person_name').notNull(),
    /** The organisation the person acts for: its enterprise number (10 digits); null for administrators. */
    organisationCode: text('organisation_code'),
    /** The organisation's name as the identity provider gave it. */
    organisationName: text('organisation_name'),
    /** The organisation in the register, when it is there (a first applicant is not). */
    providerId: integer('provider_id').references(() => providers.id),
    /** The ID token, sent back as `id_token_hint` when signing out at the identity provider. */
    idToken: text('id_token'),
    /** The secret every form of this session carries (against cross-site request forgery). */
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: text('created_at').notNull(),
    /** The last request of the session (for the idle timeout; refreshed at most once a minute). */
    lastSeenAt: text('last_seen_at').notNull(),
    /** The absolute end. */
    expiresAt: text('expires_at').notNull(),
  },
  (table) => [index('sessions_expires_idx').on(table.expiresAt), index('sessions_subject_idx').on(table.subject)],
);

/** What the access log records. */
export const ACCESS_EVENTS = ['sign_in', 'sign_in_failed', 'refused', 'sign_out', 'token_created', 'token_revoked'] as const;
/** One kind of access event. */
export type AccessEvent = (typeof ACCESS_EVENTS)[number];

/**
 * The access log: sign-ins, failed sign-ins, refusals, sign-outs and API tokens made and revoked —
 * who, when (real clock), from where. Shown to administrators only; never published.
 */
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    event: text('event', { enum: ACCESS_EVENTS }).notNull(),
    subject: text('subject'),
    personName: text('person_name'),
    organisationCode: text('organisation_code'),
    role: text('role'),
    /** The client's address (the socket's, or the one trusted proxies forwarded). */
    clientAddress: text('client_address'),
    /** What happened, in a few words (the reason of a refusal, the token's name…). */
    detail: text('detail'),
  },
  (table) => [index('access_log_at_idx').on(table.at)],
);
