/** `register evaluate [--at DATE]`: recompute every status as of a day, enqueue that day's warnings and digest, and report. */
import { evaluateRegister, type EvaluationResult } from '../../db/queries/evaluate-register.ts';
import { produceDailyMails } from '../../mail/daily.ts';
import { calendarDateAt, isCalendarDate, RECOGNITION_STATUS_LABELS } from '../../domain/rules/index.ts';
import type { CommandContext } from '../context.ts';
import { UsageError } from '../usage.ts';

/** Checks the `--at` option, or throws a {@link UsageError}. */
export function parseEvaluateOptions(raw: { at?: string }): { at?: string } {
  if (raw.at !== undefined && !isCalendarDate(raw.at)) throw new UsageError('--at takes a date written YYYY-MM-DD, e.g. 2027-01-01');
  return { at: raw.at };
}

/** Evaluates the register, enqueues the day's mails, and prints what changed. */
export async function evaluateCommand(context: CommandContext, options: { at?: string }): Promise<EvaluationResult> {
  const now = context.clock.now();
  const day = options.at ?? calendarDateAt(now);
  const result = await evaluateRegister(context.database.db, day, now);
  process.stdout.write(`Evaluated ${result.evaluated} recognitions as of ${day}: ${result.changes.length} changed status.\n`);
  for (const change of result.changes) {
    process.stdout.write(`  ${change.recognitionNumber} ${change.providerName}: ${RECOGNITION_STATUS_LABELS[change.from]} → ${RECOGNITION_STATUS_LABELS[change.to]}\n`);
  }
  const mails = await produceDailyMails(context.database.db, { day, now, administrators: context.env.ADMIN_EMAILS });
  process.stdout.write(`Mail for ${day}: ${mails.warnings} new warnings to providers, ${mails.digests} deadline digests to administrators (the running register sends them).\n`);
  return result;
}
