/**
 * The boundaries of the municipalities (reference-data/municipalities.topo.json, see SOURCE.md
 * there). Imported as a JSON module rather than read from disk, so that the code reading the public
 * register stays runtime-neutral (the API app bundles it); checked once, on first use.
 */
import topology from './reference-data/municipalities.topo.json' with { type: 'json' };
import { BoundariesSchema, type Boundaries } from '#domain/geometry.ts';

let boundaries: Boundaries | undefined;

/** The boundaries, as TopoJSON (the same object on every call). */
export function loadBoundaries(): Boundaries {
  boundaries ??= BoundariesSchema.parse(topology);
  return boundaries;
}
