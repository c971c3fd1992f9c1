/**
 * The replica's files. A rebuild (after `reset`, a digest mismatch, or a different server) pulls into
 * a shadow file while the current replica keeps serving the view, then swaps the files in.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openReplicaDb } from './open';
import { ReplicaStore } from './store';

export interface ReplicaFiles {
  open(): ReplicaStore;
  openShadow(): ReplicaStore;
  /** closes `current` and `shadow`, moves the shadow into place, opens and returns it */
  promoteShadow(current: ReplicaStore, shadow: ReplicaStore): ReplicaStore;
  discardShadow(shadow: ReplicaStore): void;
}

const SIDE_FILES = ['', '-wal', '-shm'];

export function replicaFiles(dataDir: string): ReplicaFiles {
  const main = join(dataDir, 'replica.sqlite');
  const shadow = join(dataDir, 'replica.rebuild.sqlite');
  const remove = (base: string) => SIDE_FILES.forEach((s) => rmSync(base + s, { force: true }));
  return {
    open: () => new ReplicaStore(openReplicaDb(main)),
    openShadow: () => {
      remove(shadow);
      return new ReplicaStore(openReplicaDb(shadow));
    },
    promoteShadow(current, next) {
      next.checkpointWal();
      next.close();
      current.close();
      remove(main);
      for (const s of SIDE_FILES) if (existsSync(shadow + s)) renameSync(shadow + s, main + s);
      return new ReplicaStore(openReplicaDb(main));
    },
    discardShadow(next) {
      next.close();
      remove(shadow);
    },
  };
}
