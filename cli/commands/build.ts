/** `register publish` (also `build`): build the public site from the database and switch it in. */
import { LocalPublisher } from '#publish/local-publisher.ts';
import type { PublicationStep } from '#publish/build-publication.ts';
import type { CommandContext } from '#cli/context.ts';
import { progress } from '#cli/progress.ts';

const STEPS: PublicationStep[] = ['snapshot', 'render', 'index', 'check', 'switch'];
const STEP_NAMES: Record<PublicationStep, string> = {
  snapshot: 'reading the register',
  render: 'rendering the pages',
  index: 'indexing for search, writing the open data',
  check: 'checking the site',
  switch: 'switching it online',
};

/** Builds a publication with a progress bar, recorded like any other; resolves to its id, or throws. */
export async function buildCommand(context: CommandContext, trigger = 'command line', options: { full?: boolean } = {}): Promise<string> {
  const bar = progress('Publication', STEPS.length);
  const publisher = new LocalPublisher({
    db: context.database.db,
    clock: context.clock,
    dataDir: context.env.DATA_DIR,
    onStep: (step) => bar.update(STEPS.indexOf(step), STEP_NAMES[step]),
  });
  // Built here, or (when a running register process holds the publisher lease) by that process.
  const requested = await publisher.request(trigger, { full: options.full });
  const publication = await publisher.finished(requested.id);
  if (publication.status !== 'succeeded') {
    bar.finish();
    throw new Error(`Publication ${publication.id} failed; the site online stays as it was.\n${publication.error}`);
  }
  bar.update(STEPS.length, 'online');
  bar.finish(`Published ${publication.id}: ${publication.pages} pages.`);
  return publication.id;
}
