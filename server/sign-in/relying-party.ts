/**
 * The register as an OpenID Connect relying party, with `openid-client` (OpenID-certified):
 * discovery from the issuer, the authorization code flow with PKCE, `state` and `nonce`, the ID
 * token checked (issuer, audience, signature, expiry, nonce) and, when the ID token lacks the
 * organisation or role claim, the userinfo endpoint asked. Every check of time here is made by
 * the library against the real clock: the register's own clock (`REGISTER_NOW`) never reaches it.
 */
import * as client from 'openid-client';
import type { ClaimNames } from '#domain/identity.ts';

/** How the register talks to its identity provider (from the settings). */
export interface RelyingPartySettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  scope: string;
  /** Where the provider sends the browser back after signing in (`<SITE_URL>/aanmelden/terug`). */
  redirectUri: string;
  /** Where the provider sends the browser after signing out (`<SITE_URL>/afgemeld`). */
  postLogoutRedirectUri: string;
  claims: ClaimNames;
}

/** What the browser keeps between leaving for the provider and coming back (an HttpOnly cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page to return to afterwards (checked again when used). */
  back: string | null;
}

/** Why signing in failed at the protocol level (the person sees one plain page for all of them). */
export class SignInFailure extends Error {
  override name = 'SignInFailure';
  /** A short code for the access log. */
  readonly code: 'no-pending-sign-in' | 'provider-error' | 'cancelled' | 'protocol' | 'provider-unreachable';
  constructor(code: SignInFailure['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** The claims the provider vouched for, and the ID token (for signing out there later). */
export interface SignedIn {
  claims: Record<string, unknown>;
  idToken: string | null;
}

/** An error and what caused it, in one line (the library wraps the precise reason). */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? e.message : typeof e === 'object' ? JSON.stringify(e) : String(e));
  }
  return parts.join(': ');
}

/** Encodes the pending sign-in for its cookie. */
export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

/** Reads the pending sign-in from its cookie, or null when it is absent or malformed. */
export function decodePending(value: string | undefined | null): PendingSignIn | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    if (typeof parsed.state !== 'string' || typeof parsed.nonce !== 'string' || typeof parsed.codeVerifier !== 'string') return null;
    return { state: parsed.state, nonce: parsed.nonce, codeVerifier: parsed.codeVerifier, back: typeof parsed.back === 'string' ? parsed.back : null };
  } catch {
    return null;
  }
}

/** The relying party: discovers its provider once (again after a failure) and runs the flow. */
export class RelyingParty {
  #configuration: Promise<client.Configuration> | null = null;
  readonly settings: RelyingPartySettings;
  readonly #options: { customFetch?: client.CustomFetch };

  constructor(settings: RelyingPartySettings, options: { customFetch?: client.CustomFetch } = {}) {
    this.settings = settings;
    this.#options = options;
  }

  /** The provider's configuration, discovered on first use. */
  configuration(): Promise<client.Configuration> {
    if (!this.#configuration) {
      const { issuer, clientId, clientSecret, clientAuth } = this.settings;
      const insecure = new URL(issuer).protocol === 'http:';
      const auth = clientAuth === 'client_secret_post' ? client.ClientSecretPost(clientSecret) : client.ClientSecretBasic(clientSecret);
      this.#configuration = client
        .discovery(new URL(issuer), clientId, { client_secret: clientSecret }, auth, {
          // Only an issuer on plain http (the built-in provider, tests) needs this; ACM/IDM is https.
          execute: insecure ? [client.allowInsecureRequests] : [],
          ...(this.#options.customFetch ? { [client.customFetch]: this.#options.customFetch } : {}),
        })
        .then((configuration) => {
          // The ID token's signature is checked too, against the provider's published keys: the
          // library skips that for a token fetched over TLS (as the specification allows), the
          // register does not.
          client.enableNonRepudiationChecks(configuration);
          return configuration;
        })
        .catch((error: unknown) => {
          this.#configuration = null;
          throw new SignInFailure('provider-unreachable', `The identity provider at ${issuer} could not be discovered: ${describe(error)}`);
        });
    }
    return this.#configuration;
  }

  /** Starts a sign-in: the provider's address to send the browser to, and what to keep meanwhile. */
  async start(back: string | null): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.configuration();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), back };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scope,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Finishes a sign-in from the URL the provider sent the browser back to: the code exchanged
   * (with the PKCE verifier), state and nonce compared, the ID token checked.
   */
  async finish(callbackSearch: string, pending: PendingSignIn | null): Promise<SignedIn> {
    const parameters = new URLSearchParams(callbackSearch);
    if (!pending) throw new SignInFailure('no-pending-sign-in', 'The browser came back without a sign-in in progress (no or a malformed state cookie).');
    const error = parameters.get('error');
    if (error) {
      throw new SignInFailure(error === 'access_denied' || error === 'login_required' ? 'cancelled' : 'provider-error', `The identity provider answered ${error}: ${parameters.get('error_description') ?? ''}`.trim());
    }
    const configuration = await this.configuration();
    // The address the provider redirected to is the registered one; only its query comes from the browser.
    const current = new URL(this.settings.redirectUri);
    current.search = parameters.toString();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(configuration, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (failure) {
      throw new SignInFailure('protocol', `The sign-in response was refused: ${describe(failure)}`);
    }
    const claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const { organisation, role } = this.settings.claims;
    if ((claims[organisation] === undefined || claims[role] === undefined) && configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
        // The ID token's own claims win: they are signed.
        for (const [key, value] of Object.entries(info)) if (claims[key] === undefined) claims[key] = value;
      } catch (failure) {
        throw new SignInFailure('protocol', `The userinfo response was refused: ${describe(failure)}`);
      }
    }
    return { claims, idToken: tokens.id_token ?? null };
  }

  /** Where to send the browser to sign out at the provider too, or null when it offers no such thing. */
  async endSessionUrl(idToken: string | null): Promise<URL | null> {
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      client_id: this.settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }
}
