/**
 * The forms of the procedure's steps on an application's page: one per step the rules allow
 * now, read into the project's own step schema (db/commands/applications.ts).
 */
import { StepRequest } from '#db/commands/applications.ts';
import { isDecisionStep, type ProcedureStepName } from '#domain/rules/index.ts';
import { fieldTable, zodFieldErrors, type FieldError, type FieldOf } from './form-errors.ts';
import { optionalText, typed } from './form-values.ts';


/** The ids of a step form's fields. */
export function stepFieldIds(step: ProcedureStepName) {
  return { on: `datum-${step}`, outcome: `uitkomst-${step}-granted`, notifiedOn: `op-de-hoogte-${step}`, validFrom: `geldig-vanaf-${step}`, note: `notitie-${step}` };
}

/** Which field of a step's form a path is about. */
export function stepFieldOf(step: ProcedureStepName): FieldOf {
  const ids = stepFieldIds(step);
  return fieldTable({ '': ids.on, on: ids.on, outcome: ids.outcome, notifiedOn: ids.notifiedOn, validFrom: ids.validFrom, note: ids.note, step: ids.on });
}

/** Reads a posted step form. */
export function readStepForm(form: FormData, step: ProcedureStepName): { request: StepRequest | null; errors: FieldError[] } {
  const decision = isDecisionStep(step);
  const outcome = typed(form, 'uitkomst');
  const input = {
    step,
    on: typed(form, 'datum'),
    ...(decision ? { outcome: outcome === '' ? undefined : outcome, notifiedOn: typed(form, 'op-de-hoogte'), validFrom: outcome === 'granted' ? typed(form, 'geldig-vanaf') : undefined } : {}),
    note: optionalText(typed(form, 'notitie')),
  };
  const errors: FieldError[] = [];
  if (decision && outcome === '') errors.push({ field: stepFieldIds(step).outcome, message: 'Kies de beslissing: erkend of geweigerd.' });
  if (decision && outcome === 'granted' && typed(form, 'geldig-vanaf').trim() === '') errors.push({ field: stepFieldIds(step).validFrom, message: 'Vul in vanaf welke datum de erkenning geldt.' });
  const parsed = StepRequest.safeParse(input);
  if (!parsed.success) errors.push(...zodFieldErrors(parsed.error, stepFieldOf(step)).filter((e) => !errors.some((o) => o.field === e.field)));
  return { request: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}
