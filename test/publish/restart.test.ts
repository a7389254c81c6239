/**
 * A register killed with SIGKILL during a build and while sending a mail: the old site stays
 * online, and the next start cleans up and publishes, and marks the mail that may have left as
 * 'unknown' instead of sending it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '#db/client.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { mailOutbox, publications, providers } from '#db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { MailSender, INTERRUPTED_ANSWER } from '#mail/sender.ts';
import { systemClock } from '#config/clock.ts';
import { eventually } from '#test/cluster/processes.ts';
import { checkedFetch } from '#test/api/contract.ts';

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

describe('kill -9 during a build and a mail', () => {
  it('keeps the old site online, then cleans up, publishes the pending change and leaves the interrupted mail alone at the next start', async () => {
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

    // A sender that stopped mid-send (its process died after handing the mail over): the mail it
    // claimed stays 'sending'. (It never answers: this sender is as good as dead.)
    void new MailSender({ db: database.db, clock: systemClock, transport: { description: 'dies mid-send', deliver: () => new Promise(() => {}) }, from: 'register@werk.example' }).deliverDue();
    const interrupted = await eventually('a mail is being sent', async () => (await database.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'sending')))[0]);

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

    // The mail that may have left is marked, and never sent again by itself; the others go.
    await eventually('the mails waiting are delivered', async () => (await database.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'pending'))).length === 0, 60_000);
    const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, interrupted.id));
    expect(mail).toMatchObject({ status: 'unknown', attempts: 1, lastAnswer: INTERRUPTED_ANSWER });
    expect(log.join('\n')).toMatch(/^1 mails were being sent by a register process that stopped; they are marked 'unknown'/m);
    expect(existsSync(join(dir, 'data', 'outbox', `${String(interrupted.id).padStart(6, '0')}.eml`))).toBe(false);
    expect(readdirSync(join(dir, 'data', 'outbox')).length).toBeGreaterThan(0);
    database.close();
  }, 180_000);
});
