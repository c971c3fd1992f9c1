/**
 * The sync engine: keeps the replica equal to the order server (protocol.md) and sends the outbox.
 * - on connect: `hello`, then pull pages from the checkpoint until caught up (progress: rows, %, rate);
 * - live `changes` are applied when they start at the checkpoint, otherwise a pull fills the gap;
 * - `reset`, a different serverId, or a failed verify rebuild the replica in a shadow file while the
 *   current one keeps serving the view, then swap it in;
 * - the outbox drains after every hello, one command at a time.
 * All replica writes go through one queue, so a pull and a push never interleave.
 * socket.io-client reconnects with exponential backoff and jitter.
 */
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { SyncState } from '@shared/contract';
import { ChangesPush, DESK_NAMESPACE, DigestReply, ErrorReply, HelloReply, PROTOCOL_VERSION, PullReply, RevealReply, describeZodError } from '@shared/protocol';
import type { OutboxCommand, OutboxStore } from '@main/outbox/store';
import { OutboxSender } from '@main/outbox/sender';
import { explainStorageError } from '@main/db/storage-errors';
import type { ReplicaFiles } from '@main/replica/files';
import type { AppliedBatch, ReplicaStore } from '@main/replica/store';
import type { AnySnapshotInfo } from '@shared/snapshot';
import { replicaMigrationTags } from '@main/replica/replica-snapshot';
import { replicaFromSnapshot } from './snapshot-bootstrap';
import { deliverSliced } from './deliver';
import { ServerClock } from './server-clock';

export interface SyncProgress {
  rows: number;
  fromVersion: number;
  toVersion: number;
  atVersion: number;
  percent: number;
  rowsPerSecond: number;
  rebuilding: boolean;
  phase?: 'download' | 'load' | 'check' | 'pull';
}

export interface EngineStatus {
  state: SyncState;
  connected: boolean;
  checkpoint: number;
  head: number;
  lastError: string | null;
  serverId: string | null;
  role: string | null;
  /** the token's name as the server knows it (hello `name`): the supervisor on duty */
  name: string | null;
  progress: SyncProgress | null;
}

export interface VerifyResult {
  match: boolean;
  replica: { version: number; count: number; sha256: string };
  server: { version: number; count: number; sha256: string };
  repaired: boolean;
}

export interface SyncEngineOptions {
  serverUrl: string;
  /** where the desk's files are (named in storage errors) */
  dataDir: string;
  token: string;
  files: ReplicaFiles;
  outbox: OutboxStore;
  pageSize?: number;
  /** a batch landed in the current replica */
  onApplied?: (batch: AppliedBatch) => void;
  /** the replica was replaced wholesale (rebuild): reload everything derived from it */
  onReplaced?: (store: ReplicaStore, prepared?: unknown) => void | Promise<void>;
  /** see SnapshotBootstrapDeps.prepare: its answer is handed to onReplaced */
  prepareFromSnapshot?: (file: string, format: number) => Promise<unknown>;
  onStatus?: (snapshot: EngineStatus) => void;
  onCommandAnswered?: (command: OutboxCommand) => void;
  requestTimeoutMs?: number;
  /** how long to wait for a command's answer before sending it again (same mutationId) */
  commandTimeoutMs?: number;
  /**
   * While live, pull from the checkpoint this often anyway: a push lost on the way (a proxy, a
   * half-dead connection) is otherwise only noticed at the next push, which may be long in coming.
   */
  pollEveryMs?: number;
}

/**
 * Pages and pushes are checked here for their envelope only: their rows (~9k in a page of the
 * initial sync) are checked one slice at a time as they are applied (ReplicaStore.applyChangesSliced),
 * so that validating a page does not hold the event loop in one piece.
 */
const PullEnvelope = PullReply.extend({ changes: z.array(z.unknown()) });
const PushEnvelope = ChangesPush.extend({ changes: z.array(z.unknown()) });

const FATAL_CONNECT_ERRORS: Record<string, SyncState> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  protocol_mismatch: 'protocol_mismatch',
};

export class SyncEngine {
  readonly clock = new ServerClock();
  private socket: Socket | null = null;
  private queue: Promise<void> = Promise.resolve();
  private snapshot: EngineStatus;
  private stopped = false;
  private greeted = false;
  private store: ReplicaStore;
  private readonly sender: OutboxSender;
  private poller: NodeJS.Timeout | null = null;
  /** server clock (ms) when the replica was last caught up; persisted so a restart offline still knows */
  private caughtUpAt: number | null;
  /** the snapshots the last hello offered that this desk can use, best first */
  private offered: AnySnapshotInfo[] = [];
  /** the projection edition the server sends rows in (hello); recorded in every replica it fills */
  private projection = '1';

