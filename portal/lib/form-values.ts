/** Reading what a person typed into a form, so it can be validated and, on an error, shown again. */

/** What was typed, by field name (several values for checkboxes). */
export type FormValues = Record<string, string | string[]>;

/** The form a page was posted (the server checked its secret already). */
export async function readForm(request: Request): Promise<FormData> {
  return request.formData();
}

/** Everything typed into a posted form, to show again beside its errors (not the CSRF secret). */
export function postedValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || name === 'csrf') continue;
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return values;
}

/** One field as typed ('' when absent). */
export function typed(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated field (checkboxes). */
export function typedAll(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === 'string');
}

/** Text for a schema: trimmed, and left out when empty. */
export function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A whole number for a schema: "12" is 12; empty is left out (the schema then says it is
 * required); anything else stays text, which the schema refuses as "not a whole number".
 */
export function wholeNumber(value: string): number | string | undefined {
  const trimmed = value.trim().replace(/\s/g, '');
  if (trimmed === '') return undefined;
  return /^-?\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A value of {@link FormValues} as one string. */
export function valueOf(values: FormValues, name: string): string {
  const value = values[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** A value of {@link FormValues} as a list. */
export function valuesOf(values: FormValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
}
