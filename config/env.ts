/**
 * The process's settings, read once from the environment and checked by one zod schema so that a
 * wrong value stops start-up with a message a person can act on.
 */
import { z } from 'zod';
import { EmailAddress, parseEmailList } from '#domain/email-address.ts';
import { departmentContact, SAMPLE_DEPARTMENT_CONTACT, type DepartmentContact } from '#domain/department-contact.ts';
import { PhoneNumber } from '#domain/phone-number.ts';
import { singleLineText } from '#domain/text.ts';

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^(file:|libsql:|https?:|wss?:)/.test(value), {
    message: 'use file:<path> for a local database, or libsql://, https:// or wss:// for a libSQL server',
  });

const claimName = z.string().trim().regex(/^[A-Za-z_][\w.:-]{0,99}$/, 'must be the name of a claim, e.g. vo_orgcode');
const roleName = z.string().trim().regex(/^[^\s:,]{1,100}$/, 'must be a role name without spaces, colons or commas, e.g. DWSE-organisatieverantwoordelijke');

/**
 * The settings the register understands, with their defaults. Each setting's description is data
 * (`.describe()`), so `npm run docs:config` writes docs/configuration.md from this schema.
 */
export const EnvSchema = z
  .object({
  PORT: z.coerce.number({ message: 'must be a port number from 1 to 65535' }).int('must be a port number from 1 to 65535').min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535').default(4321)
    .describe('The port the site, the API and the pages for providers and administrators are served on.'),
  HOST: z.string().trim().min(1).default('127.0.0.1')
    .describe('The network interface to listen on (`0.0.0.0` for every interface).'),
  DATABASE_URL: databaseUrl.default('file:data/register.db')
    .describe("Where the register's data lives: `file:<path>` for a local libSQL file (a relative path is taken from the project folder), or `libsql://`, `https://` or `wss://` for a libSQL server (sqld, Turso). The database must answer within 15 seconds, or the command stops naming this setting."),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional()
    .describe('The token for a libSQL server. A secret: an error names it but never shows its value.'),
  DATA_DIR: z.string().trim().min(1).default('data')
    .describe('The folder for publications (built sites), the portal build, the `.eml` files of the mail outbox and other generated files. It must be a folder the register can create and write, or the command stops naming this setting.'),
  REGISTER_NOW: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant, e.g. 2026-11-28T09:00:00+01:00' }).optional()
    .describe("Freezes the register's clock at this instant (ISO 8601), for demonstrations and tests of the deadlines. Unset in production: the register then follows the system clock."),
  SAMPLE_PROVIDERS: z.coerce.number({ message: 'must be a whole number from 1 to 100000' }).int('must be a whole number from 1 to 100000').min(1, 'must be a whole number from 1 to 100000').max(100_000, 'must be a whole number from 1 to 100000').default(120)
    .describe('How many sample providers `npm start` makes when it finds an empty database.'),
  PUBLISHER: z.enum(['local', 'hook'], { message: "must be 'local' or 'hook'" }).default('local')
    .describe('How publications happen: `local` builds the site here and switches it in; `hook` POSTs a signed request to a build hook (a CI or build service rebuilds and uploads the static site).'),
  PUBLISH_HOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()
    .describe('The build hook the `hook` publisher notifies. Required with `PUBLISHER=hook`.'),
  PUBLISH_HOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional()
    .describe('The shared secret for the HMAC-SHA256 signature (`X-Register-Signature`) of each build-hook request, at least 16 characters. Required with `PUBLISHER=hook`. A secret: an error never shows its value.'),
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.be:587' }).optional()
    .describe("The mail server, e.g. `smtp://user:password@mail.example.be:587` (STARTTLS when the server offers it) or `smtps://…:465`. Unset: every mail is written as an `.eml` file under `<DATA_DIR>/outbox/`. Its password is never shown in an error."),
  MAIL_FROM: EmailAddress.default('noreply@register.localhost')
    .describe('The sender address of every mail, and the domain of its Message-ID.'),
  ADMIN_EMAILS: z
    .string()
    .transform((value, ctx) => {
      const list = parseEmailList(value);
      if (list.ok) return list.addresses;
      ctx.addIssue({ code: 'custom', message: `must be e-mail addresses separated by commas; not valid: ${list.invalid.join(', ')}` });
      return z.NEVER;
    })
    .default([])
    .describe('The administrators who get the daily digest of deadlines and the notices of subcontractors no longer recognised: e-mail addresses separated by commas, each one checked. Unset: nobody gets them.'),
  SITE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://register.example.be' }).optional()
    .describe('The public address of the site, for the absolute links that feeds, the sitemap, robots.txt, DCAT and the HSDS export need, and the addresses the identity provider sends the browser back to. Unset: `http://localhost:<PORT>`.'),
  TRUST_PROXY: z.coerce.number({ message: 'must be the number of proxies in front of the register, from 0 to 10' }).int('must be the number of proxies in front of the register, from 0 to 10').min(0, 'must be the number of proxies in front of the register, from 0 to 10').max(10, 'must be the number of proxies in front of the register, from 0 to 10').default(0)
    .describe("How many reverse proxies stand in front of the register (0: none, the client connects directly). Only then are `X-Forwarded-For` (the client's address, for the rate limits) and `X-Forwarded-Host` (for the origin check of forms) believed, and only as many hops as this."),
  DEPARTMENT_NAME: singleLineText({ max: 200 }).pipe(z.string().min(3, 'must be the name of the department, e.g. Departement Werk en Sociale Economie')).default(SAMPLE_DEPARTMENT_CONTACT.name)
    .describe('The name of the department people contact (the public contact page, the accessibility statement, every portal page and report, and the signature of every mail).'),
  DEPARTMENT_ADDRESS: singleLineText({ max: 300 })
    .pipe(z.string().regex(/^[^,]+(,[^,]+)*,\s*\d{4}\s+[^,\d][^,]*$/, 'must be the postal address on one line: street and number, then the postcode and town after a comma, e.g. "Koning Albert II-laan 35 bus 20, 1030 Brussel"'))
    .default(SAMPLE_DEPARTMENT_CONTACT.address)
    .describe('The department\'s postal address on one line, its parts separated by commas: "Koning Albert II-laan 35 bus 20, 1030 Brussel". The default is a sample value, and the pages say so while it is used.'),
  DEPARTMENT_EMAIL: EmailAddress.default(SAMPLE_DEPARTMENT_CONTACT.email)
    .describe('The department\'s e-mail address for providers and employers, also at the foot of every mail. The default is a sample value, and the pages and mails say so while it is used.'),
  DEPARTMENT_PHONE: PhoneNumber.default(SAMPLE_DEPARTMENT_CONTACT.phone)
    .describe('The department\'s phone number, written any way people write one; kept in E.164 and shown in the Belgian format, also at the foot of every mail. The default is a sample value, and the pages and mails say so while it is used.'),
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: "must be 'development', 'production' or 'test'" }).default('development')
    .describe('`production` refuses to start without `OIDC_ISSUER` and never runs the built-in identity provider.'),
  OIDC_ISSUER: z.url({ protocol: /^https?$/, message: 'must be the http(s) URL of the OpenID Connect issuer, e.g. https://authenticatie.vlaanderen.be/op' }).optional()
    .describe('The OpenID Connect provider people sign in with (ACM/IDM, or another), by its issuer URL (for ACM/IDM, the one in the integration file); the rest is discovered from `<issuer>/.well-known/openid-configuration`. Unset (not in production): the register runs its own provider with sample accounts at `<SITE_URL>/idp`.'),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional()
    .describe('The client id the identity provider gave the register. Required with `OIDC_ISSUER`.'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional()
    .describe('The client secret the identity provider gave the register. Required with `OIDC_ISSUER`. A secret: an error never shows its value.'),
  OIDC_CLIENT_AUTH: z.enum(['client_secret_basic', 'client_secret_post'], { message: "must be 'client_secret_basic' or 'client_secret_post'" }).default('client_secret_basic')
    .describe('How the register proves it is the client at the token endpoint.'),
  OIDC_SCOPE: z
    .string()
    .trim()
    .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'must be scope names separated by single spaces, e.g. "openid profile vo"')
    .refine((value) => value.split(' ').includes('openid'), 'must include openid')
    .default('openid profile vo register')
    .describe('The scopes asked for, separated by single spaces; `openid` must be among them.'),
  OIDC_ORGANISATION_CLAIM: claimName.default('vo_orgcode')
    .describe('The claim that holds the organisation the person acts for (its enterprise number).'),
  OIDC_ORGANISATION_NAME_CLAIM: claimName.default('vo_orgnaam')
    .describe("The claim that holds the organisation's name."),
  OIDC_ROLE_CLAIM: claimName.default('register_rol_3d')
    .describe("The claim that holds the person's roles for this service (a string or a list; ACM/IDM names the claim after the application and writes a role as `role` or `role:organisation code`)."),
  OIDC_PROVIDER_ROLE: roleName.default('DWSE-organisatieverantwoordelijke')
    .describe("The role the organisation's local administrator gives the people who act for it."),
  OIDC_ADMIN_ROLE: roleName.default('DWSE-registerbeheerder')
    .describe("The role of the department's staff who run the procedure. Must differ from `OIDC_PROVIDER_ROLE`."),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a whole number of minutes from 1 to 1440' }).int('must be a whole number of minutes from 1 to 1440').min(1, 'must be a whole number of minutes from 1 to 1440').max(1440, 'must be a whole number of minutes from 1 to 1440').default(30)
    .describe('Minutes without a request after which a session ends.'),
  SESSION_MAX_HOURS: z.coerce.number({ message: 'must be a whole number of hours from 1 to 24' }).int('must be a whole number of hours from 1 to 24').min(1, 'must be a whole number of hours from 1 to 24').max(24, 'must be a whole number of hours from 1 to 24').default(8)
    .describe('Hours after signing in at which a session ends, however busy.'),
  })
  .superRefine((env, ctx) => {
    if (env.OIDC_ISSUER) {
      if (!env.OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'is required with OIDC_ISSUER: the client id the identity provider gave the register' });
      if (!env.OIDC_CLIENT_SECRET) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_SECRET'], message: 'is required with OIDC_ISSUER: the client secret the identity provider gave the register' });
    }
    if (env.OIDC_PROVIDER_ROLE === env.OIDC_ADMIN_ROLE) ctx.addIssue({ code: 'custom', path: ['OIDC_ADMIN_ROLE'], message: 'must differ from OIDC_PROVIDER_ROLE' });
    if (env.PUBLISHER !== 'hook') return;
    if (!env.PUBLISH_HOOK_URL) ctx.addIssue({ code: 'custom', path: ['PUBLISH_HOOK_URL'], message: 'is required when PUBLISHER=hook' });
    if (!env.PUBLISH_HOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['PUBLISH_HOOK_SECRET'], message: 'is required when PUBLISHER=hook' });
  });

