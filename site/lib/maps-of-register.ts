/** The map every page of this build draws (from the snapshot: drawn once by the publisher). */
import { register } from './register.ts';

/** The outlines, sizes and boxes of the map. */
export const drawing = register.map;
