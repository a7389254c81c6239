/**
 * Atom feeds (RFC 4287) of the public change log: the whole register, each municipality and each
 * provider, each with its latest {@link FEED_LENGTH} entries, newest first.
 *
 * An entry concerns a municipality when the provider served it just before or just after the
 * change (its working area as the log states it): a provider that starts serving Gent, stops
 * serving it, or changes anything while serving it, shows in Gent's feed.
 */
import { LICENCE, OPEN_DATA_FILES, PUBLISHER, FEED_LENGTH, municipalityFeedPath, providerFeedPath, unpublishableCharacter, UnpublishableTextError } from '#domain/open-data.ts';
import type { LogEntry } from '#domain/change-log.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import { absolute, nameUuid } from './identifiers.ts';
import { municipalityPath, providerPath } from '#domain/site-paths.ts';

/** What a feed shows of a log entry (the writer keeps these between publications, not whole entries). */
export type FeedEntry = Pick<LogEntry, 'seq' | 'occurredAt' | 'provider' | 'kind' | 'summary' | 'actor' | 'hash'>;

/** Keeps the last `n` items pushed, cheaply. */
class Latest<T> {
  private items: T[] = [];
  private readonly n: number;
  constructor(n: number) {
    this.n = n;
  }
  push(item: T): void {
    this.items.push(item);
    if (this.items.length >= 2 * this.n) this.items = this.items.slice(-this.n);
  }
  /** Newest first. */
  newestFirst(): T[] {
    return this.items.slice(-this.n).reverse();
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The latest entries of every feed, brought up to date one log entry at a time. The open-data
 * writer keeps them between publications, so a publication after one change adds the new
 * entries instead of reading the whole log again.
 */
export class FeedLists {
  private readonly whole = new Latest<FeedEntry>(FEED_LENGTH);
  private readonly perProvider = new Map<string, Latest<FeedEntry>>();
  private readonly perMunicipality = new Map<string, Latest<FeedEntry>>();
  /** Each provider's working area as the log states it so far. */
  private readonly areas = new Map<string, ReadonlySet<string>>();

  /** When the log's first and last entries were made (the DCAT description states the log's period). */
  private readonly when: { firstAt: string | null; lastAt: string | null } = { firstAt: null, lastAt: null };

  /** Adds the next entry of the log, and answers the NIS codes of the municipalities it concerns. */
  add(entry: LogEntry): ReadonlySet<string> {
    const { seq, occurredAt, provider, kind, summary, actor, hash } = entry;
    this.when.firstAt ??= occurredAt;
    this.when.lastAt = occurredAt;
    const shown: FeedEntry = { seq, occurredAt, provider, kind, summary, actor, hash };
    this.whole.push(shown);
    if (provider === null) return NONE;
    const before = this.areas.get(provider) ?? NONE;
    const patch = entry.after?.workingArea;
    const after = Array.isArray(patch) ? new Set(patch as string[]) : patch === null ? NONE : before;
    this.areas.set(provider, after);
    const concerned = after === before ? before : new Set([...before, ...after]);
    listOf(this.perProvider, provider).push(shown);
    for (const nis of concerned) listOf(this.perMunicipality, nis).push(shown);
    return concerned;
  }

  /** When the log's first and last entries so far were made. */
  period(): { firstAt: string | null; lastAt: string | null } {
    return { ...this.when };
  }

  /** Whether the log so far has an entry about this provider. */
  knows(provider: string): boolean {
    return this.areas.has(provider);
  }

  /** The latest entries of the whole register, newest first. */
  all(): FeedEntry[] {
    return this.whole.newestFirst();
  }

  /** The latest entries about a provider, newest first. */
  provider(enterpriseNumber: string): FeedEntry[] {
    return this.perProvider.get(enterpriseNumber)?.newestFirst() ?? [];
  }

  /** The latest entries concerning a municipality, newest first. */
  municipality(nisCode: string): FeedEntry[] {
    return this.perMunicipality.get(nisCode)?.newestFirst() ?? [];
  }
}

function listOf(lists: Map<string, Latest<FeedEntry>>, key: string): Latest<FeedEntry> {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = new Latest<FeedEntry>(FEED_LENGTH)));
  return list;
}

