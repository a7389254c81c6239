import { describe, expect, it } from 'vitest';
import { generateSampleApplications } from '#db/seed/applications.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { compareDates, nextDeadline, PROCEDURE_STATES, replayProcedure } from '#domain/rules/index.ts';

const { municipalities } = loadReferenceData();
const asOf = '2026-11-28';
const grants = [1, 2, 3].map((i) => ({ providerId: i, name: `Erkend ${i} vzw`, enterpriseNumber: '0403170701', municipalityNis: '44021', postcode: '9000', decisionDate: '2026-11-20', validFrom: '2026-12-01' }));
const make = (count: number) => generateSampleApplications({ count, seed: 1, asOf, municipalities, recentGrants: grants });

describe('sample applications', () => {
  it('cover every state of the procedure, by steps the rules allow', () => {
    const applications = make(60);
    expect(new Set(applications.map((a) => a.state))).toEqual(new Set(PROCEDURE_STATES));
    for (const a of applications) {
      expect(replayProcedure(a).state).toBe(a.state);
      for (const e of a.events) expect(compareDates(e.on, asOf)).toBeLessThanOrEqual(0);
    }
  });

  it('include applications past a deadline, near one, and with the examination suspended', () => {
    const deadlines = make(60).map((a) => nextDeadline(a, replayProcedure(a), asOf)).filter((d) => d !== null);
    expect(deadlines.some((d) => d.overdue)).toBe(true);
    expect(deadlines.some((d) => !d.overdue && d.daysLeft !== null && d.daysLeft <= 7)).toBe(true);
    expect(deadlines.every((d) => d.started)).toBe(true); // the sample's admissibility e-mails were sent
    expect(deadlines.some((d) => d.suspended)).toBe(true);
  });

  it('give granted applications the decision of the recognition they produced', () => {
    const granted = make(60).filter((a) => a.state === 'granted' || a.state === 'finally_granted');
    expect(granted.length).toBeGreaterThan(0);
    for (const a of granted) {
      const decision = a.events.find((e) => (e.step === 'decide' || e.step === 'decide_finally') && e.outcome === 'granted');
      expect(decision).toMatchObject({ on: '2026-11-20', validFrom: '2026-12-01' });
      expect(a.providerId).not.toBeNull();
    }
  });

  it('are the same for the same seed', () => {
    expect(make(30)).toEqual(make(30));
  });
});
