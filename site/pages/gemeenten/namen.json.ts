/**
 * The name and province (or Brussels region) of every municipality by NIS code, for the "werkt in"
 * line of a provider page (site/scripts/works-in.ts). Public reference data; one small file,
 * fetched only when a page was reached from a search or a municipality page.
 */
import type { APIRoute } from 'astro';
import { register } from '#site/lib/register.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(Object.fromEntries(register.municipalities.map((m) => [m.nisCode, [m.nameNl, m.areaCode]]))), {
    headers: { 'Content-Type': 'application/json' },
  });
