/**
 * Thousands of random and malformed bodies on every write route: always a 4xx with problem
 * details, never a 5xx, and never a partial write. And every free-text field of every write
 * route refuses the characters that break what is built from it (domain/text.ts), by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, ne, sql } from 'drizzle-orm';
import { applications, capacities, changeEvents, changeReports, mailOutbox, procedureEvents, recognitions, workingAreas } from '#db/schema/index.ts';
import { apiHarness } from '#test/fixtures/api.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
let applicationReference: string;
let pendingReference: string;

beforeAll(async () => {
  h = await apiHarness();
  const created = await h.call('POST', '/api/v1/admin/applications', {
    token: h.tokens.admin,
    body: applicationFixture({ submittedOn: '2026-11-01', name: 'Fuzz vzw', simplifiedCategory: 'GTB', experience: null }),
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

/** Characters no text may hold: NUL, bell, escape, DEL, a C1 control, a lone surrogate of each half, noncharacters. */
const NEVER = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\ud800', '\udfff', '\ufdd0', '\ufffe', '\uffff', '\u{10ffff}'];
/** What a one-line field refuses besides: line breaks and tabs. */
const NOT_ON_ONE_LINE = ['\n', '\r', '\t', '\u2028'];

/**
 * Every row of every table, to prove a refused request wrote nothing at all. Every request, refused
 * or not, is counted for the rate limits (`rate_limit_windows`, shared by the register's
 * processes): that count is the only row a refused request adds to.
 */
async function everything() {
  const tables = await h.database.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'rate_limit_windows' ORDER BY name`);
  const rows: unknown[] = [];
  for (const { name } of tables) rows.push(name, await h.database.db.all(sql.raw(`SELECT * FROM "${name}" ORDER BY rowid`)));
  return JSON.stringify(rows);
}

/** Sets the value at a dotted path of a copy of `body`. */
function withValue(body: unknown, path: string, value: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let at: any = copy;
  for (const key of keys.slice(0, -1)) at = at[key];
  at[keys.at(-1)!] = value;
  return copy;
}

describe('text fields on every write route', () => {
  // Every text field filled in, so that each can be tried.
  const application = applicationFixture({ submittedOn: '2026-11-01', name: 'Tekst vzw', enterpriseNumber: '0417497106', phone: '09 123 45 67', website: 'https://tekst.example', contactPerson: { phone: '09 123 45 67' } });
  // Each write route with a valid body and its free-text fields: [path in the body, one line?].
  const cases = () => [
    { path: '/api/v1/change-reports', token: h.tokens.provider1, body: { kind: 'contact_details', payload: { street: 'Nieuwstraat 2', website: 'https://werkkracht.example', phone: '+32 9 123 45 67' } }, fields: [['payload.street', true], ['payload.website', true], ['payload.phone', true]] },
    { path: '/api/v1/change-reports', token: h.tokens.provider1, body: { kind: 'working_area', payload: { provinces: ['Limburg'] } }, fields: [['payload.provinces.0', true]] },
    { path: '/api/v1/change-reports', token: h.tokens.provider1, body: { kind: 'coaches', payload: { coaches: [{ fullName: 'E F', qualification: 'Master' }] } }, fields: [['payload.coaches.0.fullName', true], ['payload.coaches.0.qualification', true]] },
    { path: '/api/v1/change-reports', token: h.tokens.provider1, body: { kind: 'quality_registration', payload: { reference: 'KRM-1' } }, fields: [['payload.reference', true]] },
    { path: '/api/v1/change-reports', token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'Wij verhuizen.' } }, fields: [['payload.text', false]] },
    { path: `/api/v1/admin/change-reports/${pendingReference}/accept`, token: h.tokens.admin, body: { reason: 'In orde.' }, fields: [['reason', false]] },
    { path: `/api/v1/admin/change-reports/${pendingReference}/reject`, token: h.tokens.admin, body: { reason: 'Niet in orde.' }, fields: [['reason', false]] },
    {
      path: '/api/v1/admin/applications',
      token: h.tokens.admin,
      body: application,
      fields: [
        ['organisation.name', true], ['organisation.street', true], ['organisation.phone', true], ['organisation.website', true],
        ['organisation.contactPerson.fullName', true], ['organisation.contactPerson.phone', true],
        ['experience.motivation', false], ['experience.coaches.0.fullName', true], ['experience.coaches.0.qualification', true],
        ['serviceArea.motivation', false], ['declaration.signatory', true],
      ],
    },
    { path: `/api/v1/admin/applications/${applicationReference}/steps`, token: h.tokens.admin, body: { step: 'declare_admissible', on: '2026-11-02', note: 'Volledig.' }, fields: [['note', false]] },
    { path: `/api/v1/admin/applications/${applicationReference}/hearing-invitation`, token: h.tokens.admin, body: { on: '2026-12-10', time: '14:30', place: 'Koning Albert II-laan 35, Brussel' }, fields: [['place', true]] },
    { path: '/api/v1/admin/recognitions/ED-T-1/withdraw', token: h.tokens.admin, body: { effectiveFrom: '2026-11-28', reason: 'geen intervisie' }, fields: [['reason', true]] },
    { path: '/api/v1/admin/recognitions/ED-T-1/renounce', token: h.tokens.admin, body: { effectiveFrom: '2026-11-28', reason: 'stopt' }, fields: [['reason', true]] },
  ];

  it('refuses control characters, noncharacters and lone surrogates with 400 naming the field, and writes nothing', async () => {
    const before = await everything();
    let refused = 0;
    for (const { path, token, body, fields } of cases()) {
      for (const [field, oneLine] of fields as [string, boolean][]) {
        for (const character of oneLine ? [...NEVER, ...NOT_ON_ONE_LINE] : NEVER) {
          const original = field.split('.').reduce((at: any, key) => at[key], body) as string;
          // In the middle of an otherwise valid value: trimming cannot take it away.
          const value = `${original.slice(0, 1)}${character}${original.slice(1)}`;
          const response = await h.call('POST', path, { token, body: withValue(body, field, value) });
          const problem = (await response.json()) as { status: number; detail: string; errors?: { path: string }[] };
          const label = `${path} ${field} U+${character.codePointAt(0)!.toString(16)}`;
          expect(response.status, `${label}: ${problem.detail}`).toBe(400);
          expect(response.headers.get('content-type'), label).toBe('application/problem+json');
          expect([...new Set(problem.errors?.map((e) => e.path))], label).toEqual([field]);
          expect(problem.detail, label).toContain(field);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(300);
    expect(await everything()).toBe(before);
  }, 120_000);
});