/** The parsed settings. */
export type Env = z.infer<typeof EnvSchema>;

/** The public address of the site: SITE_URL, or this machine's address on PORT. */
export function siteUrlOf(env: Pick<Env, 'SITE_URL' | 'PORT'>): string {
  return (env.SITE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

/** The department's contact, from its four settings. */
export function departmentContactOf(env: Pick<Env, 'DEPARTMENT_NAME' | 'DEPARTMENT_ADDRESS' | 'DEPARTMENT_EMAIL' | 'DEPARTMENT_PHONE'>): DepartmentContact {
  return departmentContact({ name: env.DEPARTMENT_NAME, address: env.DEPARTMENT_ADDRESS, email: env.DEPARTMENT_EMAIL, phone: env.DEPARTMENT_PHONE });
}

/** A setting that cannot be used; its message names every wrong variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Settings whose value is a secret: an error names them but never shows their value. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(['PUBLISH_HOOK_SECRET', 'DATABASE_AUTH_TOKEN', 'OIDC_CLIENT_SECRET']);

/** Reads the settings from `source` (default: `process.env`), or throws a readable {@link ConfigError}. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as it does for most tools.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    // Secrets never go into a message that may end up in a log: not the mail server's password,
    // and not a secret or token given in a setting of its own.
    const value = source[key] ?? '';
    const shown = key === 'SMTP_URL' ? value.replace(/^([^:/]+:\/\/[^:@/]*:)[^@/]*@/, '$1***@') : SECRET_SETTINGS.has(key) ? (value ? '***' : '') : value;
    return `  ${key}=${JSON.stringify(shown)}: ${issue.message}`;
  });
  throw new ConfigError(`The register cannot start: some settings are wrong.\n${lines.join('\n')}`);
}

/**
 * Stops a server that would have to run the built-in identity provider in production: with
 * NODE_ENV=production, OIDC_ISSUER is required. Checked by `register start` (not by every command:
 * tools such as Astro set NODE_ENV=production in the process they run in).
 */
export function checkServerSettings(env: Env): void {
  if (env.NODE_ENV === 'production' && !env.OIDC_ISSUER) {
    throw new ConfigError(
      'The register cannot start: some settings are wrong.\n  OIDC_ISSUER="": is required when NODE_ENV=production: the built-in identity provider with sample accounts never runs in production',
    );
  }
}
