import { describe, expect, it } from 'vitest';
import { checkServerSettings, ConfigError, departmentContactOf, loadEnv } from '#config/env.ts';
import { SAMPLE_DEPARTMENT_CONTACT } from '#domain/department-contact.ts';

describe('settings', () => {
  it('has defaults for everything', () => {
    expect(loadEnv({})).toMatchObject({ PORT: 4321, HOST: '127.0.0.1', DATABASE_URL: 'file:data/register.db', DATA_DIR: 'data', SAMPLE_PROVIDERS: 120 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ PORT: '' }).PORT).toBe(4321);
  });

  it('accepts a libSQL server URL', () => {
    expect(loadEnv({ DATABASE_URL: 'libsql://register.example.turso.io' }).DATABASE_URL).toBe('libsql://register.example.turso.io');
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": must be a port number/],
    ['PORT', '70000', /PORT="70000": must be a port number/],
    ['DATABASE_URL', 'postgres://x', /DATABASE_URL="postgres:\/\/x": use file:/],
    ['REGISTER_NOW', 'yesterday', /REGISTER_NOW="yesterday": must be an ISO 8601 instant/],
    ['SAMPLE_PROVIDERS', '0', /SAMPLE_PROVIDERS="0": must be a whole number/],
    ['ADMIN_EMAILS', 'els@werk.be, beheer', /ADMIN_EMAILS="els@werk.be, beheer": must be e-mail addresses separated by commas; not valid: beheer$/m],
    ['MAIL_FROM', 'Register <noreply@werk.be>', /MAIL_FROM=.*not a valid e-mail address/],
    ['SMTP_URL', 'https://mail.example.be', /SMTP_URL="https:\/\/mail.example.be": must be an smtp:\/\/ or smtps:\/\/ URL/],
    ['TRUST_PROXY', 'true', /TRUST_PROXY="true": must be the number of proxies in front of the register/],
    ['TRUST_PROXY', '-1', /TRUST_PROXY="-1": must be the number of proxies/],
    ['NODE_ENV', 'prod', /NODE_ENV="prod": must be 'development', 'production' or 'test'/],
    ['OIDC_ISSUER', 'authenticatie.vlaanderen.be', /OIDC_ISSUER="authenticatie.vlaanderen.be": must be the http\(s\) URL of the OpenID Connect issuer/],
    ['OIDC_SCOPE', 'profile vo', /OIDC_SCOPE="profile vo": must include openid/],
    ['OIDC_SCOPE', 'openid  profile', /OIDC_SCOPE="openid  profile": must be scope names separated by single spaces/],
    ['OIDC_ORGANISATION_CLAIM', 'vo orgcode', /OIDC_ORGANISATION_CLAIM="vo orgcode": must be the name of a claim/],
    ['OIDC_PROVIDER_ROLE', 'rol:met:dubbelepunt', /OIDC_PROVIDER_ROLE=.*must be a role name without spaces, colons or commas/],
    ['SESSION_IDLE_MINUTES', '0', /SESSION_IDLE_MINUTES="0": must be a whole number of minutes from 1 to 1440/],
    ['SESSION_MAX_HOURS', '48', /SESSION_MAX_HOURS="48": must be a whole number of hours from 1 to 24/],
  ])('stops on %s=%s with a readable message', (key, value, message) => {
    expect(() => loadEnv({ [key]: value })).toThrow(ConfigError);
    expect(() => loadEnv({ [key]: value })).toThrow(message);
  });

  it('reads the administrators as a list of addresses, and no mail server as "write .eml files"', () => {
    const env = loadEnv({ ADMIN_EMAILS: ' els@werk.be,, jan@werk.be ' });
    expect(env.ADMIN_EMAILS).toEqual(['els@werk.be', 'jan@werk.be']);
    expect(env.SMTP_URL).toBeUndefined();
    expect(loadEnv({}).ADMIN_EMAILS).toEqual([]);
  });

  it('never shows the mail server password in its message', () => {
    expect(() => loadEnv({ SMTP_URL: 'smtpx://register:geheim@mail.example.be:587' })).toThrow(/SMTP_URL="smtpx:\/\/register:\*\*\*@mail.example.be:587"/);
    expect(() => loadEnv({ SMTP_URL: 'smtpx://register:geheim@mail.example.be:587' })).not.toThrow(/geheim/);
  });

  it('never shows a secret setting in its message, only that it is wrong', () => {
    const wrong = () => loadEnv({ PUBLISHER: 'hook', PUBLISH_HOOK_URL: 'https://ci.example.be/hook', PUBLISH_HOOK_SECRET: 'kort-geheim' });
    expect(wrong).toThrow(/PUBLISH_HOOK_SECRET="\*\*\*": must be at least 16 characters/);
    expect(wrong).not.toThrow(/kort-geheim/);
  });

  it('signs in through the built-in identity provider by default, with ACM/IDM’s claim names and the source page’s role', () => {
    expect(loadEnv({}).OIDC_ISSUER).toBeUndefined();
    expect(loadEnv({})).toMatchObject({ OIDC_ORGANISATION_CLAIM: 'vo_orgcode', OIDC_ORGANISATION_NAME_CLAIM: 'vo_orgnaam', OIDC_PROVIDER_ROLE: 'DWSE-organisatieverantwoordelijke', SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 8 });
  });

  it('needs the client id and secret with an issuer, and never shows the secret', () => {
    expect(() => loadEnv({ OIDC_ISSUER: 'https://authenticatie.vlaanderen.be/op' })).toThrow(/OIDC_CLIENT_ID="": is required with OIDC_ISSUER[\s\S]*OIDC_CLIENT_SECRET="": is required with OIDC_ISSUER/);
    const wrong = () => loadEnv({ OIDC_ISSUER: 'https://authenticatie.vlaanderen.be/op', OIDC_CLIENT_ID: 'register', OIDC_CLIENT_SECRET: 'heel-geheim', OIDC_CLIENT_AUTH: 'private_key_jwt' });
    expect(wrong).toThrow(/OIDC_CLIENT_AUTH="private_key_jwt"/);
    expect(() => loadEnv({ OIDC_ISSUER: 'https://x.example', OIDC_CLIENT_ID: 'r', OIDC_CLIENT_SECRET: 'heel-geheim', OIDC_ADMIN_ROLE: 'DWSE-organisatieverantwoordelijke' })).toThrow(/OIDC_ADMIN_ROLE=.*must differ from OIDC_PROVIDER_ROLE/);
    expect(() => loadEnv({ OIDC_ISSUER: 'https://x.example', OIDC_CLIENT_ID: 'r', OIDC_CLIENT_SECRET: 'heel-geheim', OIDC_ADMIN_ROLE: 'DWSE-organisatieverantwoordelijke' })).not.toThrow(/heel-geheim/);
  });

  it('refuses to serve in production without an identity provider: the sample accounts never run there', () => {
    const production = loadEnv({ NODE_ENV: 'production' });
    expect(() => checkServerSettings(production)).toThrow(ConfigError);
    expect(() => checkServerSettings(production)).toThrow(/OIDC_ISSUER="": is required when NODE_ENV=production/);
    expect(() => checkServerSettings(loadEnv({ NODE_ENV: 'production', OIDC_ISSUER: 'https://authenticatie.vlaanderen.be/op', OIDC_CLIENT_ID: 'r', OIDC_CLIENT_SECRET: 's' }))).not.toThrow();
    expect(() => checkServerSettings(loadEnv({}))).not.toThrow();
  });

  it('names every wrong setting at once', () => {
    expect(() => loadEnv({ PORT: 'x', HOST: ' ' })).toThrow(/PORT[\s\S]*HOST/);
  });
});

