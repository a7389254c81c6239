/**
 * The open-data writer's worker thread: writes the files of a publication from the snapshot and
 * the checked log it is sent, and answers with what it wrote (see writeOpenData). It alone keeps
 * the feed lists of the log it last wrote, so the next publication sends only the entries after it.
 */
import { parentPort } from 'node:worker_threads';
import { writeOpenDataFiles, type RememberedLog } from './write-files.ts';
import type { WriterAnswer, WriterRequest } from './writer-protocol.ts';

const memory: { log: RememberedLog | null } = { log: null };

parentPort!.on('message', async (request: WriterRequest) => {
  let answer: WriterAnswer;
  try {
    const value = request.call === 'heldLog' ? (memory.log?.head ?? null) : await writeOpenDataFiles(request.input, memory);
    answer = { id: request.id, ok: true, value };
  } catch (error) {
    answer = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
