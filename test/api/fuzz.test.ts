/**
 * Thousands of random and malformed bodies on every write route: always a 4xx with problem
 * details, never a 5xx, and never a partial write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, ne } from 'drizzle-orm';
import { applications, capacities, changeEvents, changeReports, mailOutbox, procedureEvents, recognitions, workingAreas } from '../../db/schema/index.ts';
import { apiHarness } from './harness.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
let applicationReference: string;
let pendingReference: string;

beforeAll(async () => {
  h = await apiHarness();
  const created = await h.call('POST', '/api/v1/admin/applications', {
    token: h.tokens.admin,
    body: {
      submittedOn: '2026-11-01',
      organisation: { name: 'Fuzz vzw', enterpriseNumber: '0403170701', street: 'x 1', postcode: '9000', municipalityNis: '44021', email: 'a@b.example', contactPerson: { fullName: 'A B', email: 'a@b.example' } },
      simplifiedCategory: 'GTB',
      experience: null,
      serviceArea: { municipalities: ['44021'], totalPlaces: 5, motivation: 'm' },
      declaration: { signedOn: '2026-11-01', signatory: 'A B' },
    },
  });
  applicationReference = ((await created.json()) as { reference: string }).reference;
  const filed = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'capacity', payload: { totalPlaces: 40 } } });
  pendingReference = ((await filed.json()) as { reference: string }).reference;
});
afterAll(() => h.database.cleanup());

async function snapshot() {
  const counts = [];
  for (const table of [applications, capacities, changeEvents, changeReports, procedureEvents, recognitions, workingAreas]) {
    counts.push((await h.database.db.select({ n: count() }).from(table))[0].n);
  }
  // The outbox too: a refused request leaves no mail (a valid random reason may reject the pending report, with its mail).
  counts.push((await h.database.db.select({ n: count() }).from(mailOutbox).where(ne(mailOutbox.template, 'change_report_reviewed')))[0].n);
  const [capacity] = await h.database.db.select().from(capacities);
  return JSON.stringify({ counts, capacity });
}

/** Bodies a careless or hostile client might send: random JSON, near-misses of real bodies, and non-JSON. */
const kinds = ['contact_details', 'working_area', 'capacity', 'free_places', 'coaches', 'subcontractors', 'quality_registration', 'yearly_activity', 'other'];
const nearMiss = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...kinds), fc.string()),
    payload: fc.oneof(
      fc.dictionary(fc.constantFrom('freePlaces', 'totalPlaces', 'municipalities', 'provinces', 'coaches', 'enterpriseNumbers', 'reference', 'year', 'employeesCoached', 'text', 'email', 'x'), fc.jsonValue()),
      fc.jsonValue(),
    ),
    step: fc.oneof(fc.constantFrom('declare_admissible', 'decide', 'hold_hearing', 'x'), fc.jsonValue()),
    on: fc.oneof(fc.constantFrom('2026-02-30', '2027-01-01', 'yesterday', ''), fc.jsonValue()),
    effectiveFrom: fc.oneof(fc.constantFrom('2026-13-01', '2020-01-01'), fc.jsonValue()),
    reason: fc.jsonValue(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  nearMiss.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom('{', '{"kind":', 'null', '[]', '"', '{"kind":"other","payload":{"text":""}}', '\u0000'),
);

const routes = () => [
  { method: 'POST', path: '/api/v1/change-reports', token: h.tokens.provider1 },
  { method: 'POST', path: `/api/v1/admin/change-reports/${pendingReference}/reject`, token: h.tokens.admin },
  { method: 'POST', path: '/api/v1/admin/change-reports/WM-2026-999999/accept', token: h.tokens.admin },
  { method: 'POST', path: '/api/v1/admin/applications', token: h.tokens.admin },
  { method: 'POST', path: `/api/v1/admin/applications/${applicationReference}/steps`, token: h.tokens.admin },
  { method: 'POST', path: '/api/v1/admin/recognitions/ED-T-1/withdraw', token: h.tokens.admin },
];

describe('fuzzing every write route', () => {
  it('answers a few thousand random bodies with 4xx problem details and changes nothing', async () => {
    const before = await snapshot();
    let requests = 0;
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(body, async (raw) => {
          requests++;
          const response = await h.app.request(route.path, {
            method: route.method,
            headers: { Authorization: `Bearer ${route.token}`, 'Content-Type': 'application/json' },
            body: raw,
          });
          const text = await response.text();
          // A rejected report needs a reason: a random string can be a valid one. Everything else must fail.
          if (response.status === 200 && route.path.endsWith('/reject')) return true;
          expect(response.status, `${route.path} ${raw.slice(0, 200)} → ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          expect(JSON.parse(text).detail).toBeTruthy();
          return true;
        }),
        { numRuns: 500 },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(3000);
    // (A random string can be a valid reason to reject the one pending report; that changes no row count.)
    expect(await snapshot()).toBe(before);
  }, 120_000);
});
