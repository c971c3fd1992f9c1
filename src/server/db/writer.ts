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

class NothingWritten extends Error {}

export class Writer {
  private readonly listeners = new Set<CommitListener>();

  constructor(
    readonly db: ServerDb,
    readonly clock: Clock,
  ) {}

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      out = this.db.transaction(() => {
        const from = getHead(this.db);
        const version = from + 1;
        result = fn({ db: this.db, version, now, nowIso: shanghaiIso(now) });
        const changes = changesBetween(this.db, from, version);
        if (changes.length === 0) throw new NothingWritten();
        setMeta(this.db, 'head', String(version));
        return { from, version, changes };
      });
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
