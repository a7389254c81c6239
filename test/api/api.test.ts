import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { apiHarness, NOW, type ApiHarness } from '#test/fixtures/api.ts';
import { applicationFixture } from '#test/fixtures/application.ts';
import { capacities, changeEvents, changeReports, coaches, providers, recognitions, workingAreas } from '#db/schema/index.ts';
import { createToken, revokeToken } from '#db/commands/tokens.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { startServer, type RunningServer } from '#server/server.ts';
import { fixedClock } from '#config/clock.ts';
import { get as httpGet } from 'node:http';
import { createTestDatabase } from '#test/fixtures/database.ts';

// Each test has its own database with the same providers (a copy, see test/fixtures/api.ts):
// none depends on what another wrote, or on the order they run in.
let h: ApiHarness;
beforeEach(async () => {
  h = await apiHarness();
});
afterEach(() => h.database.cleanup());

const json = async (response: Response) => (await response.json()) as any;
const reportCount = async () => (await h.database.db.select({ n: count() }).from(changeReports))[0].n;
const expectProblem = async (response: Response, status: number, detail?: RegExp) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(response);
  expect(body).toMatchObject({ status, type: 'about:blank' });
  expect(typeof body.title).toBe('string');
  if (detail) expect(body.detail).toMatch(detail);
  return body;
};

describe('public read API', () => {
  it('lists recognised providers only, by name, with public fields only', async () => {
    const body = await json(await h.call('GET', '/api/v1/providers'));
    expect(body.items.map((p: any) => p.name)).toEqual(['Jobanker Brugge bv', 'Kompas Hasselt vzw', 'Werkkracht Gent vzw']);
    expect(body.total).toBe(3);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/Coach Van Provider|contact|nationalRegister/i);
  });

  it.each([
    ['municipality=44021', ['Jobanker Brugge bv', 'Werkkracht Gent vzw']],
    ['postcode=9000', ['Jobanker Brugge bv', 'Werkkracht Gent vzw']],
    ['postcode=3500', ['Kompas Hasselt vzw']],
    ['province=Limburg', ['Kompas Hasselt vzw']],
    ['province=oost-vlaanderen', ['Jobanker Brugge bv', 'Werkkracht Gent vzw']],
    ['capacity=available', ['Kompas Hasselt vzw', 'Werkkracht Gent vzw']],
    ['category=GTB', ['Werkkracht Gent vzw']],
    ['category=none', ['Jobanker Brugge bv']],
    ['postcode=9000&capacity=available', ['Werkkracht Gent vzw']],
  ])('filters with %s', async (query, names) => {
    const body = await json(await h.call('GET', `/api/v1/providers?${query}`));
    expect(body.items.map((p: any) => p.name)).toEqual(names);
  });

  it('paginates', async () => {
    const first = await json(await h.call('GET', '/api/v1/providers?pageSize=2'));
    const second = await json(await h.call('GET', '/api/v1/providers?pageSize=2&page=2'));
    expect(first.items).toHaveLength(2);
    expect(second.items.map((p: any) => p.name)).toEqual(['Werkkracht Gent vzw']);
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
  });

  it('refuses unknown filters, unknown postcodes and wrong values with problem details', async () => {
    const unknownField = await expectProblem(await h.call('GET', '/api/v1/providers?colour=red'), 400, /unknown field/);
    expect(unknownField.errors[0].path).toBe('(body)');
    await expectProblem(await h.call('GET', '/api/v1/providers?postcode=9999'), 422, /9999/);
    const wrong = await expectProblem(await h.call('GET', '/api/v1/providers?pageSize=1000'), 400);
    expect(wrong.errors[0].path).toBe('pageSize');
  });

  it('shows one provider by enterprise number, with or without dots; an expired one says so', async () => {
    const number = h.enterpriseNumber(3);
    const body = await json(await h.call('GET', `/api/v1/providers/${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`));
    expect(body).toMatchObject({ name: 'Verlopen Coaching vzw', recognised: false, recognitions: [{ status: 'expired', validUntil: '2024-12-31' }] });
    expect(body.coachCount).toBe(1);
    expect(JSON.stringify(body)).not.toContain('Coach Van Provider');
    await expectProblem(await h.call('GET', '/api/v1/providers/0403170701'), 404);
    await expectProblem(await h.call('GET', '/api/v1/providers/123'), 422);
  });

  it('sends security headers on every response', async () => {
    const response = await h.call('GET', '/api/v1/providers');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers a repeated read from its cache with the same body and the same headers', async () => {
    const first = await h.call('GET', '/api/v1/providers?municipality=44021');
    const again = await h.call('GET', '/api/v1/providers?municipality=44021');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(await first.text());
    const headers = (r: Response) => [...r.headers].filter(([name]) => name !== 'date').sort();
    expect(headers(again)).toEqual(headers(first));
  });
});

