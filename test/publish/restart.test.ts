/** A build killed with SIGKILL: the old site stays online, and the next start cleans up and publishes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../db/client.ts';
import { fileChangeReport } from '../../db/commands/change-reports.ts';
import { publications, providers } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { checkedFetch } from '../api/contract.ts';

const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;
let dir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
const pubs = () => join(dir, 'data', 'publications');
const online = () => readlinkSync(join(pubs(), 'current'));
const register = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 120_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'register-restart-'));
  env = { ...process.env, DATABASE_URL: `file:${join(dir, 'r.db')}`, DATA_DIR: join(dir, 'data'), PORT: String(42000 + Math.floor(Math.random() * 1000)) };
  expect(register('seed', '--providers', '30', '--seed', 'restart').status).toBe(0);
  expect(register('publish').status).toBe(0);
}, 180_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 during a build', () => {
  it('keeps the old site online, then cleans up and publishes the pending change at the next start', async () => {
    const before = online();
    // An accepted change marks the register as needing publication.
    const database = await openDatabase(env.DATABASE_URL!);
    const [provider] = await database.db.select().from(providers).limit(1);
    await fileChangeReport(database.db, { providerId: provider.id, actor: { name: 'test' }, request: { kind: 'free_places', payload: { freePlaces: 0 } }, now: new Date() });

    // Start a publication and kill it while it renders.
    const build = spawn(process.execPath, [bin, 'publish'], { env, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (!readdirSync(pubs()).some((n) => n.startsWith('.building-') && existsSync(join(pubs(), n, 'register.json')))) {
      if (Date.now() > deadline) throw new Error('the build never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    build.kill('SIGKILL');
    await new Promise((resolve) => build.once('exit', resolve));
    expect(online()).toBe(before);
    expect(readdirSync(pubs()).some((n) => n.startsWith('.building-'))).toBe(true);
    const [killed] = await database.db.select().from(publications).where(eq(publications.status, 'running'));
    expect(killed).toBeDefined();

    // The next start: old leftovers go, the killed publication is marked failed, and it publishes again.
    server = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: server!.stderr! });
      lines.on('line', (line) => {
        log.push(line);
        if (line.includes('served on')) resolve();
      });
      server!.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${log.join('\n')}`)));
    });
    expect(log.join('\n')).toMatch(/Cleaned up after an interrupted build/);
    expect(log.join('\n')).toMatch(/changes are waiting to be published/);
    expect(online()).not.toBe(before);
    expect(readdirSync(pubs()).some((n) => n.startsWith('.building-'))).toBe(false);
    const health = (await (await checkedFetch(`http://127.0.0.1:${env.PORT}/api/health`)).json()) as { publication: string };
    expect(health.publication).toBe(online());
    const page = await (await fetch(`http://127.0.0.1:${env.PORT}/dienstverleners/${provider.enterpriseNumber}/`)).text();
    expect(page).toMatch(/Vrije plaatsen<\/dt><dd>0</);
    const [marked] = await database.db.select().from(publications).where(eq(publications.id, killed.id));
    expect(marked).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
    database.close();
  }, 180_000);
});
