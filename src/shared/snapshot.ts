/**
 * The snapshot extension of protocol v1 (docs/protocol.md "Snapshot"): a desk with an empty (or
 * discarded) replica may download the server's whole state as one SQLite file instead of paging
 * through `pull` from version 0, then pull only what came after the snapshot's version.
 *
 * Format 1: a SQLite 3 database with
 * - `snapshot_meta(key TEXT PRIMARY KEY, value TEXT)`: format, version, serverId, role, rows,
 *   entities (a JSON list of the entity names present);
 * - per entity E one table `rows_E(id TEXT, version INTEGER, data TEXT)` holding every live row
 *   at that version: `data` is the row's wire data as JSON, exactly what `pull` would send this
 *   role (projected by src/shared/projection.ts: phones masked for every desk role, amounts left out
 *   for viewers). Tombstones are left out: a fresh replica has nothing to delete.
 *
 * Format 2 (`?format=2`, offered in hello as `replicaSnapshot`): a DutyDesk replica database, the
 * same rows at the same version already in the replica's tables (src/shared/replica-copy.ts) with
 * its indexes, at the replica migration named by `schema`, plus the same `snapshot_meta` (format
 * 2, and `schema`). A desk that knows that migration uses the file as its replica after checking
 * it, with no copy; any other client ignores it.
 */
import { z } from 'zod';

export const SNAPSHOT_FORMAT = 1 as const;
export const REPLICA_SNAPSHOT_FORMAT = 2 as const;
export const SNAPSHOT_PATH = '/api/v1/snapshot';

/** The table of an entity's rows in a snapshot file (entity names are [a-z_]+). */
export function snapshotTable(entity: string): string {
  if (!/^[a-z_]+$/.test(entity)) throw new Error(`snapshot: not an entity name: ${JSON.stringify(entity)}`);
  return `rows_${entity}`;
}

/** hello extension: the snapshot the server has ready for this role (absent: page from 0). */
export const SnapshotInfo = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int().min(0),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** changes whenever the file does: sent back as If-Range so a resumed download never mixes two files */
  etag: z.string().min(1),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** hello extension: the same cut as a ready replica (format 2), for desks that know its `schema`. */
export const ReplicaSnapshotInfo = SnapshotInfo.extend({
  format: z.literal(REPLICA_SNAPSHOT_FORMAT),
  /** the tag of the last replica migration the file has (drizzle/replica) */
  schema: z.string().min(1),
});
export type ReplicaSnapshotInfo = z.infer<typeof ReplicaSnapshotInfo>;
export type AnySnapshotInfo = SnapshotInfo | ReplicaSnapshotInfo;

/** The meta rows of a snapshot file, as the desk checks them before loading it. */
export const SnapshotMeta = z.object({
  format: z.coerce.number().pipe(z.union([z.literal(SNAPSHOT_FORMAT), z.literal(REPLICA_SNAPSHOT_FORMAT)])),
  /** format 2: the replica migration the file is at */
  schema: z.string().min(1).optional(),
  version: z.coerce.number().int().min(0),
  serverId: z.string().min(1),
  role: z.string().min(1),
  rows: z.coerce.number().int().min(0),
  entities: z.string().transform((s, ctx) => {
    try {
      const list: unknown = JSON.parse(s);
      if (Array.isArray(list) && list.every((e) => typeof e === 'string' && /^[a-z_]+$/.test(e))) return list as string[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'not a JSON list of entity names' });
    return z.NEVER;
  }),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

/**
 * A bulk SQLite job run off the caller's thread (both the server's snapshot build and the desk's
 * snapshot load are one long synchronous statement sequence that must not stall an event loop).
 */
export interface SqliteJob {
  /** the database the connection opens (created if missing) */
  file: string;
  nativeBinding?: string;
  pragmas?: string[];
  attach?: { path: string; alias: string }[];
  /** the statement that opens the one transaction around every step (default BEGIN) */
  begin?: string;
  steps: SqliteJobStep[];
}

export interface SqliteJobStep {
  sql: string;
  /** run: a write (changes reported); get: the first row or null; exec: several statements, no params */
  mode: 'run' | 'get' | 'exec';
  params?: (string | number | null)[];
  /** for a `get`: a row found means the job fails with this message (and the row) */
  failIfRow?: string;
  /** for progress: how much of the job this step is (any unit) */
  weight?: number;
}

export type SqliteJobResult = ({ changes: number } | Record<string, unknown> | null)[];
