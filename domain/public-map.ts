/** The map a publication's pages draw, as its snapshot carries it (domain/geometry.ts makes it). */
import { z } from 'zod';

/**
 * The map as a publication carries it in its snapshot: the drawing's paths and sizes, and the box
 * around each province (and Brussels). The site draws from this alone, so the pages are rendered
 * without simplifying or projecting anything (db/queries/public-register.ts makes it once per process, with domain/geometry.ts).
 */
export const PublicMapSchema = z.strictObject({
  width: z.number(),
  height: z.number(),
  land: z.string(),
  borders: z.string(),
  areaBorders: z.string(),
  /** The outline of each province and of Brussels ("04000"). */
  areas: z.record(z.string(), z.string()),
  /** The outline of each municipality, by NIS code. */
  municipalities: z.record(z.string(), z.string()),
  /** The box around each province's (and Brussels') municipalities: [x, y, width, height]. */
  areaBounds: z.record(z.string(), z.tuple([z.number(), z.number(), z.number(), z.number()])),
});
/** The map a publication draws from. */
export type PublicMap = z.infer<typeof PublicMapSchema>;

