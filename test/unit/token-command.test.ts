/**
 * `register token create|list|revoke` from the command line, as an operator runs it: the token is
 * shown once, only its hash is stored, it works on the API until it is revoked, and a list never
 * shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { createApp } from '#api/app.ts';
import { openDatabase } from '#db/client.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';
import { frozenClock } from '#test/fixtures/clock.ts';
import { FakePublisher } from '#test/fixtures/publisher.ts';

const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;
let database: TestDatabase;
let url: string;

/** Runs `register …` on the test's database, as a separate process (seconds each on a busy machine: the tests allow for it). */
const register = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: join(database.dir, 'data'), REGISTER_NOW: '2026-11-28T10:00:00+01:00' },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** What the API answers a token, from a database opened anew (as another register process would). */
async function apiStatus(token: string): Promise<number> {
  const opened = await openDatabase(url);
  try {
    const app = createApp({ db: opened.db, clock: frozenClock(), publisher: new FakePublisher(), currentPublication: async () => null });
    return (await app.request('/api/v1/change-reports', { headers: { Authorization: `Bearer ${token}` } })).status;
  } finally {
    opened.close();
  }
}

/** The rows of the token table, every column, read by plain SQL. */
async function tokenRows(): Promise<Record<string, unknown>[]> {
  const client = createClient({ url });
  try {
    return (await client.execute('SELECT * FROM api_tokens ORDER BY id')).rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  url = `file:${join(database.dir, 'register.db')}`;
  await insertProviders(database, [{ id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }] }]);
  // The command-line processes have the database to themselves.
  database.close();
});
afterAll(() => database.cleanup());

describe('register token', () => {
  it('makes a provider token shown once, stores only its hash, lists it without the secret, and revokes it', async () => {
    const made = register('token', 'create', '--provider', enterpriseNumber(1).replace(/^(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3'), '--name', 'Koppeling planning');
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^rdv_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toMatch(/^Token (\d+) created for Koppeling planning\. It is shown once; only its hash is stored:/);
    const id = Number(/^Token (\d+)/.exec(made.stderr)![1]);

    // The table holds the SHA-256 of the token and a short prefix, never the token.
    const [row] = await tokenRows();
    expect(row).toMatchObject({ id, role: 'provider', provider_id: 1, name: 'Koppeling planning', token_hash: createHash('sha256').update(token).digest('hex'), revoked_at: null, created_by: null });
    expect(token.startsWith(String(row.prefix))).toBe(true);
    expect(String(row.prefix).length).toBeLessThan(token.length / 4);
    for (const [column, value] of Object.entries(row)) expect(String(value), column).not.toContain(token.slice(4));
    // Nor does any other table, or the journal: the secret is nowhere in the database's files.
    for (const file of ['register.db', 'register.db-wal']) {
      const path = join(database.dir, file);
      if (existsSync(path)) expect(readFileSync(path).includes(token.slice(4)), file).toBe(false);
    }

    // It works on the API, from another process.
    expect(await apiStatus(token)).toBe(200);

    // The list names it by number, role, prefix and holder, with its organisation; never the secret.
    const listed = register('token', 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\s*${id}  provider ${String(row.prefix)}…  Koppeling planning \\(${enterpriseNumber(1).replace(/^(\d{4})(\d{3})(\d{3})$/, '$1\\.$2\\.$3')}\\)  created \\S+  valid$`, 'm'));
    expect(listed.stdout).not.toContain(token.slice(String(row.prefix).length));

    const revoked = register('token', 'revoke', String(id));
    expect(revoked.status).toBe(0);
    expect(revoked.stderr).toBe(`Token ${id} revoked.\n`);
    expect(await apiStatus(token)).toBe(401);
    expect(register('token', 'list').stdout).toMatch(new RegExp(`^\\s*${id}  provider .*  revoked \\S+$`, 'm'));
    // Revoked once: a second time is refused, as is a token that does not exist.
    const again = register('token', 'revoke', String(id));
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`register: there is no active token ${id}.\n`);
  }, 120_000);

  it('makes an administrator token with an end date, which the list and the API respect', async () => {
    const made = register('token', 'create', '--admin', '--name', 'Els Beheerder', '--expires', '2026-12-31');
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(made.stderr).toMatch(/created for Els Beheerder, valid until 2026-12-30T23:00:00\.000Z\./);
    const row = (await tokenRows()).find((r) => r.name === 'Els Beheerder')!;
    expect(row).toMatchObject({ role: 'admin', provider_id: null, expires_at: '2026-12-30T23:00:00.000Z', token_hash: createHash('sha256').update(token).digest('hex') });
    expect(register('token', 'list').stdout).toMatch(/^\s*\d+  admin    rdv_\S+…  Els Beheerder  created \S+  valid until 2026-12-30T23:00:00\.000Z$/m);
  }, 60_000);

  it('refuses a provider that is not in the register, writing nothing', async () => {
    const before = (await tokenRows()).length;
    const refused = register('token', 'create', '--provider', '0403170701');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('register: no provider with enterprise number 0403.170.701 is in the register.\n');
    expect(refused.stdout).toBe('');
    expect((await tokenRows()).length).toBe(before);
  }, 60_000);
});
