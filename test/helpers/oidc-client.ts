/**
 * A small scripted browser for sign-in tests without Chromium: it keeps cookies per origin (with
 * their paths), follows redirects one by one so a test can stop at any step of the OpenID Connect
 * flow, and can choose an account on the local identity provider's page.
 */

interface StoredCookie {
  value: string;
  path: string;
}

/** A cookie jar and fetch that behave enough like a browser for the sign-in flow. */
export class ScriptedBrowser {
  readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** The cookies the jar would send to `url`. */
  cookieHeader(url: string): string {
    const target = new URL(url);
    const cookies = this.jar.get(target.origin) ?? new Map();
    return [...cookies.entries()]
      .filter(([, c]) => target.pathname === c.path || target.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  /** A cookie's value for an origin, if the jar holds it. */
  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name)?.value;
  }

  /** Stores or removes the cookies a response sets. */
  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, StoredCookie>();
    this.jar.set(origin, cookies);
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((p) => p.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const path = attribute('path') ?? '/';
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      if (value === '' || maxAge === '0' || (expires && Date.parse(expires) <= Date.now())) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
  }

  /** One request, no redirect followed; a form post when `form` is given. */
  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(url) };
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = new URL(url).origin;
      headers['sec-fetch-site'] = 'same-origin';
      body = new URLSearchParams(form).toString();
    }
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stop` says so; returns the last URL and answer. */
  async follow(url: string, stop: (url: URL) => boolean = () => false, form?: Record<string, string>): Promise<{ url: string; response: Response }> {
    let current = url;
    let response = await this.request(current, form);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location')!, current).href;
      await response.body?.cancel();
      if (stop(new URL(next))) return { url: next, response };
      current = next;
      response = await this.request(current);
    }
    return { url: current, response };
  }
}

/**
 * Starts signing in at the register and follows the flow to the identity provider's account
 * chooser, picks `account` there, and stops just before the browser returns to the register:
 * the callback address (with code and state) is for the test to open. A browser still signed in
 * at the provider goes straight back (single sign-on): then no account is chosen.
 */
export async function signInUntilCallback(browser: ScriptedBrowser, site: string, account: string, start = '/aanmelden/start'): Promise<string> {
  const toChooser = await browser.follow(`${site}${start}`, (url) => url.pathname === '/aanmelden/terug');
  if (new URL(toChooser.url).pathname === '/aanmelden/terug') return toChooser.url;
  if (!/\/idp\/interaction\/[\w-]+$/.test(new URL(toChooser.url).pathname)) throw new Error(`Expected the account chooser, got ${toChooser.url} (${toChooser.response.status})`);
  await toChooser.response.text();
  const back = await browser.follow(`${toChooser.url}/login`, (url) => url.pathname === '/aanmelden/terug', { account });
  if (new URL(back.url).pathname !== '/aanmelden/terug') throw new Error(`Expected to be sent back to the register, got ${back.url} (${back.response.status})`);
  return back.url;
}
