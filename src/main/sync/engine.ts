/**
 * The sync engine: keeps the replica equal to the order server (protocol.md).
 * - on connect: `hello`, then pull pages from the checkpoint until caught up (with progress);
 * - live `changes` are applied when they start at the checkpoint, otherwise a pull fills the gap;
 * - `reset` drops the replica and pulls again from 0;
 * - a different serverId than the replica was built from also means starting again from 0.
 * All replica writes go through one queue, so a pull and a push never interleave.
 * socket.io-client reconnects with exponential backoff and jitter.
 */
import { io, type Socket } from 'socket.io-client';
import type { SyncState } from '@shared/contract';
import type { z } from 'zod';
import { ChangesPush, DESK_NAMESPACE, ErrorReply, HelloReply, PROTOCOL_VERSION, PullReply, describeZodError } from '@shared/protocol';
import type { AppliedBatch, ReplicaStore } from '@main/replica/store';
import { ServerClock } from './server-clock';

export interface SyncSnapshot {
  state: SyncState;
  connected: boolean;
  checkpoint: number;
  head: number;
  lastError: string | null;
  serverId: string | null;
  role: string | null;
  progress: { rows: number; fromVersion: number; toVersion: number; atVersion: number } | null;
}

export interface SyncEngineOptions {
  serverUrl: string;
  token: string;
  store: ReplicaStore;
  pageSize?: number;
  onApplied?: (batch: AppliedBatch) => void;
  onReset?: () => void;
  onStatus?: (snapshot: SyncSnapshot) => void;
  requestTimeoutMs?: number;
}

const FATAL_CONNECT_ERRORS: Record<string, SyncState> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  protocol_mismatch: 'protocol_mismatch',
};

export class SyncEngine {
  readonly clock = new ServerClock();
  private socket: Socket | null = null;
  private queue: Promise<void> = Promise.resolve();
  private snapshot: SyncSnapshot;
  private stopped = false;

  constructor(private readonly opts: SyncEngineOptions) {
    this.snapshot = {
      state: 'connecting',
      connected: false,
      checkpoint: opts.store.checkpoint(),
      head: opts.store.checkpoint(),
      lastError: null,
      serverId: opts.store.serverId(),
      role: null,
      progress: null,
    };
  }

  status(): SyncSnapshot {
    return { ...this.snapshot, checkpoint: this.opts.store.checkpoint() };
  }

  start(): void {
    const socket = io(new URL(DESK_NAMESPACE, this.opts.serverUrl).toString(), {
      auth: { token: this.opts.token, clientId: this.opts.store.clientId(), protocol: PROTOCOL_VERSION },
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
      this.update({ connected: false, state: 'offline', lastError: reason === 'io client disconnect' ? null : `disconnected: ${reason}` });
    });
    socket.on('connect_error', (err: Error) => {
      const fatal = FATAL_CONNECT_ERRORS[err.message];
      this.update({ connected: false, state: fatal ?? 'offline', lastError: fatal ? err.message : `cannot reach ${this.opts.serverUrl}: ${err.message}` });
      // a refused token or protocol will not fix itself by retrying quickly; try again slowly
      if (fatal && !socket.active && !this.stopped) setTimeout(() => !this.stopped && socket.connect(), 30_000);
    });
    socket.on('changes', (payload: unknown) => this.enqueue(() => this.onChanges(payload)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.socket?.disconnect();
    await this.queue.catch(() => undefined);
  }

  /** Runs `job` after every earlier replica write; failures become the visible last error. */
  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.update({ lastError: message, state: this.snapshot.connected ? 'syncing' : 'offline' });
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
    const known = this.opts.store.serverId();
    if (known !== hello.serverId) {
      // a replica built from another server is worthless here: start again from zero
      if (known !== null) {
        this.opts.store.clear();
        this.opts.onReset?.();
      }
      this.opts.store.setServerId(hello.serverId);
    }
    this.update({ serverId: hello.serverId, role: hello.role, head: hello.head });
    await this.catchUp();
  }

  private async catchUp(): Promise<void> {
    const store = this.opts.store;
    const fromVersion = store.checkpoint();
    let rows = 0;
    this.update({ state: 'syncing' });
    for (;;) {
      const since = store.checkpoint();
      const page = await this.request('pull', { since, limit: this.opts.pageSize ?? 2000 }, PullReply);
      if (page.reset) {
        store.clear();
        this.opts.onReset?.();
        this.update({ head: page.head });
        continue;
      }
      const batch = store.applyChanges(page.changes, page.to);
      rows += batch.rows;
      this.opts.onApplied?.(batch);
      const done = page.to >= page.head;
      this.update({ head: page.head, progress: done ? null : { rows, fromVersion, toVersion: page.head, atVersion: page.to } });
      if (done) break;
    }
    this.update({ state: 'live', progress: null });
  }

  private async onChanges(payload: unknown): Promise<void> {
    const parsed = ChangesPush.safeParse(payload);
    if (!parsed.success) throw new Error('server pushed malformed changes');
    const push = parsed.data;
    this.clock.sync(push.now);
    const checkpoint = this.opts.store.checkpoint();
    if (push.to <= checkpoint) return; // already have it (a pull overtook the push)
    this.update({ head: Math.max(this.snapshot.head, push.to) });
    if (push.from !== checkpoint) {
      await this.catchUp(); // a gap: something was missed
      return;
    }
    const batch = this.opts.store.applyChanges(push.changes, push.to);
    this.opts.onApplied?.(batch);
    this.update({ state: 'live' });
  }

  private update(patch: Partial<SyncSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, checkpoint: this.opts.store.checkpoint() };
    this.opts.onStatus?.(this.status());
  }
}
