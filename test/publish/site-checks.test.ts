/**
 * The publication check works from what the publisher wrote and carried over: it reads the links
 * of the pages written anew, and those of the carried pages only when a page disappeared.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSite, isClean } from '../../publish/site-checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'site-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(file: string, links: string[]): string {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), `<html><body>${links.map((href) => `<a href="${href}">x</a>`).join(' ')}</body></html>`);
  return file;
}

const home = page('/index.html', ['/gemeenten/gent/', '/open-data/register.json']);
const gent = page('/gemeenten/gent/index.html', ['/dienstverleners/0400000001/', '/']);
const provider = page('/dienstverleners/0400000001/index.html', ['/gemeenten/gent/']);

describe('the publication check', () => {
  it('passes a site whose pages and links are all there', async () => {
    const problems = await checkSite(dir, ['/', '/gemeenten/gent/', '/dienstverleners/0400000001/', '/open-data/register.json'], {
      files: [home, gent, provider, '/open-data/register.json'],
      rendered: [home],
      carried: [gent, provider],
      removed: [],
    });
    expect(isClean(problems)).toBe(true);
  });

  it('finds a carried page that links to a page that is gone', async () => {
    // The provider's page went; the municipality page, carried over unchanged, still links to it.
    const problems = await checkSite(dir, ['/', '/gemeenten/gent/', '/open-data/register.json'], {
      files: [home, gent, '/open-data/register.json'],
      rendered: [home],
      carried: [gent],
      removed: ['/dienstverleners/0400000001/'],
    });
    expect(problems.brokenLinks).toEqual([{ page: '/gemeenten/gent/', href: '/dienstverleners/0400000001/' }]);
  });

  it('finds a missing download and a page the register does not have', async () => {
    const problems = await checkSite(dir, ['/', '/gemeenten/gent/', '/open-data/register.json'], {
      files: [home, gent, provider],
      rendered: [home, gent, provider],
      carried: [],
      removed: [],
    });
    expect(problems.missingPages).toEqual(['/open-data/register.json']);
    expect(problems.unexpectedPages).toEqual(['/dienstverleners/0400000001/']);
  });
});
