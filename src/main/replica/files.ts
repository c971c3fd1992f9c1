/**
 * The replica's files. A rebuild (after `reset`, a digest mismatch, or a different server) pulls into
 * a shadow file while the current replica keeps serving the view, then swaps the files in.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isCorruption } from '@main/db/storage-errors';
import { openReplicaDb } from './open';
import { ReplicaStore } from './store';

export interface ReplicaFiles {
  /**
   * Opens the replica. A file SQLite reports as damaged (a corruption code at open or in the quick
   * check, nothing else) is moved aside and an empty replica is opened instead: the server holds the
   * truth, the sync engine pulls it again, and the outbox lives in another file, untouched.
   */
  open(): ReplicaStore;
  /** set when open() found the replica damaged: where the damaged file went */
  readonly setAside: string | null;
  openShadow(): ReplicaStore;
  /** a fresh, migrated shadow file, closed, for a bulk load from a snapshot; then reopenShadow */
  freshShadowFile(): string;
  reopenShadow(): ReplicaStore;
  /** moves a ready replica file (a checked format-2 snapshot) into the shadow's place, closed, and returns that path; then reopenShadow */
  adoptAsShadow(file: string): string;
  /** removes the shadow file (a bulk load that failed) */
  removeShadowFile(): void;
  /** closes `current` and `shadow`, moves the shadow into place, opens and returns it */
  promoteShadow(current: ReplicaStore, shadow: ReplicaStore): ReplicaStore;
  discardShadow(shadow: ReplicaStore): void;
}

const SIDE_FILES = ['', '-wal', '-shm'];

export function replicaFiles(dataDir: string): ReplicaFiles {
  const main = join(dataDir, 'replica.sqlite');
  const shadow = join(dataDir, 'replica.rebuild.sqlite');
  const remove = (base: string) => SIDE_FILES.forEach((s) => rmSync(base + s, { force: true }));
  let setAside: string | null = null;
  const openChecked = (): ReplicaStore => {
    const store = new ReplicaStore(openReplicaDb(main));
    try {
      store.quickCheck();
      return store;
    } catch (err) {
      store.close();
      throw err;
    }
  };
  return {
    get setAside() {
      return setAside;
    },
    open: () => {
      try {
        return openChecked();
      } catch (err) {
        if (!isCorruption(err)) throw err;
        const aside = join(dataDir, `replica.corrupt-${Date.now()}.sqlite`);
        for (const s of SIDE_FILES) if (existsSync(main + s)) renameSync(main + s, aside + s);
        setAside = aside;
        return new ReplicaStore(openReplicaDb(main));
      }
    },
    openShadow: () => {
      remove(shadow);
      return new ReplicaStore(openReplicaDb(shadow));
    },
    freshShadowFile: () => {
      remove(shadow);
      const fresh = new ReplicaStore(openReplicaDb(shadow));
      fresh.checkpointWal();
      fresh.close();
      return shadow;
    },
    reopenShadow: () => new ReplicaStore(openReplicaDb(shadow)),
    adoptAsShadow: (file) => {
      remove(shadow);
      renameSync(file, shadow);
      return shadow;
    },
    removeShadowFile: () => remove(shadow),
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
