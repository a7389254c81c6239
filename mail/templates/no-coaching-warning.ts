/** No coaching reported for last year: the recognition lapses unless some is reported. */
import { dutchNumber, LAPSE_YEARS_WITHOUT_COACHING, type CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the warning says. */
export interface NoCoachingWarningData {
  recognitionNumber: string;
  providerName: string;
  /** The year without coaching, and the year running now. */
  year: number;
  thisYear: number;
  lapsesOn: CalendarDate;
}

/** Geen begeleiding gemeld voor vorig jaar. */
export const noCoachingWarning: Template<NoCoachingWarningData> = (data) => ({
  subject: `Geen begeleiding gemeld voor ${data.year}: uw erkenning ${data.recognitionNumber} vervalt als dat zo blijft in ${data.thisYear}`,
  reference: data.recognitionNumber,
  blocks: [
    { paragraph: `Voor ${data.year} heeft ${data.providerName} in het register geen werknemers met een arbeidsbeperking gemeld die begeleid werden.` },
    { facts: [['Erkenningsnummer', data.recognitionNumber], ['Jaar zonder begeleiding', String(data.year)], ['Vervalt op', formatDutchDate(data.lapsesOn)]] },
    {
      paragraph: `Een erkenning vervalt als er ${dutchNumber(LAPSE_YEARS_WITHOUT_COACHING)} opeenvolgende kalenderjaren niemand begeleid wordt. Wordt ook voor ${data.thisYear} geen begeleiding gemeld, dan vervalt uw erkenning op ${formatDutchDate(data.lapsesOn)}.`,
    },
    { paragraph: `Hebt u in ${data.year} of ${data.thisYear} wel werknemers begeleid, meld dat dan in het register met een melding van de jaarlijkse activiteit.` },
  ],
});
