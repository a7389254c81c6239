/** The words that ask to confirm a report taking municipalities out of a working area: "kleiner" only when it gets smaller. */
import { describe, expect, it } from 'vitest';
import { diffChangeReport, type DiffReference, type ReportableData } from '#domain/report-diff.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME, type AreaMunicipality } from '#domain/working-area.ts';
import { adminConfirmation, areaWarning, missingConfirmation, providerConfirmation } from '#portal/lib/report-diff-view.ts';

const town = (nisCode: string, nameNl: string, provinceNis: string): AreaMunicipality => ({ nisCode, nameNl, provinceNis, region: 'VLG' });
// Province Noord: Aa, Bee, Cee. Province Zuid: Dee, Eeklo-Zuid.
const small: DiffReference = {
  municipalities: new Map([town('10001', 'Bee', '10000'), town('10002', 'Aa', '10000'), town('10003', 'Cee', '10000'), town('20001', 'Eeklo-Zuid', '20000'), town('20002', 'Dee', '20000')].map((m) => [m.nisCode, m])),
  provinces: [{ code: '10000', nameNl: 'Noord' }, { code: '20000', nameNl: 'Zuid' }, { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }],
  providerNames: new Map(),
};
const now = { workingArea: ['10001', '10002', '20002'], capacity: null, coaches: [], subcontractors: [], qualityRegistration: null, contact: { street: null, postcode: null, email: null, phone: null, website: null }, activity: [] } as unknown as ReportableData;
const area = (municipalities: string[]) => diffChangeReport({ kind: 'working_area', payload: { municipalities, provinces: [] } }, now, small);

describe('confirming municipalities that leave a working area', () => {
  it('says the area gets smaller when fewer municipalities remain', () => {
    const diff = area(['10002']); // 3 → 1: Bee and Dee go
    expect(providerConfirmation(diff)).toBe('Ik bevestig dat mijn werkingsgebied kleiner wordt: ik begeleid niet meer in de 2 gemeenten die eraf gaan.');
    expect(adminConfirmation(diff, 'Werkpunt vzw')).toBe('Ik heb gezien dat het werkingsgebied van Werkpunt vzw kleiner wordt (2 gemeenten eraf) en aanvaard dat.');
    expect(missingConfirmation(diff, 'provider')).toBe('Vink aan dat u bevestigt dat het werkingsgebied kleiner wordt. Zonder die bevestiging versturen we de melding niet.');
    expect(areaWarning(diff)).toBe('Let op: het werkingsgebied wordt kleiner');
  });

  it('says which municipalities go, not "kleiner", when as many or more join', () => {
    const diff = area(['10002', '10003', '20001']); // 3 → 3: Bee and Dee go, Cee and Eeklo-Zuid join
    expect(diff.areaShrinks).toBe(true);
    expect(providerConfirmation(diff)).toBe('Ik bevestig dat er 2 gemeenten uit mijn werkingsgebied gaan: ik begeleid niet meer in de 2 gemeenten die eraf gaan.');
    expect(adminConfirmation(diff, 'Werkpunt vzw')).toBe('Ik heb gezien dat er 2 gemeenten uit het werkingsgebied van Werkpunt vzw gaan (2 gemeenten erbij) en aanvaard dat.');
    expect(missingConfirmation(diff, 'admin')).toBe('Vink aan dat u gezien hebt dat er 2 gemeenten uit het werkingsgebied gaan. Zonder die bevestiging wordt de melding niet aanvaard.');
    expect(areaWarning(diff)).toBe('Let op: er gaan 2 gemeenten uit het werkingsgebied');
    const one = area(['10002', '20002', '10003', '20001']); // 3 → 4: only Bee goes
    expect(providerConfirmation(one)).toBe('Ik bevestig dat er een gemeente uit mijn werkingsgebied gaat: ik begeleid niet meer in de gemeente die eraf gaat.');
    expect(areaWarning(one)).toBe('Let op: er gaat een gemeente uit het werkingsgebied');
  });
});
