/**
 * The municipalities with their postcodes and province, for the search box: it turns what a
 * person types ("9000", "gent") into the municipality filter of the search index.
 */
import type { APIRoute } from 'astro';
import { register, areaByCode } from '../../lib/register.ts';

/** A compact list: n = name, p = postcodes, a = province or region. */
export const GET: APIRoute = () =>
  new Response(
    JSON.stringify(register.municipalities.map((m) => ({ n: m.nameNl, p: m.postcodes, a: areaByCode.get(m.areaCode)!.nameNl }))),
    { headers: { 'Content-Type': 'application/json' } },
  );