  constructor(private readonly opts: SyncEngineOptions) {
    this.store = opts.files.open();
    this.caughtUpAt = Number(this.store.meta('caughtUpAt')) || null;
    if (this.caughtUpAt !== null) this.clock.assumeUntilHello(this.caughtUpAt);
    const aside = opts.files.setAside;
    this.snapshot = {
      state: 'connecting',
      connected: false,
      checkpoint: this.store.checkpoint(),
      head: this.store.checkpoint(),
      lastError: aside ? `副本文件已损坏，已移至 ${aside} 并从服务器重建 · the replica file was damaged; moved to ${aside}, rebuilding from the server` : null,
      serverId: this.store.serverId(),
      role: null,
      name: null,
      progress: null,
    };
    this.sender = new OutboxSender(opts.outbox, () => this.socket, () => this.greeted, {
      onAnswered: (command) => {
        opts.onCommandAnswered?.(command);
        this.update({});
      },
      onUnauthorized: (error) => this.update({ state: 'unauthorized', lastError: `${error.code}: ${error.message}` }),
      onError: (message) => this.update({ lastError: message }),
    }, opts.commandTimeoutMs);
  }

  /** The server clock when the replica was last complete (epoch ms), or null. */
  dataAsOf(): number | null {
    return this.caughtUpAt;
  }

  private markCaughtUp(): void {
    this.caughtUpAt = this.clock.now();
    this.store.setMeta('caughtUpAt', String(Math.round(this.caughtUpAt)));
  }

  /** The replica as it is now (replaced after a rebuild). */
  replica(): ReplicaStore {
    return this.store;
  }

  status(): EngineStatus {
    return { ...this.snapshot, checkpoint: this.store.checkpoint() };
  }

  start(): void {
    const socket = io(new URL(DESK_NAMESPACE, this.opts.serverUrl).toString(), {
      auth: { token: this.opts.token, clientId: this.opts.outbox.clientId(), protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.update({ connected: true, state: 'syncing', lastError: null });
      this.enqueue(() => this.handshake());
    });
    socket.on('disconnect', (reason) => {
      this.greeted = false;
      this.update({ connected: false, state: 'offline', progress: null, lastError: reason === 'io client disconnect' ? null : `disconnected: ${reason}` });
      // socket.io does not reconnect after the server closed the socket itself (a shutting-down server,
      // a proxy, a revoked token); we do, with jitter — a revoked token then shows as unauthorized
      if (reason === 'io server disconnect' && !this.stopped) setTimeout(() => !this.stopped && !socket.connected && socket.connect(), 500 + Math.random() * 1000);
    });
    socket.on('connect_error', (err: Error) => {
      const fatal = FATAL_CONNECT_ERRORS[err.message];
      this.update({ connected: false, state: fatal ?? 'offline', lastError: fatal ? err.message : `cannot reach ${this.opts.serverUrl}: ${err.message}` });
      // socket.io stops retrying when the server (or a proxy) refused the handshake; we go on:
      // slowly for a refused token or protocol (they will not fix themselves), soon for anything else
      if (!socket.active && !this.stopped) {
        const delay = fatal ? 30_000 : 1000 + Math.random() * 2000;
        setTimeout(() => !this.stopped && !socket.connected && socket.connect(), delay);
      }
    });
    socket.on('changes', (payload: unknown) => this.enqueue(() => this.onChanges(payload)));
    this.poller = setInterval(() => {
      if (this.greeted && this.snapshot.state === 'live') this.enqueue(() => this.catchUp());
    }, this.opts.pollEveryMs ?? 10_000);
  }

  /** A command was written to the outbox: send it as soon as we can. */
  kickOutbox(): void {
    this.sender.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    this.sender.stop();
    this.socket?.disconnect();
    await this.queue.catch(() => undefined);
    this.store.close();
  }

  /**
   * Compares the replica's digest with the server's at the same version; on a mismatch, rebuilds
   * the replica from zero (the old view stays until the new one is complete). A connection lost
   * on the way is waited out and the comparison made again.
   */
  async verify(): Promise<VerifyResult> {
    for (let attempt = 0; ; attempt++) {
      await this.waitForHello();
      try {
        return await this.verifyOnce();
      } catch (err) {
        if (this.greeted || attempt >= 3) throw err; // a real failure, not a dropped connection
      }
    }
  }

  /**
   * One customer's full phone (supervisor only): the feed carries it masked, and the server
   * audits every reveal (protocol.md, "reveal"). Needs the connection: no number while offline.
   */
  async revealPhone(orderId: string): Promise<string> {
    return (await this.request('reveal', { orderId }, RevealReply)).phone;
  }

  private async waitForHello(ms = 10_000): Promise<void> {
    // outside the queue: the hello itself runs in the queue
    for (const end = Date.now() + ms; !this.greeted; await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end || this.stopped) throw new Error('not connected to the order server: cannot verify now');
    }
  }

