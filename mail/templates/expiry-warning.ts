/** The recognition expires in six months, or in one month. */
import type { CalendarDate } from '../../domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the warning says. */
export interface ExpiryWarningData {
  recognitionNumber: string;
  providerName: string;
  months: 1 | 6;
  lastValidDay: CalendarDate;
}

/** Erkenning verloopt binnenkort. */
export const expiryWarning: Template<ExpiryWarningData> = (data) => ({
  subject: `Uw erkenning ${data.recognitionNumber} verloopt op ${formatDutchDate(data.lastValidDay)}`,
  reference: data.recognitionNumber,
  blocks: [
    { paragraph: `De erkenning van ${data.providerName} als externe dienstverlener voor begeleiding op de werkvloer loopt af binnen ${data.months === 1 ? 'een maand' : 'zes maanden'}.` },
    { facts: [['Erkenningsnummer', data.recognitionNumber], ['Geldig tot en met', formatDutchDate(data.lastValidDay)]] },
    {
      paragraph:
        'Een erkenning geldt vijf jaar. Wilt u daarna erkend blijven, dien dan tijdig een nieuwe aanvraag in: na de laatste geldige dag staat uw organisatie niet meer bij de erkende dienstverleners in het publieke register.',
    },
  ],
});
