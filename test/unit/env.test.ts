import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../config/env.ts';

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

  it('names every wrong setting at once', () => {
    expect(() => loadEnv({ PORT: 'x', HOST: ' ' })).toThrow(/PORT[\s\S]*HOST/);
  });
});
