/**
 * The publication check works from what the publisher wrote and carried over rather than by
 * walking the site: it reads the links of the pages it is given (the publisher gives the pages
 * written anew, and the carried pages too when a page disappeared).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkFiles, findBrokenLinks } from '#publish/site-checks.ts';

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
  const expected = ['/', '/gemeenten/gent/', '/dienstverleners/0400000001/', '/open-data/register.json'];

  it('passes a site whose pages, downloads and links are all there', async () => {
    expect(checkFiles(expected, [home, gent, provider, '/open-data/register.json'])).toEqual({ missingPages: [], unexpectedPages: [] });
    expect(await findBrokenLinks(dir, [home, gent, provider], [home, ...expected])).toEqual([]);
  });

  it('finds a carried page that links to a page that is gone', async () => {
    // The provider's page went; the municipality page, carried over unchanged, still links to it.
    const now = expected.filter((p) => !p.startsWith('/dienstverleners/'));
    expect(await findBrokenLinks(dir, [home, gent], [home, ...now])).toEqual([{ page: '/gemeenten/gent/', href: '/dienstverleners/0400000001/' }]);
  });

  it('finds a missing download and a page the register does not have', () => {
    const problems = checkFiles(['/', '/gemeenten/gent/', '/open-data/register.json'], [home, gent, provider]);
    expect(problems.missingPages).toEqual(['/open-data/register.json']);
    expect(problems.unexpectedPages).toEqual(['/dienstverleners/0400000001/']);
  });
});

describe('the internal links of a page', () => {
  it('are the href and src values that start with one slash, without query or fragment', async () => {
    const { internalLinks } = await import('#publish/site-checks.ts');
    const html = `<a href="/a/">a</a> <img src="/b.svg"> <a href="//cdn.example/x">x</a> <a href="https://example.org/">e</a>
      <a data-href="/not-a-link/">n</a> <a class="x" href="/c/?pagina=2#top">c</a> <link\nhref="/d.css"> <a href="mailto:a@b.be">m</a>`;
    expect([...internalLinks(html)]).toEqual(['/a/', '/b.svg', '/c/', '/d.css']);
  });
});
