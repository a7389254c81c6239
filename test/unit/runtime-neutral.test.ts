/**
 * The API app must run on an edge runtime with a libSQL server URL: bundled for a neutral
 * platform it may not import any Node built-in (Node-specific pieces are injected from
 * server/server.ts).
 */
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const options: BuildOptions = {
  bundle: true,
  platform: 'neutral',
  format: 'esm',
  write: false,
  logLevel: 'silent',
  mainFields: ['module', 'main'],
  conditions: ['worker', 'import', 'default'],
  metafile: true,
};

describe('the API app', () => {
  it('bundles for a neutral platform without any Node built-in', async () => {
    const result = await build({ ...options, entryPoints: [fileURLToPath(new URL('../../api/app.ts', import.meta.url))] });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((input) => input.includes('api/app.ts'))).toBe(true);
    // From publish/ only its contract (publish/publisher.ts), never the Node code that publishes.
    expect(inputs.filter((input) => /^node:|(^|\/)server\/|db\/client\.ts|publish\/(?!publisher\.ts$)/.test(input))).toEqual([]);
  }, 60_000);

  it('would be caught importing one', async () => {
    const failed = await build({ ...options, stdin: { contents: "import { readFileSync } from 'node:fs'; export const x = readFileSync;", loader: 'ts', resolveDir: '.' } }).catch(
      (error: { errors: { text: string }[] }) => error,
    );
    expect('errors' in failed && failed.errors.map((e) => e.text).join()).toMatch(/node:fs/);
  });
});
