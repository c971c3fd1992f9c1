/**
 * How a snapshot's rows (format 1: `rows_E(id, version, data)`) become a DutyDesk replica's rows:
 * the replica's table for each entity, and the columns it keeps beside `data` for its indexes and
 * the war room's reads. Pure SQL text, run by the shared job runner on a worker thread, by the desk
 * (loading a format-1 snapshot into a fresh replica) and by the server (building the format-2
 * snapshot, which already is a replica: docs/protocol.md "Snapshot"). One mapping for both, so the
 * two ways to a fresh replica cannot disagree.
 *
 * The columns are the replica migrations' (drizzle/replica): a column added there is added here.
 */
import { snapshotTable, type SqliteJobStep } from './snapshot';

export interface ReplicaTable {
  table: string;
  /** column, the wire field it holds, the SQL types allowed (`array`: a JSON array) */
  columns: [column: string, field: string, types: string[]][];
}

/** The replica's table for each entity it knows (the others go to other_rows, like pulled rows). */
export const REPLICA_TABLES: Record<string, ReplicaTable> = {
  order: {
    table: 'orders',
    columns: [
      ['order_no', 'orderNo', ['text']],
      ['channel', 'channel', ['text']],
      ['product_type', 'productType', ['text']],
      ['stage', 'stage', ['integer']],
      ['stage_entered_at', 'stageEnteredAt', ['text']],
      ['promised_date', 'promisedDate', ['text']],
      ['province', 'province', ['text']],
      ['city', 'city', ['text']],
      ['district', 'district', ['text']],
      ['lat', 'lat', ['real', 'integer']],
      ['lng', 'lng', ['real', 'integer']],
      ['crew_id', 'crewId', ['text', 'null']],
      ['causes', 'causes', ['array']],
      ['customer_name', 'customerName', ['text', 'null']],
      ['customer_phone', 'customerPhone', ['text', 'null']],
      ['workshop', 'workshop', ['text', 'null']],
      ['line', 'line', ['text', 'null']],
      ['carrier', 'carrier', ['text', 'null']],
    ],
  },
  crew: { table: 'crews', columns: [['name', 'name', ['text']], ['district', 'district', ['text']]] },
  job: {
    table: 'jobs',
    columns: [
      ['order_id', 'orderId', ['text']],
      ['crew_id', 'crewId', ['text', 'null']],
      ['date', 'date', ['text', 'null']],
      ['status', 'status', ['text']],
    ],
  },
  event: { table: 'events', columns: [['order_id', 'orderId', ['text']]] },
  notification: { table: 'notifications', columns: [['order_id', 'orderId', ['text']]] },
};

/** Copies one entity's snapshot rows (attached as `snap`) into the replica's table. */
export function replicaCopyStep(entity: string, rowsOf: number): SqliteJobStep {
  const from = `snap.${snapshotTable(entity)}`;
  const known = REPLICA_TABLES[entity];
  const weight = Math.max(1, rowsOf);
  if (!known) return { sql: `INSERT INTO other_rows (entity, id, version, data) SELECT ?, id, version, data FROM ${from}`, mode: 'run', params: [entity], weight };
  // extracting a field parses the JSON: malformed data fails the copy, and a missing required field
  // fails its NOT NULL column; the types are checked after, on the plain columns (no JSON to parse)
  const cols = known.columns.map(([c]) => c);
  const values = known.columns.map(([, f, types]) => (types.includes('array') ? `data -> '$.${f}'` : `data ->> '$.${f}'`));
  return { sql: `INSERT INTO ${known.table} (id, version, ${cols.join(', ')}, data) SELECT id, version, ${values.join(', ')}, data FROM ${from}`, mode: 'run', weight };
}

/**
 * Checks one entity's rows in a replica: every column the replica indexes holds its wire type (the
 * same fields the zod schemas require). A bad row fails the job, naming its entity and field.
 */
export function replicaCheckStep(entity: string, rowsOf: number): SqliteJobStep {
  const known = REPLICA_TABLES[entity];
  const label = `snapshot ${snapshotTable(entity)}`;
  const weight = Math.max(1, rowsOf) / 20;
  if (!known) {
    return {
      sql: `SELECT id, version FROM other_rows WHERE entity = ? AND (typeof(id) != 'text' OR typeof(version) != 'integer' OR json_valid(data) = 0 OR json_type(data) != 'object') LIMIT 1`,
      mode: 'get',
      params: [entity],
      failIfRow: `${label}: a row without a text id, an integer version or a JSON object as data`,
      weight,
    };
  }
  const typeOf = (c: string, types: string[]) => (types.includes('array') ? `coalesce(json_type(${c}), 'missing')` : `typeof(${c})`);
  const wrong = known.columns.map(([c, , types]) => `${typeOf(c, types)} NOT IN (${types.map((t) => `'${t}'`).join(', ')})`);
  return {
    sql: `SELECT id, concat_ws(', ', ${known.columns.map(([, f], i) => `CASE WHEN ${wrong[i]} THEN '${entity}.${f}' END`).join(', ')}) AS fields
          FROM ${known.table} WHERE typeof(id) != 'text' OR typeof(version) != 'integer' OR ${wrong.join(' OR ')} LIMIT 1`,
    mode: 'get',
    failIfRow: `${label}: a field of the wrong type`,
    weight,
  };
}

/**
 * The whole copy of a snapshot into a fresh replica whose secondary indexes are `indexes`: they
 * are dropped for the copy and built again after it (sorting once beats 800k random B-tree
 * inserts; their definitions come from the file, so the schema stays the migrations'), then the
 * checkpoint is the snapshot's version.
 */
export function replicaLoadSteps(opts: {
  entities: string[];
  counts: Record<string, number>;
  indexes: { name: string; sql: string }[];
  version: number;
  serverId: string;
  /** check the copied rows' types (the desk, which takes the file from the network) */
  check: boolean;
}): SqliteJobStep[] {
  const rows = opts.entities.reduce((n, e) => n + (opts.counts[e] ?? 0), 0);
  return [
    ...opts.indexes.map((i): SqliteJobStep => ({ sql: `DROP INDEX ${i.name}`, mode: 'exec', weight: 0 })),
    ...opts.entities.flatMap((e) => [replicaCopyStep(e, opts.counts[e] ?? 0), ...(opts.check ? [replicaCheckStep(e, opts.counts[e] ?? 0)] : [])]),
    ...opts.indexes.map((i): SqliteJobStep => ({ sql: i.sql, mode: 'exec', weight: rows / 20 })),
    {
      sql: `INSERT INTO meta (key, value) VALUES ('checkpoint', ?), ('serverId', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      mode: 'run',
      params: [String(opts.version), opts.serverId],
      weight: 0,
    },
  ];
}
