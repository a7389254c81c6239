/**
 * The rules of the recognition procedure: one pure module (no I/O; "today" is always passed in),
 * used by the API, the site and the command-line tool alike.
 */
export * from './calendar.ts';
export * from './recognition.ts';
export * from './procedure.ts';
export * from './subcontracting.ts';
export * from './warnings.ts';
export * from './tokens.ts';
export * from './change-reports.ts';
