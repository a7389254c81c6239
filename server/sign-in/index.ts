/**
 * How people sign in, put together from the settings: the relying party for `OIDC_ISSUER`, or —
 * without one, never in production — the local identity provider at `<site>/idp` with its sample
 * accounts, and the register as its client. Built once the site's public address is known (a
 * test server learns its port only when it listens).
 */
import { randomBytes } from 'node:crypto';
import type { ClaimNames } from '#domain/identity.ts';
import type { Env } from '#config/env.ts';
import { SESSION_TIMES, type SessionTimes } from '#db/commands/sessions.ts';
import { RelyingParty } from './relying-party.ts';
import { createLocalProvider, LOCAL_PROVIDER_PATH, type LocalProvider, type SampleAccount } from './local-provider.ts';

/** The sign-in settings (from config/env.ts). */
export interface SignInSettings {
  /** The identity provider; unset: the local one. */
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  scope: string;
  claims: ClaimNames;
  sessionTimes: SessionTimes;
  nodeEnv: string;
  trustProxy: number;
  /** The sample accounts of the local provider (unused with an issuer). */
  accounts?: () => Promise<SampleAccount[]>;
}

/** The sign-in settings from the register's settings. */
export function signInSettingsOf(env: Env, accounts?: () => Promise<SampleAccount[]>): SignInSettings {
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    clientAuth: env.OIDC_CLIENT_AUTH,
    scope: env.OIDC_SCOPE,
    claims: claimNamesOf(env),
    sessionTimes: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
    nodeEnv: env.NODE_ENV,
    trustProxy: env.TRUST_PROXY,
    accounts,
  };
}

/** The claim and role names from the settings. */
export function claimNamesOf(env: Pick<Env, 'OIDC_ORGANISATION_CLAIM' | 'OIDC_ORGANISATION_NAME_CLAIM' | 'OIDC_ROLE_CLAIM' | 'OIDC_PROVIDER_ROLE' | 'OIDC_ADMIN_ROLE'>): ClaimNames {
  return {
    organisation: env.OIDC_ORGANISATION_CLAIM,
    organisationName: env.OIDC_ORGANISATION_NAME_CLAIM,
    role: env.OIDC_ROLE_CLAIM,
    providerRole: env.OIDC_PROVIDER_ROLE,
    adminRole: env.OIDC_ADMIN_ROLE,
  };
}

/** The default claim names (ACM/IDM's organisation claims, the roles of the source page). */
export const DEFAULT_CLAIM_NAMES: ClaimNames = {
  organisation: 'vo_orgcode',
  organisationName: 'vo_orgnaam',
  role: 'register_rol_3d',
  providerRole: 'DWSE-organisatieverantwoordelijke',
  adminRole: 'DWSE-registerbeheerder',
};

/** Sign-in as one server runs it. */
export class SignIn {
  #siteUrl: string | null = null;
  #relyingParty: RelyingParty | null = null;
  #local: Promise<LocalProvider> | null = null;
  readonly #clientSecret = randomBytes(24).toString('base64url');

  readonly settings: SignInSettings;

  constructor(settings: SignInSettings) {
    this.settings = settings;
    if (!settings.issuer && settings.nodeEnv === 'production') throw new Error('OIDC_ISSUER is required when NODE_ENV=production.');
  }

  /** Whether the register runs its own identity provider (no OIDC_ISSUER). */
  get isLocal(): boolean {
    return !this.settings.issuer;
  }

  /** Sets the site's public address (SITE_URL, or where the server listens). */
  setSiteUrl(url: string): void {
    this.#siteUrl = url.replace(/\/+$/, '');
  }

  /** The site's public address. */
  get siteUrl(): string {
    if (!this.#siteUrl) throw new Error('The site address is not known yet.');
    return this.#siteUrl;
  }

  /** Whether the address is known (the server listens). */
  get ready(): boolean {
    return this.#siteUrl !== null;
  }

  /** Where the provider sends the browser back. */
  get redirectUri(): string {
    return `${this.siteUrl}/aanmelden/terug`;
  }

  /** The relying party. */
  get relyingParty(): RelyingParty {
    if (!this.#relyingParty) {
      const local = this.isLocal;
      this.#relyingParty = new RelyingParty({
        issuer: local ? `${this.siteUrl}${LOCAL_PROVIDER_PATH}` : this.settings.issuer!,
        clientId: local ? 'register' : this.settings.clientId!,
        clientSecret: local ? this.#clientSecret : this.settings.clientSecret!,
        clientAuth: local ? 'client_secret_basic' : this.settings.clientAuth,
        scope: this.settings.scope,
        redirectUri: this.redirectUri,
        postLogoutRedirectUri: `${this.siteUrl}/afgemeld`,
        claims: this.settings.claims,
      });
    }
    return this.#relyingParty;
  }

  /** The local identity provider, or null with OIDC_ISSUER. */
  localProvider(): Promise<LocalProvider> | null {
    if (!this.isLocal) return null;
    this.#local ??= (async () =>
      createLocalProvider({
        issuer: `${this.siteUrl}${LOCAL_PROVIDER_PATH}`,
        clientId: 'register',
        clientSecret: this.#clientSecret,
        redirectUri: this.redirectUri,
        postLogoutRedirectUri: `${this.siteUrl}/afgemeld`,
        claims: this.settings.claims,
        accounts: (await this.settings.accounts?.()) ?? [],
        trustProxy: this.settings.trustProxy > 0,
        nodeEnv: this.settings.nodeEnv,
      }))();
    this.#local.catch(() => {
      this.#local = null;
    });
    return this.#local;
  }
}

/** Sign-in settings for tests and tools: the local provider with these accounts and the default claim names. */
export function localSignIn(accounts: SampleAccount[], overrides: Partial<SignInSettings> = {}): SignIn {
  return new SignIn({
    clientAuth: 'client_secret_basic',
    scope: 'openid profile vo register',
    claims: DEFAULT_CLAIM_NAMES,
    sessionTimes: SESSION_TIMES,
    nodeEnv: 'test',
    trustProxy: 0,
    accounts: async () => accounts,
    ...overrides,
  });
}
