/**
 * The open-data writer's worker thread: writes the files of a publication from the snapshot and
 * the checked log it is sent, and answers with what it wrote (see writeOpenData's `inWorker`).
 */
import { parentPort } from 'node:worker_threads';
import { writeOpenDataFiles, type OpenDataInput } from './index.ts';

parentPort!.on('message', async ({ id, input }: { id: number; input: OpenDataInput }) => {
  try {
    parentPort!.postMessage({ id, result: await writeOpenDataFiles(input) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