describe('authentication and roles', () => {
  it('needs a token for change reports (401 with a challenge)', async () => {
    const response = await h.call('GET', '/api/v1/change-reports');
    await expectProblem(response, 401, /Authorization: Bearer/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(await h.call('GET', '/api/v1/change-reports', { token: 'rdv_not-a-real-token' }), 401, /unknown, expired or revoked/);
  });

  it('refuses a provider on admin routes and an administrator on provider routes (403)', async () => {
    await expectProblem(await h.call('GET', '/api/v1/admin/change-reports', { token: h.tokens.provider1 }), 403, /administrators/);
    await expectProblem(await h.call('GET', '/api/v1/admin/deadlines', { token: h.tokens.provider1 }), 403);
    await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.admin, body: { kind: 'other', payload: { text: 'x' } } }), 403, /providers/);
  });

  it('stops accepting a revoked or expired token', async () => {
    const revoked = await createToken(h.database.db, { role: 'provider', providerId: 1, name: 'tijdelijk', now: NOW });
    expect((await h.call('GET', '/api/v1/change-reports', { token: revoked.token })).status).toBe(200);
    await revokeToken(h.database.db, revoked.id, NOW);
    await expectProblem(await h.call('GET', '/api/v1/change-reports', { token: revoked.token }), 401);
    const expired = await createToken(h.database.db, { role: 'provider', providerId: 1, name: 'verlopen', expiresAt: '2026-11-01T00:00:00.000Z', now: NOW });
    await expectProblem(await h.call('GET', '/api/v1/change-reports', { token: expired.token }), 401);
  });
});