describe("the department's contact settings", () => {
  it('default to sample values, which the pages mark as samples', () => {
    const contact = departmentContactOf(loadEnv({}));
    expect(contact).toEqual({
      name: SAMPLE_DEPARTMENT_CONTACT.name,
      addressLines: ['Voorbeeldstraat 1', '1000 Brussel'],
      email: SAMPLE_DEPARTMENT_CONTACT.email,
      phone: SAMPLE_DEPARTMENT_CONTACT.phone,
      isSample: true,
    });
  });

  it('take real values: the address split into its lines, the phone in E.164, no longer marked as samples', () => {
    const contact = departmentContactOf(
      loadEnv({ DEPARTMENT_NAME: 'Departement Werk en Sociale Economie', DEPARTMENT_ADDRESS: 'Koning Albert II-laan 35 bus 20, 1030 Brussel', DEPARTMENT_EMAIL: 'register@werk.example', DEPARTMENT_PHONE: '02 553 44 33' }),
    );
    expect(contact).toEqual({ name: 'Departement Werk en Sociale Economie', addressLines: ['Koning Albert II-laan 35 bus 20', '1030 Brussel'], email: 'register@werk.example', phone: '+3225534433', isSample: false });
  });

  it('stay marked as samples while one of the address, e-mail or phone is still the sample', () => {
    expect(departmentContactOf(loadEnv({ DEPARTMENT_ADDRESS: 'Koning Albert II-laan 35, 1030 Brussel', DEPARTMENT_EMAIL: 'register@werk.example' })).isSample).toBe(true);
  });

  it.each([
    ['DEPARTMENT_NAME', 'WS', /DEPARTMENT_NAME="WS": must be the name of the department/],
    ['DEPARTMENT_NAME', 'Departement\nWerk', /DEPARTMENT_NAME="Departement\\nWerk": contains a line break; this field is one line/],
    ['DEPARTMENT_ADDRESS', 'Koning Albert II-laan 35 bus 20 1030 Brussel', /DEPARTMENT_ADDRESS=.*must be the postal address on one line: street and number, then the postcode and town after a comma/],
    ['DEPARTMENT_ADDRESS', 'Koning Albert II-laan 35, Brussel', /DEPARTMENT_ADDRESS=.*must be the postal address on one line/],
    ['DEPARTMENT_EMAIL', 'register at werk.be', /DEPARTMENT_EMAIL="register at werk.be": not a valid e-mail address/],
    ['DEPARTMENT_PHONE', '02 553', /DEPARTMENT_PHONE="02 553": not a valid phone number: it has too few or too many digits/],
    ['DEPARTMENT_PHONE', '02-WERK-BE', /DEPARTMENT_PHONE="02-WERK-BE": not a valid phone number: use only digits/],
  ])('stops on %s=%j with a readable message', (key, value, message) => {
    expect(() => loadEnv({ [key]: value })).toThrow(ConfigError);
    expect(() => loadEnv({ [key]: value })).toThrow(message);
  });
});