/**
 * Text as XML character data or a double-quoted attribute value. Feeds are written from a fixed
 * template (see docs/decisions/0014-feeds-from-templates.md: a DOM-building XML library made them about thirty times slower at
 * 10,000 providers); what XML 1.0 cannot hold is refused here, never dropped or written raw.
 */
function xml(text: string, where: () => string): string {
  const codePoint = unpublishableCharacter(text);
  if (codePoint) throw new UnpublishableTextError(where(), codePoint);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One feed as Atom XML. */
function atomFeed(options: { path: string; title: string; subtitle: string; page: string; entries: readonly FeedEntry[]; names: ReadonlyMap<string, string>; siteUrl: string; updated: string }): string {
  const inFeed = (field: string) => () => `feed ${options.path}, field ${field},`;
  const url = (p: string) => xml(absolute(options.siteUrl, p), inFeed('link'));
  const entries = options.entries.map((e) => {
    const name = e.provider ? (options.names.get(e.provider) ?? e.provider) : 'Register';
    const page = e.provider ? providerPath({ enterpriseNumber: e.provider }) : '/';
    const field = (name: string) => () => `log entry ${e.seq}${e.provider ? ` (provider ${e.provider})` : ''} in feed ${options.path}, field ${name},`;
    return `  <entry>
    <id>urn:uuid:${nameUuid(`event:${e.hash}`)}</id>
    <title>${xml(`${name}: ${e.summary}`, field('title'))}</title>
    <updated>${xml(e.occurredAt, field('occurredAt'))}</updated>
    <published>${xml(e.occurredAt, field('occurredAt'))}</published>
    <author><name>${xml(e.actor, field('actor'))}</name></author>
    <link rel="alternate" type="text/html" href="${url(page)}"/>
    <category term="${xml(e.kind, field('kind'))}"/>
    <summary>${xml(e.summary, field('summary'))}</summary>
    <content type="text">${xml(`${e.summary}\nWijziging ${e.seq} in het logboek, hash ${e.hash}.`, field('summary'))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl-BE">
  <id>urn:uuid:${nameUuid(`feed:${options.path}`)}</id>
  <title>${xml(options.title, inFeed('title'))}</title>
  <subtitle>${xml(options.subtitle, inFeed('subtitle'))}</subtitle>
  <updated>${xml(options.updated, inFeed('updated'))}</updated>
  <link rel="self" type="application/atom+xml" href="${url(options.path)}"/>
  <link rel="alternate" type="text/html" href="${url(options.page)}"/>
  <author><name>${xml(PUBLISHER, inFeed('author'))}</name></author>
  <rights>${xml(LICENCE.name, inFeed('rights'))}</rights>
${entries.join('\n')}
</feed>
`;
}

/** Every feed of a publication, as [site path, Atom XML], from the feed lists of its log. */
export function* atomFeeds(
  register: PublicRegister,
  lists: FeedLists,
  siteUrl: string,
  /** Only these municipality (NIS code) and provider (enterprise number) feeds, besides the whole register's. */
  only?: { municipalities: ReadonlySet<string>; providers: ReadonlySet<string> },
): Generator<[string, string]> {
  const names = new Map(register.providers.map((p) => [p.enterpriseNumber, p.name]));
  const feed = (path: string, title: string, subtitle: string, page: string, latest: FeedEntry[]): [string, string] =>
    [path, atomFeed({ path, title, subtitle, page, entries: latest, names, siteUrl, updated: latest[0]?.occurredAt ?? register.generatedAt })];
  yield feed(OPEN_DATA_FILES.feed.path, 'Wijzigingen in het register van erkende externe dienstverleners', 'De recentste openbare wijzigingen in het hele register.', '/', lists.all());
  for (const m of register.municipalities) {
    if (only && !only.municipalities.has(m.nisCode)) continue;
    yield feed(municipalityFeedPath(m), `Wijzigingen voor ${m.nameNl}`, `Nieuwe, gewijzigde en niet langer erkende dienstverleners in ${m.nameNl}.`, municipalityPath(m), lists.municipality(m.nisCode));
  }
  for (const p of register.providers) {
    if (only && !only.providers.has(p.enterpriseNumber)) continue;
    yield feed(providerFeedPath(p), `Wijzigingen bij ${p.name}`, `Openbare wijzigingen bij ${p.name}.`, providerPath(p), lists.provider(p.enterpriseNumber));
  }
}
