/**
 * The one schema of free text the register accepts, for every field a person types (names,
 * addresses, reasons, notes, motivations): the API, the pages and the command line all use it.
 *
 * What a text may not hold is what breaks somewhere downstream: a NUL byte is stored whole but
 * read back cut short (so the published log no longer verifies), a lone surrogate cannot be
 * encoded as UTF-8 (hashing the log fails), control characters land raw in CSV, HTML and feeds,
 * and U+FFFE/U+FFFF and the other noncharacters make XML ill-formed. So a text is refused with
 * the field named when it holds a control character (a line break or tab only in a multi-line
 * field), a noncharacter or a lone surrogate; what is accepted is normalised to NFC, its line
 * breaks to "\n", and trimmed.
 */
import { z } from 'zod';

/** Whether a text may span several lines (notes, motivations) or is one line (names, addresses). */
export type TextLines = 'single' | 'multi';

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` cannot be a text of this kind, or null when it can. */
export function textProblem(value: string, lines: TextLines): string | null {
  // for…of walks code points: a surrogate seen on its own is one without its partner.
  for (const character of value) {
    const cp = character.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return `contains a broken character (a lone surrogate, ${hex(cp)})`;
    if (cp === 0x0a || cp === 0x0d || cp === 0x09 || cp === 0x2028 || cp === 0x2029) {
      if (lines === 'single') return cp === 0x09 ? 'contains a tab; this field is one line' : 'contains a line break; this field is one line';
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `contains a control character (${hex(cp)})`;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return `contains ${hex(cp)}, which is not a character`;
  }
  return null;
}

/** The text as stored: NFC, line breaks as "\n", no spaces around. Only for text that passed {@link textProblem}. */
export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n').trim();
}

/** A zod check refusing what {@link textProblem} refuses (stops further checks), also for strings that are not plain text (URLs). */
export function refuseUnsafeCharacters(lines: TextLines) {
  return (ctx: z.core.ParsePayload<string>) => {
    const why = textProblem(ctx.value, lines);
    if (why) ctx.issues.push({ code: 'custom', message: why, input: ctx.value, continue: false });
  };
}

/** Options of a text field. */
export interface TextOptions {
  /** At most this many characters (after normalising). */
  max: number;
  /** At least this many (default 1: an empty or blank text is refused). */
  min?: number;
}

function text(lines: TextLines, { max, min = 1 }: TextOptions) {
  const description = lines === 'single' ? 'One line of text: no line breaks, tabs or other control characters' : 'Text; line breaks and tabs allowed, no other control characters';
  return z
    .string()
    .check(refuseUnsafeCharacters(lines))
    .overwrite(normaliseText)
    .min(min, min === 1 ? 'cannot be empty' : `at least ${min} characters`)
    .max(max, `at most ${max} characters`)
    .describe(`${description}, no noncharacters (U+FFFE, U+FFFF…) or lone surrogates; normalised to NFC and trimmed.`);
}

/** One line of text (a name, an address, a reference): no line breaks or tabs. */
export function singleLineText(options: TextOptions) {
  return text('single', options);
}

/** Text that may span lines (a note, a motivation, a reason): line breaks and tabs allowed. */
export function multiLineText(options: TextOptions) {
  return text('multi', options);
}
