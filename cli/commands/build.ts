/** `register build`: build the public site from the database and switch it in. */
import { buildPublication } from '../../publish/build-publication.ts';
import type { CommandContext } from '../context.ts';
import { steps } from '../progress.ts';

const STEP_NAMES = {
  snapshot: 'reading the register',
  render: 'rendering the pages',
  index: 'indexing for search',
  check: 'checking the site',
  switch: 'switching it online',
} as const;

/** Builds a publication, reporting each step; returns its id. */
export async function buildCommand(context: CommandContext): Promise<string> {
  const report = steps('Publication');
  const result = await buildPublication({
    db: context.database.db,
    dataDir: context.env.DATA_DIR,
    now: context.clock.now(),
    onStep: (step) => report.step(STEP_NAMES[step]),
  });
  report.finish();
  process.stderr.write(
    `Published ${result.id}: ${result.pages} pages, ${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.providers} providers.\n`,
  );
  return result.id;
}
