/** A clock tests can move, and the words of a mail for comparing its two parts. */
import type { Clock } from '../../config/clock.ts';

/** A clock that stays where it is put. */
export function movableClock(start: string): Clock & { set(instant: string): void; advance(ms: number): void } {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    set: (instant) => {
      at = new Date(instant).getTime();
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/**
 * The words a reader gets from a mail part, in order: for HTML the text of the body (tags
 * dropped, entities decoded); punctuation that only marks layout (a colon after a label, a
 * list dash) is dropped from both, so the two parts can be compared word for word.
 */
export function wordsOf(part: string, kind: 'text' | 'html'): string[] {
  let text = part;
  if (kind === 'html') {
    text = text
      .replace(/^[\s\S]*<body[^>]*>/i, '')
      .replace(/<\/body>[\s\S]*$/i, '')
      .replace(/<h1[^>]*>[\s\S]*?<\/h1>/i, '') // the heading repeats the subject
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(#?\w+);/g, (_, name: string) => ENTITIES[name] ?? `&${name};`);
  }
  return text
    .split(/\s+/)
    .map((word) => word.replace(/:$/, ''))
    .filter((word) => word && word !== '-');
}