describe('change reports', () => {
  it('applies free places at once, with a reference, a public event and a publication mark', async () => {
    const response = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'free_places', payload: { freePlaces: 7 } } });
    expect(response.status).toBe(201);
    const report = await json(response);
    expect(report).toMatchObject({ kind: 'free_places', status: 'applied', receivedAt: NOW.toISOString() });
    expect(report.reference).toMatch(/^WM-2026-\d{6}$/);
    expect(response.headers.get('location')).toBe(`/api/v1/change-reports/${report.reference}`);
    const [capacity] = await h.database.db.select().from(capacities).where(eq(capacities.providerId, 1));
    expect(capacity.freePlaces).toBe(7);
    const events = await h.database.db.select().from(changeEvents).where(eq(changeEvents.kind, 'capacity.free_places'));
    // The public log names the role; the token holder is kept privately.
    expect(events.at(-1)).toMatchObject({
      actor: 'dienstverlener',
      recordedBy: 'Officer Werkkracht',
      // Privately, the report it came from (the publications page names a publication's contents by it).
      source: report.reference,
      before: { capacity: { freePlaces: 3, updatedAt: '2026-11-01T09:30:00.000Z' } },
      after: { capacity: { freePlaces: 7, updatedAt: NOW.toISOString() } },
    });
    expect(await hasUnpublishedChanges(h.database.db)).toBe(true);
    // The publisher is told, so that the site follows.
    expect(h.publisher.changes).toBe(1);
    // The public API shows it at once.
    const list = await json(await h.call('GET', '/api/v1/providers?postcode=9000'));
    expect(list.items.find((p: any) => p.name === 'Werkkracht Gent vzw').capacity.freePlaces).toBe(7);
  });

  it('keeps every other kind waiting for review, and lists only the provider\'s own reports', async () => {
    const response = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'capacity', payload: { totalPlaces: 15 } } });
    expect(response.status).toBe(201);
    const report = await json(response);
    expect(report.status).toBe('pending_review');
    const [capacity] = await h.database.db.select().from(capacities).where(eq(capacities.providerId, 2));
    expect(capacity.totalPlaces).toBe(8);
    // Nothing public changed: no publication is asked for.
    expect(h.publisher.changes).toBe(0);
    const own = await json(await h.call('GET', '/api/v1/change-reports', { token: h.tokens.provider2 }));
    expect(own.items.map((r: any) => r.reference)).toContain(report.reference);
    const others = await json(await h.call('GET', '/api/v1/change-reports', { token: h.tokens.provider1 }));
    expect(others.items.map((r: any) => r.reference)).not.toContain(report.reference);
    expect((await h.call('GET', `/api/v1/change-reports/${report.reference}`, { token: h.tokens.provider2 })).status).toBe(200);
    // Another organisation, even guessing the reference, gets "not found".
    await expectProblem(await h.call('GET', `/api/v1/change-reports/${report.reference}`, { token: h.tokens.provider1 }), 404);
    await expectProblem(await h.call('GET', '/api/v1/change-reports/WM-2026-999999', { token: h.tokens.provider1 }), 404);
  });

  it('accepts every kind of change with its own validated payload', async () => {
    const bodies = [
      { kind: 'contact_details', payload: { email: 'nieuw@werkkracht.example', phone: '+32 9 123 45 67' } },
      { kind: 'working_area', payload: { municipalities: ['44021'], provinces: ['Limburg'] } },
      { kind: 'capacity', payload: { totalPlaces: 30 } },
      { kind: 'coaches', payload: { coaches: [{ fullName: 'Geheime Begeleider', qualification: 'Master orthopedagogiek' }] } },
      { kind: 'subcontractors', payload: { enterpriseNumbers: [h.enterpriseNumber(4)] } },
      { kind: 'quality_registration', payload: { reference: 'KRM-2026-001' } },
      { kind: 'yearly_activity', payload: { year: 2026, employeesCoached: 5 } },
      { kind: 'other', payload: { text: 'Wij verhuizen in januari naar een nieuw kantoor.' } },
    ];
    for (const body of bodies) {
      const response = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body });
      expect(response.status, body.kind).toBe(201);
    }
  });

  it('returns the first answer to a retry with the same Idempotency-Key, and creates one report', async () => {
    const before = await reportCount();
    const body = { kind: 'other', payload: { text: 'Retry me' } };
    const first = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body, headers: { 'Idempotency-Key': 'retry-1' } });
    const second = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body, headers: { 'Idempotency-Key': 'retry-1' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await json(second)).reference).toBe((await json(first)).reference);
    expect(await reportCount()).toBe(before + 1);
    await expectProblem(
      await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'Something else' } }, headers: { 'Idempotency-Key': 'retry-1' } }),
      409,
      /different change report/,
    );
    // A key is printable ASCII: a tab or a character beyond is refused, and nothing is stored.
    const stored = await reportCount();
    await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body, headers: { 'Idempotency-Key': 'retry\t2' } }), 400, /idempotency-key: 1 to 200 printable ASCII characters/);
    expect(await reportCount()).toBe(stored);
    // The same key from another organisation is its own key.
    expect((await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body, headers: { 'Idempotency-Key': 'retry-1' } })).status).toBe(201);
  });

  it.each([
    // [what, request, status, detail, the field the first error names (null: a body that is not JSON names none)]
    ['malformed JSON', { raw: '{"kind": "other", ' }, 400, /not valid JSON/, null],
    ['an unknown field', { body: { kind: 'other', payload: { text: 'x' }, extra: 1 } }, 400, /unknown field: extra/, '(body)'],
    ['an unknown field in the payload', { body: { kind: 'capacity', payload: { totalPlaces: 3, colour: 'red' } } }, 400, /payload: unknown field: colour/, 'payload'],
    ['an unknown kind', { body: { kind: 'mood', payload: {} } }, 400, /kind/, 'kind'],
    ['a negative number', { body: { kind: 'free_places', payload: { freePlaces: -1 } } }, 400, /payload.freePlaces/, 'payload.freePlaces'],
    ['more free places than places', { body: { kind: 'free_places', payload: { freePlaces: 500 } } }, 422, /cannot exceed the total capacity/, 'payload.freePlaces'],
    ['an unknown municipality', { body: { kind: 'working_area', payload: { municipalities: ['99999'] } } }, 422, /Unknown municipality code/, 'payload.municipalities.0'],
    ['an unknown province', { body: { kind: 'working_area', payload: { provinces: ['Henegouwen'] } } }, 422, /Unknown province/, 'payload.provinces.0'],
    ['an invalid enterprise number', { body: { kind: 'subcontractors', payload: { enterpriseNumbers: ['0403170702'] } } }, 400, /payload.enterpriseNumbers.0/, 'payload.enterpriseNumbers.0'],
    ['a subcontractor without active recognition', { body: { kind: 'subcontractors', payload: { enterpriseNumbers: ['__expired__'] } } }, 422, /does not hold an active recognition/, 'payload.enterpriseNumbers.0'],
    ['itself as subcontractor', { body: { kind: 'subcontractors', payload: { enterpriseNumbers: ['__self__'] } } }, 422, /its own subcontractor/, 'payload.enterpriseNumbers.0'],
    ['activity for a year to come', { body: { kind: 'yearly_activity', payload: { year: 2027, employeesCoached: 1 } } }, 422, /year that has begun/, 'payload.year'],
    ['an empty contact change', { body: { kind: 'contact_details', payload: {} } }, 400, /at least one field/, 'payload'],
  ])('refuses %s with a clear error and writes nothing', async (_, init: any, status, detail, field) => {
    const body = init.body ? JSON.parse(JSON.stringify(init.body).replace('__expired__', h.enterpriseNumber(3)).replace('__self__', h.enterpriseNumber(1))) : undefined;
    const before = await reportCount();
    const problem = await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body, raw: init.raw }), status, detail);
    // A form shows each message beside its field: every refusal of a field names it.
    if (field === null) expect(problem.errors).toBeUndefined();
    else expect(problem.errors).toEqual([{ path: field, message: expect.any(String) }]);
    expect(await reportCount()).toBe(before);
  });

  it('stores text in NFC with its line breaks as \\n, and refuses control characters by field', async () => {
    const filed = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'Cafe\u0301 Gent\r\nverhuist.' } } });
    expect(filed.status).toBe(201);
    expect((await json(filed)).payload).toEqual({ text: 'Caf\u00e9 Gent\nverhuist.' });
    const before = await reportCount();
    const refused = await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'nul\u0000byte' } } }), 400, /payload.text: contains a control character \(U\+0000\)/);
    expect(refused.errors).toEqual([{ path: 'payload.text', message: 'contains a control character (U+0000)' }]);
    expect(await reportCount()).toBe(before);
  });

  it('refuses a body over 64 KB with 413', async () => {
    await expectProblem(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'x'.repeat(70_000) } } }), 413, /64 KB/);
  });
});