  private verifyOnce(): Promise<VerifyResult> {
    return new Promise((resolve, reject) => {
      this.enqueue(async () => {
        try {
          for (let attempt = 0; ; attempt++) {
            await this.catchUp();
            const server = await this.request('digest', {}, DigestReply);
            const replica = this.store.digest();
            if (server.version !== replica.version && attempt < 5) continue; // the server moved on: catch up again
            const digest = { version: server.version, count: server.count, sha256: server.sha256 };
            const match = server.version === replica.version && server.sha256 === replica.sha256 && server.count === replica.count;
            if (!match) await this.rebuild();
            return resolve({ match, replica, server: digest, repaired: !match });
          }
        } catch (err) {
          reject(err);
          throw err;
        }
      });
    });
  }

  /** Runs `job` after every earlier replica write; failures become the visible last error. */
  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((raw: unknown) => {
      const err = explainStorageError(raw, this.opts.dataDir);
      const message = err instanceof Error ? err.message : String(err);
      this.update({ lastError: message, state: this.snapshot.connected ? 'syncing' : 'offline', progress: null });
    });
  }

  private async request<S extends z.ZodType>(event: string, payload: object, schema: S): Promise<z.output<S>> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error(`not connected (${event})`);
    const reply: unknown = await socket.timeout(this.opts.requestTimeoutMs ?? 30_000).emitWithAck(event, payload);
    const refused = ErrorReply.safeParse(reply);
    if (refused.success) throw new Error(`${event} refused: ${refused.data.error.code}: ${refused.data.error.message}`);
    const parsed = schema.safeParse(reply);
    if (!parsed.success) throw new Error(`server sent a malformed ${event} reply: ${describeZodError(parsed.error)}`);
    return parsed.data;
  }

  private async handshake(): Promise<void> {
    const hello = await this.request('hello', {}, HelloReply);
    this.clock.sync(hello.now, hello.clockRate);
    this.update({ role: hello.role, name: hello.name ?? null, head: hello.head });
    this.greeted = true;
    this.sender.kick();
    // a ready replica (format 2) at a migration this desk ships saves the copy; format 1 otherwise
    const replica = hello.replicaSnapshot && replicaMigrationTags().includes(hello.replicaSnapshot.schema) ? hello.replicaSnapshot : null;
    this.offered = [replica, hello.snapshot].filter((x): x is AnySnapshotInfo => !!x);
    const known = this.store.serverId();
    this.projection = String(hello.projection ?? 1);
    if (known !== null && known !== hello.serverId) {
      // a replica built from another server is worthless here: rebuild it from zero
      await this.rebuild(hello.serverId);
    } else if (this.store.checkpoint() > 0 && (this.store.meta('projection') ?? '1') !== this.projection) {
      // rows synced under another projection may hold fields this role no longer receives (full
      // phones before issue 16): rebuild from the server rather than keep them until they change
      await this.rebuild(hello.serverId);
    } else if (known === null) {
      this.store.setServerId(hello.serverId);
    }
    this.store.setMeta('projection', this.projection);
    this.update({ serverId: hello.serverId });
    // an empty replica starts from the snapshot, then pulls only what came after it
    if (this.store.checkpoint() === 0 && this.offered.length) await this.replaceFromSnapshot(hello.serverId, false);
    await this.catchUp();
  }

  /**
   * Downloads the offered snapshot and loads it into a shadow file (a worker thread does the copy),
   * then swaps it in; the current replica serves the view until then. Returns false, with the
   * reason shown as the last error, when the snapshot cannot be used: the caller pages instead.
   */
  private async replaceFromSnapshot(serverId: string, rebuilding: boolean): Promise<boolean> {
    const failed: string[] = [];
    const deps = { serverUrl: this.opts.serverUrl, token: this.opts.token, dataDir: this.opts.dataDir, files: this.opts.files, prepare: this.opts.prepareFromSnapshot };
    const show = (progress: SyncProgress) => this.update({ state: 'syncing', progress });
    for (const info of this.offered) {
      try {
        const { store, prepared } = await replicaFromSnapshot(deps, { info, serverId, current: this.store, rebuilding }, show);
        this.store = store;
        this.store.setMeta('projection', this.projection);
        await this.opts.onReplaced?.(this.store, prepared);
        if (failed.length) this.update({ lastError: `快照格式 ${info.format} 已使用 · snapshot format ${info.format} used after: ${failed.join('; ')}` });
        return true;
      } catch (err) {
        failed.push(`format ${info.format}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed.length) this.update({ lastError: `快照不可用，改为分页同步 · snapshot not used, paging instead: ${failed.join('; ')}`, progress: null });
    return false;
  }

  /**
   * Pulls pages into `store` from its checkpoint until caught up. The next page is asked for while
   * the current one is applied (a page is fully determined by its `since`), so the server's work
   * and the transfer overlap the desk's; at most two pages are in memory.
   */
  private async pullInto(store: ReplicaStore, rebuilding: boolean, onBatch: (batch: AppliedBatch) => void): Promise<'done' | 'reset'> {
    const fromVersion = store.checkpoint();
    const started = Date.now();
    let rows = 0;
    let next = this.pull(fromVersion);
    for (;;) {
      const page = await next;
      if (page.reset) return 'reset';
      const done = page.to >= page.head;
      if (!done) {
        next = this.pull(page.to);
        next.catch(() => undefined); // if this page fails, its error is the one reported
      }
      const batch = await store.applyChangesSliced(page.changes, page.to);
      rows += batch.rows;
      await deliverSliced(batch, onBatch);
      const span = Math.max(1, page.head - fromVersion);
      const progress: SyncProgress | null = done
        ? null
        : {
            rows,
            fromVersion,
            toVersion: page.head,
            atVersion: page.to,
            percent: Math.min(100, Math.round(((page.to - fromVersion) / span) * 1000) / 10),
            rowsPerSecond: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)),
            rebuilding,
          };
      this.update({ head: page.head, progress, state: 'syncing' });
      if (done) return 'done';
    }
  }

  private pull(since: number): Promise<z.output<typeof PullEnvelope>> {
    return this.request('pull', { since, limit: this.opts.pageSize ?? 2000 }, PullEnvelope);
  }

  private async catchUp(): Promise<void> {
    const outcome = await this.pullInto(this.store, false, (batch) => this.opts.onApplied?.(batch));
    if (outcome === 'reset') {
      this.offered = []; // the server's history changed under us: its snapshot from the last hello may be of the old one
      return this.rebuild();
    }
    this.markCaughtUp();
    this.update({ state: 'live', progress: null });
  }

  /** Builds a fresh replica from version 0 in a shadow file, then swaps it in. */
  private async rebuild(serverId?: string): Promise<void> {
    const id = serverId ?? this.snapshot.serverId ?? this.store.serverId() ?? '';
    if (this.offered.length && (await this.replaceFromSnapshot(id, true))) return this.catchUp();
    const shadow = this.opts.files.openShadow();
    try {
      shadow.setServerId(serverId ?? this.snapshot.serverId ?? this.store.serverId() ?? '');
      shadow.setMeta('projection', this.projection);
      for (let tries = 0; (await this.pullInto(shadow, true, () => undefined)) === 'reset'; tries++) {
        if (tries >= 3) throw new Error('the server keeps answering reset; the replica was not rebuilt');
        shadow.clear();
      }
    } catch (err) {
      this.opts.files.discardShadow(shadow);
      throw err;
    }
    this.store = this.opts.files.promoteShadow(this.store, shadow);
    await this.opts.onReplaced?.(this.store);
    this.markCaughtUp();
    this.update({ state: 'live', progress: null });
  }

  private async onChanges(payload: unknown): Promise<void> {
    const parsed = PushEnvelope.safeParse(payload);
    if (!parsed.success) throw new Error(`server pushed malformed changes: ${describeZodError(parsed.error)}`);
    const push = parsed.data;
    this.clock.sync(push.now);
    const checkpoint = this.store.checkpoint();
    if (push.to <= checkpoint) return; // already have it (a pull overtook the push)
    this.update({ head: Math.max(this.snapshot.head, push.to) });
    if (push.from !== checkpoint) return this.catchUp(); // a gap: something was missed
    const batch = await this.store.applyChangesSliced(push.changes, push.to);
    await deliverSliced(batch, (slice) => this.opts.onApplied?.(slice));
    this.markCaughtUp();
    this.update({ state: 'live' });
  }

  private update(patch: Partial<EngineStatus>): void {
    this.snapshot = { ...this.snapshot, ...patch, checkpoint: this.store.checkpoint() };
    this.opts.onStatus?.(this.status());
  }
}
