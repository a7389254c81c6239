/**
 * The publication check looks for private values in the downloads, not only on provider pages:
 * in the register and the change log, from which every other download and feed is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPrivateValues } from '#publish/site-checks.ts';
import { TextScanner } from '#domain/text-scan.ts';

let dir: string;
const write = (path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'register-scan-'));
  write('/dienstverleners/0403170701/index.html', '<p>Werkkracht vzw</p>');
  write('/open-data/register.json', '{"providers":[{"name":"Werkkracht vzw","street":"Tom & Co Begeleider"}]}');
  write('/open-data/wijzigingen.jsonl', '{"summary":"Contactpersoon \\"Jan\\" Peeters"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the private-data check of a publication', () => {
  it('finds a value in the register download, and in the log as JSON escapes it', async () => {
    const leaks = await findPrivateValues(dir, new Map([['0403170701', ['Tom & Co Begeleider', 'Contactpersoon "Jan" Peeters', 'Nergens Aanwezig']]]));
    expect(leaks).toEqual(['/open-data/register.json', '/open-data/wijzigingen.jsonl']);
  });

  it('finds nothing when the values are not there', async () => {
    expect(await findPrivateValues(dir, new Map([['0403170701', ['Nergens Aanwezig', 'Ook Niet Hier']]]))).toEqual([]);
  });

  it('scans for many strings at once, each found once', () => {
    const scanner = new TextScanner<number>();
    for (let i = 0; i < 5000; i++) scanner.add(`naam-${i}-x`, i);
    expect(scanner.find('begin naam-42-x, naam-4999-x en naam-42-x').map((hit) => hit.label).sort((a, b) => a - b)).toEqual([42, 4999]);
  });
});