describe('previewing a change report', () => {
  it('says which municipalities would leave and join, whole provinces named, and stores nothing', async () => {
    const before = await reportCount();
    // Werkkracht Gent serves Gent (44021) and Merelbeke-Melle (44088); asked: Gent and all of Limburg.
    const response = await h.call('POST', '/api/v1/change-reports/preview', { token: h.tokens.provider1, body: { kind: 'working_area', payload: { municipalities: ['44021'], provinces: ['Limburg'] } } });
    expect(response.status).toBe(200);
    const preview = await json(response);
    expect(preview.area.removed).toEqual({ count: 1, names: ['Merelbeke-Melle'], codes: ['44088'] });
    expect(preview.area.added.names).toEqual(['heel Limburg']);
    expect(preview.area.after.names).toEqual(['heel Limburg', 'Gent']);
    expect(preview.areaShrinks).toBe(true);
    expect(await reportCount()).toBe(before);
    const area = await h.database.db.select().from(workingAreas).where(eq(workingAreas.providerId, 1));
    expect(area.map((a) => a.nisCode).sort()).toEqual(['44021', '44088']);
  });

  it('flags a capacity drop with the old and new value', async () => {
    // Free places as an earlier test left them: more than 2, so the new total cuts them too.
    const [capacity] = await h.database.db.select().from(capacities).where(eq(capacities.providerId, 1));
    expect(capacity.freePlaces).toBeGreaterThan(2);
    const preview = await json(await h.call('POST', '/api/v1/change-reports/preview', { token: h.tokens.provider1, body: { kind: 'capacity', payload: { totalPlaces: 2 } } }));
    expect(preview.fields).toEqual([
      { label: 'Plaatsen in totaal', before: '12', after: '2', changed: true },
      { label: 'Vrije plaatsen', before: String(capacity.freePlaces), after: '2', changed: true },
    ]);
    expect(preview.capacityDrops).toBe(true);
  });

  it('refuses what filing would refuse, and is for providers only', async () => {
    await expectProblem(await h.call('POST', '/api/v1/change-reports/preview', { token: h.tokens.provider1, body: { kind: 'free_places', payload: { freePlaces: 99 } } }), 422, /cannot exceed the total capacity/);
    await expectProblem(await h.call('POST', '/api/v1/change-reports/preview', { token: h.tokens.provider1, body: { kind: 'working_area', payload: { municipalities: ['99999'] } } }), 422, /Unknown municipality code/);
    await expectProblem(await h.call('POST', '/api/v1/change-reports/preview', { token: h.tokens.admin, body: { kind: 'other', payload: { text: 'x' } } }), 403, /providers/);
  });
});

