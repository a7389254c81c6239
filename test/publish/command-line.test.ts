/**
 * `register publish`, `register publish --full` and `register rollback` as an operator runs them:
 * a publication is recorded and switched in, `--full` builds every page anew instead of on the
 * publication online, and a rollback puts a kept publication back online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { publicationsDir } from '#publish/build-publication.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';

const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;
let database: TestDatabase;
let dataDir: string;

/** Runs `register …` on the test's database and data folder, as a separate process. */
const register = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: `file:${join(database.dir, 'register.db')}`, DATA_DIR: dataDir, REGISTER_NOW: '2026-11-28T10:00:00+01:00' },
    encoding: 'utf8',
    timeout: 240_000,
  });

const online = () => readlinkSync(join(publicationsDir(dataDir), 'current'));
/** The file a page of publication `id` is, by inode: a page carried over from the publication before is the same file. */
const inodeOf = (id: string, page: string) => statSync(join(publicationsDir(dataDir), id, 'site', page)).ino;

async function publicationRows(): Promise<{ id: string; trigger: string; status: string; full: number }[]> {
  const client = createClient({ url: `file:${join(database.dir, 'register.db')}` });
  try {
    return (await client.execute('SELECT id, trigger, status, full FROM publications ORDER BY requested_at')).rows.map((r) => ({ id: String(r.id), trigger: String(r.trigger), status: String(r.status), full: Number(r.full) }));
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = join(database.dir, 'data');
  await insertProviders(database, [
    { id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }] },
    { id: 2, name: 'Jobanker Brugge bv', municipalityNis: '31005', postcode: '8000', workingArea: ['31005'], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }] },
  ]);
  database.close();
});
afterAll(() => database.cleanup());

describe('publishing from the command line', () => {
  it('publishes, publishes everything anew with --full, and rolls back to a kept publication', async () => {
    const first = register('publish');
    expect(first.status, first.stderr).toBe(0);
    const firstId = /Published (\S+): \d+ pages\./.exec(first.stderr)?.[1];
    expect(firstId, first.stderr).toBeDefined();
    expect(online()).toBe(firstId);

    // --full renders every page anew: nothing is carried over from the publication online (an
    // unchanged page with parameters would otherwise be the very same file, linked; the pages
    // without parameters render anew in every build, so they tell nothing here).
    const full = register('publish', '--full');
    expect(full.status, full.stderr).toBe(0);
    const fullId = /Published (\S+): \d+ pages\./.exec(full.stderr)![1];
    expect(fullId).not.toBe(firstId);
    expect(online()).toBe(fullId);
    const providerPage = `dienstverleners/${enterpriseNumber(1)}/index.html`;
    for (const page of [providerPage, 'gemeenten/gent/index.html', 'provincies/limburg/index.html']) expect(inodeOf(fullId, page), page).not.toBe(inodeOf(firstId!, page));
    expect(await publicationRows()).toEqual([
      { id: firstId, trigger: 'command line', status: 'succeeded', full: 0 },
      { id: fullId, trigger: 'command line', status: 'succeeded', full: 1 },
    ]);

    // Back to the first: the link online moves, and says so.
    const back = register('rollback', firstId!);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stderr).toBe(`The site online is now publication ${firstId}.\n`);
    expect(online()).toBe(firstId);

    // A publication that is not kept is refused, naming the ones that are; the site stays.
    const unknown = register('rollback', '20990101-000000-000');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(new RegExp(`Publication 20990101-000000-000 is not kept on disk; the last 5 are: ${fullId}, ${firstId}\\.`));
    expect(online()).toBe(firstId);
    // Without an id: a usage error.
    const bare = register('rollback');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/rollback takes the id of a kept publication/);
  }, 600_000);
});
