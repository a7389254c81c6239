/**
 * A local OpenID Connect provider for a register without `OIDC_ISSUER` (development, the tests, a
 * demonstration): `oidc-provider` (OpenID-certified) mounted at `/idp` of the register's own
 * server, with sample people to choose from instead of passwords. The register signs in through it
 * exactly as through ACM/IDM — discovery, code flow with PKCE, state, nonce, signed ID tokens,
 * RP-initiated logout — so nothing in the relying party knows the difference. It never runs when
 * NODE_ENV=production (config/env.ts refuses that, and so does {@link createLocalProvider}).
 * Its sessions, cookies and tokens are timed by the real clock, never the register's.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
// The library's own in-memory store, given explicitly (the default prints a warning meant for production set-ups).
// @ts-expect-error: an internal module without type declarations
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { ClaimNames } from '#domain/identity.ts';

/** The path the local provider is served under; its issuer is `<site>/idp`. */
export const LOCAL_PROVIDER_PATH = '/idp';

/** A sample person of the local provider. */
export interface SampleAccount {
  /** The subject (`sub`). */
  id: string;
  /** The person's name. */
  name: string;
  /** Who they are for the register, in Dutch ("organisatieverantwoordelijke van …"). */
  description: string;
  /** The organisation they act for (enterprise number) and its name, if any. */
  organisation: { code: string; name: string } | null;
  /** Their roles for this service, as the role claim states them. */
  roles: string[];
}

/** What the local provider is made with. */
export interface LocalProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  claims: ClaimNames;
  accounts: readonly SampleAccount[];
  /** Whether X-Forwarded-Proto/Host from a trusted proxy count (TRUST_PROXY > 0). */
  trustProxy: boolean;
  /** NODE_ENV: the provider refuses to exist in production. */
  nodeEnv: string;
}

