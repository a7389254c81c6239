/**
 * The messages between the publisher and the open-data writer's worker thread (worker.ts), in one
 * place. The worker owns the feed lists of the log it last wrote; the publisher asks which log
 * that is before it reads the log, so that it sends only the entries after it.
 */
import type { LogHead } from '#domain/change-log.ts';
import type { OpenDataInput, OpenDataResult } from './write-files.ts';

/** What the publisher asks, by kind, with what the worker answers to it. */
export interface WriterCalls {
  /** The log the worker holds the feed lists of (it last wrote that log, and succeeded), or null. */
  heldLog: { request: Record<string, never>; answer: LogHead | null };
  /** Write the open-data files of a publication. */
  write: { request: { input: OpenDataInput }; answer: OpenDataResult };
}
/** A kind of request. */
export type WriterCall = keyof WriterCalls;

/** A request as posted to the worker. */
export type WriterRequest = { [K in WriterCall]: { id: number; call: K } & WriterCalls[K]['request'] }[WriterCall];

/** The worker's answer to request `id`: its value, or the message of the error it failed with. */
export type WriterAnswer = { id: number; ok: true; value: WriterCalls[WriterCall]['answer'] } | { id: number; ok: false; error: string };
