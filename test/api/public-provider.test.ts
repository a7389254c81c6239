/**
 * One provider's public entry through the API says what its public page says: the status, the
 * last day the recognition held and why it ended (also for a lapse, which leaves the five-year
 * `validUntil` as it was), and each subcontractor's own standing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, NOW } from '#test/fixtures/api.ts';
import { insertProviders } from '#test/fixtures/database.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { readPublicRegister } from '#db/queries/public-register.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
beforeAll(async () => {
  h = await apiHarness();
  await insertProviders(h.database, [
    // No coaching in 2024 and 2025: lapsed from 1 January 2026, though its five years run to 2027.
    { id: 11, name: 'Vervallen Werkpunt vzw', validFrom: '2022-06-01', activity: [{ year: 2023, employeesCoached: 2 }] },
    { id: 12, name: 'Ingetrokken Werkkracht vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }], termination: { kind: 'withdrawn', effectiveFrom: '2026-09-01', reason: 'geen intervisie' } },
    { id: 13, name: 'Stopgezet Coaching vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }], termination: { kind: 'renounced', effectiveFrom: '2026-10-15', reason: 'de organisatie stopt' } },
    // Calls on a lapsed and an expired provider, and on a recognised one.
    { id: 14, name: 'Hoofdaannemer Gent vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 5 }, { year: 2025, employeesCoached: 5 }], subcontractorIds: [11, 3, 1] },
    // Coached in 2024 but not (yet) in 2025 or 2026: lapses on 1 January 2027 unless reported.
    { id: 15, name: 'Stil Jaar vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }] },
    // In the register without any recognition recorded: no current one, in the API as on its page.
    { id: 16, name: 'Zonder Erkenning vzw', validFrom: null },
  ]);
  await evaluateRegister(h.database.db, '2026-11-28', NOW);
});
afterAll(() => h.database.cleanup());

const entry = async (id: number) => (await h.call('GET', `/api/v1/providers/${h.enterpriseNumber(id)}`)).json() as Promise<any>;

describe("a provider's public entry", () => {
  it('gives a lapsed recognition its end date and reason, not only the five-year term', async () => {
    const body = await entry(11);
    expect(body.recognised).toBe(false);
    expect(body.recognitions).toEqual([
      expect.objectContaining({
        number: 'ED-T-11',
        status: 'lapsed',
        validUntil: '2027-05-31',
        endedOn: '2025-12-31',
        endReason: 'Vervallen: geen werknemers met een arbeidsbeperking begeleid in 2024 en 2025.',
        lapseOutlook: null,
      }),
    ]);
  });

  it('gives a withdrawn and a renounced recognition their end date and reason', async () => {
    expect((await entry(12)).recognitions[0]).toMatchObject({ status: 'withdrawn', validUntil: '2026-08-31', endedOn: '2026-08-31', endReason: 'Ingetrokken: geen intervisie', terminationEffectiveFrom: '2026-09-01' });
    expect((await entry(13)).recognitions[0]).toMatchObject({ status: 'renounced', endedOn: '2026-10-14', endReason: 'Stopgezet op vraag van de dienstverlener: de organisatie stopt' });
    expect((await entry(1)).recognitions[0]).toMatchObject({ status: 'active', endedOn: null, endReason: null });
  });

  it('says when an active recognition will lapse unless coaching is reported', async () => {
    expect((await entry(15)).recognitions[0]).toMatchObject({ status: 'active', lapseOutlook: { lapsesOn: '2027-01-01', unlessCoachingReportedFor: [2025, 2026] } });
  });

  it('states for every provider the same status, last day and reason as its public page', async () => {
    const register = await readPublicRegister(h.database.db, '2026-11-28', NOW);
    expect(register.providers.length).toBeGreaterThanOrEqual(9);
    // Both kinds are compared: with a current recognition, and without.
    expect(register.providers.some((p) => p.recognition)).toBe(true);
    expect(register.providers.some((p) => !p.recognition)).toBe(true);
    for (const page of register.providers) {
      const api = await (await h.call('GET', `/api/v1/providers/${page.enterpriseNumber}`)).json() as any;
      expect(api.recognised, page.name).toBe(page.listed);
      if (!page.recognition) {
        expect(api.currentRecognition).toBeNull();
        continue;
      }
      expect(api.currentRecognition, page.name).toBe(page.recognition.recognitionNumber);
      const current = api.recognitions.find((r: any) => r.number === api.currentRecognition);
      expect({ status: current.status, lastDay: current.endedOn ?? current.validUntil, reason: current.endReason }, page.name).toEqual({
        status: page.recognition.status,
        lastDay: page.recognition.endedOn ?? page.recognition.validUntil,
        reason: page.recognition.endReason,
      });
    }
  });

  it("lists each subcontractor with its own standing, and when it stopped being recognised", async () => {
    const body = await entry(14);
    expect(body.subcontractors).toEqual([
      { enterpriseNumber: h.enterpriseNumber(3), name: 'Verlopen Coaching vzw', recognised: false, status: 'expired', notRecognisedSince: '2025-01-01' },
      { enterpriseNumber: h.enterpriseNumber(11), name: 'Vervallen Werkpunt vzw', recognised: false, status: 'lapsed', notRecognisedSince: '2026-01-01' },
      { enterpriseNumber: h.enterpriseNumber(1), name: 'Werkkracht Gent vzw', recognised: true, status: 'active', notRecognisedSince: null },
    ]);
  });

  it('describes these fields in the OpenAPI document', async () => {
    const document = (await (await h.call('GET', '/api/openapi.json')).json()) as any;
    const provider = document.components.schemas.Provider;
    expect(provider.properties.recognitions.items.$ref).toBe('#/components/schemas/PublicRecognition');
    expect(Object.keys(document.components.schemas.PublicRecognition.properties)).toEqual(expect.arrayContaining(['endedOn', 'endReason', 'lapseOutlook', 'status', 'validUntil']));
    expect(Object.keys(provider.properties.subcontractors.items.properties)).toEqual(expect.arrayContaining(['recognised', 'status', 'notRecognisedSince']));
    expect(document.paths['/api/v1/providers/{enterpriseNumber}'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Provider');
  });
});
