/**
 * `register cluster [N]` (`npm run cluster -- N`): N `register start` processes on one database
 * and one data folder, behind one port. A development aid to see several processes work: the
 * entry point is Node's own cluster module, whose primary process accepts the connections on
 * PORT and hands each to the next process in turn (round robin); in production a load balancer
 * does this in front of processes that may run on several machines (docs/several-processes.md).
 *
 * SIGHUP restarts the processes one by one (a rolling restart: the new process first, and the old
 * one is stopped once the new one serves); SIGINT or SIGTERM stops them all cleanly. A process
 * that stops by itself is started again.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { loadEnv } from '#config/env.ts';
import { UsageError } from '#cli/usage.ts';

/** The most processes the command starts (each renders publications and holds a database connection). */
const MAX_PROCESSES = 16;

/** Reads the number of processes from the command line. */
export function parseClusterCount(positionals: string[]): number {
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  if (positionals.length === 0) return 3;
  const count = Number(positionals[0]);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PROCESSES) throw new UsageError(`the number of processes must be a whole number from 1 to ${MAX_PROCESSES}, not '${positionals[0]}'`);
  return count;
}

/** Runs the processes until stopped; resolves with the exit code. */
export async function clusterCommand(count: number): Promise<number> {
  const env = loadEnv(); // a wrong setting stops here, once, not in every process
  const log = (message: string) => process.stderr.write(`[cluster] ${message}\n`);
  cluster.setupPrimary({ exec: fileURLToPath(new URL('../../bin/register.mjs', import.meta.url)), args: ['start'], silent: true });
  let numbered = 0;
  let stopping = false;
  const replacing = new Set<Worker>();

  const fork = (): Promise<Worker> => {
    const number = ++numbered;
    const worker = cluster.fork({ REGISTER_PROCESS: String(number) });
    for (const stream of [worker.process.stdout, worker.process.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${number}] ${line}\n`));
    }
    worker.once('exit', (code, signal) => {
      if (stopping || replacing.has(worker)) return;
      log(`process ${number} stopped (${signal ?? `exit code ${code}`}); starting another.`);
      setTimeout(() => void fork(), 1_000);
    });
    return new Promise((resolve, reject) => {
      worker.once('listening', () => resolve(worker));
      worker.once('exit', (code) => reject(new Error(`process ${number} stopped before it served (exit code ${code})`)));
    });
  };

  const stop = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      worker.once('exit', () => resolve());
      // The process's own clean stop: no new connections, requests and the publication in
      // progress finished, leases given up.
      worker.process.kill('SIGTERM');
    });

  log(`starting ${count} register processes on DATABASE_URL and DATA_DIR=${env.DATA_DIR}, served together on http://${env.HOST}:${env.PORT}/`);
  try {
    await Promise.all(Array.from({ length: count }, fork));
  } catch (error) {
    log(`${(error as Error).message}; stopping.`);
    stopping = true;
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => stop(w!)));
    return 1;
  }
  log(`${count} processes serve http://${env.HOST}:${env.PORT}/ in turn. Rolling restart: kill -HUP ${process.pid}. Stop: Ctrl+C.`);

  let restarting = false;
  process.on('SIGHUP', async () => {
    if (restarting || stopping) return;
    restarting = true;
    log('rolling restart: each process is replaced by a new one, which serves before the old one stops.');
    try {
      for (const old of Object.values(cluster.workers ?? {})) {
        if (!old || stopping) continue;
        await fork();
        replacing.add(old);
        await stop(old);
        replacing.delete(old);
      }
      log('rolling restart done.');
    } catch (error) {
      log(`rolling restart stopped: ${(error as Error).message}`);
    } finally {
      restarting = false;
    }
  });

  return new Promise((resolve) => {
    const end = async () => {
      if (stopping) return;
      stopping = true;
      log('stopping every process.');
      await Promise.all(Object.values(cluster.workers ?? {}).map((w) => stop(w!)));
      resolve(0);
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
}
