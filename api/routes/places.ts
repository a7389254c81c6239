/** Public read API: the place search (what a typed place name means), no token. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { placeFinderOf } from '#db/queries/place-finder.ts';
import type { Place } from '#domain/places.ts';
import type { AppDeps } from '#api/deps.ts';
import { PlaceAnswerSchema, problemResponses } from '#api/schemas.ts';
import { municipalityPath } from '#domain/site-paths.ts';

const placesRoute = createRoute({
  method: 'get',
  path: '/api/v1/places',
  operationId: 'findPlace',
  tags: ['Public'],
  security: [],
  summary: 'What a typed place name means',
  description:
    'Resolves a municipality (Dutch, French or German name), a deelgemeente or locality, a former municipality, a postcode or a NIS code to the current municipality, whatever the case, accents, hyphens or apostrophes; a name several places carry gives each of them, a typo the nearest names.',
  request: {
    query: z.strictObject({
      q: z.string().trim().min(1, 'type a place').max(100).openapi({ example: 'Sint-Amandsberg', description: 'A place name, a postcode, or a NIS code' }),
    }),
  },
  responses: {
    200: { description: 'What the name means (also when it means nothing: see `status`)', content: { 'application/json': { schema: PlaceAnswerSchema } } },
    ...problemResponses(400, 429),
  },
});

/** A place as the API gives it. */
export function placeJson(place: Place) {
  return {
    label: place.label,
    name: place.name,
    kind: place.kind,
    lang: place.lang,
    postcode: place.postcode,
    municipality: {
      nisCode: place.municipality.nisCode,
      name: place.municipality.nameNl,
      province: place.municipality.areaName,
      page: municipalityPath(place.municipality),
    },
    point: place.point,
  };
}

/** The place search, as a router. */
export function placeRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(placesRoute, async (c) => {
    const { q } = c.req.valid('query');
    const answer = (await placeFinderOf(deps.db)).resolve(q);
    const found = answer.status === 'found';
    return c.json(
      {
        query: q,
        status: answer.status === 'empty' ? 'unknown' : answer.status,
        place: found ? placeJson(answer.place) : null,
        understood: found ? answer.understood : null,
        message: 'message' in answer ? answer.message : null,
        choices: answer.status === 'ambiguous' ? answer.choices.map(placeJson) : [],
        suggestions: answer.status === 'suggestions' ? answer.suggestions.map(placeJson) : [],
      },
      200,
    );
  });
  return app;
}
