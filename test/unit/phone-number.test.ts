import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, normalisedPhoneNumber, parsePhoneNumber, phoneHref, PhoneNumber } from '#domain/phone-number.ts';
import { describeWorkingArea } from '#site/lib/format.ts';
import { groupWorkingArea, type AreaMunicipality } from '#domain/working-area.ts';

describe('phone numbers', () => {
  it.each([
    ['09 626 88 77', '+3296268877', '09 626 88 77'],
    ['+32 9 626 88 77', '+3296268877', '09 626 88 77'],
    ['0032 9 626 88 77', '+3296268877', '09 626 88 77'],
    ['0470.12.34.56', '+32470123456', '0470 12 34 56'],
    ['02/555.01.00', '+3225550100', '02 555 01 00'],
    ['011 22 33 44', '+3211223344', '011 22 33 44'],
    ['0800 12 345', '+3280012345', '0800 12 345'],
    ['+31 20 123 4567', '+31201234567', '+31 20 123 4567'],
  ])('reads %j as %s and shows it as %j', (typed, e164, shown) => {
    expect(parsePhoneNumber(typed)).toEqual({ ok: true, e164 });
    expect(formatPhoneNumber(e164)).toBe(shown);
    expect(phoneHref(e164)).toBe(`tel:${e164}`);
  });

  it.each(['', 'abc', '09 626 88 7a', '09 62', '1700', '+32', '++32 9 626 88 77', '020 123 4567 8'])('refuses %j', (typed) => {
    expect(parsePhoneNumber(typed).ok).toBe(false);
    expect(PhoneNumber.safeParse(typed).success).toBe(false);
  });

  it('leaves a stored value that is no phone number as it is, for display and for the normalisation', () => {
    expect(normalisedPhoneNumber('bel het onthaal')).toBeNull();
    expect(formatPhoneNumber('bel het onthaal')).toBe('bel het onthaal');
  });
});

describe('a working area in words', () => {
  const flemish = (i: number, province: string): AreaMunicipality => ({ nisCode: `${province.slice(0, 1)}${String(i).padStart(4, '0')}`, nameNl: `Gemeente ${province} ${i}`, provinceNis: province, region: 'VLG' });
  const provinces = [{ code: '10000', nameNl: 'Antwerpen' }, { code: '70000', nameNl: 'Limburg' }, { code: '04000', nameNl: 'Brussels Hoofdstedelijk Gewest' }];
  // A small world: 285 Flemish municipalities in two provinces, and two in Brussels.
  const all = [...Array.from({ length: 200 }, (_, i) => flemish(i, '10000')), ...Array.from({ length: 85 }, (_, i) => flemish(i, '70000')), { nisCode: '21001', nameNl: 'Anderlecht', provinceNis: null, region: 'BRU' as const }, { nisCode: '21004', nameNl: 'Brussel', provinceNis: null, region: 'BRU' as const }];
  const byCode = new Map(all.map((m) => [m.nisCode, m]));
  const words = (codes: string[]) => describeWorkingArea(groupWorkingArea(codes, byCode, provinces));

  it('says "heel Vlaanderen" when every Flemish municipality is served, naming Brussels beside it', () => {
    const flanders = all.filter((m) => m.region === 'VLG').map((m) => m.nisCode);
    expect(words(flanders)).toBe('heel Vlaanderen');
    expect(words([...flanders, '21001'])).toBe('heel Vlaanderen, Brussels Hoofdstedelijk Gewest (1 gemeente)');
  });

  it('names whole provinces and counts the rest per province', () => {
    expect(words([...all.filter((m) => m.provinceNis === '70000').map((m) => m.nisCode), all[0].nisCode, all[1].nisCode])).toBe('Antwerpen (2 gemeenten), heel Limburg');
  });
});
