/**
 * Removes an old publication's folder in a process of its own, at the lowest priority, pausing
 * while a publication builds. Deleting a site of 10,000 providers (20,000 files in 10,000
 * folders) takes seconds of system time; beside the next publication, which usually starts at
 * once, it slowed that one down by about as much, also at the lowest priority (the work is the
 * file system's). The parent pauses and resumes it by message; when the parent goes, it finishes
 * unpaused. What it leaves (a killed removal) goes at the next start.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);

/** Removals still running. */
const removals = new Set<ChildProcess>();

/** Starts removing `dir` (renamed out of sight already) in the background. */
export function removeInBackground(dir: string): void {
  const child = fork(THIS_FILE, [dir], { stdio: 'ignore' });
  child.on('error', () => undefined); // what is left goes at the next start
  child.on('exit', () => removals.delete(child));
  removals.add(child);
  try {
    if (child.pid !== undefined) setPriority(child.pid, 19);
  } catch {
    // Not allowed here: it runs at normal priority.
  }
  child.unref();
  child.channel?.unref();
}

/** Pauses the removals while a publication builds, or lets them go on. */
export function pauseRemovals(pause: boolean): void {
  for (const child of removals) if (child.connected) child.send(pause ? 'pause' : 'resume', () => undefined);
}

// Run as a removal.
if (process.argv[1] === THIS_FILE && process.send) {
  let resume: (() => void) | null = null;
  let paused: Promise<void> | null = null;
  const go = () => {
    paused = null;
    resume?.();
    resume = null;
  };
  process.on('message', (message) => {
    if (message === 'pause') paused ??= new Promise((resolve) => (resume = resolve));
    else go();
  });
  process.on('disconnect', go);
  let done = 0;
  const removeTree = async (path: string): Promise<void> => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      // A turn for the messages every hundred removals, and a wait while paused.
      if (++done % 100 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (paused) await paused;
      }
      const child = join(path, entry.name);
      if (entry.isDirectory()) await removeTree(child);
      else unlinkSync(child);
    }
    rmdirSync(path);
  };
  try {
    await removeTree(process.argv[2]);
  } catch {
    // Left for the next start.
  }
  process.exit(0);
}
