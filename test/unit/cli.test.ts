import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'register-cli-'));
  try {
    const result = spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: `file:${join(dir, 'r.db')}`, DATA_DIR: join(dir, 'data'), ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { ...result, databaseCreated: existsSync(join(dir, 'r.db')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the register command', () => {
  it('prints its usage for help', () => {
    const result = run(['help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: register <command>/);
    for (const command of ['start', 'migrate', 'seed', 'build']) expect(result.stdout).toContain(command);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['seed', '--providers', 'abc'], /--providers takes a whole number/],
    [['seed', '--providers', '100001'], /--providers can be at most 100000/],
    [['seed', '--as-of', '2026-02-30'], /--as-of takes a date/],
    [['seed', '--colour'], /Unknown option '--colour'/],
    [['build', 'extra'], /Unexpected argument 'extra'|unexpected/i],
    [['evaluate', '--at', '28/11/2026'], /--at takes a date written YYYY-MM-DD/],
    [['token', 'create', '--admin', '--name', 'Els\u0007Beheerder'], /--name contains a control character \(U\+0007\)/],
    [['token', 'create', '--admin', '--name', 'Els\nBeheerder'], /--name contains a line break/],
    [[], /Usage/],
  ])('refuses %j with exit code 2 and a clear message, touching nothing', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toMatch(message);
    expect(result.databaseCreated).toBe(false);
  });

  it('stops with a readable message on a wrong setting', () => {
    const result = run(['migrate'], { PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT="eighty": must be a port number/);
  });

  it('stops at once, naming DATA_DIR, when the data folder cannot be made', () => {
    // Node's own recursive mkdir spins for ever under /proc; the register must not.
    const started = Date.now();
    const result = run(['start'], { DATA_DIR: '/proc/register-cannot-be-here/data' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DATA_DIR="\/proc\/register-cannot-be-here\/data" cannot be used/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    expect(Date.now() - started).toBeLessThan(20_000);
    const file = run(['publish'], { DATA_DIR: bin });
    expect(file.status).toBe(1);
    expect(file.stderr).toMatch(/DATA_DIR=".*register\.mjs" cannot be used: .* is a file, not a folder/);
  });

  it('stops at once, naming DATABASE_URL, when the database cannot be opened or reached, without showing a password', () => {
    const local = run(['migrate'], { DATABASE_URL: 'file:/proc/register-cannot-be-here/r.db' });
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/DATABASE_URL="file:\/proc\/register-cannot-be-here\/r.db" cannot be opened/);
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const server = run(['migrate'], { DATABASE_URL: 'http://registerbeheer:geheim-wachtwoord@127.0.0.1:1' });
    expect(server.status).toBe(1);
    expect(server.stderr).toMatch(/DATABASE_URL="http:\/\/\*\*\*@127.0.0.1:1" cannot be reached \(.+\)/);
    expect(server.stderr).toMatch(/Check DATABASE_URL and DATABASE_AUTH_TOKEN/);
    expect(server.stderr).not.toContain('geheim-wachtwoord');
    expect(server.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('migrates and seeds, and refuses to seed a register that has providers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-cli-'));
    const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'r.db')}`, DATA_DIR: join(dir, 'data'), ADMIN_EMAILS: 'els@werk.example' };
    try {
      const seed = spawnSync(process.execPath, [bin, 'seed', '--providers', '25', '--seed', '9', '--as-of', '2026-11-28'], { env, encoding: 'utf8' });
      expect(seed.status).toBe(0);
      expect(seed.stderr).toMatch(/Seeded 25 sample providers, 26 applications/);
      // The sample is stored as the evaluation of its own day would leave it.
      const sameDay = spawnSync(process.execPath, [bin, 'evaluate', '--at', '2026-11-28'], { env, encoding: 'utf8' });
      expect(sameDay.status).toBe(0);
      expect(sameDay.stdout).toMatch(/as of 2026-11-28: 0 changed status/);
      // The sample has deadlines due and recognitions near their end: warnings and one digest, once.
      expect(sameDay.stdout).toMatch(/Mail for 2026-11-28: [1-9]\d* new warnings to providers, 1 deadline digests to administrators/);
      const sameDayAgain = spawnSync(process.execPath, [bin, 'evaluate', '--at', '2026-11-28'], { env, encoding: 'utf8' });
      expect(sameDayAgain.stdout).toMatch(/Mail for 2026-11-28: 0 new warnings to providers, 0 deadline digests/);
      const later = spawnSync(process.execPath, [bin, 'evaluate', '--at', '2032-01-01'], { env, encoding: 'utf8' });
      expect(later.stdout).toMatch(/as of 2032-01-01: [1-9]\d* changed status/);
      expect(later.stdout).toMatch(/Erkend → Verlopen/);
      // A day before the last one evaluated is a dry run: it says what would change, and writes nothing.
      const events = () => spawnSync(process.execPath, ['-e', `const { createClient } = require('@libsql/client'); createClient({ url: process.env.DATABASE_URL }).execute('SELECT count(*) AS n FROM change_events').then((r) => console.log(r.rows[0].n))`], { env, encoding: 'utf8' }).stdout.trim();
      const logged = events();
      const earlier = spawnSync(process.execPath, [bin, 'evaluate', '--at', '2026-11-28'], { env, encoding: 'utf8' });
      expect(earlier.status).toBe(0);
      expect(earlier.stdout).toMatch(/^Dry run: the register was last evaluated for 2032-01-01\. Evaluating 2026-11-28, an earlier day, .* so nothing is written and no mail is enqueued\./);
      expect(earlier.stdout).toMatch(/As of 2026-11-28, [1-9]\d* of \d+ recognitions would have another status/);
      expect(earlier.stdout).toMatch(/Verlopen → Erkend/);
      expect(earlier.stdout).not.toMatch(/Mail for/);
      expect(events()).toBe(logged);
      const again = spawnSync(process.execPath, [bin, 'seed'], { env, encoding: 'utf8' });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already holds 25 providers; use --replace/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
