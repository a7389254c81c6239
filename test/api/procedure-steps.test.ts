/**
 * Steps of the procedure through the API, judged on the day they are dated: a step dated earlier
 * is accepted only when the rules allowed it on that day, is kept with the moment it was recorded,
 * and shows as late when it came after its term. A grant's start of validity lies within a year of
 * the decision.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiHarness, NOW } from '#test/fixtures/api.ts';
import { procedureEvents, recognitions } from '#db/schema/index.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

// Each test has its own register (a copy, see test/fixtures/api.ts).
let h: Awaited<ReturnType<typeof apiHarness>>;
beforeEach(async () => {
  h = await apiHarness();
});
afterEach(() => h.database.cleanup());

const json = async (response: Response) => (await response.json()) as any;

/** A first-time applicant's application (its enterprise number is not in the register). */
const application = (enterpriseNumber: string, submittedOn: string) =>
  applicationFixture({ name: 'Eerste Aanvraag vzw', enterpriseNumber, submittedOn, email: 'info@eerste.example', contactPerson: { email: 'prive@eerste.example' }, simplifiedCategory: 'GTB', experience: null, serviceArea: { totalPlaces: 5 } });

async function register(enterpriseNumber: string, submittedOn: string): Promise<{ reference: string; step: (body: object) => Promise<Response> }> {
  const created = await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application(enterpriseNumber, submittedOn) });
  expect(created.status).toBe(201);
  const { reference } = await json(created);
  return { reference, step: async (body) => h.call('POST', `/api/v1/admin/applications/${reference}/steps`, { token: h.tokens.admin, body }) };
}

describe('a step dated earlier than the day it is recorded', () => {
  it('is judged by the window on its own day, kept with when it was recorded, and shown late', async () => {
    // Refused in 2023, informed on 12 February 2023: the window closed on 14 March 2023.
    const { reference, step } = await register('0417497106', '2023-01-02');
    for (const body of [
      { step: 'declare_admissible', on: '2023-01-05' },
      { step: 'give_advice', on: '2023-02-01' },
      { step: 'decide', on: '2023-02-10', outcome: 'refused', notifiedOn: '2023-02-12' },
    ]) expect((await step(body)).status).toBe(200);
    const before = await json(await h.call('GET', `/api/v1/admin/applications/${reference}`, { token: h.tokens.admin }));
    expect(before.allowedSteps).toEqual([]);

    // A request dated after the window is refused, whenever it is recorded.
    const tooLate = await step({ step: 'request_reconsideration', on: '2023-03-15' });
    expect(tooLate.status).toBe(422);
    expect((await json(tooLate)).detail).toMatch(/had to be requested by 2023-03-14/);

    // A request dated inside the window, recorded years later: accepted as of its day, and late.
    const recorded = await json(await step({ step: 'request_reconsideration', on: '2023-03-01', note: 'Brief van 1 maart 2023, pas nu geregistreerd.' }));
    expect(recorded.state).toBe('reconsideration_requested');
    const request = recorded.steps.at(-1);
    expect(request).toMatchObject({ step: 'request_reconsideration', on: '2023-03-01', recordedAt: NOW.toISOString(), term: { kind: 'reconsideration_window', dueOn: '2023-03-14' }, late: true });
    // The steps recorded in their own time are not late; a step that answers no term never is.
    expect(recorded.steps.slice(0, 3).map((s: any) => [s.step, s.late])).toEqual([
      ['declare_admissible', true], // judged on 5 January but recorded on 28 November 2026
      ['give_advice', false], // no examination clock ran (no admissibility e-mail was sent)
      ['decide', false],
    ]);
    const [stored] = await h.database.db.select().from(procedureEvents).where(eq(procedureEvents.occurredOn, '2023-03-01'));
    expect(stored.recordedAt).toBe(NOW.toISOString());

    // The deadlines list shows the same steps with the same marks.
    const { items } = await json(await h.call('GET', '/api/v1/admin/deadlines', { token: h.tokens.admin }));
    // (Waiting for a hearing has no term, so it is not in the list; another application is.)
    expect(items.find((i: any) => i.reference === reference)).toBeUndefined();
  });

  it('shows an admissibility judged after the 7 days as late, in the application and in the deadlines list', async () => {
    const inTime = await register('0200065765', '2026-11-21');
    const late = await register('0881030412', '2026-11-10');
    expect((await inTime.step({ step: 'declare_admissible', on: '2026-11-27' })).status).toBe(200);
    const view = await json(await late.step({ step: 'declare_admissible', on: '2026-11-20' }));
    expect(view.steps[0]).toMatchObject({ step: 'declare_admissible', on: '2026-11-20', term: { kind: 'admissibility', dueOn: '2026-11-17' }, late: true });
    const { items } = await json(await h.call('GET', '/api/v1/admin/deadlines', { token: h.tokens.admin }));
    expect(items.find((i: any) => i.reference === late.reference).steps[0]).toMatchObject({ late: true, term: { dueOn: '2026-11-17' } });
    // Dated 27 November, recorded on the 28th: the last day of its 7 days, so in time.
    expect(items.find((i: any) => i.reference === inTime.reference).steps[0]).toMatchObject({ late: false, term: { dueOn: '2026-11-28' } });
  });
});

describe('the start of validity of a grant', () => {
  it('is refused more than a year before or after the decision, with the field and the range, and nothing is written', async () => {
    const { reference, step } = await register('0417497205', '2026-09-01');
    await step({ step: 'declare_admissible', on: '2026-09-02' });
    await step({ step: 'give_advice', on: '2026-10-01' });
    const recognitionsBefore = (await h.database.db.select().from(recognitions)).length;
    for (const validFrom of ['2020-01-01', '2025-11-24', '2027-11-26']) {
      const response = await step({ step: 'decide', on: '2026-11-25', outcome: 'granted', notifiedOn: '2026-11-26', validFrom });
      expect(response.status, validFrom).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem.detail).toBe(`The recognition cannot start on ${validFrom}: the start of validity lies at most 1 year before or after the decision (2026-11-25), from 2025-11-25 to 2027-11-25.`);
      expect(problem.errors).toEqual([{ path: 'validFrom', message: 'from 2025-11-25 to 2027-11-25' }]);
    }
    expect((await h.database.db.select().from(recognitions)).length).toBe(recognitionsBefore);
    expect((await json(await h.call('GET', `/api/v1/admin/applications/${reference}`, { token: h.tokens.admin }))).state).toBe('advised');
    // On the bounds it is accepted.
    const granted = await json(await step({ step: 'decide', on: '2026-11-25', outcome: 'granted', notifiedOn: '2026-11-26', validFrom: '2025-11-25' }));
    expect(granted.state).toBe('granted');
  });
});
