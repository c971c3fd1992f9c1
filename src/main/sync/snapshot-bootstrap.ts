/**
 * A replica from the server's snapshot (decisions 0041, 0042): download it (resumable), then copy
 * it into a shadow file on a worker thread (format 1) or check it and take it as the shadow file
 * (format 2, already a replica), and swap the shadow in. The current replica serves the view until
 * the swap; on any failure the shadow is removed and the current replica is left as it was.
 */
import { checkReplicaSnapshot, dropSnapshotMeta } from '@main/replica/replica-snapshot';
import { loadSnapshot } from '@main/replica/snapshot-load';
import type { ReplicaFiles } from '@main/replica/files';
import type { ReplicaStore } from '@main/replica/store';
import { REPLICA_SNAPSHOT_FORMAT, type AnySnapshotInfo } from '@shared/snapshot';
import type { SyncProgress } from './engine';
import { discardSnapshotFiles, downloadSnapshot } from './snapshot-download';

export interface SnapshotBootstrapDeps {
  serverUrl: string;
  token: string;
  dataDir: string;
  files: ReplicaFiles;
  /**
   * Work on the downloaded file while the worker copies or checks it (the war room builds its index
   * from it on this thread: both cores busy). `format` says how to read it (1: rows_E tables, 2: a
   * replica). A failure here is not the snapshot's: its answer is dropped.
   */
  prepare?: (file: string, format: number) => Promise<unknown>;
}

export interface SnapshotBootstrap {
  info: AnySnapshotInfo;
  serverId: string;
  current: ReplicaStore;
  rebuilding: boolean;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Returns the new replica (the current one is closed) and what `prepare` made, or throws with the reason. */
export async function replicaFromSnapshot(deps: SnapshotBootstrapDeps, job: SnapshotBootstrap, show: (p: SyncProgress) => void): Promise<{ store: ReplicaStore; prepared: unknown }> {
  const { info, rebuilding } = job;
  const started = Date.now();
  let shown = -1;
  // download is the first half of the way, the copy the second
  const report = (phase: 'download' | 'load' | 'check', fraction: number) => {
    // a status event per 64 KiB chunk would flood the renderer: at most one per 1/200 of the way
    if (fraction < 1 && fraction - shown < 0.005) return;
    shown = fraction;
    show({
      rows: Math.round(info.rows * fraction),
      fromVersion: 0,
      toVersion: info.version,
      atVersion: Math.round(info.version * fraction),
      percent: Math.round(fraction * 1000) / 10,
      rowsPerSecond: Math.round((info.rows * fraction) / Math.max(0.001, (Date.now() - started) / 1000)),
      rebuilding,
      phase,
    });
  };
  let downloaded = false;
  try {
    const file = await downloadSnapshot({ serverUrl: deps.serverUrl, token: deps.token, info, dir: deps.dataDir, onProgress: (b, total) => report('download', (b / Math.max(1, total)) * 0.5) });
    downloaded = true;
    const replica = info.format === REPLICA_SNAPSHOT_FORMAT;
    // format 1 is copied into a fresh shadow file; format 2 is checked where it lies, then becomes the shadow
    const shadowFile = replica ? null : deps.files.freshShadowFile();
    await turn();
    const prepared = deps.prepare?.(file.file, info.format).catch((err: unknown) => {
      console.error('DutyDesk: preparing from the snapshot failed; the war room loads from the replica instead:', err);
      return undefined;
    });
    // format 1 is loaded (copied), format 2 checked: the sync panel says which
    const onLoad = (f: number) => report(replica ? 'check' : 'load', 0.5 + f * 0.5);
    await (shadowFile ? loadSnapshot(shadowFile, file.file, job.serverId, onLoad) : checkReplicaSnapshot(file.file, job.serverId, onLoad)).finally(() => prepared);
    const made = await prepared;
    if (!shadowFile) deps.files.adoptAsShadow(file.file);
    discardSnapshotFiles(deps.dataDir);
    // each step opens or closes a database (migrations checked): one per turn of the event loop
    const shadow = deps.files.reopenShadow();
    // a format-2 file drops the snapshot's own meta once it is the replica, in WAL mode: one small
    // synced commit (in the downloaded file's rollback mode it synced the whole file on this thread)
    if (!shadowFile) dropSnapshotMeta(shadow.connection);
    await turn();
    return { store: deps.files.promoteShadow(job.current, shadow), prepared: made };
  } catch (err) {
    deps.files.removeShadowFile();
    // a file that did not load is dropped; a download cut short is kept and resumed next time
    if (downloaded) discardSnapshotFiles(deps.dataDir);
    throw err;
  }
}
