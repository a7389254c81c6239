/** The recognition expires in six months, or in one month. */
import { dutchNumber, RECOGNITION_YEARS, type CalendarDate, type EXPIRY_WARNING_MONTHS } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the warning says. */
export interface ExpiryWarningData {
  recognitionNumber: string;
  providerName: string;
  months: (typeof EXPIRY_WARNING_MONTHS)[number];
  lastValidDay: CalendarDate;
}

/** Erkenning verloopt binnenkort. */
export const expiryWarning: Template<ExpiryWarningData> = (data) => ({
  subject: `Uw erkenning ${data.recognitionNumber} verloopt op ${formatDutchDate(data.lastValidDay)}`,
  reference: data.recognitionNumber,
  blocks: [
    { paragraph: `De erkenning van ${data.providerName} als externe dienstverlener voor begeleiding op de werkvloer loopt af binnen ${dutchNumber(data.months)} ${data.months === 1 ? 'maand' : 'maanden'}.` },
    { facts: [['Erkenningsnummer', data.recognitionNumber], ['Geldig tot en met', formatDutchDate(data.lastValidDay)]] },
    {
      paragraph: `Een erkenning geldt ${dutchNumber(RECOGNITION_YEARS)} jaar. Wilt u daarna erkend blijven, dien dan tijdig een nieuwe aanvraag in: na de laatste geldige dag staat uw organisatie niet meer bij de erkende dienstverleners in het publieke register.`,
    },
  ],
});
