/**
 * One group commit for every register process on a machine that share a database file.
 *
 * Each process files its change reports in batches (db/commands/change-reports.ts), and a batch
 * commits with an fsync. Alone, a process's batches hold every report in flight; with several
 * processes each holds only its share, so they commit more often, each for fewer reports, and
 * take turns at SQLite's one write lock. So the process that holds the `write-host` lease lets
 * its write thread listen on a local socket beside the database file (db/batch-host.ts), and
 * the others hand it their batches (`db.writes.inOneGo`). The batches that arrive together, and
 * its own, are carried out in one transaction, each all or nothing: one fsync for the batches of
 * all the processes. A batch's results (each report's reference) are what they would have been
 * in the process that made it, which answers and announces it as its own.
 *
 * - Only batches go over the socket. Every other write, and every read, is the process's own.
 * - Nothing depends on it for correctness: a batch is a write like any other, in one
 *   transaction, so two hosts at once (one whose lease ran out and has not noticed) do no harm.
 *   With no host to reach (none yet, on another machine, a socket path too long), a process
 *   writes its batches itself.
 * - A host that stops cleanly says goodbye to every process it writes for and answers all it was
 *   given before it closes, so a rolling restart loses nothing. A host that dies (`kill -9`)
 *   leaves the batches it was given without an answer: they fail with {@link WRITE_HOST_LOST},
 *   written or not (fileBatch in db/commands/change-reports.ts says what happens to them).
 * - The socket is in a folder only this user may enter (`<database file>-writes/`): only
 *   processes that may write the database file itself may hand over writes.
 *
 * Only for a local database file: a libSQL server commits for all its clients by itself.
 */
import { LibsqlError, type ResultSet } from '@libsql/client';
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from './client.ts';
import { Duty, Lease, instanceId } from './leases.ts';
import { errorOf, resultSetOf } from './worker-client.ts';
import { WRITE_HOST_LOST, type BatchForwarder, type BatchQueries } from './write-side.ts';
import { isHostReply, receiveMessages, sendMessage } from './write-sharing-wire.ts';

/** The lease whose holder writes the batches of every process on its machine. */
export const WRITE_HOST_LEASE = 'write-host';

/** How often a process that does not write for the others looks which process does. */
const LOOKUP_MS = 1_000;
/** Unix socket paths are limited to 107 bytes on Linux (103 on macOS). */
const MAX_SOCKET_PATH = 100;

/** This process's connection to the host, over which it hands over its batches. */
class HostConnection {
  readonly holder: string;
  private readonly socket: Socket;
  private ready = false;
  private leaving = false;
  private readonly pending = new Map<number, { resolve: (results: ResultSet[]) => void; reject: (error: unknown) => void }>();
  private nextId = 1;

  constructor(path: string, holder: string, ended: (connection: HostConnection) => void) {
    this.holder = holder;
    this.socket = connect(path);
    this.socket.unref();
    this.socket.on('connect', () => (this.ready = true));
    // A host that cannot be reached (it stopped, or is on another machine) is looked up again later.
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.ready = false;
      const lost = new LibsqlError('The register process that was writing this batch stopped before it answered; the batch may or may not have been written.', WRITE_HOST_LOST);
      for (const waiting of this.pending.values()) waiting.reject(lost);
      this.pending.clear();
      ended(this);
    });
    receiveMessages<unknown>(this.socket, (reply) => {
      if (!isHostReply(reply)) throw new Error('not an answer');
      if ('goodbye' in reply) {
        this.leave();
        return;
      }
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.results.map(resultSetOf));
      else waiting.reject(errorOf(reply.error));
      if (this.pending.size === 0) {
        this.socket.unref();
        if (this.leaving) this.socket.end();
      }
    });
  }

  /** Whether batches can be handed over now. */
  get usable(): boolean {
    return this.ready && !this.leaving && !this.socket.destroyed;
  }

  /** Hands a batch over; resolves with its results after the host's commit. */
  hand(queries: BatchQueries): Promise<ResultSet[]> {
    const id = this.nextId++;
    return new Promise<ResultSet[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // An answer owed keeps the process alive, as a write of its own would.
      this.socket.ref();
      sendMessage(this.socket, { id, queries });
    });
  }

  /** Hands nothing more over, and closes once every batch handed over has its answer. */
  leave(): void {
    this.leaving = true;
    if (this.pending.size === 0) this.socket.end();
  }
}

/** Options of {@link WriteSharing.start}. */
export interface WriteSharingOptions {
  log?: (message: string) => void;
  /** How long the lease lasts without renewal (tests shorten it). */
  leaseTtlMs?: number;
  /** How often a process tries to take the lease while another holds it. */
  retryMs?: number;
  /** This process's name as the lease's holder (default: {@link instanceId}; tests run several in one process). */
  holder?: string;
}

/** The socket on which holder `holder` of the write-host lease accepts batches for the database file `file`. */
export function writeSocketPath(file: string, holder: string): string {
  // A name of its own per holder, so a new host never answers on a dead one's socket.
  return join(`${file}-writes`, `${createHash('sha256').update(holder).digest('hex').slice(0, 16)}.sock`);
}

/** Shares one group commit between the register processes on this machine (see the module's comment). */
export class WriteSharing implements BatchForwarder {
  private readonly database: Database;
  private readonly folder: string;
  private readonly duty: Duty;
  private readonly holder: string;
  private readonly log: (message: string) => void;
  private hostingAt: string | null = null;
  /** The end of hosting in progress: a new term waits for it, and so does a clean stop. */
  private ending: Promise<void> | null = null;
  private host: HostConnection | null = null;
  private lookupTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** How many batches this process has handed over to another so far. */
  handedOver = 0;

