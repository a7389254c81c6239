/**
 * Renders the public site with Astro in a process of its own. Node never unloads the modules it
 * imported, and Astro's pages read the whole register snapshot when they load: rendering in the
 * server's process kept a copy of the register for every publication (tens of megabytes each,
 * at 10,000 providers). A child process gives all of it back when it exits, and renders from the
 * project folder without changing the server's working directory.
 *
 * Each renderer renders once. When it is done the next one starts, so that it has loaded Astro
 * (about a second) before the next publication needs it; it waits without keeping the server
 * alive, and stops when the server goes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project folder, where astro.config.mjs lives. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

/** What the parent asks a renderer to do: render into `outDir` with these environment variables. */
const RenderJobSchema = z.strictObject({ outDir: z.string(), env: z.record(z.string(), z.string().nullable()) });
type RenderJob = z.infer<typeof RenderJobSchema>;

/** The largest peak memory (resident set) a renderer of this process reported, in bytes. */
let peakRendererMemory = 0;

/** The largest peak memory a renderer reached so far, in bytes (the benchmarks print it). */
export function rendererPeakMemory(): number {
  return peakRendererMemory;
}

/** The renderer started ahead for the next render. */
let spare: { child: ChildProcess; stderr: string[] } | null = null;

function startRenderer(): { child: ChildProcess; stderr: string[] } {
  const child = fork(THIS_FILE, [], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const stderr: string[] = [];
  let kept = 0;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // Enough to say what went wrong; a runaway log must not fill the memory.
    if (kept < 20_000) stderr.push(chunk);
    kept += chunk.length;
  });
  const renderer = { child, stderr };
  child.on('exit', () => {
    if (spare === renderer) spare = null;
  });
  child.on('error', () => undefined); // reported to the job through 'exit'
  // Waiting, it must not keep the process alive.
  child.unref();
  child.channel?.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  return renderer;
}

/**
 * Renders the site into `outDir` in a child process, with `env` added to this process's
 * environment (REGISTER_SNAPSHOT, and REGISTER_RENDER_ONLY or not: `undefined` leaves a variable unset).
 */
export function renderSite(outDir: string, env: Record<string, string | undefined>): Promise<void> {
  const renderer = spare && spare.child.exitCode === null ? spare : startRenderer();
  spare = null;
  const { child, stderr } = renderer;
  child.ref();
  child.channel?.ref();
  const rendered = new Promise<void>((resolve, reject) => {
    let answered = false;
    child.on('message', (message: { done?: boolean; error?: string; maxRss?: number }) => {
      answered = true;
      peakRendererMemory = Math.max(peakRendererMemory, message.maxRss ?? 0);
      if (message.done) resolve();
      else reject(new Error(`Rendering the site failed: ${message.error ?? 'no message'}`));
    });
    child.on('exit', (code, signal) => {
      if (!answered) reject(new Error(`Rendering the site failed (${signal ?? `exit code ${code}`}): ${stderr.join('').trim() || 'no message'}`));
    });
    const job: RenderJob = { outDir, env: Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value ?? null])) };
    child.send(job, (error) => {
      if (error) reject(error);
    });
  });
  // The next renderer loads while nothing renders (on two cores it would slow this one down).
  const startNext = () => void (spare ??= startRenderer());
  rendered.then(startNext, startNext);
  return rendered;
}

/** Stops the renderer waiting for the next publication (one starts again when needed). */
export function closeRenderer(): void {
  spare?.child.kill();
  spare = null;
}

// Run as a renderer: load Astro, wait for one job, render, answer, leave.
if (process.argv[1] === THIS_FILE && process.send) {
  // Without its parent there is no one to move the pages into a publication.
  process.on('disconnect', () => process.exit(1));
  const astro = import('astro');
  astro.catch(() => undefined); // reported with the job
  process.once('message', async (message: unknown) => {
    try {
      const { build } = await astro;
      const job = RenderJobSchema.parse(message);
      for (const [name, value] of Object.entries(job.env)) {
        if (value === null) delete process.env[name];
        else process.env[name] = value;
      }
      await build({ root: PROJECT_ROOT, outDir: job.outDir, logLevel: 'error' });
      process.send!({ done: true, maxRss: process.resourceUsage().maxRSS * 1024 }, () => process.exit(0));
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send!({ error: text }, () => process.exit(1));
    }
  });
}
