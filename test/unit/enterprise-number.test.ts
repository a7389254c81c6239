import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enterpriseNumberCheckDigits, formatEnterpriseNumber, parseEnterpriseNumber } from '#domain/enterprise-number.ts';

describe('enterprise numbers', () => {
  it.each([
    ['0403.170.701', '0403170701'],
    ['0403170701', '0403170701'],
    ['BE 0403 170 701', '0403170701'],
    ['be0403.170.701', '0403170701'],
    ['  0403170701 ', '0403170701'],
  ])('accepts %j as %s', (input, bare) => {
    expect(parseEnterpriseNumber(input)).toEqual({ ok: true, value: bare });
  });

  it.each([
    ['0403.170.702', 'check-digits'],
    ['0403170710', 'check-digits'],
    ['403170701', 'format'],
    ['04031707011', 'format'],
    ['04031707O1', 'format'],
    ['', 'format'],
    ['2403170713', 'first-digit'],
  ])('refuses %j (%s) with a Dutch message', (input, problem) => {
    const result = parseEnterpriseNumber(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(/ondernemingsnummer/i);
    }
  });

  it('writes the usual notation', () => {
    expect(formatEnterpriseNumber('0403170701')).toBe('0403.170.701');
  });

  it('accepts every number whose check digits are 97 minus the first eight modulo 97', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19_999_999 }), (n) => {
        const firstEight = String(n).padStart(8, '0');
        const number = firstEight + enterpriseNumberCheckDigits(firstEight);
        return parseEnterpriseNumber(number).ok;
      }),
    );
  });

  it('catches every single mistyped digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19_999_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, position, delta) => {
        const firstEight = String(n).padStart(8, '0');
        const digits = (firstEight + enterpriseNumberCheckDigits(firstEight)).split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        const typo = digits.join('');
        fc.pre(typo[0] === '0' || typo[0] === '1');
        return !parseEnterpriseNumber(typo).ok;
      }),
    );
  });
});
