/**
 * The messages on the local socket over which register processes hand their batches to the
 * process that writes for all of them (db/write-sharing.ts, db/batch-host.ts): each is a 4-byte
 * length and the message in V8's serialization (the structured clone of the worker's messages).
 */
import type { InArgs } from '@libsql/client';
import type { Socket } from 'node:net';
import { deserialize, serialize } from 'node:v8';
import type { WireError, WireResultSet } from './write-worker-protocol.ts';

/** A batch handed over: statements as SQL text and arguments. */
export type HandedBatch = { id: number; queries: { sql: string; args: InArgs }[] };

/** The answer to a batch (after its commit, or why it was undone), or the host's goodbye: hand nothing more over. */
export type HostReply = { id: number; ok: true; results: WireResultSet[] } | { id: number; ok: false; error: WireError } | { goodbye: true };

/** The longest message accepted (a batch of 200 reports is well under 1 MB). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Writes one message on `socket`. */
export function sendMessage(socket: Socket, message: HandedBatch | HostReply): void {
  if (socket.destroyed) return;
  const body = serialize(message);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length);
  socket.write(Buffer.concat([head, body]));
}

/** Whether `message` is a batch as {@link sendMessage} sends one. */
export function isHandedBatch(message: unknown): message is HandedBatch {
  const batch = message as HandedBatch | null;
  return (
    typeof batch === 'object' &&
    batch !== null &&
    Number.isSafeInteger(batch.id) &&
    Array.isArray(batch.queries) &&
    batch.queries.every((query) => typeof query === 'object' && query !== null && typeof query.sql === 'string')
  );
}

/** Whether `message` is an answer as {@link sendMessage} sends one. */
export function isHostReply(message: unknown): message is HostReply {
  const reply = message as Record<string, unknown> | null;
  if (typeof reply !== 'object' || reply === null) return false;
  if (reply.goodbye === true) return true;
  if (!Number.isSafeInteger(reply.id)) return false;
  return reply.ok === true ? Array.isArray(reply.results) : reply.ok === false && typeof reply.error === 'object' && reply.error !== null;
}

/**
 * Calls `onMessage` with each message that arrives on `socket`. A message that cannot be read,
 * or that `onMessage` refuses (by throwing), closes the socket: the other end is not what it
 * should be, and nothing it sends is acted on.
 */
export function receiveMessages<T>(socket: Socket, onMessage: (message: T) => void): void {
  let buffer: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4) {
      const size = buffer.readUInt32BE(0);
      if (size > MAX_MESSAGE_BYTES) {
        socket.destroy();
        return;
      }
      if (buffer.length < 4 + size) break;
      let message: T;
      try {
        message = deserialize(buffer.subarray(4, 4 + size)) as T;
      } catch {
        socket.destroy();
        return;
      }
      buffer = buffer.subarray(4 + size);
      try {
        onMessage(message);
      } catch {
        socket.destroy();
        return;
      }
    }
  });
}
