import { describe, expect, it } from 'vitest';
import { generateSampleProviders, type SampleProvider } from '#db/seed/generator.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { parseEnterpriseNumber } from '#domain/enterprise-number.ts';
import { currentRecognition } from '#domain/rules/index.ts';

const { municipalities } = loadReferenceData();
const make = (providers: number, seed: number | string, asOf = '2026-11-28'): SampleProvider[] => [
  ...generateSampleProviders({ providers, seed, asOf, municipalities }),
];

describe('sample data generator', () => {
  it('gives the same register for the same seed and day', () => {
    expect(make(200, 7)).toEqual(make(200, 7));
    expect(make(50, 'demo')).toEqual(make(50, 'demo'));
  });

  it('gives a different register for another seed', () => {
    expect(make(50, 1).map((p) => p.name)).not.toEqual(make(50, 2).map((p) => p.name));
  });

  it('makes unique, valid enterprise numbers and unique names', () => {
    const providers = make(2000, 3);
    expect(new Set(providers.map((p) => p.enterpriseNumber)).size).toBe(2000);
    expect(new Set(providers.map((p) => p.name)).size).toBe(2000);
    for (const p of providers) expect(parseEnterpriseNumber(p.enterpriseNumber).ok).toBe(true);
  });

  it('uses real municipalities and their own postcodes', () => {
    const byNis = new Map(municipalities.map((m) => [m.nisCode, m]));
    for (const p of make(500, 4)) {
      expect(byNis.get(p.municipalityNis)?.postcodes).toContain(p.postcode);
      expect(p.workingArea).toContain(p.municipalityNis);
      for (const nis of p.workingArea) expect(byNis.has(nis)).toBe(true);
      expect(p.capacity.freePlaces).toBeLessThanOrEqual(p.capacity.totalPlaces);
    }
  });

  it('spreads recognitions so that some are valid, some expired, lapsed, withdrawn, renounced or pending', () => {
    const statuses = new Map<string, number>();
    for (const p of make(400, 1)) {
      const status = currentRecognition(p.recognitions, p.activity, '2026-11-28')!.current.standing.status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    for (const status of ['active', 'expired', 'lapsed', 'withdrawn', 'renounced', 'pending']) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect(statuses.get('active')! / 400).toBeGreaterThan(0.5);
  });

  it('gives a few providers subcontractors that exist in the register', () => {
    const providers = make(400, 1);
    const withSubcontractors = providers.filter((p) => p.subcontractorIds.length > 0);
    expect(withSubcontractors.length).toBeGreaterThan(5);
    for (const p of withSubcontractors) for (const id of p.subcontractorIds) expect(id).toBeLessThan(p.id);
  });

  it('never dates a decision after the day the sample is made for', () => {
    for (const p of make(400, 5)) for (const r of p.recognitions) expect(r.decisionDate <= '2026-11-28').toBe(true);
  });
});
