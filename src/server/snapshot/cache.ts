/**
 * The server's ready snapshots, one per role that syncs (supervisor, viewer). A desk starting
 * from nothing downloads the newest and pulls only what came after it, so a snapshot a little
 * behind the head is still worth serving; a stale one is rebuilt in the background, never while
 * a request waits. Files live beside the database in `<db>.snapshots/` and are deleted once
 * replaced and no download is reading them.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplicaSnapshotInfo, SnapshotInfo } from '@shared/snapshot';
import { REPLICA_SNAPSHOT_FORMAT, SNAPSHOT_FORMAT } from '@shared/snapshot';
import type { Role } from '@shared/vocab';
import { buildSnapshot, type BuiltSnapshot } from './build';
import { buildReplicaSnapshot } from './replica-build';

export interface SnapshotPolicy {
  /** below this many orders paging from 0 is quick enough: no snapshot is built */
  minOrders: number;
  /** a snapshot this many versions behind the head is rebuilt (in the background) */
  maxLagVersions: number;
  /** at most one build per role this often (ms) */
  minIntervalMs: number;
  /** also build each snapshot as a ready replica (format 2) */
  replicas: boolean;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minOrders: 10_000, maxLagVersions: 2_000, minIntervalMs: 60_000, replicas: true };

interface Entry extends BuiltSnapshot {
  etag: string;
  /** the same cut as a replica (format 2), once built: a moment after the format-1 file */
  replica: { file: string; bytes: number; etag: string; schema: string } | null;
  readers: number;
  retired: boolean;
}

/** What a download streams: one of an entry's two files. */
export interface SnapshotFile {
  file: string;
  bytes: number;
  etag: string;
  version: number;
  rows: number;
  release(): void;
}

interface RoleState {
  current: Entry | null;
  building: Promise<void> | null;
  lastStart: number;
}

export interface SnapshotCacheDeps {
  dbFile: string;
  serverId: string;
  head: () => number;
  orderCount: () => number;
  nativeBinding?: string;
  policy?: Partial<SnapshotPolicy>;
  /** a build failed (logged; the desks page from 0 meanwhile) */
  onError?: (err: unknown) => void;
}

const SNAPSHOT_ROLES: readonly Role[] = ['supervisor', 'viewer'];

export class SnapshotCache {
  readonly dir: string;
  private readonly policy: SnapshotPolicy;
  private readonly roles = new Map<Role, RoleState>();
  private seq = 0;
  private closed = false;

  constructor(private readonly deps: SnapshotCacheDeps) {
    this.policy = { ...DEFAULT_SNAPSHOT_POLICY, ...deps.policy };
    this.dir = `${deps.dbFile}.snapshots`;
    rmSync(this.dir, { recursive: true, force: true }); // files of an earlier run describe an older database
    mkdirSync(this.dir, { recursive: true, mode: 0o700 }); // customer data: its owner only
  }

  /** Builds the supervisors' snapshot now if the database is big enough (at start-up, in the background). */
  warm(): void {
    this.refresh('supervisor');
  }

  /** The snapshot a role may download now (hello), kicking a background rebuild when it is stale or missing. */
  info(role: Role): SnapshotInfo | null {
    if (!SNAPSHOT_ROLES.includes(role)) return null;
    this.refresh(role);
    const cur = this.state(role).current;
    return cur ? { format: SNAPSHOT_FORMAT, version: cur.version, rows: cur.rows, bytes: cur.bytes, etag: cur.etag } : null;
  }

  /** The same snapshot as a ready replica (format 2), once built. */
  replicaInfo(role: Role): ReplicaSnapshotInfo | null {
    const cur = SNAPSHOT_ROLES.includes(role) ? this.state(role).current : null;
    const r = cur?.replica;
    return cur && r ? { format: REPLICA_SNAPSHOT_FORMAT, version: cur.version, rows: cur.rows, bytes: r.bytes, etag: r.etag, schema: r.schema } : null;
  }

  /** Holds the role's current snapshot file of `format` for a download; `release` lets a replaced file go. */
  acquire(role: Role, format: number = SNAPSHOT_FORMAT): SnapshotFile | null {
    const cur = SNAPSHOT_ROLES.includes(role) ? this.state(role).current : null;
    const file = format === REPLICA_SNAPSHOT_FORMAT ? cur?.replica : format === SNAPSHOT_FORMAT ? cur : null;
    if (!cur || !file) return null;
    cur.readers++;
    let released = false;
    return {
      file: file.file,
      bytes: file.bytes,
      etag: file.etag,
      version: cur.version,
      rows: cur.rows,
      release: () => {
        if (released) return;
        released = true;
        cur.readers--;
        this.dispose(cur);
      },
    };
  }

  /** Resolves when no build is running (tests, shutdown). */
  async settled(): Promise<void> {
    for (const s of this.roles.values()) await s.building?.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private state(role: Role): RoleState {
    let s = this.roles.get(role);
    if (!s) this.roles.set(role, (s = { current: null, building: null, lastStart: -Infinity }));
    return s;
  }

  private refresh(role: Role): void {
    const s = this.state(role);
    if (this.closed || s.building || Date.now() - s.lastStart < this.policy.minIntervalMs) return;
    const head = this.deps.head();
    if (s.current && head - s.current.version <= this.policy.maxLagVersions) return;
    if (!s.current && this.deps.orderCount() < this.policy.minOrders) return;
    s.lastStart = Date.now();
    const n = ++this.seq;
    const { serverId, nativeBinding } = this.deps;
    s.building = (async () => {
      const built = await buildSnapshot({ dbFile: this.deps.dbFile, outFile: join(this.dir, `${role}-${n}.sqlite`), role, serverId, nativeBinding });
      const old = s.current;
      const entry: Entry = { ...built, etag: `"${serverId}-${role}-${built.version}-${n}"`, replica: null, readers: 0, retired: false };
      s.current = entry;
      if (old) {
        old.retired = true;
        this.dispose(old);
      }
      if (this.closed) return rmSync(built.file, { force: true });
      if (!this.policy.replicas) return;
      // format 2 from the file just made: desks that know its schema skip their copy (seconds at 100k)
      const replica = await buildReplicaSnapshot({ from: built, serverId, outFile: join(this.dir, `${role}-${n}.replica.sqlite`), nativeBinding });
      entry.replica = { file: replica.file, bytes: replica.bytes, etag: `"${serverId}-${role}-${built.version}-${n}-r"`, schema: replica.schema };
      if (this.closed || entry.retired) this.dispose(entry);
    })()
      .catch((err: unknown) => this.deps.onError?.(err))
      .finally(() => (s.building = null));
  }

  private dispose(entry: Entry): void {
    if (!(entry.retired || this.closed) || entry.readers > 0) return;
    rmSync(entry.file, { force: true });
    if (entry.replica) rmSync(entry.replica.file, { force: true });
  }
}
