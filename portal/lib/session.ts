/** Who is signed in, as the pages need it (the server already kept each role to its own pages). */
import type { Session } from '#db/commands/sessions.ts';
import { calendarDateAt, type CalendarDate } from '#domain/rules/index.ts';

/** The signed-in provider's session, of an organisation in the register; the server lets no other reach these pages. */
export function providerSession(locals: App.Locals): Session & { providerId: number; enterpriseNumber: string } {
  const session = locals.session;
  if (!session || session.role !== 'provider' || session.providerId === null || session.enterpriseNumber === null) throw new Error('A provider page was reached without a provider session.');
  return session as Session & { providerId: number; enterpriseNumber: string };
}

/** The signed-in organisation officer's session, whether or not the organisation is in the register yet. */
export function organisationSession(locals: App.Locals): Session & { enterpriseNumber: string } {
  const session = locals.session;
  if (!session || session.role !== 'provider' || session.enterpriseNumber === null) throw new Error('An organisation page was reached without an organisation session.');
  return session as Session & { enterpriseNumber: string };
}

/** The signed-in administrator's session. */
export function adminSession(locals: App.Locals): Session {
  const session = locals.session;
  if (!session || session.role !== 'admin') throw new Error('An administration page was reached without an administrator session.');
  return session;
}

/** Today in Brussels, by the register's clock. */
export function todayOf(locals: App.Locals): CalendarDate {
  return calendarDateAt(locals.clock.now());
}

/** Where a signed-in person starts. */
export function homeOf(session: Pick<Session, 'role'>): string {
  return session.role === 'admin' ? '/beheer/' : '/portaal/';
}

/**
 * Where to go back to after signing in: only a page of the person's own part of the site, so
 * the link to the sign-in page cannot send anyone elsewhere.
 */
export function safeReturn(path: string | null, role: Session['role']): string | null {
  if (!path) return null;
  const prefix = role === 'admin' ? '/beheer' : '/portaal';
  return /^\/(portaal|beheer)(\/[\w\-.~%/]*)?$/.test(path) && !path.includes('//') && !path.includes('..') && path.startsWith(prefix) ? path : null;
}
