import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates the committed migrations in db/migrations from db/schema. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
