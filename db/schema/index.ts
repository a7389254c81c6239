/** The register's database schema, one file per group of entities. */
export * from './reference.ts';
export * from './providers.ts';
export * from './recognitions.ts';
export * from './events.ts';
export * from './applications.ts';
export * from './access.ts';
export * from './change-reports.ts';
export * from './publications.ts';
export * from './mail.ts';
export * from './sessions.ts';
export * from './coordination.ts';