  private constructor(database: Database, options: WriteSharingOptions) {
    this.database = database;
    this.folder = `${database.url.slice('file:'.length)}-writes`;
    this.holder = options.holder ?? instanceId();
    this.log = options.log ?? (() => undefined);
    this.duty = new Duty(
      new Lease(database.db, WRITE_HOST_LEASE, { ttlMs: options.leaseTtlMs, holder: this.holder }),
      {
        acquired: () => this.beginHosting(),
        // Not awaited by the duty: stop() and the next term wait for it through `ending`.
        lost: () => void this.endHosting(),
        log: options.log,
      },
      { retryMs: options.retryMs },
    );
  }

  /**
   * Starts sharing the commits of `database` when it is a local file whose socket path fits;
   * returns null otherwise (each process then writes its batches itself).
   */
  static start(database: Database, options: WriteSharingOptions = {}): WriteSharing | null {
    if (!database.url.startsWith('file:')) return null;
    const sharing = new WriteSharing(database, options);
    if (sharing.socketPathOf(sharing.holder).length > MAX_SOCKET_PATH) {
      options.log?.(`The database's path is too long for a local socket beside it, so each register process commits its own writes.`);
      return null;
    }
    database.writes.forwardBatchesWith(sharing);
    sharing.duty.start();
    sharing.lookupTimer = setInterval(() => void sharing.lookUpHost(), LOOKUP_MS);
    sharing.lookupTimer.unref();
    void sharing.lookUpHost();
    return sharing;
  }

  /** Whether this process writes the batches of the others now. */
  get hosting(): boolean {
    return this.hostingAt !== null;
  }

  /** Whether this process hands its batches to another now. */
  get handingOver(): boolean {
    return this.hostingAt === null && (this.host?.usable ?? false);
  }

  forward(queries: BatchQueries): Promise<ResultSet[]> | null {
    if (this.hostingAt !== null || !this.host?.usable) return null;
    this.handedOver++;
    return this.host.hand(queries);
  }

  /**
   * Stops sharing (a clean stop): hands nothing more over, gives up the lease, answers the
   * batches it was given and waits (at most ten seconds) until the processes it wrote for have
   * moved on.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.lookupTimer) clearInterval(this.lookupTimer);
    this.database.writes.forwardBatchesWith(null);
    this.host?.leave();
    await this.duty.stop();
    await this.endHosting();
  }

  private socketPathOf(holder: string): string {
    return writeSocketPath(this.database.url.slice('file:'.length), holder);
  }

  private async lookUpHost(): Promise<void> {
    if (this.stopped || this.hostingAt !== null) return;
    let holder: string | null;
    try {
      holder = (await Lease.holderOf(this.database.db, WRITE_HOST_LEASE))?.holder ?? null;
    } catch {
      return; // the database is busy or closing: look again later
    }
    if (this.stopped || this.hostingAt !== null || (holder === this.host?.holder && this.host.usable)) return;
    this.host?.leave();
    this.host = null;
    if (holder === null || holder === this.holder) return;
    const path = this.socketPathOf(holder);
    // Another user's folder or socket (planted before the host made its own) is never used.
    if (!this.isPrivate(path)) return;
    const connection = new HostConnection(path, holder, (ended) => {
      if (this.host === ended) this.host = null;
    });
    this.host = connection;
  }

  /**
   * On taking the lease: the write thread listens, in a folder only this user may enter. Where
   * that cannot be (a file system without sockets, a folder of someone else), this process says
   * so once and stops sharing, giving the lease up: each process then writes its own batches.
   */
  private async beginHosting(): Promise<void> {
    // The last term's end (the processes it wrote for leaving) comes first.
    if (this.ending) await this.ending;
    if (this.hostingAt !== null || this.stopped) return;
    const path = this.socketPathOf(this.holder);
    try {
      try {
        mkdirSync(this.folder, { mode: 0o700 });
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
      const folder = lstatSync(this.folder);
      const uid = process.getuid?.();
      if (!folder.isDirectory() || (uid !== undefined && folder.uid !== uid) || (folder.mode & 0o077) !== 0) {
        throw new Error(`${this.folder} is not a folder of this user alone`);
      }
      // The sockets of earlier holders, which stopped or gave the lease up.
      for (const name of readdirSync(this.folder)) if (name.endsWith('.sock')) rmSync(join(this.folder, name), { force: true });
      if (!(await this.database.writes.hostBatches(path))) return;
    } catch (error) {
      this.log(`The register processes on this machine do not share their commits (${(error as Error).message}); each commits its own writes.`);
      // After this turn of the duty, which is waiting for this very call.
      setTimeout(() => void this.stop(), 0);
      return;
    }
    this.hostingAt = path;
    this.host?.leave();
    this.host = null;
  }

  /**
   * On losing or giving up the lease: the processes written for are told to move on, and leave
   * once answered; resolves then (the end already in progress, if any).
   */
  private endHosting(): Promise<void> {
    if (this.ending) return this.ending;
    const path = this.hostingAt;
    if (path === null) return Promise.resolve();
    this.hostingAt = null;
    this.ending = (async () => {
      await this.database.writes.stopHostingBatches().catch(() => undefined);
      rmSync(path, { force: true });
    })().finally(() => {
      this.ending = null;
      if (!this.stopped) void this.lookUpHost();
    });
    return this.ending;
  }

  /** Whether the folder of the sockets, and the host's socket in it, are this user's alone: only then are batches handed over. */
  private isPrivate(path: string): boolean {
    try {
      const folder = lstatSync(this.folder);
      const socket = lstatSync(path);
      const uid = process.getuid?.();
      return folder.isDirectory() && (folder.mode & 0o077) === 0 && socket.isSocket() && (uid === undefined || (folder.uid === uid && socket.uid === uid));
    } catch {
      return false;
    }
  }
}
