#!/usr/bin/env node
// The `register` command. The tool is written in TypeScript that Node runs directly, which needs
// Node 22.12 or later. npm runs the project's scripts (`npm start`, `npx register`) on the Node 24
// that `npm install` brings with the project (the `node` package); this launcher also finds that
// Node when it is started by an older one (`node bin/register.mjs` on Node 20), and says plainly
// what to do when there is none. Keep this file plain JavaScript that any Node can parse.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
const recent = major > 22 || (major === 22 && minor >= 12);

/** Runs the command in another Node and leaves with its exit code. */
function runWith(node, flags) {
  const result = spawnSync(node, [...flags, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) {
    console.error(`Could not start ${node}: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}

if (!recent) {
  const projectNode = fileURLToPath(new URL(`../node_modules/node/bin/${process.platform === 'win32' ? 'node.exe' : 'node'}`, import.meta.url));
  if (existsSync(projectNode)) runWith(projectNode, []);
  console.error(
    `The register needs Node 22.12 or later, and this is Node ${process.versions.node}.\n` +
      'Run "npm install" in the project folder first: it brings Node 24 with the project, and "npm start",\n' +
      '"npm test" and "npx register" then use it. Or install Node 24 LTS from https://nodejs.org/.',
  );
  process.exit(1);
} else if (process.features.typescript) {
  await import(main);
} else {
  // Node 22.12–22.17 strip types only when asked.
  runWith(process.execPath, ['--experimental-strip-types', '--no-warnings=ExperimentalWarning']);
}
