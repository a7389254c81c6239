/**
 * The open-data writer's worker thread: writes the files of a publication from the snapshot and
 * the checked log it is sent, and answers with what it wrote (see writeOpenData's `inWorker`).
 * It keeps the feed lists of the log it last wrote, so the next publication sends only the
 * entries after it.
 */
import { parentPort } from 'node:worker_threads';
import { writeOpenDataFiles, type OpenDataInput, type RememberedLog } from './index.ts';

const memory: { log: RememberedLog | null } = { log: null };

parentPort!.on('message', async ({ id, input }: { id: number; input: OpenDataInput }) => {
  try {
    parentPort!.postMessage({ id, result: await writeOpenDataFiles(input, memory) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
