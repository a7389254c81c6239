/** The map drawing of this publication's boundaries (made once per build). */
import { mapDrawing } from '../../domain/geometry.ts';
import { register } from './register.ts';

/** The projection and outlines every map of this build uses. */
export const drawing = mapDrawing(register.boundaries);
