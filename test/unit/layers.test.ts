/**
 * The layer check (`npm run check:layers`, part of `npm run check` and CI) can fail: the
 * project's own dependency-cruiser rules reject an import that runs upward (in an Astro page's
 * frontmatter too) and a circle, on a small project made for the test; and the project itself
 * keeps to them.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { layerViolations as violations } from '../../bin/check-layers.mjs';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'register-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the layer check', () => {
  it('rejects a lower layer importing a higher one, type imports included, and a circle', async () => {
    const dir = project({
      'domain/rules.ts': 'export const DAYS = 30;\n',
      'db/commands/decide.ts': "import { DAYS } from '../../domain/rules.ts';\nimport { mailOf } from '../../mail/templates.ts';\nexport const decide = () => mailOf(DAYS);\n",
      'mail/templates.ts': "import type { Publisher } from '../api/deps.ts';\nexport const mailOf = (days: number): string => `within ${days} days`;\nexport type P = Publisher;\n",
      'api/deps.ts': 'export interface Publisher { changed(): void }\n',
      'site/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'site/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      'server/main.ts': "import type { Publisher } from '../api/deps.ts';\nimport { decide } from '../db/commands/decide.ts';\nexport const run = (p: Publisher) => { decide(); p.changed(); };\n",
      'publish/pages.ts': 'export const PAGE_SIZE = 100;\n',
      'site/components/Pager.astro': "---\nimport { PAGE_SIZE } from '../../publish/pages.ts';\ninterface Props { page: number }\nconst { page } = Astro.props;\n---\n<a href={`/pagina/${page + 1}/`}>volgende ({PAGE_SIZE})</a>\n",
      'site/pages/index.astro': "---\nimport Pager from '../components/Pager.astro';\nimport { DAYS } from '../../domain/rules.ts';\n---\n<p>{DAYS}</p><Pager page={1} />\n",
    });
    try {
      expect(await violations(dir, ['domain', 'db', 'mail', 'api', 'site', 'publish', 'server'])).toEqual([
        'db-imports-only-domain-config: db/commands/decide.ts → mail/templates.ts',
        'mail-imports-only-db-domain-config: mail/templates.ts → api/deps.ts',
        'no-circular: site/a.ts → site/b.ts',
        'site-imports-only-db-domain-config: site/components/Pager.astro → publish/pages.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a write from db/queries/', async () => {
    const dir = project({
      'db/write-lock.ts': 'export const writeTransaction = () => undefined;\n',
      'db/queries/sessions.ts': "import { writeTransaction } from '../write-lock.ts';\nexport const touch = () => writeTransaction();\n",
    });
    try {
      expect(await violations(dir, ['db'])).toEqual(['db-reads-in-queries: db/queries/sessions.ts → db/write-lock.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows the package.json subpath imports (#db/…) the project uses across folders', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'layers-fixture', type: 'module', imports: { '#domain/*': './domain/*', '#mail/*': './mail/*' } }),
      'domain/rules.ts': 'export const DAYS = 30;\n',
      'mail/templates.ts': 'export const mailOf = (days: number): string => `within ${days} days`;\n',
      'db/commands/decide.ts': "import { DAYS } from '#domain/rules.ts';\nimport { mailOf } from '#mail/templates.ts';\nexport const decide = () => mailOf(DAYS);\n",
    });
    try {
      expect(await violations(dir, ['domain', 'db', 'mail'])).toEqual(['db-imports-only-domain-config: db/commands/decide.ts → mail/templates.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds no broken rule in the project', async () => {
    expect(await violations()).toEqual([]);
  }, 120_000);
});
