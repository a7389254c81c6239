/** `register seed`: fill an empty register with generated sample providers. */
import { z } from 'zod';
import { calendarDateAt, isCalendarDate } from '../../domain/rules/index.ts';
import { seedSampleData } from '../../db/seed/seed.ts';
import type { CommandContext } from '../context.ts';
import { progress } from '../progress.ts';
import { UsageError } from '../usage.ts';

/** The options `seed` accepts, checked before anything is written. */
export const SeedOptionsSchema = z.object({
  providers: z.coerce
    .number({ message: '--providers takes a whole number' })
    .int('--providers takes a whole number')
    .min(1, '--providers must be at least 1')
    .max(100_000, '--providers can be at most 100000'),
  seed: z.string().trim().min(1, '--seed cannot be empty'),
  asOf: z.string().refine(isCalendarDate, '--as-of takes a date written YYYY-MM-DD, e.g. 2026-11-28').optional(),
  replace: z.boolean(),
});

/** Parses the raw option values of `seed`, or throws a {@link UsageError}. */
export function parseSeedOptions(raw: { providers?: string; seed?: string; 'as-of'?: string; replace?: boolean }, defaultProviders: number) {
  const result = SeedOptionsSchema.safeParse({
    providers: raw.providers ?? defaultProviders,
    seed: raw.seed ?? '1',
    asOf: raw['as-of'],
    replace: raw.replace ?? false,
  });
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** Seeds the register and reports how much was made. */
export async function seedCommand(context: CommandContext, options: ReturnType<typeof parseSeedOptions>): Promise<void> {
  const asOf = options.asOf ?? calendarDateAt(context.clock.now());
  const bar = progress('Sample providers', options.providers);
  const result = await seedSampleData(context.database.db, {
    providers: options.providers,
    seed: options.seed,
    asOf,
    replace: options.replace,
    onProgress: (done) => bar.update(done),
  });
  bar.finish(`Seeded ${result.providers} sample providers, ${result.applications} applications and ${result.events} change events (seed ${options.seed}, as of ${asOf}).`);
}
