/**
 * The table row of a provider, rendered once per build and reused on every page that lists it.
 * In a large register the same provider appears on hundreds of municipality pages; rendering its
 * row once instead of on each page is what keeps a 10,000-provider build within a minute.
 */
import type { PublicProvider } from '#domain/public-register.ts';
import { capacityText, EXPIRES_SOON_LABEL, formatDutchDate } from './format.ts';
import { homeMunicipality, providerPath } from './register.ts';
import { escapeHtml } from './html.ts';
import { categoryCell, termHtml, TermUse, VALID_UNTIL_HEADING } from './glossary.ts';

export { VALID_UNTIL_HEADING };

export { escapeHtml };

/** The optional extra column of a provider table. */
export interface ExtraColumn {
  heading: string;
  values: ReadonlyMap<string, string>;
  /** Right-aligned, as figures are. */
  numeric?: boolean;
}

/** A row in four parts: up to the end of the link's address, up to the extra column, up to the category, and after it. */
type RowParts = [string, string, string, string];
const cache = new Map<string, RowParts>();

/** The row of `provider`, split where an extra column and the category go. */
function rowParts(provider: PublicProvider): RowParts {
  let parts = cache.get(provider.enterpriseNumber);
  if (!parts) {
    const capacity = capacityText(provider.capacity);
    const until = provider.recognition
      ? formatDutchDate(provider.recognition.validUntil) + (provider.recognition.expiresSoon ? ` (${termHtml('verloopt-binnenkort', { text: EXPIRES_SOON_LABEL })})` : '')
      : '';
    parts = [
      `<tr><th scope="row"><a href="${providerPath(provider)}`,
      `">${escapeHtml(provider.name)}</a></th>` +
        `<td data-label="Gevestigd in">${escapeHtml(homeMunicipality(provider)?.nameNl ?? provider.postcode)}</td>`,
      `<td data-label="Vrije plaatsen" class="num">${capacity}</td>` + `<td data-label="Vereenvoudigde registratie">`,
      `</td><td data-label="${VALID_UNTIL_HEADING}">${until}</td></tr>\n`,
    ];
    cache.set(provider.enterpriseNumber, parts);
  }
  return parts;
}

/**
 * The HTML rows of a provider table (each abbreviation with its full name on its first row).
 * `from`: the NIS code of the municipality the list is for; the links then say so
 * (`?gemeente=`), and the provider page tells whether it works there.
 */
export function providerRows(providers: readonly PublicProvider[], extra?: ExtraColumn, from?: string): string {
  let html = '';
  const terms = new TermUse();
  const query = from ? `?gemeente=${encodeURIComponent(from)}` : '';
  for (const provider of providers) {
    const [link, rest, middle, end] = rowParts(provider);
    const start = link + query + rest;
    const category = categoryCell(provider.simplifiedCategory, terms);
    html += extra
      ? `${start}<td data-label="${escapeHtml(extra.heading)}"${extra.numeric ? ' class="num"' : ''}>${escapeHtml(extra.values.get(provider.enterpriseNumber) ?? '')}</td>${middle}${category}${end}`
      : start + middle + category + end;
  }
  return html;
}
