#!/usr/bin/env node
/**
 * The layer check (`npm run check:layers`): dependency-cruiser with the rules of
 * .dependency-cruiser.cjs over the project's code, Astro pages and components included.
 * dependency-cruiser cannot read an .astro file, so the check cruises a copy of the code in which
 * each .astro file is its frontmatter as TypeScript (`X.astro.ts`); violations are reported by the
 * real file names. Exits 1 when a rule is broken.
 */
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The folders of the project's code, as the rules name them. */
export const LAYER_FOLDERS = ['domain', 'config', 'db', 'mail', 'site', 'publish', 'api', 'server', 'portal', 'cli', 'bench', 'test'];
const CODE = /\.(ts|mts|mjs|cjs|js|astro)$/;
const SKIP = new Set(['node_modules', 'dist', 'data', '.astro', '.tools', 'migrations', 'standards']);

/** Imports of an Astro component become imports of its frontmatter's copy. */
const toCopies = (text) => text.replace(/(\.astro)(['"])/g, '$1.ts$2');

/** An Astro file's frontmatter (the script between its first two `---` lines), or nothing. */
function frontmatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return match ? match[1] : '';
}

function copyCode(from, to) {
  for (const entry of readdirSync(from)) {
    if (SKIP.has(entry)) continue;
    const path = join(from, entry);
    if (statSync(path).isDirectory()) {
      copyCode(path, join(to, entry));
    } else if (CODE.test(entry)) {
      mkdirSync(to, { recursive: true });
      const text = readFileSync(path, 'utf8');
      if (entry.endsWith('.astro')) writeFileSync(join(to, `${entry}.ts`), toCopies(frontmatter(text)));
      else writeFileSync(join(to, entry), toCopies(text));
    }
  }
}

/**
 * The rules broken under `root` (the project, or a small one made by a test), as
 * "rule: from → to" with the real file names, sorted.
 */
export async function layerViolations(root = ROOT, folders = LAYER_FOLDERS) {
  const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs'));
  const copy = mkdtempSync(join(tmpdir(), 'register-layers-'));
  try {
    const present = folders.filter((folder) => statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory());
    for (const folder of present) copyCode(join(root, folder), join(copy, folder));
    // The package's subpath imports (`#db/…`) resolve through its package.json, copied beside the code.
    const manifest = join(root, 'package.json');
    if (statSync(manifest, { throwIfNoEntry: false })?.isFile()) writeFileSync(join(copy, 'package.json'), readFileSync(manifest));
    const { tsConfig: _tsConfig, ...options } = config.options;
    const { output } = await cruise(present, { ...options, baseDir: copy, validate: true, ruleSet: { forbidden: config.forbidden } });
    const real = (path) => path.replace(/\.astro\.ts$/, '.astro');
    return output.summary.violations.map((v) => `${v.rule.name}: ${real(v.from)} → ${real(v.to)}`).sort();
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const violations = await layerViolations();
  if (violations.length > 0) {
    process.stderr.write(`The layer rules (.dependency-cruiser.cjs, docs/architecture.md) are broken:\n${violations.map((v) => `  ${v}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('Layers: every import runs downward, and there is no circle.\n');
}
