/**
 * The documentation a newcomer reads: the README stays a short door, every relative link in the
 * README, CONTRIBUTING.md and docs/ leads to a file that exists (and to a heading that exists, for
 * a link into a Markdown file), and docs/configuration.md is what the settings schema says.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIGURATION_DOC, configurationDocs } from '#scripts/docs-config.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The README's limit: 12 KB. */
const README_MAX_BYTES = 12 * 1024;

/** The Markdown files whose links are checked (notes waiting in docs/_incoming/ are not yet documentation). */
function documentationFiles(): string[] {
  const files = [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '_incoming') walk(path);
      } else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(ROOT, 'docs'));
  return files;
}

/** Markdown without its fenced code blocks and inline code spans (links there are not links). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors GitHub makes of a Markdown file's headings (lower case, punctuation dropped, spaces as hyphens, repeats numbered). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const outsideFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of outsideFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link (and image) of a Markdown file that leads nowhere, as "target: why". */
export function brokenLinks(file: string, markdown: string, read: (path: string) => string | null): string[] {
  const broken: string[] = [];
  for (const match of withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    const path = pathPart === '' ? file : resolve(dirname(file), decodeURI(pathPart));
    const text = read(path);
    if (text === null) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor !== undefined && path.endsWith('.md') && !headingAnchors(text).has(decodeURIComponent(anchor))) {
      broken.push(`${target}: no heading with that anchor`);
    }
  }
  return broken;
}

/** A file's text, '' for a folder, or null when nothing is there. */
function readFromDisk(path: string): string | null {
  if (!existsSync(path)) return null;
  return statSync(path).isDirectory() ? '' : readFileSync(path, 'utf8');
}

describe('the documentation', () => {
  it(`keeps the README a short door: at most ${README_MAX_BYTES} bytes`, () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('links only to files and headings that exist', () => {
    const files = documentationFiles();
    expect(files.map((file) => relative(ROOT, file))).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/configuration.md']));
    const broken = files.flatMap((file) => brokenLinks(file, readFileSync(file, 'utf8'), readFromDisk).map((why) => `${relative(ROOT, file)} → ${why}`));
    expect(broken).toEqual([]);
  });

  it('finds a link to a missing file and one to a missing heading', () => {
    const file = join(ROOT, 'docs', 'example.md');
    const markdown = [
      '# Example',
      '## A heading: `with code`',
      'Fine: [here](#a-heading-with-code), [the other](other.md#run-it), [a site](https://example.org/x.md).',
      'Broken: [gone](gone.md), [no such heading](other.md#no-such-heading), [here too](#nowhere).',
      '```',
      '[in code](not-checked.md)',
      '```',
    ].join('\n');
    const files = new Map([
      [file, markdown],
      [join(ROOT, 'docs', 'other.md'), '# Other\n\n## Run it\n'],
    ]);
    expect(brokenLinks(file, markdown, (path) => files.get(path) ?? null)).toEqual([
      'gone.md: no such file',
      'other.md#no-such-heading: no heading with that anchor',
      '#nowhere: no heading with that anchor',
    ]);
  });

  it('describes every setting as config/env.ts does (npm run docs:config writes it)', () => {
    expect(readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(configurationDocs());
  });
});
