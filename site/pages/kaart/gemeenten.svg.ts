/**
 * The outlines every map of the site draws (with `<use href>`): each municipality, each province
 * and the Brussels region, the land, and the borders. One file, fetched once by the browser.
 */
import type { APIRoute } from 'astro';
import { spriteSvg } from '#site/lib/maps.ts';
import { drawing } from '#site/lib/maps-of-register.ts';

export const GET: APIRoute = () => new Response(spriteSvg(drawing), { headers: { 'Content-Type': 'image/svg+xml' } });
