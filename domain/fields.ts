/**
 * The input fields that more than one form or request takes (an application, a change report, the
 * provider search), each checked one way and refused with one message (portal/lib/form-errors.ts
 * says it in Dutch).
 */
import { z } from 'zod';
import { isValidEnterpriseNumber, parseEnterpriseNumber } from './enterprise-number.ts';
import { refuseUnsafeCharacters } from './text.ts';
import { BRUSSELS_MUNICIPALITY_COUNT, FLEMISH_MUNICIPALITY_COUNT } from './working-area.ts';

/** A municipality's NIS code. */
export const NisCode = z.string().regex(/^\d{5}$/, 'a municipality is given by its 5-digit NIS code');

/** A Belgian postcode. */
export const Postcode = z.string().regex(/^\d{4}$/, 'a Belgian postcode has 4 digits');

/** A website: an http(s) address on one line. */
export const Website = z.url({ protocol: /^https?$/, message: 'not a valid http(s) address' }).check(refuseUnsafeCharacters('single')).max(300);

/** An enterprise number as typed (dots and spaces allowed), given back bare (10 digits). */
export const EnterpriseNumberInput = z
  .string()
  .refine(isValidEnterpriseNumber, 'not a valid enterprise number (10 digits with a valid modulo-97 check)')
  .transform((value) => (parseEnterpriseNumber(value) as { ok: true; value: string }).value);

/** How many municipalities a working area can name: every Flemish and Brussels one. */
export const MUNICIPALITY_COUNT = FLEMISH_MUNICIPALITY_COUNT + BRUSSELS_MUNICIPALITY_COUNT;

/** NIS codes of municipalities, each kept once. */
export const NisCodes = z.array(NisCode).max(MUNICIPALITY_COUNT);
