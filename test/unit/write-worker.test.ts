/** The write connection on its worker thread: transactions, errors and values as the local driver gives them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlError, type Client } from '@libsql/client';
import { createWorkerClient } from '#db/worker-client.ts';

let dir: string;
let worker: Client;
let direct: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'register-worker-'));
  const url = `file:${join(dir, 'w.db')}`;
  worker = createWorkerClient(url);
  direct = createClient({ url });
  await worker.execute('PRAGMA journal_mode = WAL');
  await worker.execute('PRAGMA foreign_keys = ON');
  await worker.executeMultiple(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data BLOB, score REAL);
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
    CREATE TRIGGER no_delete BEFORE DELETE ON child BEGIN SELECT RAISE(ABORT, 'children stay'); END;`);
});

afterAll(() => {
  worker.close();
  direct.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the write connection on a worker thread', () => {
  it('gives rows, values and counts as the local driver does', async () => {
    const inserted = await worker.execute({ sql: 'INSERT INTO parent (name, data, score, id) VALUES (?, ?, ?, ?)', args: ['a', new Uint8Array([1, 2, 3]).buffer, 1.5, 7] });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(7n);
    const viaWorker = await worker.execute('SELECT id, name, data, score, NULL AS missing FROM parent');
    const viaDriver = await direct.execute('SELECT id, name, data, score, NULL AS missing FROM parent');
    expect(viaWorker.columns).toEqual(viaDriver.columns);
    expect(viaWorker.rows.map((r) => ({ ...r }))).toEqual(viaDriver.rows.map((r) => ({ ...r })));
    expect(Array.from(viaWorker.rows[0])).toEqual(Array.from(viaDriver.rows[0]));
    expect(viaWorker.rows[0].length).toBe(5);
    expect(new Uint8Array(viaWorker.rows[0].data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('commits a transaction whole, and a rolled-back one leaves nothing', async () => {
    const committed = await worker.transaction('write');
    await committed.execute({ sql: 'INSERT INTO parent (name) VALUES (?)', args: ['b'] });
    await committed.execute({ sql: 'INSERT INTO child (parent_id) VALUES (last_insert_rowid())', args: [] });
    await committed.commit();
    const rolledBack = await worker.transaction('write');
    await rolledBack.execute({ sql: 'INSERT INTO parent (name) VALUES (?)', args: ['c'] });
    await rolledBack.rollback();
    expect((await direct.execute('SELECT name FROM parent ORDER BY name')).rows.map((r) => r.name)).toEqual(['a', 'b']);
    expect((await direct.execute('SELECT count(*) AS n FROM child')).rows[0].n).toBe(1);
  });

  it('reports errors with the codes of the local driver, constraint and trigger messages included', async () => {
    const duplicate = await worker.execute({ sql: 'INSERT INTO parent (name) VALUES (?)', args: ['a'] }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(LibsqlError);
    expect(duplicate).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(String((duplicate as Error).message)).toMatch(/^SQLITE_CONSTRAINT: UNIQUE constraint failed: parent.name/);
    await expect(worker.execute('INSERT INTO child (parent_id) VALUES (999)')).rejects.toMatchObject({ extendedCode: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    await expect(worker.execute('DELETE FROM child')).rejects.toThrow(/children stay/);
    await expect(worker.execute({ sql: 'SELECT ?', args: [undefined as never] })).rejects.toThrow(/undefined cannot be passed/);
    await expect(worker.execute('SELEC nonsense')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
  });

  it('runs transactions one at a time: a second waits for the first, and a write outside waits too', async () => {
    const first = await worker.transaction('write');
    const second = await worker.transaction('write');
    await first.execute({ sql: 'INSERT INTO parent (name) VALUES (?)', args: ['first'] });
    // The second's first statement waits until the first transaction ends.
    const secondInsert = second.execute({ sql: "INSERT INTO parent (name) SELECT 'second after ' || count(*) FROM parent", args: [] });
    const outside = worker.execute("INSERT INTO parent (name) SELECT 'outside after ' || count(*) FROM parent");
    let secondDone = false;
    void secondInsert.then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(secondDone).toBe(false);
    await first.commit();
    await secondInsert;
    await second.commit();
    await outside;
    const names = (await direct.execute('SELECT name FROM parent ORDER BY id')).rows.map((r) => r.name);
    expect(names.slice(-3)).toEqual(['first', 'second after 3', 'outside after 4']);
  });

  it('runs a batch all or nothing', async () => {
    const before = (await direct.execute('SELECT count(*) AS n FROM parent')).rows[0].n;
    await expect(worker.batch([{ sql: "INSERT INTO parent (name) VALUES ('x')", args: [] }, { sql: "INSERT INTO parent (name) VALUES ('a')", args: [] }], 'write')).rejects.toThrow(/UNIQUE/);
    expect((await direct.execute('SELECT count(*) AS n FROM parent')).rows[0].n).toBe(before);
    const results = await worker.batch([{ sql: "INSERT INTO parent (name) VALUES ('y')", args: [] }, 'SELECT count(*) AS n FROM parent'], 'write');
    expect(results[1].rows[0].n).toBe(Number(before) + 1);
  });
});

describe('a transaction when another process is writing', () => {
  it('waits for the other writer without blocking, and keeps the busy timeout', async () => {
    await worker.execute('PRAGMA busy_timeout = 5000');
    const other = await direct.transaction('write');
    await other.execute("INSERT INTO parent (name) VALUES ('other process')");
    const mine = await worker.transaction('write');
    let done = false;
    const inserted = mine.execute("INSERT INTO parent (name) VALUES ('mine, after')").then(() => (done = true));
    // The event loop runs meanwhile: this timer fires while the other writer holds the database.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toBe(false);
    await other.commit();
    await inserted;
    await mine.commit();
    const names = (await direct.execute('SELECT name FROM parent ORDER BY id')).rows.map((r) => r.name);
    expect(names.slice(-2)).toEqual(['other process', 'mine, after']);
    expect((await worker.execute('PRAGMA busy_timeout')).rows[0][0]).toBe(5000);
  });
});
