/** Public read API: recognised providers, only public fields, no token. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '#api/router.ts';
import { getPublicProvider, listPublicProviders } from '#db/queries/public-providers.ts';
import { parseEnterpriseNumber } from '#domain/enterprise-number.ts';
import { RegisterError } from '#domain/register-error.ts';
import type { AppDeps } from '#api/deps.ts';
import { PlaceSchema, problemResponses, ProviderSchema, ProviderSummarySchema } from '#api/schemas.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { PROVIDER_ORDERS } from '#domain/provider-order.ts';
import { placeJson } from './places.ts';
import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';
import { NisCode, Postcode } from '#domain/fields.ts';

const ListQuery = z.strictObject({
  municipality: NisCode.optional().openapi({ example: '44021', description: 'NIS code of the municipality of the workplace' }),
  postcode: Postcode.optional().openapi({ example: '9000' }),
  province: z.string().max(60).optional().openapi({ example: 'Oost-Vlaanderen', description: 'province name or NIS code, or "Brussels Hoofdstedelijk Gewest"' }),
  capacity: z.enum(['available']).optional().openapi({ description: 'only providers with free places' }),
  category: z.enum([...SIMPLIFIED_CATEGORIES, 'none']).optional(),
  near: z.string().trim().min(1).max(100).optional().openapi({
    example: 'Sint-Amandsberg',
    description: 'A place (NIS code, postcode, or the name of a municipality, deelgemeente or former municipality, in any case, with or without accents): only providers serving its municipality, each with `distanceKm` from it. A name several places carry, or none, is refused with 422 naming the choices',
  }),
  name: z.string().trim().min(1).max(100).optional().openapi({ example: 'kompas', description: "Words the provider's name contains (each at the start of a word of the name)" }),
  sort: z.enum(PROVIDER_ORDERS).optional().openapi({
    description: '`name` (the default), `free` (providers with free places first, then the nearest when `near` is given, then by name: the order of the municipality pages) or `distance` (nearest first; needs `near`)',
  }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers',
  operationId: 'listProviders',
  tags: ['Public'],
  security: [],
  summary: 'Recognised providers, filtered, ordered and paginated',
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'A page of recognised providers, by name',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(ProviderSummarySchema),
            page: z.number().int(),
            pageSize: z.number().int(),
            total: z.number().int(),
            near: z
              .object({ place: PlaceSchema, understood: z.string().nullable().openapi({ example: 'Sint-Amandsberg hoort bij Gent.' }) })
              .nullable()
              .openapi({ description: 'The place `near` was understood as (null without `near`)' }),
          }),
        },
      },
    },
    ...problemResponses(400, 422, 429),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{enterpriseNumber}',
  operationId: 'getProvider',
  tags: ['Public'],
  security: [],
  summary: "One provider's public entry",
  request: { params: z.object({ enterpriseNumber: z.string().openapi({ example: '0403170701', description: 'with or without dots' }) }) },
  responses: {
    200: { description: 'The public entry, also of a provider that is no longer recognised, judged on the day asked', content: { 'application/json': { schema: ProviderSchema } } },
    ...problemResponses(404, 422, 429),
  },
});

/** The public provider routes, as a router. */
export function providerRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    // Answers are kept by the public read cache in api/app.ts (by address, for a few seconds).
    const { items, total, near } = await listPublicProviders(deps.db, query);
    const nearJson = near ? { place: placeJson(near.place), understood: near.understood } : null;
    // The query's types are looser than the contract; test/api/contract.ts checks every answer against it.
    return c.json({ items, page: query.page, pageSize: query.pageSize, total, near: nearJson } as never, 200);
  });

  app.openapi(getRoute, async (c) => {
    const parsed = parseEnterpriseNumber(c.req.valid('param').enterpriseNumber);
    if (!parsed.ok) throw new RegisterError('invalid', 'Not a valid enterprise number.', [{ path: 'enterpriseNumber', message: 'ten digits with a valid modulo-97 check' }]);
    return c.json(await getPublicProvider(deps.db, parsed.value, calendarDateAt(deps.clock.now())), 200);
  });
  return app;
}
