/** The write side's transaction carried out by the connection by itself (`inOneGo`): all or nothing, announced after the commit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '#test/fixtures/database.ts';

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
  await database.client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
});
afterEach(() => database.cleanup());

const notes = async () => (await database.client.execute('SELECT text FROM notes ORDER BY id')).rows.map((r) => r.text);

describe('writes carried out in one go', () => {
  it('commits every statement together, lets later statements use earlier ones in SQL, and announces after the commit', async () => {
    const heard: string[] = [];
    database.writes.on('mail-queued', () => heard.push('mail-queued'));
    database.writes.on('committed', () => heard.push('committed'));
    const results = await database.writes.inOneGo(
      [sql`INSERT INTO notes (text) VALUES (${'eerste'})`, sql`INSERT INTO notes (text) SELECT 'na ' || text FROM notes WHERE text = ${'eerste'} RETURNING text`],
      ['mail-queued'],
    );
    expect(results[1].rows.map((r) => r.text)).toEqual(['na eerste']);
    expect(await notes()).toEqual(['eerste', 'na eerste']);
    expect(heard).toEqual(['committed', 'mail-queued']);
  });

  it('writes nothing and announces nothing when one statement fails', async () => {
    const heard: string[] = [];
    database.writes.on('committed', () => heard.push('committed'));
    await database.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('al daar')`]);
    heard.length = 0;
    await expect(database.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('nieuw')`, sql`INSERT INTO notes (text) VALUES ('al daar')`])).rejects.toThrow(/UNIQUE/);
    expect(await notes()).toEqual(['al daar']);
    expect(heard).toEqual([]);
  });

  it('waits for a transaction of the write queue that is open, and runs after it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queued = database.writes.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO notes (text) VALUES ('in de wachtrij')`);
      await held;
    });
    // The queued transaction holds the connection (its first statement ran) until released.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const inOneGo = database.writes.inOneGo([sql`INSERT INTO notes (text) VALUES ('in een keer')`]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await notes()).toEqual([]);
    release();
    await Promise.all([queued, inOneGo]);
    expect(await notes()).toEqual(['in de wachtrij', 'in een keer']);
  });
});
