/**
 * An expected refusal, raised where a rule says no (unknown provider, step not allowed, a
 * subcontractor without recognition). The API turns it into problem details; pages into a
 * readable message. Anything else that goes wrong is a bug, not a RegisterError.
 */

/** What kind of refusal, which decides the HTTP status. */
export type RegisterErrorKind = 'not-found' | 'conflict' | 'invalid';

/** A field that was refused, with why (paths as in the request body). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An expected refusal with a message a person can act on. */
export class RegisterError extends Error {
  override name = 'RegisterError';
  readonly kind: RegisterErrorKind;
  readonly fields: FieldProblem[];
  constructor(kind: RegisterErrorKind, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.kind = kind;
    this.fields = fields;
  }
}
