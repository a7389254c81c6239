/** The one text schema (domain/text.ts): what a typed text may hold, and how it is stored. */
import { describe, expect, it } from 'vitest';
import { multiLineText, singleLineText, textProblem } from '#domain/text.ts';

const line = singleLineText({ max: 20 });
const lines = multiLineText({ max: 40 });
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message) ?? [];

describe('a text field', () => {
  it('stores text in NFC, trimmed, with its line breaks as \\n', () => {
    // "é" typed as e + combining acute becomes the one character U+00E9.
    expect(line.parse('  Cafe\u0301 Gent ')).toBe('Caf\u00e9 Gent');
    expect(lines.parse(' eerste\r\ntweede\rderde\u2028vierde\tkolom\n')).toBe('eerste\ntweede\nderde\nvierde\tkolom');
    expect(line.parse('Ĳzer “Zonnebloem” 🌻')).toBe('Ĳzer “Zonnebloem” 🌻');
  });

  it.each([
    ['NUL', 'a\u0000b', /control character \(U\+0000\)/],
    ['bell', 'a\u0007b', /control character \(U\+0007\)/],
    ['DEL', 'a\u007fb', /control character \(U\+007F\)/],
    ['a C1 control', 'a\u0085b', /control character \(U\+0085\)/],
    ['a lone high surrogate', 'a\ud83cb', /lone surrogate, U\+D83C/],
    ['a lone low surrogate', 'a\udf3bb', /lone surrogate, U\+DF3B/],
    ['U+FFFE', 'a\ufffeb', /U\+FFFE, which is not a character/],
    ['U+FFFF', 'a\uffffb', /U\+FFFF, which is not a character/],
    ['U+FDD0', 'a\ufdd0b', /U\+FDD0, which is not a character/],
    ['U+10FFFF', 'a\u{10ffff}b', /U\+10FFFF, which is not a character/],
  ])('refuses %s in any text, saying which character', (_, value, message) => {
    expect(messages(line.safeParse(value))).toEqual([expect.stringMatching(message)]);
    expect(messages(lines.safeParse(value))).toEqual([expect.stringMatching(message)]);
  });

  it('refuses line breaks and tabs on one line only', () => {
    for (const value of ['a\nb', 'a\r\nb', 'a\u2028b']) expect(messages(line.safeParse(value))).toEqual(['contains a line break; this field is one line']);
    expect(messages(line.safeParse('a\tb'))).toEqual(['contains a tab; this field is one line']);
    for (const value of ['a\nb', 'a\tb']) expect(lines.safeParse(value).success).toBe(true);
  });

  it('counts length after normalising, and refuses an empty text', () => {
    expect(messages(line.safeParse('   '))).toEqual(['cannot be empty']);
    expect(line.safeParse(`${'e\u0301'.repeat(20)}`).success).toBe(true);
    expect(messages(line.safeParse('x'.repeat(21)))).toEqual(['at most 20 characters']);
    expect(singleLineText({ max: 5, min: 0 }).parse('')).toBe('');
  });

  it('keeps a surrogate pair (a character outside the BMP) whole', () => {
    expect(textProblem('😀', 'single')).toBeNull();
    expect(textProblem('😀'.slice(0, 1), 'single')).toMatch(/lone surrogate/);
  });
});
