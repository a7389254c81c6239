/**
 * `register evaluate [--at DATE]`: recompute every status as of a day, enqueue that day's warnings
 * and digest, and report. A day before the last one evaluated is a dry run: the change log only
 * moves forward, so it says what that day would give and writes nothing.
 */
import { evaluateRegister, lastEvaluatedDay, previewEvaluation, type EvaluationResult } from '#db/commands/evaluate-register.ts';
import { produceDailyMails } from '#mail/daily.ts';
import { calendarDateAt, compareDates, isCalendarDate, RECOGNITION_STATUS_LABELS } from '#domain/rules/index.ts';
import type { CommandContext } from '#cli/context.ts';
import { UsageError } from '#cli/usage.ts';

/** Checks the `--at` option, or throws a {@link UsageError}. */
export function parseEvaluateOptions(raw: { at?: string }): { at?: string } {
  if (raw.at !== undefined && !isCalendarDate(raw.at)) throw new UsageError('--at takes a date written YYYY-MM-DD, e.g. 2027-01-01');
  return { at: raw.at };
}

function printChanges(result: EvaluationResult): void {
  for (const change of result.changes) {
    process.stdout.write(`  ${change.recognitionNumber} ${change.providerName}: ${RECOGNITION_STATUS_LABELS[change.from]} → ${RECOGNITION_STATUS_LABELS[change.to]}\n`);
  }
}

/** Evaluates the register, enqueues the day's mails, and prints what changed (or, for an earlier day, what would). */
export async function evaluateCommand(context: CommandContext, options: { at?: string }): Promise<EvaluationResult & { dryRun: boolean }> {
  const now = context.clock.now();
  const day = options.at ?? calendarDateAt(now);
  const { db } = context.database;
  const last = await lastEvaluatedDay(db);
  if (last !== null && compareDates(day, last) < 0) {
    const preview = await previewEvaluation(db, day);
    process.stdout.write(
      `Dry run: the register was last evaluated for ${last}. Evaluating ${day}, an earlier day, would turn statuses back and write that into the append-only change log, so nothing is written and no mail is enqueued.\n` +
        `As of ${day}, ${preview.changes.length} of ${preview.evaluated} recognitions would have another status than the register holds now.\n`,
    );
    printChanges(preview);
    return { ...preview, dryRun: true };
  }
  const result = await evaluateRegister(db, day, now);
  process.stdout.write(`Evaluated ${result.evaluated} recognitions as of ${day}: ${result.changes.length} changed status.\n`);
  printChanges(result);
  const mails = await produceDailyMails(db, { day, now, administrators: context.env.ADMIN_EMAILS });
  process.stdout.write(
    `Mail for ${day}: ${mails.warnings} new warnings to providers, ${mails.digests} deadline digests to administrators, ${mails.subcontractorNotices} notices of subcontractors no longer recognised (the running register sends them).\n`,
  );
  return { ...result, dryRun: false };
}