/** A running local provider: a Node handler for everything under {@link LOCAL_PROVIDER_PATH}. */
export interface LocalProvider {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  accounts: readonly SampleAccount[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#f4f4f4}
header,footer{max-width:40rem;margin:1rem auto;padding:0 1.5rem}.brand{font-weight:700;margin:0}a{color:#0b57a4}
main{max-width:40rem;margin:1rem auto;padding:1.5rem;background:#fff;border:1px solid #ccc}
h1{font-size:1.6rem;margin-top:0}.sample{background:#fff3c4;border-left:4px solid #a36b00;padding:.5rem 1rem}
ul{list-style:none;padding:0}li{margin:.75rem 0}button{font:inherit;padding:.5rem 1rem;border:2px solid #0b57a4;background:#0b57a4;color:#fff;cursor:pointer;text-align:left;width:100%}
button.secondary{background:#fff;color:#0b57a4}button:focus{outline:3px solid #ffbf47;outline-offset:2px}.who{display:block;font-size:.9rem}`;

/** A page of the local provider: plain, Dutch, without scripts or inline styles. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="nl-BE">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} | Aanmeldserver voor ontwikkeling</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${LOCAL_PROVIDER_PATH}/stijl.css"></head>
<body>
<header><p class="brand">Aanmeldserver voor ontwikkeling</p></header>
<main>
<p class="sample"><strong>Voorbeeld.</strong> Dit is de ingebouwde aanmeldserver van het register, met voorbeeldaccounts. Ze draait nooit in productie: daar meldt u aan via het toegangsbeheer van de Vlaamse overheid (ACM/IDM).</p>
${body}
</main>
<footer><p><a href="/">Naar het register</a></p></footer>
</body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Creates the local provider. */
export function createLocalProvider(options: LocalProviderOptions): LocalProvider {
  if (options.nodeEnv === 'production') throw new Error('The built-in identity provider with sample accounts never runs in production: set OIDC_ISSUER.');
  const { claims: names } = options;
  const byId = new Map(options.accounts.map((account) => [account.id, account]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'lokaal-1', use: 'sig', alg: 'RS256' };

  const claimsOf = (account: SampleAccount): Record<string, unknown> => ({
    sub: account.id,
    name: account.name,
    given_name: account.name.split(' ')[0],
    family_name: account.name.split(' ').slice(1).join(' '),
    ...(account.organisation ? { [names.organisation]: account.organisation.code, [names.organisationName]: account.organisation.name } : {}),
    ...(account.roles.length ? { [names.role]: account.roles } : {}),
  });

  const configuration: Configuration = {
    adapter: createMemoryAdapter() as Configuration['adapter'],
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Claims per scope, in the ID token itself as ACM/IDM does.
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name'],
      vo: [names.organisation, names.organisationName],
      register: [names.role],
    },
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            'Afmelden',
            `<h1>Ook afmelden bij de aanmeldserver?</h1>
<p>U bent afgemeld bij het register. Meld u ook hier af, zodat de volgende persoon op deze computer opnieuw moet kiezen wie hij is.</p>
${form}
<ul><li><button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, afmelden</button></li>
<li><button type="submit" form="op.logoutForm" class="secondary">Nee, aangemeld blijven</button></li></ul>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = page('Afgemeld', '<h1>U bent afgemeld</h1><p>U bent afgemeld bij de aanmeldserver.</p>');
        },
      },
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `${LOCAL_PROVIDER_PATH}/interaction/${interaction.uid}` },
    findAccount: async (_ctx: KoaContextWithOIDC, id: string) => {
      const account = byId.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => claimsOf(account) as { sub: string } };
    },
    // The register is this provider's only client: what it asks for is granted without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) {
        const found = await oidc.provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope([...(oidc.requestParamScopes ?? [])].join(' '));
      await grant.save();
      return grant;
    },
    renderError: async (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = page('Fout', `<h1>Aanmelden lukt niet</h1><p>De aanmeldserver kon deze vraag niet verwerken (${escape(String(out.error ?? 'fout'))}: ${escape(String(out.error_description ?? ''))}).</p><p><a href="/aanmelden">Terug naar het register</a></p>`);
    },
    pkce: { required: () => true },
    ttl: { Session: 8 * 3600, Interaction: 3600, Grant: 8 * 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  const callback = provider.callback();

  /** The account chooser: every sample person as a button. */
  const chooser = (uid: string) =>
    page(
      'Aanmelden',
      `<h1>Aanmelden bij het register</h1>
<p>Kies met welk voorbeeldaccount u aanmeldt. Bij het toegangsbeheer van de Vlaamse overheid kiest u hier de tegel van uw organisatie.</p>
<form method="post" action="${LOCAL_PROVIDER_PATH}/interaction/${escape(uid)}/login">
<ul>${options.accounts
        .map(
          (account) =>
            `<li><button type="submit" name="account" value="${escape(account.id)}">${escape(account.name)}<span class="who">${escape(account.description)}</span></button></li>`,
        )
        .join('')}</ul>
</form>
<form method="post" action="${LOCAL_PROVIDER_PATH}/interaction/${escape(uid)}/afbreken"><button type="submit" class="secondary">Niet aanmelden</button></form>`,
    );

  return {
    accounts: options.accounts,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://local');
      const path = url.pathname.slice(LOCAL_PROVIDER_PATH.length) || '/';
      if (path === '/stijl.css') {
        res.setHeader('Content-Type', 'text/css; charset=utf-8');
        res.setHeader('Cache-Control', 'public, max-age=3600');
        res.end(STYLE);
        return;
      }
      const interaction = /^\/interaction\/([\w-]+)(\/login|\/afbreken)?$/.exec(path);
      if (interaction) {
        try {
          const details = await provider.interactionDetails(req, res);
          if (details.uid !== interaction[1]) throw new Error('another interaction');
          if (req.method === 'GET' && !interaction[2]) return send(res, 200, chooser(details.uid));
          if (req.method !== 'POST' || !interaction[2]) return send(res, 405, page('Niet toegelaten', '<h1>Niet toegelaten</h1>'));
          if (interaction[2] === '/afbreken') {
            await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'De persoon meldde niet aan.' }, { mergeWithLastSubmission: false });
            return;
          }
          const chosen = (await readBody(req)).get('account') ?? '';
          if (!byId.has(chosen)) return send(res, 400, page('Onbekend account', `<h1>Dit account bestaat niet</h1><p><a href="${LOCAL_PROVIDER_PATH}/interaction/${escape(details.uid)}">Kies opnieuw</a></p>`));
          await provider.interactionFinished(req, res, { login: { accountId: chosen } }, { mergeWithLastSubmission: false });
        } catch {
          send(res, 400, page('Verlopen', '<h1>Deze aanmelding is verlopen</h1><p><a href="/aanmelden">Opnieuw aanmelden</a></p>'));
        }
        return;
      }
      // oidc-provider finds its mount path from the difference between originalUrl and url.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = path + url.search;
      await new Promise<void>((resolve, reject) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        Promise.resolve(callback(req, res)).catch(reject);
      });
    },
  };
}
