/**
 * What the register's server hands every portal page (Astro's `locals`): the same database,
 * clock and publisher the API uses, and who is signed in. Pages call the project's own commands
 * and queries with these; they hold no rules of their own.
 */
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import type { Session } from '#db/commands/sessions.ts';
import type { IdentityRefusal } from '#domain/identity.ts';
import type { Publisher } from '#publish/publisher.ts';
import type { Refusal } from '#api/middleware/session.ts';
import type { SampleAccount } from './sign-in/local-provider.ts';
import type { DepartmentContact } from '#domain/department-contact.ts';

/** What the pages need to know about signing in. */
export interface PortalSignIn {
  /** The sample accounts of the built-in identity provider; null with OIDC_ISSUER. */
  sampleAccounts: readonly SampleAccount[] | null;
  /** Where to send the browser to sign out at the identity provider too (null: it offers no such thing). */
  endSessionUrl(idToken: string | null): Promise<string | null>;
}

/** The `locals` of a portal page. */
export interface PortalLocals {
  db: RegisterDb;
  clock: Clock;
  publisher: Publisher;
  /** The signed-in person, or null (the sign-in page). */
  session: Session | null;
  /** The secret every form must carry in its hidden `csrf` field (null before one is set). */
  csrfToken: string | null;
  /** Where publications are kept (for the list of publications and rollback). */
  dataDir: string;
  /** Whether an earlier publication can be switched back to here (the local publisher only). */
  canRollback: boolean;
  /** Signing in and out. */
  signIn: PortalSignIn;
  /** How people reach the department (from the settings; shown on report pages and in the footer's contact page). */
  contact: DepartmentContact;
  /** The client's address, for the access log. */
  clientAddress: string | null;
  /** Set when the request was refused and the page explains why. */
  refusal?: Refusal;
  /** With refusal `too-many-attempts`: how many seconds to wait before trying again. */
  retryAfterSeconds?: number;
  /** With refusal `no-role`: who was refused and why. */
  identityRefusal?: IdentityRefusal;
  /** With refusal `sign-in-failed`: what went wrong, in a word. */
  signInFailure?: 'cancelled' | 'expired' | 'unreachable' | 'other';
  /** After signing in: the page to continue to. */
  continueTo?: string;
}
