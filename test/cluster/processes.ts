/**
 * Real register processes for the tests of several processes on one database: each is
 * `bin/register.mjs start` (or `cluster`) in a process of its own, with PORT, DATABASE_URL and
 * DATA_DIR from the test, its log kept. Every process a test starts is killed when it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;

/** A register process started by a test. */
export interface RegisterProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Every line it wrote to stderr so far. */
  log: string[];
  /** Resolves when it wrote a line matching `pattern` (or at once when it did already). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when it exited. */
  exited: Promise<number | null>;
}

/** A scratch folder with a database and a data folder, and the processes started on them. */
export function scratchRegister(prefix: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), `register-${prefix}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'register.db')}`,
    DATA_DIR: join(dir, 'data'),
    SAMPLE_PROVIDERS: '30',
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  const started: RegisterProcess[] = [];
  const basePort = 44000 + Math.floor(Math.random() * 1500) * 10;
  let nextPort = 0;

  /** Spawns `register <args>` on a port of its own (or `port`); does not wait for it to serve. */
  const spawnRegister = (name: string, args: string[] = ['start'], port = basePort + nextPort++): RegisterProcess => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.push(line);
      for (const w of [...waiting]) if (w.pattern.test(line)) (waiting.splice(waiting.indexOf(w), 1), w.resolve(line));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const registerProcess: RegisterProcess = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      child,
      log,
      exited,
      logged: (pattern, timeoutMs = 120_000) => {
        const seen = log.find((line) => pattern.test(line));
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${name} did not log ${pattern} within ${timeoutMs / 1000} s:\n${log.join('\n')}`)), timeoutMs);
          waiting.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
          void exited.then((code) => reject(new Error(`${name} exited (${code}) before logging ${pattern}:\n${log.join('\n')}`)));
        });
      },
    };
    started.push(registerProcess);
    return registerProcess;
  };

  /** Starts `register start` and resolves once it serves. */
  const startRegister = async (name: string): Promise<RegisterProcess> => {
    const started = spawnRegister(name);
    await started.logged(/The register is served on/);
    return started;
  };

  return {
    dir,
    env,
    spawnRegister,
    startRegister,
    /** Kills every process still running and removes the folder. */
    async cleanup() {
      for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(started.map((p) => p.exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An HTTP request on a connection of its own (no keep-alive: a load balancer's view of each request). */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: { ...init.headers, ...(init.body ? { 'Content-Length': String(Buffer.byteLength(init.body)) } : {}) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The process id in a lease holder's name (host:pid#instance). */
export function pidOfHolder(holder: string): number {
  return Number(/:(\d+)#/.exec(holder)?.[1]);
}

/** Waits until `check` resolves truthy, looking every `everyMs`; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
