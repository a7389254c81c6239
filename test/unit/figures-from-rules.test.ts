/**
 * Every term and figure of the rules (7, 45, 30 and 45 days, 5 years, 2 years, 6 months…) that a
 * page or a mail states comes from the rules module, and so does every date computed from one:
 * no Dutch text writes such a figure by hand, and no page or mail does date arithmetic itself.
 * Change a figure in domain/rules/ and every text follows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
/** Where the texts people read are written: the mails, the public site and the portal. */
const FOLDERS = ['mail', 'site/pages', 'site/components', 'site/layouts', 'site/lib', 'portal'];

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

/** The lines of a file that are code or text, not comments (comments may explain a figure). */
function codeLines(path: string): { line: number; text: string }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ line: i + 1, text }))
    .filter(({ text }) => !/^\s*(\/\/|\/\*\*?|\*)/.test(text));
}

// A number (in digits, or a number word other than the article "een") followed by a unit of time.
const HAND_WRITTEN_TERM = /\b(\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertig|vijfenveertig)\s+(opeenvolgende\s+|volle\s+)?(dag|dagen|maand|maanden|jaar|jaren|kalenderjaren|week|weken)\b|\b(vijfde|zevende|dertigste|vijfenveertigste)\b/i;
const DATE_ARITHMETIC = /\b(addDays|addMonths|addYears|daysBetween)\s*\(/;

const lines = FOLDERS.flatMap((folder) => filesUnder(join(root, folder))).flatMap((path) => codeLines(path).map((l) => ({ ...l, file: relative(root, path) })));

describe('figures and dates in texts come from the rules module', () => {
  it('reads the texts of the mails, the site and the portal', () => {
    expect(lines.some((l) => l.file === 'site/pages/erkenning.astro')).toBe(true);
    expect(lines.some((l) => l.file.startsWith('mail/templates/'))).toBe(true);
    expect(lines.some((l) => l.file.startsWith('portal/pages/'))).toBe(true);
  });

  it('writes no term of the rules by hand', () => {
    const found = lines.filter((l) => HAND_WRITTEN_TERM.test(l.text)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });

  it('computes no date outside the rules module', () => {
    const found = lines.filter((l) => DATE_ARITHMETIC.test(l.text)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });

  it('catches a term written by hand, in digits or in words', () => {
    for (const text of ['Binnen 7 dagen beoordeelt', 'een erkenning geldt 5 jaar', 'binnen zes maanden', 'twee opeenvolgende kalenderjaren', 'de vijfde verjaardag']) {
      expect(HAND_WRITTEN_TERM.test(text), text).toBe(true);
    }
    for (const text of ['Binnen {ADMISSIBILITY_DAYS} dagen', 'binnen ${dutchNumber(months)} maanden', 'een jaar zonder begeleiding']) {
      expect(HAND_WRITTEN_TERM.test(text), text).toBe(false);
    }
  });
});
