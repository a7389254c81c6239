/**
 * Atom feeds (RFC 4287) of the public change log: the whole register, each municipality and each
 * provider, each with its latest {@link FEED_LENGTH} entries, newest first.
 *
 * An entry concerns a municipality when the provider served it just before or just after the
 * change (its working area as the log states it): a provider that starts serving Gent, stops
 * serving it, or changes anything while serving it, shows in Gent's feed.
 */
import { LICENCE, OPEN_DATA_FILES, PUBLISHER, FEED_LENGTH, municipalityFeedPath, providerFeedPath } from '../../domain/open-data.ts';
import type { LogEntry } from '../../domain/change-log.ts';
import type { PublicRegister } from '../../domain/public-register.ts';
import { absolute, nameUuid } from './identifiers.ts';

/** Each entry with the NIS codes of the municipalities it concerns. */
export function* withMunicipalitiesConcerned(entries: Iterable<LogEntry>): Generator<{ entry: LogEntry; municipalities: ReadonlySet<string> }> {
  const areas = new Map<string, ReadonlySet<string>>();
  const none: ReadonlySet<string> = new Set();
  for (const entry of entries) {
    if (entry.provider === null) {
      yield { entry, municipalities: none };
      continue;
    }
    const before = areas.get(entry.provider) ?? none;
    const patch = entry.after?.workingArea;
    const after = Array.isArray(patch) ? new Set(patch as string[]) : patch === null ? none : before;
    areas.set(entry.provider, after);
    yield { entry, municipalities: after === before ? before : new Set([...before, ...after]) };
  }
}

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

const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** One feed as Atom XML. */
function atomFeed(options: { path: string; title: string; subtitle: string; page: string; entries: LogEntry[]; names: ReadonlyMap<string, string>; siteUrl: string; updated: string }): string {
  const url = (p: string) => xml(absolute(options.siteUrl, p));
  const entries = options.entries.map((e) => {
    const name = e.provider ? (options.names.get(e.provider) ?? e.provider) : 'Register';
    const page = e.provider ? `/dienstverleners/${e.provider}/` : '/';
    return `  <entry>
    <id>urn:uuid:${nameUuid(`event:${e.hash}`)}</id>
    <title>${xml(`${name}: ${e.summary}`)}</title>
    <updated>${xml(e.occurredAt)}</updated>
    <published>${xml(e.occurredAt)}</published>
    <author><name>${xml(e.actor)}</name></author>
    <link rel="alternate" type="text/html" href="${url(page)}"/>
    <category term="${xml(e.kind)}"/>
    <summary>${xml(e.summary)}</summary>
    <content type="text">${xml(`${e.summary}\nWijziging ${e.seq} in het logboek, hash ${e.hash}.`)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl-BE">
  <id>urn:uuid:${nameUuid(`feed:${options.path}`)}</id>
  <title>${xml(options.title)}</title>
  <subtitle>${xml(options.subtitle)}</subtitle>
  <updated>${xml(options.updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${url(options.path)}"/>
  <link rel="alternate" type="text/html" href="${url(options.page)}"/>
  <author><name>${xml(PUBLISHER)}</name></author>
  <rights>${xml(LICENCE.name)}</rights>
${entries.join('\n')}
</feed>
`;
}

/** Every feed of a publication, as [site path, Atom XML]. */
export function* atomFeeds(
  register: PublicRegister,
  entries: Iterable<LogEntry>,
  siteUrl: string,
  /** Only these municipality (NIS code) and provider (enterprise number) feeds, besides the whole register's. */
  only?: { municipalities: ReadonlySet<string>; providers: ReadonlySet<string> },
): Generator<[string, string]> {
  const whole = new Latest<LogEntry>(FEED_LENGTH);
  const perMunicipality = new Map(register.municipalities.map((m) => [m.nisCode, new Latest<LogEntry>(FEED_LENGTH)]));
  const perProvider = new Map(register.providers.map((p) => [p.enterpriseNumber, new Latest<LogEntry>(FEED_LENGTH)]));
  for (const { entry, municipalities } of withMunicipalitiesConcerned(entries)) {
    whole.push(entry);
    if (entry.provider) perProvider.get(entry.provider)?.push(entry);
    for (const nis of municipalities) perMunicipality.get(nis)?.push(entry);
  }
  const names = new Map(register.providers.map((p) => [p.enterpriseNumber, p.name]));
  const feed = (path: string, title: string, subtitle: string, page: string, list: Latest<LogEntry>): [string, string] => {
    const latest = list.newestFirst();
    return [path, atomFeed({ path, title, subtitle, page, entries: latest, names, siteUrl, updated: latest[0]?.occurredAt ?? register.generatedAt })];
  };
  yield feed(OPEN_DATA_FILES.feed.path, 'Wijzigingen in het register van erkende externe dienstverleners', 'De recentste openbare wijzigingen in het hele register.', '/', whole);
  for (const m of register.municipalities) {
    if (only && !only.municipalities.has(m.nisCode)) continue;
    yield feed(municipalityFeedPath(m), `Wijzigingen voor ${m.nameNl}`, `Nieuwe, gewijzigde en niet langer erkende dienstverleners in ${m.nameNl}.`, `/gemeenten/${m.slug}/`, perMunicipality.get(m.nisCode)!);
  }
  for (const p of register.providers) {
    if (only && !only.providers.has(p.enterpriseNumber)) continue;
    yield feed(providerFeedPath(p), `Wijzigingen bij ${p.name}`, `Openbare wijzigingen bij ${p.name}.`, `/dienstverleners/${p.enterpriseNumber}/`, perProvider.get(p.enterpriseNumber)!);
  }
}
