/**
 * The place search through the API, and the provider list near a place: what a typed name means,
 * and who serves it, nearest or with free places first, with the distance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness } from '#test/fixtures/api.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { distanceKm, roundKm } from '#domain/places.ts';

let h: Awaited<ReturnType<typeof apiHarness>>;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.database.cleanup());

const json = async (response: Response) => (await response.json()) as any;
const get = async (path: string, status = 200) => {
  const response = await h.call('GET', path);
  expect(response.status, path).toBe(status);
  return json(response);
};
const reference = loadReferenceData();
const place = (name: string, postcode?: string) => reference.places.find((p) => p.name === name && (!postcode || p.postcode === postcode))!;

describe('GET /api/v1/places', () => {
  it('finds a deelgemeente, saying which municipality it belongs to', async () => {
    const body = await get('/api/v1/places?q=sint%20amandsberg');
    expect(body).toMatchObject({
      query: 'sint amandsberg',
      status: 'found',
      understood: 'Sint-Amandsberg hoort bij Gent.',
      message: null,
      choices: [],
      suggestions: [],
      place: {
        label: 'Sint-Amandsberg (Gent, 9040)',
        name: 'Sint-Amandsberg',
        kind: 'deelgemeente',
        postcode: '9040',
        municipality: { nisCode: '44021', name: 'Gent', province: 'Oost-Vlaanderen', page: '/gemeenten/gent/' },
      },
    });
    expect(body.place.point).toEqual({ lat: place('Sint-Amandsberg').lat, lon: place('Sint-Amandsberg').lon });
  });

  it('finds a former municipality and a French name', async () => {
    expect((await get('/api/v1/places?q=Kortessem')).place.municipality.name).toBe('Hasselt');
    expect((await get('/api/v1/places?q=Ixelles')).understood).toBe('Ixelles is de Franse naam van Elsene.');
  });

  it('offers each place with an ambiguous name', async () => {
    const body = await get('/api/v1/places?q=Deurne');
    expect(body.status).toBe('ambiguous');
    expect(body.place).toBeNull();
    expect(body.choices.map((c: any) => [c.label, c.municipality.name])).toEqual([
      ['Deurne (Antwerpen, 2100)', 'Antwerpen'],
      ['Deurne (Diest, 3290)', 'Diest'],
    ]);
    expect(body.message).toBe('Er zijn 2 plaatsen met de naam ‘Deurne’. Welke bedoelt u?');
  });

  it('suggests the nearest names for a typo, and says so when nothing is close', async () => {
    const typo = await get('/api/v1/places?q=Gend');
    expect(typo.status).toBe('suggestions');
    expect(typo.suggestions.map((s: any) => s.label)).toEqual(['Gent', 'Genk']);
    const unknown = await get('/api/v1/places?q=Atlantis');
    expect(unknown).toMatchObject({ status: 'unknown', place: null, choices: [], suggestions: [] });
    expect(unknown.message).toMatch(/^Geen plaats gevonden met de naam ‘Atlantis’/);
  });

  it('refuses a missing or empty question with problem details', async () => {
    for (const path of ['/api/v1/places', '/api/v1/places?q=', '/api/v1/places?q=%20', '/api/v1/places?q=Gent&extra=1']) {
      const response = await h.call('GET', path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('GET /api/v1/providers near a place', () => {
  it('lists the providers serving the place, nearest first, with the distance from it', async () => {
    const body = await get('/api/v1/providers?near=Sint-Amandsberg&sort=distance');
    expect(body.items.map((p: any) => p.name)).toEqual(['Werkkracht Gent vzw', 'Jobanker Brugge bv']);
    const from = place('Sint-Amandsberg');
    const gent = place('Gent', '9000');
    const brugge = place('Brugge', '8000');
    expect(body.items.map((p: any) => p.distanceKm)).toEqual([roundKm(distanceKm(from, gent)), roundKm(distanceKm(from, brugge))]);
    expect(body.near).toMatchObject({ understood: 'Sint-Amandsberg hoort bij Gent.', place: { label: 'Sint-Amandsberg (Gent, 9040)' } });
    expect(body.items[0]).toMatchObject({ email: 'info@provider-1.example', phone: '+3292000001' });
  });

  it('puts free places first, as the municipality pages do', async () => {
    const near = await get('/api/v1/providers?near=9000&sort=free');
    expect(near.items.map((p: any) => [p.name, p.capacity.freePlaces])).toEqual([
      ['Werkkracht Gent vzw', 3],
      ['Jobanker Brugge bv', 0],
    ]);
    const everywhere = await get('/api/v1/providers?sort=free');
    expect(everywhere.items.map((p: any) => p.name)).toEqual(['Kompas Hasselt vzw', 'Werkkracht Gent vzw', 'Jobanker Brugge bv']);
    expect(everywhere.items.every((p: any) => !('distanceKm' in p))).toBe(true);
    expect(everywhere.near).toBeNull();
  });

  it('pages through an ordered list', async () => {
    const second = await get('/api/v1/providers?sort=free&pageSize=2&page=2');
    expect(second).toMatchObject({ total: 3, page: 2 });
    expect(second.items.map((p: any) => p.name)).toEqual(['Jobanker Brugge bv']);
  });

  it('finds providers by words of their name', async () => {
    expect((await get('/api/v1/providers?name=kompas')).items.map((p: any) => p.name)).toEqual(['Kompas Hasselt vzw']);
    expect((await get('/api/v1/providers?name=werk%20gent')).items.map((p: any) => p.name)).toEqual(['Werkkracht Gent vzw']);
    expect((await get('/api/v1/providers?name=zeppelin')).items).toEqual([]);
  });

  it('takes a NIS code, a postcode or a former municipality, and gives none for a place no one serves', async () => {
    expect((await get('/api/v1/providers?near=71072')).items.map((p: any) => p.name)).toEqual(['Kompas Hasselt vzw']);
    expect((await get('/api/v1/providers?near=Kortessem')).items.map((p: any) => p.name)).toEqual(['Kompas Hasselt vzw']);
    const nevele = await get('/api/v1/providers?near=Nevele');
    expect(nevele).toMatchObject({ items: [], total: 0, near: { place: { municipality: { name: 'Deinze' } } } });
  });

  it('refuses an ambiguous or unknown place, or distance without a place, naming why', async () => {
    const ambiguous = await get('/api/v1/providers?near=Deurne', 422);
    expect(ambiguous.detail).toBe("'Deurne' names 2 places: 'Deurne (Antwerpen, 2100)', 'Deurne (Diest, 3290)'. Ask again with one of them.");
    expect(ambiguous.errors).toEqual([
      { path: 'near', message: "maybe 'Deurne (Antwerpen, 2100)'" },
      { path: 'near', message: "maybe 'Deurne (Diest, 3290)'" },
    ]);
    expect((await get('/api/v1/providers?near=Atlantis', 422)).errors).toEqual([{ path: 'near', message: 'unknown place' }]);
    expect((await get('/api/v1/providers?sort=distance', 422)).errors).toEqual([{ path: 'sort', message: 'needs near' }]);
    expect((await get('/api/v1/providers?sort=nearest', 400)).errors[0].path).toBe('sort');
  });
});
