/**
 * The place search: every name of places.csv finds its municipality, typed as people type it;
 * typos and ambiguous names get suggestions and choices; anything else a Dutch message.
 */
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '#db/reference-data.ts';
import { createPlaceFinder, distanceKm, placeKey, type Place, type PlaceAnswer } from '#domain/places.ts';

const reference = loadReferenceData();
const finder = createPlaceFinder(
  reference.places,
  reference.municipalities.map((m) => ({ ...m, areaName: m.provinceNis ?? 'Brussels Hoofdstedelijk Gewest' })),
);
const nisOf = (name: string) => reference.municipalities.find((m) => m.nameNl === name)!.nisCode;

/** The NIS codes an answer offers: the one found, or each choice. */
function offered(answer: PlaceAnswer): string[] {
  if (answer.status === 'found') return [answer.place.municipality.nisCode];
  if (answer.status === 'ambiguous') return answer.choices.map((c) => c.municipality.nisCode);
  return [];
}

function found(typed: string): Place {
  const answer = finder.resolve(typed);
  if (answer.status !== 'found') throw new Error(`'${typed}' was not found: ${JSON.stringify(answer).slice(0, 300)}`);
  return answer.place;
}

describe('every row of places.csv', () => {
  it('has 1,637 rows', () => {
    expect(reference.places).toHaveLength(1637);
  });

  it('resolves by its name to its municipality (or offers it among the meanings of the name)', () => {
    const failures: string[] = [];
    for (const row of reference.places) {
      const answer = finder.resolve(row.name);
      if (!offered(answer).includes(row.nisCode)) failures.push(`${row.name} (${row.postcode ?? '-'}) → ${answer.status} ${offered(answer).join(',')}, expected ${row.nisCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('resolves exactly when the choice offered for it is typed back, or its name with its postcode', () => {
    const failures: string[] = [];
    for (const row of reference.places) {
      const answer = finder.resolve(row.name);
      const choice = answer.status === 'found' ? answer.place : answer.status === 'ambiguous' ? answer.choices.find((c) => c.municipality.nisCode === row.nisCode) : undefined;
      const typedBack = choice ? finder.resolve(choice.label) : answer;
      if (typedBack.status !== 'found' || typedBack.place.municipality.nisCode !== row.nisCode) failures.push(`'${choice?.label}' for ${row.name} → ${typedBack.status}`);
      if (row.postcode) {
        for (const typed of [`${row.postcode} ${row.name}`, `${row.name} ${row.postcode}`]) {
          const withPostcode = finder.resolve(typed);
          if (withPostcode.status !== 'found' || withPostcode.place.municipality.nisCode !== row.nisCode) failures.push(`'${typed}' → ${withPostcode.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('resolves by its postcode alone to its municipality', () => {
    for (const row of reference.places.filter((r) => r.postcode)) {
      expect(found(row.postcode!).municipality.nisCode, row.postcode!).toBe(row.nisCode);
    }
  });

  it('resolves whatever the case, accents, hyphens, apostrophes and spaces', () => {
    const failures: string[] = [];
    for (const row of reference.places) {
      const mangled = row.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[-']/g, ' ').toUpperCase();
      if (!offered(finder.resolve(mangled)).includes(row.nisCode)) failures.push(`${mangled} (${row.name})`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the names the issue names', () => {
  it.each([
    ['Borgerhout', 'Antwerpen', 'Borgerhout hoort bij Antwerpen.'],
    ['Merksem', 'Antwerpen', 'Merksem hoort bij Antwerpen.'],
    ['Sint-Amandsberg', 'Gent', 'Sint-Amandsberg hoort bij Gent.'],
    ['Ledeberg', 'Gent', 'Ledeberg hoort bij Gent.'],
    ['Nevele', 'Deinze', 'Nevele is een vroegere gemeente; ze hoort nu bij Deinze.'],
    ['Kortessem', 'Hasselt', 'Kortessem is een vroegere gemeente; ze hoort nu bij Hasselt.'],
    ['Bruxelles', 'Brussel', 'Bruxelles is de Franse naam van Brussel.'],
    ['Ixelles', 'Elsene', 'Ixelles is de Franse naam van Elsene.'],
    ['Uccle', 'Ukkel', 'Uccle is de Franse naam van Ukkel.'],
    ['9000', 'Gent', 'Postcode 9000 is Gent.'],
    ['2100', 'Antwerpen', 'Postcode 2100 is Deurne, in Antwerpen.'],
    ['Gent', 'Gent', null],
  ])('%s resolves to %s, saying how', (typed, municipality, understood) => {
    const answer = finder.resolve(typed);
    expect(answer.status).toBe('found');
    if (answer.status !== 'found') return;
    expect(answer.place.municipality.nameNl).toBe(municipality);
    expect(answer.understood).toBe(understood);
  });

  it.each(['sint amandsberg', 'St-Amandsberg', 'st. amandsberg', 'SINT-AMANDSBERG', 'sintamandsberg'])('"%s" is Sint-Amandsberg', (typed) => {
    expect(found(typed).name).toBe('Sint-Amandsberg');
  });

  it.each(['s gravenwezel', "'s Gravenwezel", '’s-Gravenwezel'])('"%s" is \'s-Gravenwezel', (typed) => {
    expect(found(typed).municipality.nameNl).toBe('Schilde');
  });

  it('offers each Deurne, and finds each by its choice, its postcode or its municipality', () => {
    const answer = finder.resolve('Deurne');
    expect(answer.status).toBe('ambiguous');
    if (answer.status !== 'ambiguous') return;
    expect(answer.choices.map((c) => c.label)).toEqual(['Deurne (Antwerpen, 2100)', 'Deurne (Diest, 3290)']);
    expect(answer.message).toBe('Er zijn 2 plaatsen met de naam ‘Deurne’. Welke bedoelt u?');
    expect(found('Deurne (Diest, 3290)').municipality.nameNl).toBe('Diest');
    expect(found('3290 Deurne').municipality.nameNl).toBe('Diest');
    expect(found('Deurne (Antwerpen)').municipality.nameNl).toBe('Antwerpen');
  });

  it('tells a municipality from a locality of the same name elsewhere', () => {
    const answer = finder.resolve('Vorst');
    expect(answer.status === 'ambiguous' && answer.choices.map((c) => c.label)).toEqual(['Vorst (gemeente)', 'Vorst (Laakdal, 2430)']);
    expect(found('Vorst (gemeente)').municipality.nisCode).toBe(nisOf('Vorst'));
  });

  it.each([
    ['Gend', ['Gent', 'Genk'], 'Geen plaats gevonden met de naam ‘Gend’. Bedoelt u Gent of Genk?'],
    ['antwerpn', ['Antwerpen'], 'Geen plaats gevonden met de naam ‘antwerpn’. Bedoelt u Antwerpen?'],
    ['Kortrik', ['Kortrijk'], 'Geen plaats gevonden met de naam ‘Kortrik’. Bedoelt u Kortrijk?'],
    ['Brusel', ['Brussel'], 'Geen plaats gevonden met de naam ‘Brusel’. Bedoelt u Brussel?'],
    ['Sint-Amandsbreg', ['Sint-Amandsberg (Gent, 9040)'], 'Geen plaats gevonden met de naam ‘Sint-Amandsbreg’. Bedoelt u Sint-Amandsberg (Gent, 9040)?'],
  ])('a typo, %s, suggests the nearest names', (typed, suggestions, message) => {
    const answer = finder.resolve(typed);
    expect(answer.status).toBe('suggestions');
    if (answer.status !== 'suggestions') return;
    expect(answer.suggestions.map((s) => s.label)).toEqual(suggestions);
    expect(answer.message).toBe(message);
  });

  it('suggests the name a beginning stands for', () => {
    const answer = finder.resolve('Ixel');
    expect(answer.status === 'suggestions' && answer.suggestions.map((s) => s.label)).toEqual(['Ixelles (Elsene)']);
  });

  it('answers anything else with a clear Dutch message', () => {
    expect(finder.resolve('Atlantis')).toEqual({
      status: 'unknown',
      message: 'Geen plaats gevonden met de naam ‘Atlantis’. Typ de naam van een gemeente of deelgemeente in Vlaanderen of Brussel, of een postcode van 4 cijfers.',
    });
    expect(finder.resolve('9999')).toEqual({ status: 'unknown', message: 'Geen Vlaamse of Brusselse gemeente heeft postcode 9999.' });
    expect(finder.resolve('99999')).toEqual({ status: 'unknown', message: 'Geen gemeente heeft NIS-code 99999.' });
    expect(finder.resolve('   ')).toEqual({ status: 'empty' });
    expect(finder.resolve('9000 2100').status).toBe('unknown');
  });

  it('takes a NIS code', () => {
    expect(found('44021').municipality.nameNl).toBe('Gent');
  });
});

describe('points and distances', () => {
  it('measures from the place searched: Deurne (Diest) is far from Deurne (Antwerpen)', () => {
    const antwerp = found('Deurne (Antwerpen, 2100)').point;
    const diest = found('Deurne (Diest, 3290)').point;
    expect(distanceKm(antwerp, diest)).toBeGreaterThan(40);
    expect(distanceKm(antwerp, diest)).toBeLessThan(60);
  });

  it('measures Gent to Brussel as about 50 km as the crow flies', () => {
    expect(distanceKm(found('Gent').point, found('Brussel').point)).toBeGreaterThan(45);
    expect(distanceKm(found('Gent').point, found('Brussel').point)).toBeLessThan(56);
  });

  it('puts an address in its postcode locality, or in its municipality', () => {
    const merksem = reference.places.find((p) => p.name === 'Merksem')!;
    expect(finder.postcodePoint('2170', nisOf('Antwerpen'))).toEqual({ lat: merksem.lat, lon: merksem.lon });
    // A postcode of another municipality (a mistake in an address): the municipality's own point.
    expect(finder.postcodePoint('9000', nisOf('Antwerpen'))).toEqual(finder.municipalityPoint(nisOf('Antwerpen')));
  });

  it('compares keys without case, accents and punctuation', () => {
    expect(placeKey("'s-Gravenwezel")).toBe(placeKey('s gravenwezel'));
    expect(placeKey('Sainte-Marie')).toBe(placeKey('Sint Marie'));
  });
});
