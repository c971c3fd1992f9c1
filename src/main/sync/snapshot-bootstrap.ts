/**
 * A replica from the server's snapshot (decision 0041): download it (resumable), copy it into a
 * shadow file on a worker thread, swap the shadow in. The current replica serves the view until
 * the swap; on any failure the shadow is removed and the current replica is left as it was.
 */
import { loadSnapshot } from '@main/replica/snapshot-load';
import type { ReplicaFiles } from '@main/replica/files';
import type { ReplicaStore } from '@main/replica/store';
import type { SnapshotInfo } from '@shared/snapshot';
import type { SyncProgress } from './engine';
import { discardSnapshotFiles, downloadSnapshot } from './snapshot-download';

export interface SnapshotBootstrapDeps {
  serverUrl: string;
  token: string;
  dataDir: string;
  files: ReplicaFiles;
  /**
   * Work on the downloaded file while the worker copies it (the war room builds its index from it
   * on this thread: both cores busy). A failure here is not the snapshot's: its answer is dropped.
   */
  prepare?: (file: string) => Promise<unknown>;
}

export interface SnapshotBootstrap {
  info: SnapshotInfo;
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
  const report = (phase: 'download' | 'load', fraction: number) => {
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
    const shadowFile = deps.files.freshShadowFile();
    await turn();
    const prepared = deps.prepare?.(file.file).catch((err: unknown) => {
      console.error('DutyDesk: preparing from the snapshot failed; the war room loads from the replica instead:', err);
      return undefined;
    });
    await loadSnapshot(shadowFile, file.file, job.serverId, (f) => report('load', 0.5 + f * 0.5)).finally(() => prepared);
    const made = await prepared;
    discardSnapshotFiles(deps.dataDir);
    // each step opens or closes a database (migrations checked): one per turn of the event loop
    const shadow = deps.files.reopenShadow();
    await turn();
    return { store: deps.files.promoteShadow(job.current, shadow), prepared: made };
  } catch (err) {
    deps.files.removeShadowFile();
    // a file that did not load is dropped; a download cut short is kept and resumed next time
    if (downloaded) discardSnapshotFiles(deps.dataDir);
    throw err;
  }
}
