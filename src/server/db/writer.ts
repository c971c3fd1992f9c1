/**
 * The only way synced rows are written. One write = one SQLite transaction = one new version:
 * the transaction takes head + 1, stamps every row it touches with it, and after commit the
 * rows of that version are pushed to every listener as `changes { from, to, changes, now }`.
 * better-sqlite3 is synchronous, so writes serialize by construction.
 */
import type { Change } from '@shared/entities';
import type { ChangesPush } from '@shared/protocol';
import { shanghaiIso } from '@shared/time';
import type { Clock } from '@server/clock';
import { changesBetween } from '@server/db/changes';
import { getHead, setMeta } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';

export interface WriteContext {
  db: ServerDb;
  /** the version every row written here must carry */
  version: number;
  /** the server clock at the start of the write, epoch ms and ISO (+08:00) */
  now: number;
  nowIso: string;
}

export interface WriteResult<T> {
  result: T;
  version: number;
  changes: Change[];
}

export type CommitListener = (push: ChangesPush) => void;

/**
 * What a caller writes in the same transaction (or savepoint) as each write made through
 * Writer.alongside: `before` may refuse the write by throwing, `after` sees its result. Both commit
 * or roll back with the write (the floor API's idempotency record).
 */
export interface WriteCompanion {
  before(ctx: WriteContext): void;
  after(ctx: WriteContext, result: unknown): void;
}

class NothingWritten extends Error {}

/** Most writes one group commit takes (the rest go in the next one). */
const GROUP_LIMIT = 256;
/** How long the first queued write waits for company (ms). */
const GROUP_WINDOW_MS = 2;
/** While writes keep arriving, a group waits for them up to this long after its first write (ms). */
const GROUP_MAX_WAIT_MS = 6;

interface Pending {
  fn: (ctx: WriteContext) => unknown;
  resolve: (w: WriteResult<unknown>) => void;
  reject: (err: unknown) => void;
}

export class Writer {
  private readonly listeners = new Set<CommitListener>();
  private readonly pending: Pending[] = [];
  private flushScheduled = false;
  /** performance.now() when the waiting group's first write was queued */
  private groupSince = 0;
  /**
   * Runs `fn(arg)` in a transaction, or in a savepoint when already in one (a write of a group
   * commit). Made once: better-sqlite3 builds a wrapper per transaction() call, and drizzle's
   * db.transaction() also a transaction object with a query builder per table.
   */
  private readonly atomically: <A, R>(fn: (arg: A) => R, arg: A) => R;

  constructor(
    readonly db: ServerDb,
    readonly clock: Clock,
  ) {
    this.atomically = db.$client.transaction((fn: (arg: unknown) => unknown, arg: unknown) => fn(arg)) as <A, R>(fn: (arg: A) => R, arg: A) => R;
  }

  /**
   * This writer with `companion` run inside each write made through it (writeSoon and write):
   * everything else is this writer's own, so writes through it group and serialize as usual.
   */
  alongside(companion: WriteCompanion): Writer {
    const within =
      <T>(fn: (ctx: WriteContext) => T) =>
      (ctx: WriteContext): T => {
        companion.before(ctx);
        const result = fn(ctx);
        companion.after(ctx, result);
        return result;
      };
    const view = Object.create(this) as Writer;
    view.writeSoon = (fn) => this.writeSoon(within(fn));
    view.write = (fn) => this.write(within(fn));
    return view;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Group commit for independent requests (the floor API): writes queued within GROUP_WINDOW_MS
   * of the first (longer while more keep arriving: settle) run in ONE transaction at one version,
   * each inside its own savepoint, so a write that throws rolls back alone and rejects alone. One
   * commit, one read-back and one `changes` push for the whole group.
   */
  writeSoon<T>(fn: (ctx: WriteContext) => T): Promise<WriteResult<T>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (w: WriteResult<unknown>) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.groupSince = performance.now();
        setTimeout(() => this.settle(), GROUP_WINDOW_MS);
      }
    });
  }

  /** Resolves once every queued group-commit write has committed (shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushScheduled) await new Promise((r) => setTimeout(r, GROUP_WINDOW_MS));
  }

  /**
   * The window is over: commit once a turn of the event loop brings no more writes. Under load
   * the requests read in that turn were already on their way, and each commit, read-back and push
   * costs about as much as several writes, so they join this group instead of starting the next.
   * An idle server commits one turn (microseconds) after the window.
   */
  private settle(): void {
    const seen = this.pending.length;
    if (seen >= GROUP_LIMIT || performance.now() - this.groupSince >= GROUP_MAX_WAIT_MS) return this.flush();
    // setImmediate runs after the loop's next poll for I/O
    setImmediate(() => (this.pending.length > seen ? this.settle() : this.flush()));
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.pending.splice(0, GROUP_LIMIT);
    if (this.pending.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    const outcomes: ({ ok: true; result: unknown } | { ok: false; err: unknown })[] = [];
    let w: WriteResult<void>;
    try {
      w = this.write((ctx) => {
        for (const p of group) {
          try {
            outcomes.push({ ok: true, result: this.atomically(p.fn, ctx) });
          } catch (err) {
            // SQLITE_FULL, IOERR, BUSY and NOMEM may roll back the whole transaction, not just the
            // savepoint: the rest of the group would then commit one by one outside it while
            // being answered with an error. Give up the group: every write in it is rejected.
            if (!this.db.$client.inTransaction) throw err;
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      for (const p of group) p.reject(err);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o?.ok) p.resolve({ result: o.result, version: w.version, changes: w.changes });
      else p.reject(o ? o.err : new Error('write lost'));
    });
  }

  /**
   * Runs `fn` in one transaction at version head + 1. A throw rolls everything back. A write
   * that touches no row is rolled back too and burns no version (version = head, no changes).
   */
  write<T>(fn: (ctx: WriteContext) => T): WriteResult<T> {
    const now = this.clock.now();
    let result!: T;
    let out: { from: number; version: number; changes: Change[] };
    try {
      out = this.atomically(() => {
        const from = getHead(this.db);
        const version = from + 1;
        result = fn({ db: this.db, version, now, nowIso: shanghaiIso(now) });
        const changes = changesBetween(this.db, from, version);
        if (changes.length === 0) throw new NothingWritten();
        setMeta(this.db, 'head', String(version));
        return { from, version, changes };
      }, null);
    } catch (err) {
      if (err instanceof NothingWritten) return { result, version: getHead(this.db), changes: [] };
      throw err;
    }
    const push: ChangesPush = { from: out.from, to: out.version, changes: out.changes, now: shanghaiIso(this.clock.now()) };
    for (const l of this.listeners) {
      try {
        l(push);
      } catch (err) {
        console.error('changes listener failed:', err);
      }
    }
    return { result, version: out.version, changes: out.changes };
  }
}