describe('administration: review', () => {
  it('lists reports waiting for review with the current values, and accepts one into the register', async () => {
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'working_area', payload: { municipalities: ['31005', '44021', '71072'] } } }));
    const queue = await json(await h.call('GET', '/api/v1/admin/change-reports', { token: h.tokens.admin }));
    const item = queue.items.find((i: any) => i.reference === filed.reference);
    expect(item).toMatchObject({ provider: { name: 'Jobanker Brugge bv' }, kindLabel: 'Werkingsgebied', current: { municipalities: ['31005', '44021'] } });
    const accepted = await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: {} });
    expect(accepted.status).toBe(200);
    expect((await json(accepted)).status).toBe('accepted');
    const area = await h.database.db.select().from(workingAreas).where(eq(workingAreas.providerId, 2));
    expect(area.map((a) => a.nisCode).sort()).toEqual(['31005', '44021', '71072']);
    expect(h.publisher.changes).toBe(1);
    const [event] = await h.database.db.select().from(changeEvents).where(eq(changeEvents.kind, 'working_area.updated'));
    expect(event).toMatchObject({
      actor: 'Departement Werk en Sociale Economie',
      recordedBy: 'Els Beheerder',
      source: filed.reference,
      before: { workingArea: ['31005', '44021'] },
      after: { workingArea: ['31005', '44021', '71072'] },
    });
    // Now findable by a Hasselt postcode.
    const hasselt = await json(await h.call('GET', '/api/v1/providers?postcode=3500'));
    expect(hasselt.items.map((p: any) => p.name)).toContain('Jobanker Brugge bv');
    await expectProblem(await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: {} }), 409, /not waiting for review/);
  });

  it('refuses a decision made on values the provider has changed since, and takes one made on the values as they are', async () => {
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'capacity', payload: { totalPlaces: 30 } } }));
    const seen = (await json(await h.call('GET', '/api/v1/admin/change-reports', { token: h.tokens.admin }))).items.find((i: any) => i.reference === filed.reference);
    expect(seen.providerVersion).toEqual(expect.any(Number));
    // The provider changes its free places (applied at once) after the administrator looked.
    expect((await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'free_places', payload: { freePlaces: 0 } } })).status).toBe(201);
    await expectProblem(
      await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: { providerVersion: seen.providerVersion } }),
      409,
      /changed after the differences/,
    );
    await expectProblem(
      await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/reject`, { token: h.tokens.admin, body: { reason: 'Te veel plaatsen.', providerVersion: seen.providerVersion } }),
      409,
      /changed after the differences/,
    );
    const again = (await json(await h.call('GET', '/api/v1/admin/change-reports', { token: h.tokens.admin }))).items.find((i: any) => i.reference === filed.reference);
    expect(again.status).toBe('pending_review');
    expect(again.providerVersion).toBeGreaterThan(seen.providerVersion);
    const accepted = await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: { providerVersion: again.providerVersion } });
    expect(accepted.status).toBe(200);
    await expectProblem(await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: { providerVersion: -1 } }), 400, /providerVersion/);
  });

  it('keeps coaches private: the public event tells only how many', async () => {
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'coaches', payload: { coaches: [{ fullName: 'Anna Geheim', qualification: 'Bachelor sociaal werk' }, { fullName: 'Bert Geheim', qualification: 'Master' }] } } }));
    await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: {} });
    expect((await h.database.db.select().from(coaches).where(eq(coaches.providerId, 2))).map((c) => c.fullName).sort()).toEqual(['Anna Geheim', 'Bert Geheim']);
    const events = await h.database.db.select().from(changeEvents).where(eq(changeEvents.kind, 'coaches.updated'));
    expect(JSON.stringify(events)).not.toContain('Geheim');
    expect(events.at(-1)?.summary).toBe('Aantal gekwalificeerde begeleiders: 2 (was 1).');
    const publicEntry = await json(await h.call('GET', `/api/v1/providers/${h.enterpriseNumber(2)}`));
    expect(publicEntry.coachCount).toBe(2);
    expect(JSON.stringify(publicEntry)).not.toContain('Geheim');
  });

  it('counts a subcontractor written twice (with and without dots) once', async () => {
    const number = h.enterpriseNumber(1);
    const dotted = `${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`;
    const filed = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'subcontractors', payload: { enterpriseNumbers: [number, dotted] } } });
    expect(filed.status).toBe(201);
    const report = await json(filed);
    expect(report.payload.enterpriseNumbers).toEqual([number]);
    expect((await h.call('POST', `/api/v1/admin/change-reports/${report.reference}/accept`, { token: h.tokens.admin, body: {} })).status).toBe(200);
  });

  it('rejects with a reason, which the provider reads', async () => {
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'quality_registration', payload: { reference: 'KRM-X' } } }));
    await expectProblem(await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/reject`, { token: h.tokens.admin, body: {} }), 400, /reason/);
    const rejected = await json(await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/reject`, { token: h.tokens.admin, body: { reason: 'Het registratienummer bestaat niet.' } }));
    expect(rejected).toMatchObject({ status: 'rejected', reviewReason: 'Het registratienummer bestaat niet.' });
    expect(h.publisher.changes).toBe(0); // nothing public changed
    const seen = await json(await h.call('GET', `/api/v1/change-reports/${filed.reference}`, { token: h.tokens.provider2 }));
    expect(seen).toMatchObject({ status: 'rejected', reviewReason: 'Het registratienummer bestaat niet.' });
  });
});

/** An application as the department enters it; the contact person and the coach are private ("Privé"). */
const application = applicationFixture({ submittedOn: '2026-09-01', enterpriseNumber: '0403.170.701', serviceArea: { municipalities: ['44021', '44088'] } });

/** Runs `body` through the procedure to a recognition valid from 15 November 2026; answers the decided application. */
async function grant(body: object) {
  const { reference } = await json(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body }));
  const step = (step: object) => h.call('POST', `/api/v1/admin/applications/${reference}/steps`, { token: h.tokens.admin, body: step });
  for (const request of [{ step: 'declare_admissible', on: '2026-09-05' }, { step: 'start_examination', on: '2026-09-06' }, { step: 'give_advice', on: '2026-10-15' }]) expect((await step(request)).status).toBe(200);
  const decided = await step({ step: 'decide', on: '2026-11-01', outcome: 'granted', notifiedOn: '2026-11-02', validFrom: '2026-11-15' });
  expect(decided.status).toBe(200);
  return json(decided);
}

describe('administration: the procedure', () => {
  it('runs an application from submission to a recognition that appears in the public API', async () => {
    const created = await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application });
    expect(created.status).toBe(201);
    const { reference } = await json(created);
    const step = (body: object) => h.call('POST', `/api/v1/admin/applications/${reference}/steps`, { token: h.tokens.admin, body });

    // Skipping a step is refused with the steps allowed now.
    await expectProblem(await step({ step: 'give_advice', on: '2026-09-03' }), 409, /allowed now: 'declare_admissible', 'declare_inadmissible'/);
    // No mail has been sent in this test (no sender runs): the examination clock has not started.
    // test/api/examination-clock.test.ts follows the clock from the recorded send time.
    expect((await json(await step({ step: 'declare_admissible', on: '2026-09-05' }))).nextDeadline).toMatchObject({ kind: 'examination', started: false, dueOn: null, overdue: false });
    await step({ step: 'start_examination', on: '2026-09-06' });
    await step({ step: 'request_information', on: '2026-09-10' });
    const resumed = await json(await step({ step: 'receive_information', on: '2026-09-20' }));
    expect(resumed.nextDeadline).toMatchObject({ kind: 'examination', started: false, dueOn: null });
    expect(resumed.steps[0]).toMatchObject({ step: 'declare_admissible', mailSentAt: null });
    await step({ step: 'give_advice', on: '2026-10-15' });
    await expectProblem(await step({ step: 'decide', on: '2026-11-01', outcome: 'granted', notifiedOn: '2026-11-02' }), 422, /must state the date/);
    await expectProblem(await step({ step: 'decide', on: '2026-12-01', outcome: 'granted', notifiedOn: '2026-12-01', validFrom: '2026-12-01' }), 422, /day still to come/);
    expect(h.publisher.changes).toBe(0); // no decision yet: nothing public changed
    const decided = await json(await step({ step: 'decide', on: '2026-11-01', outcome: 'granted', notifiedOn: '2026-11-02', validFrom: '2026-11-15' }));
    expect(decided).toMatchObject({ state: 'granted', allowedSteps: ['request_reconsideration'], nextDeadline: { kind: 'reconsideration_window', dueOn: '2026-12-02' } });
    expect(decided.recognitionNumber).toMatch(/^ED-2026-\d{4}$/);
    expect(h.publisher.changes).toBe(1);
    // Still open while its reconsideration window runs, and the deadlines name its recognition.
    const { items } = await json(await h.call('GET', '/api/v1/admin/deadlines', { token: h.tokens.admin }));
    expect(items.find((i: any) => i.reference === reference)).toMatchObject({ state: 'granted', recognitionNumber: decided.recognitionNumber });

    const entry = await json(await h.call('GET', '/api/v1/providers/0403170701'));
    expect(entry).toMatchObject({ name: 'Nieuwe Horizon vzw', recognised: true, recognitions: [{ number: decided.recognitionNumber, validFrom: '2026-11-15', validUntil: '2031-11-14', status: 'active' }] });
    expect(JSON.stringify(entry)).not.toMatch(/Privé/);
  });

  it('lists open applications by deadline, overdue first', async () => {
    const late = await json(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: { ...application, submittedOn: '2026-11-10', organisation: { ...application.organisation, enterpriseNumber: '0417497106' } } }));
    const fresh = await json(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: { ...application, submittedOn: '2026-11-27', organisation: { ...application.organisation, enterpriseNumber: '0200065765' } } }));
    const { items } = await json(await h.call('GET', '/api/v1/admin/deadlines', { token: h.tokens.admin }));
    const references = items.map((i: any) => i.reference);
    expect(references.indexOf(late.reference)).toBeLessThan(references.indexOf(fresh.reference));
    expect(items.find((i: any) => i.reference === late.reference).nextDeadline).toMatchObject({ kind: 'admissibility', dueOn: '2026-11-17', overdue: true, daysLeft: -11 });
    expect(items.find((i: any) => i.reference === fresh.reference).nextDeadline).toMatchObject({ dueOn: '2026-12-04', overdue: false, daysLeft: 6 });
  });

  it('refuses an application with a missing part', async () => {
    const problem = await expectProblem(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: { ...application, experience: null } }), 400);
    expect(problem.errors.map((e: any) => e.path)).toContain('experience');
  });

  it('withdraws a recognition: it leaves the public list at once', async () => {
    const [recognition] = await h.database.db.select().from(recognitions).where(eq(recognitions.providerId, 4));
    const response = await h.call('POST', `/api/v1/admin/recognitions/${recognition.recognitionNumber}/withdraw`, { token: h.tokens.admin, body: { effectiveFrom: '2026-11-28', reason: 'geen intervisie' } });
    expect(await json(response)).toMatchObject({ status: 'withdrawn' });
    expect(h.publisher.changes).toBe(1);
    const list = await json(await h.call('GET', '/api/v1/providers?province=Limburg'));
    expect(list.items.map((p: any) => p.name)).not.toContain('Kompas Hasselt vzw');
    await expectProblem(await h.call('POST', `/api/v1/admin/recognitions/${recognition.recognitionNumber}/withdraw`, { token: h.tokens.admin, body: { effectiveFrom: '2026-11-28', reason: 'x' } }), 409);
  });
});

describe('administration: renunciation', () => {
  it('records that a provider renounces its recognition from a later day, announcing it publicly', async () => {
    const [recognition] = await h.database.db.select().from(recognitions).where(eq(recognitions.providerId, 1));
    const result = await json(await h.call('POST', `/api/v1/admin/recognitions/${recognition.recognitionNumber}/renounce`, { token: h.tokens.admin, body: { effectiveFrom: '2027-01-01', reason: 'de organisatie stopt' } }));
    expect(result).toMatchObject({ status: 'active', effectiveFrom: '2027-01-01' });
    expect(h.publisher.changes).toBe(1);
    const [event] = await h.database.db.select().from(changeEvents).where(eq(changeEvents.kind, 'recognition.renunciation_scheduled'));
    expect(event.summary).toBe(`Erkenning ${recognition.recognitionNumber} wordt stopgezet op vraag van de dienstverlener vanaf 1 januari 2027: de organisatie stopt`);
    // The last valid day moves now, in the log as on the public entry.
    expect(event.after).toEqual({ recognitions: { [recognition.recognitionNumber]: { validUntil: '2026-12-31' } } });
    const entry = await json(await h.call('GET', `/api/v1/providers/${h.enterpriseNumber(1)}`));
    expect(entry.recognitions[0]).toMatchObject({ status: 'active', validUntil: '2026-12-31', terminationEffectiveFrom: '2027-01-01' });
  });
});

describe('administration: publications', () => {
  it('answers a publication request with 202 and lets it be followed', async () => {
    const response = await h.call('POST', '/api/v1/admin/publications', { token: h.tokens.admin });
    expect(response.status).toBe(202);
    const publication = await json(response);
    expect(h.publisher.requests).toEqual(['administrator Els Beheerder']);
    expect(response.headers.get('location')).toBe(`/api/v1/admin/publications/${publication.id}`);
    expect(await json(await h.call('GET', `/api/v1/admin/publications/${publication.id}`, { token: h.tokens.admin }))).toMatchObject({ id: publication.id, status: 'queued' });
    await expectProblem(await h.call('GET', '/api/v1/admin/publications/nope', { token: h.tokens.admin }), 404);
    const list = await json(await h.call('GET', '/api/v1/admin/publications', { token: h.tokens.admin }));
    expect(list.items.map((p: any) => p.id)).toEqual([publication.id]);
  });
});

describe('the contract', () => {
  it('publishes an OpenAPI document and a readable reference without outside assets', async () => {
    const document = await json(await h.call('GET', '/api/openapi.json'));
    expect(document.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/providers', '/api/v1/change-reports', '/api/v1/admin/applications/{reference}/steps', '/api/v1/admin/deadlines', '/api/v1/admin/outbox', '/api/v1/admin/outbox/{id}/resend', '/api/v1/admin/applications/{reference}/hearing-invitation']) expect(document.paths).toHaveProperty([path]);
    const page = await h.call('GET', '/api/docs');
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");
    const docs = await page.text();
    expect(docs).toContain('POST /api/v1/change-reports');
    expect(docs).not.toMatch(/https?:\/\/(?!localhost)[^"]*\.(js|css)/);
    // Headings go down one level at a time (a screen reader's outline, and the HTML checker, need it).
    const levels = [...docs.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i], `heading ${i + 1} of /api/docs`).toBeLessThanOrEqual(levels[i - 1] + 1);
  });

  it('answers unknown endpoints with problem details, and a method a path does not have with 405 and Allow', async () => {
    await expectProblem(await h.call('GET', '/api/v1/nothing-here'), 404);
    const wrongMethod = await h.call('DELETE', '/api/v1/providers');
    await expectProblem(wrongMethod, 405, /does not answer DELETE/);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the limit per token and per address', async () => {
    const limited = await apiHarness({ rateLimits: { perToken: { limit: 3, windowMs: 60_000 }, perAddress: { limit: 5, windowMs: 60_000 } }, clientAddress: '192.0.2.1' });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.call('GET', '/api/v1/change-reports', { token: limited.tokens.provider1 })).status).toBe(200);
      const over = await limited.call('GET', '/api/v1/change-reports', { token: limited.tokens.provider1 });
      await expectProblem(over, 429, /for this token/);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another token from the same address has its own allowance, until the address reaches its limit.
      expect((await limited.call('GET', '/api/v1/change-reports', { token: limited.tokens.provider2 })).status).toBe(200);
      await expectProblem(await limited.call('GET', '/api/v1/change-reports', { token: limited.tokens.provider2 }), 429, /from this address/);
      // Public reads count too, also when they are answered from the cache.
      await expectProblem(await limited.call('GET', '/api/v1/providers'), 429, /from this address/);
    } finally {
      limited.database.cleanup();
    }
  });

  it('limits repeated public reads from one address, also those answered from the cache', async () => {
    const limited = await apiHarness({ rateLimits: { perToken: { limit: 100, windowMs: 60_000 }, perAddress: { limit: 4, windowMs: 60_000 } }, clientAddress: '192.0.2.2' });
    try {
      for (let i = 0; i < 4; i++) expect((await limited.call('GET', '/api/v1/providers')).status).toBe(200);
      const over = await limited.call('GET', '/api/v1/providers');
      await expectProblem(over, 429, /from this address/);
      expect(over.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      limited.database.cleanup();
    }
  });
});

describe('rate limits behind a proxy, and the health check', () => {
  it('never limits the health check, which monitoring asks often from one address', async () => {
    const limited = await apiHarness({ rateLimits: { perToken: { limit: 100, windowMs: 60_000 }, perAddress: { limit: 2, windowMs: 60_000 } }, clientAddress: '192.0.2.3' });
    try {
      for (let i = 0; i < 10; i++) expect((await limited.call('GET', '/api/health')).status).toBe(200);
      // The address's allowance is untouched by those ten.
      for (let i = 0; i < 2; i++) expect((await limited.call('GET', '/api/v1/providers')).status).toBe(200);
      await expectProblem(await limited.call('GET', '/api/v1/providers'), 429, /from this address/);
    } finally {
      limited.database.cleanup();
    }
  });

  it('counts a direct client by the address of its connection, and gives it its allowance back after the wait it was told', async () => {
    const database = await createTestDatabase();
    // Windows of two seconds, so that the wait is short; the limiter counts by wall time.
    const limits = { perToken: { limit: 100, windowMs: 2_000 }, perAddress: { limit: 2, windowMs: 2_000 } };
    const server = await startServer({ db: database.db, clock: fixedClock(NOW), dataDir: `${database.dir}/data`, host: '127.0.0.1', port: 0, rateLimits: limits });
    // Two clients on two loopback addresses (no proxy in front): the server sees them apart by their sockets alone.
    const from = (localAddress: string) =>
      new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
        const request = httpGet(`${server.url}/api/v1/providers`, { localAddress }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'] as string | undefined }));
        });
        request.on('error', reject);
      });
    try {
      expect((await from('127.0.0.1')).status).toBe(200);
      expect((await from('127.0.0.1')).status).toBe(200);
      const refused = await from('127.0.0.1');
      expect(refused.status).toBe(429);
      expect((await from('127.0.0.2')).status).toBe(200);
      // Waiting as long as Retry-After says is enough (the sliding count of the refused burst has faded).
      const wait = Number(refused.retryAfter);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(4);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      expect((await from('127.0.0.1')).status).toBe(200);
    } finally {
      await server.close();
      database.cleanup();
    }
  });

  it('counts by X-Forwarded-For only behind as many proxies as TRUST_PROXY says', async () => {
    const database = await createTestDatabase();
    const limits = { perToken: { limit: 100, windowMs: 60_000 }, perAddress: { limit: 2, windowMs: 60_000 } };
    const direct = await startServer({ db: database.db, clock: fixedClock(NOW), dataDir: `${database.dir}/direct`, host: '127.0.0.1', port: 0, rateLimits: limits });
    const proxied = await startServer({ db: database.db, clock: fixedClock(NOW), dataDir: `${database.dir}/proxied`, host: '127.0.0.1', port: 0, rateLimits: limits, trustProxy: 1 });
    const get = (server: RunningServer, forwardedFor: string) => fetch(`${server.url}/api/v1/providers`, { headers: { 'x-forwarded-for': forwardedFor } });
    try {
      // Directly reachable: a client cannot buy a fresh allowance by writing another header.
      expect((await get(direct, '198.51.100.1')).status).toBe(200);
      expect((await get(direct, '198.51.100.2')).status).toBe(200);
      expect((await get(direct, '198.51.100.3')).status).toBe(429);
      // Behind one proxy: each client has its own allowance, and an entry the client wrote before
      // the proxy's own (the last) does not change whose it is.
      for (let i = 0; i < 2; i++) expect((await get(proxied, `203.0.113.${i}, 198.51.100.7`)).status).toBe(200);
      expect((await get(proxied, '203.0.113.99, 198.51.100.7')).status).toBe(429);
      expect((await get(proxied, '198.51.100.8')).status).toBe(200);
    } finally {
      await direct.close();
      await proxied.close();
      database.cleanup();
    }
  });
});

describe('nothing private leaks', () => {
  it('never shows national register numbers, contact persons or coach names in public answers', async () => {
    // A provider recognised through the procedure, whose application named a private contact
    // person and coach, and a provider whose coaches changed by review.
    await grant(application);
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider2, body: { kind: 'coaches', payload: { coaches: [{ fullName: 'Anna Geheim', qualification: 'Bachelor sociaal werk' }] } } }));
    expect((await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/accept`, { token: h.tokens.admin, body: {} })).status).toBe(200);
    const all = await json(await h.call('GET', '/api/v1/providers?pageSize=100'));
    for (const p of all.items) {
      const entry = JSON.stringify(await json(await h.call('GET', `/api/v1/providers/${p.enterpriseNumber}`)));
      for (const secret of ['Coach Van Provider', 'Geheim', 'Privé', 'tokenHash', 'rdv_']) expect(entry).not.toContain(secret);
    }
    expect(all.items.map((p: any) => p.name)).toContain('Nieuwe Horizon vzw');
    const [{ n }] = await h.database.db.select({ n: count() }).from(providers);
    expect(all.items.length).toBe(n - 1); // every provider but the expired one was looked at
  });
});
