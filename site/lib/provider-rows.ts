/**
 * The table row of a provider, rendered once per build and reused on every page that lists it.
 * In a large register the same provider appears on hundreds of municipality pages; rendering its
 * row once instead of on each page is what keeps a 10,000-provider build within a minute.
 */
import { CATEGORY_SHORT_LABELS, type PublicProvider } from '../../domain/public-register.ts';
import { capacityText, EXPIRES_SOON_LABEL, formatDutchDate } from './format.ts';
import { homeMunicipality, providerPath } from './register.ts';
import { escapeHtml } from './html.ts';

export { escapeHtml };

/** The optional extra column of a provider table. */
export interface ExtraColumn {
  heading: string;
  values: ReadonlyMap<string, string>;
  /** Right-aligned, as figures are. */
  numeric?: boolean;
}

const cache = new Map<string, [string, string]>();

/** The row of `provider`, split where an extra column may go. */
function rowParts(provider: PublicProvider): [string, string] {
  let parts = cache.get(provider.enterpriseNumber);
  if (!parts) {
    const capacity = capacityText(provider.capacity);
    const category = provider.simplifiedCategory ? CATEGORY_SHORT_LABELS[provider.simplifiedCategory] : 'Nee';
    const until = provider.recognition
      ? formatDutchDate(provider.recognition.validUntil) + (provider.recognition.expiresSoon ? ` (${EXPIRES_SOON_LABEL})` : '')
      : '';
    parts = [
      `<tr><th scope="row"><a href="${providerPath(provider)}">${escapeHtml(provider.name)}</a></th>` +
        `<td data-label="Gevestigd in">${escapeHtml(homeMunicipality(provider)?.nameNl ?? provider.postcode)}</td>`,
      `<td data-label="Vrije plaatsen" class="num">${capacity}</td>` +
        `<td data-label="Vereenvoudigde registratie">${category}</td>` +
        `<td data-label="Erkend tot">${until}</td></tr>\n`,
    ];
    cache.set(provider.enterpriseNumber, parts);
  }
  return parts;
}

/** The HTML rows of a provider table. */
export function providerRows(providers: readonly PublicProvider[], extra?: ExtraColumn): string {
  let html = '';
  for (const provider of providers) {
    const [start, end] = rowParts(provider);
    html += extra
      ? `${start}<td data-label="${escapeHtml(extra.heading)}"${extra.numeric ? ' class="num"' : ''}>${escapeHtml(extra.values.get(provider.enterpriseNumber) ?? '')}</td>${end}`
      : start + end;
  }
  return html;
}
