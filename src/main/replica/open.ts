/** Opens (and migrates) the replica database file. */
import { openSqlite, type OpenSqlite } from '@main/db/open-sqlite';
import * as schema from './schema';

export type OpenReplica = OpenSqlite<typeof schema>;

export function openReplicaDb(file: string): OpenReplica {
  return openSqlite(file, 'replica', schema);
}
