/**
 * The layer check (`npm run check:layers`, part of `npm run check` and CI) can fail: the
 * project's own dependency-cruiser rules reject an import that runs upward and a circle, on a
 * small project made for the test; and the project itself keeps to them.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const ROOT = new URL('../../', import.meta.url).pathname;
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** The rules broken by the files under `dir`, as "rule: from → to". */
async function violations(dir: string, paths: string[]): Promise<string[]> {
  const { tsConfig: _tsConfig, ...options } = config.options!;
  const { output } = await cruise(paths, { ...options, baseDir: dir, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

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
    });
    try {
      expect(await violations(dir, ['domain', 'db', 'mail', 'api', 'site', 'server'])).toEqual([
        'db-imports-only-domain-config: db/commands/decide.ts → mail/templates.ts',
        'mail-imports-only-db-domain-config: mail/templates.ts → api/deps.ts',
        'no-circular: site/a.ts → site/b.ts',
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

  it('finds no broken rule in the project', async () => {
    const layers = ['domain', 'config', 'db', 'mail', 'site', 'publish', 'api', 'server', 'portal', 'cli', 'bench', 'test'];
    expect(await violations(ROOT, layers)).toEqual([]);
  }, 120_000);
});
