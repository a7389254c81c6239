#!/usr/bin/env node
// The `register` command. The tool is written in TypeScript that Node runs directly: Node 22.18+
// and 24 strip the types by themselves; Node 22.12–22.17 need the flag, so we ask for it there.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
if (process.features.typescript) {
  await import(main);
} else {
  const result = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings=ExperimentalWarning', main, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
