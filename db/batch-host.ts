/**
 * The listening end of write sharing (db/write-sharing.ts), run by the write thread of the
 * process that writes for all (db/write-worker.ts): batches handed over by the other processes
 * on this machine arrive on a local socket straight at the thread that holds the database
 * connection, so they never wait for a turn of a busy server's event loop. The batches that
 * arrive together, and those of its own process, are carried out in one transaction.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { NOT_WRITTEN_BY_HOST, type BatchOutcome, type WireStatement } from './write-worker-protocol.ts';
import { isHandedBatch, receiveMessages, sendMessage } from './write-sharing-wire.ts';

/** How long a host that stops waits for the processes it writes for to take their batches back. */
const GOODBYE_MS = 10_000;

/** Sends batch `id` back unwritten, for the process that made it to write. */
function sendBack(socket: Socket, id: number): void {
  sendMessage(socket, { id, ok: false, error: { message: 'The process writing for the others is closing its database.', code: NOT_WRITTEN_BY_HOST } });
}

interface Waiting {
  socket: Socket;
  id: number;
  statements: WireStatement[];
}

/** Accepts batches on a local socket and has them written by `write` (see the module's comment). */
export class BatchHost {
  private readonly write: (batches: WireStatement[][]) => BatchOutcome[];
  private readonly canWriteNow: () => boolean;
  private server: Server | null = null;
  private readonly served = new Set<Socket>();
  private waiting: Waiting[] = [];
  private flushing = false;
  /** The connection is closed: batches are sent back unwritten, for their processes to write. */
  private closed = false;

  /**
   * `write` carries out batches in one transaction, each all or nothing, and says what became of
   * each; `canWriteNow` says the connection is free (no transaction of its own process is open).
   */
  constructor(write: (batches: WireStatement[][]) => BatchOutcome[], canWriteNow: () => boolean) {
    this.write = write;
    this.canWriteNow = canWriteNow;
  }

  /** Listens on the socket at `path`. */
  listen(path: string): Promise<void> {
    if (this.server) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('The write connection is closed.'));
    const server = createServer((socket) => this.serve(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        this.server = server;
        resolve();
      });
    });
  }

  /**
   * Takes the batches that wait, so that they join a transaction of the thread's own (their
   * answers go out with {@link answer} once it ended).
   */
  take(): Waiting[] {
    // A batch whose process has gone is not written: that process could no longer answer for it.
    const taken = this.waiting.filter((batch) => !batch.socket.destroyed);
    this.waiting = [];
    return taken;
  }

  /** Answers batches taken with {@link take}, each with its outcome. */
  answer(taken: Waiting[], outcomes: BatchOutcome[]): void {
    taken.forEach((batch, i) => {
      const outcome = outcomes[i];
      sendMessage(batch.socket, outcome.ok ? { id: batch.id, ok: true, results: outcome.results } : { id: batch.id, ok: false, error: outcome.error });
    });
  }

  /** Writes the batches that wait, when the connection is free (called again by the thread when it becomes free). */
  flush(): void {
    if (this.flushing || this.waiting.length === 0 || !this.canWriteNow()) return;
    this.flushing = true;
    try {
      const taken = this.take();
      if (taken.length > 0) this.answer(taken, this.write(taken.map((batch) => batch.statements)));
    } finally {
      this.flushing = false;
    }
  }

  /**
   * The connection is closing: stops listening, and sends every batch that waits, or comes, back
   * unwritten ({@link NOT_WRITTEN_BY_HOST}), for its own process to write.
   */
  close(): void {
    this.closed = true;
    this.server?.close();
    this.server = null;
    for (const batch of this.take()) sendBack(batch.socket, batch.id);
    for (const socket of this.served) sendMessage(socket, { goodbye: true });
  }

  /**
   * Stops listening and tells every process it writes for to hand nothing more over; answers
   * what they still send, and resolves once they all left (or after ten seconds).
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // Closing only stops new connections; the open ones are told to leave.
    server.close();
    for (const socket of this.served) sendMessage(socket, { goodbye: true });
    const deadline = Date.now() + GOODBYE_MS;
    while (this.served.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const socket of this.served) socket.destroy();
    // What those sent and is not written yet stays unwritten (see take).
  }

  private serve(socket: Socket): void {
    this.served.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.served.delete(socket));
    receiveMessages<unknown>(socket, (batch) => {
      if (!isHandedBatch(batch)) throw new Error('not a batch');
      if (this.closed) {
        sendBack(socket, batch.id);
        return;
      }
      this.waiting.push({ socket, id: batch.id, statements: batch.queries });
      // The batches that arrive in the same moment (from every process) are written together.
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
    if (!this.server) sendMessage(socket, { goodbye: true });
  }
}
