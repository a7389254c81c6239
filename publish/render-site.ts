/**
 * Renders the public site with Astro in a process of its own. Node never unloads the modules it
 * imported, and Astro's pages read the whole register snapshot when they load: rendering in the
 * server's process kept a copy of the register for every publication (30 to 80 MB each at 10,000
 * providers), for as long as the server ran. The renderer process keeps them instead, renders
 * publication after publication with Astro loaded and warm, and is replaced by a fresh one once
 * what it keeps passes {@link RETIRE_AT_BYTES}: memory stays bounded, and most publications do
 * not wait for a renderer to start (about two seconds). It renders from the project folder
 * without changing the server's working directory, waits without keeping the server alive, and
 * stops when the server goes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { join } from 'node:path';
import { PROJECT_ROOT } from '#config/project.ts';

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Where the renders of publication `id` write: inside the project, because Astro bundles the
 * pages for prerendering next to its output when that lies under the working directory, and the
 * bundle must find node_modules (see the pipeline's render step).
 */
export const renderRoot = (id: string) => join(PROJECT_ROOT, '.astro', 'renders', id);

/** A renderer whose heap keeps more than this after a render is replaced. */
const RETIRE_AT_BYTES = 384 * 1024 * 1024;

/** What the parent asks a renderer to do: render into `outDir` with these environment variables. */
const RenderJobSchema = z.strictObject({ outDir: z.string(), env: z.record(z.string(), z.string().nullable()) });
type RenderJob = z.infer<typeof RenderJobSchema>;

/** What a renderer answers to a job. */
interface RenderAnswer {
  done?: boolean;
  error?: string;
  /** Its peak resident memory so far, in bytes. */
  maxRss: number;
  /** What its heap keeps after the render and a full garbage collection, in bytes. */
  kept: number;
}

interface Renderer {
  child: ChildProcess;
  stderr: string[];
}

/** The renderer for the next render (started ahead, or kept from the last one). */
let ready: Renderer | null = null;
/** The largest peak memory (resident set) a renderer of this process reported, in bytes. */
let peakRendererMemory = 0;
/** Renders run one at a time (the publisher builds one publication at a time too). */
let queue: Promise<unknown> = Promise.resolve();

/** The largest peak memory a renderer reached so far, in bytes (the benchmarks print it). */
export function rendererPeakMemory(): number {
  return peakRendererMemory;
}

function startRenderer(): Renderer {
  const child = fork(THIS_FILE, [], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // To measure what a render leaves behind.
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  const renderer: Renderer = { child, stderr: [] };
  let logged = 0;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // Enough to say what went wrong; a runaway log must not fill the memory.
    if (logged < 20_000) renderer.stderr.push(chunk);
    logged += chunk.length;
  });
  child.on('exit', () => {
    if (ready === renderer) ready = null;
  });
  child.on('error', () => undefined); // reported to the job through 'exit'
  idle(renderer);
  return renderer;
}

/** Waiting, a renderer must not keep the process alive. */
function idle({ child }: Renderer): void {
  child.unref();
  child.channel?.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
}

/**
 * Renders the site into `outDir` in the renderer process, with `env` set there
 * (REGISTER_SNAPSHOT, and REGISTER_RENDER_ONLY or not: `undefined` unsets a variable).
 */
export function renderSite(outDir: string, env: Record<string, string | undefined>): Promise<void> {
  const run = queue.then(() => renderOnce(outDir, env));
  queue = run.catch(() => undefined);
  return run;
}

async function renderOnce(outDir: string, env: Record<string, string | undefined>): Promise<void> {
  const renderer = ready && ready.child.exitCode === null && ready.child.connected ? ready : startRenderer();
  ready = null;
  const { child, stderr } = renderer;
  child.ref();
  child.channel?.ref();
  stderr.length = 0;
  let answer: RenderAnswer | null = null;
  try {
    answer = await new Promise<RenderAnswer>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`Rendering the site failed (${signal ?? `exit code ${code}`}): ${stderr.join('').trim() || 'no message'}`));
      child.once('exit', onExit);
      child.once('message', (message: RenderAnswer) => {
        child.off('exit', onExit);
        resolve(message);
      });
      const job: RenderJob = { outDir, env: Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value ?? null])) };
      child.send(job, (error) => {
        if (error) reject(error);
      });
    });
  } finally {
    if (answer) peakRendererMemory = Math.max(peakRendererMemory, answer.maxRss);
    if (answer?.done && answer.kept < RETIRE_AT_BYTES) {
      idle(renderer);
      ready = renderer;
    } else {
      // Failed, gone, or keeping too much: the next render gets a fresh renderer, which loads
      // Astro now, while nothing renders.
      child.kill();
      ready = startRenderer();
    }
  }
  if (!answer.done) throw new Error(`Rendering the site failed: ${answer.error ?? 'no message'}`);
}

/** Stops the renderer waiting for the next publication (one starts again when needed). */
export function closeRenderer(): void {
  ready?.child.kill();
  ready = null;
}

// Run as a renderer: load Astro, then render each job that comes, one at a time.
if (process.argv[1] === THIS_FILE && process.send) {
  // Without its parent there is no one to move the pages into a publication.
  process.on('disconnect', () => process.exit(1));
  const astro = import('astro');
  astro.catch(() => undefined); // reported with the first job
  const memory = () => ({ maxRss: process.resourceUsage().maxRSS * 1024, kept: process.memoryUsage().heapUsed });
  let jobs: Promise<unknown> = Promise.resolve();
  process.on('message', (message: unknown) => {
    jobs = jobs.then(async () => {
      try {
        const { build } = await astro;
        const job = RenderJobSchema.parse(message);
        for (const [name, value] of Object.entries(job.env)) {
          if (value === null) delete process.env[name];
          else process.env[name] = value;
        }
        await build({ root: PROJECT_ROOT, outDir: job.outDir, logLevel: 'error' });
        (globalThis as { gc?: () => void }).gc?.();
        process.send!({ done: true, ...memory() } satisfies RenderAnswer);
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.send!({ error: text, ...memory() } satisfies RenderAnswer);
      }
    });
  });
}
