/**
 * The open-data writer's worker thread: writes the files of one publication from the snapshot and
 * the checked log it is given, and reports what it wrote (see writeOpenData's `inWorker`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeOpenDataFiles, type OpenDataInput } from './index.ts';

parentPort!.postMessage(await writeOpenDataFiles(workerData as OpenDataInput));
