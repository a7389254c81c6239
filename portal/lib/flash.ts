/**
 * A one-time message after a form was handled: set before the redirect (303), shown once on the
 * page the browser lands on, then gone. Kept in a short-lived cookie of its own.
 */
import type { AstroCookies } from 'astro';
import { isSecureRequest } from '#api/middleware/session.ts';

const COOKIE = 'register_bericht';

/** Remembers a message for the next page. */
export function setFlash(cookies: AstroCookies, request: Request, message: string): void {
  cookies.set(COOKIE, encodeURIComponent(message), { httpOnly: true, sameSite: 'strict', secure: isSecureRequest(request), path: '/', maxAge: 120 });
}

/** The message left by the previous request, if any; it is shown only once. */
export function takeFlash(cookies: AstroCookies): string | null {
  const value = cookies.get(COOKIE)?.value;
  if (value === undefined) return null;
  cookies.delete(COOKIE, { path: '/' });
  try {
    return decodeURIComponent(value).slice(0, 500);
  } catch {
    return null;
  }
}
