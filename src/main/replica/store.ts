/**
 * The replica store: applies the server's changes together with the new checkpoint in one
 * transaction (prepared statements: this is the sync hot path), and answers the desk's reads.
 * It only ever holds the server's truth; pending commands live elsewhere.
 *
 * A page of the initial sync can be ~9k rows that may not be split (a page never splits a version):
 * applied in one synchronous transaction that stalls the event loop for hundreds of ms. So pages are
 * applied by `applyChangesSliced` on a second, write-only connection whose transaction spans several
 * short slices with the event loop free in between; readers on the main connection keep seeing the
 * last committed state (WAL snapshot isolation), and the checkpoint still commits with its rows.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { Change, CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { describeZodError } from '@shared/protocol';
import { digestLine } from '@shared/rules';
import type { OpenReplica } from './open';

/**
 * One row an applied batch touched that the analysis follows: an order or a job with its parsed
 * wire data, or null when it was deleted.
 */
export type AppliedChange = { entity: 'order'; id: string; data: OrderData | null } | { entity: 'job'; id: string; data: JobData | null };

/**
 * What one applied batch touched, in the order it was applied, for incremental analysis (so no one
 * re-reads the replica per row). `rows`: every row of the batch, followed or not.
 */
export interface AppliedBatch {
  changes: AppliedChange[];
  rows: number;
}

/** How long one slice of a sliced apply may hold the event loop. */
const SLICE_MS = 8;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class InvalidChangeError extends Error {
  constructor(change: Change, detail: string) {
    super(`server sent an invalid ${change.entity} ${change.id} (version ${change.version}): ${detail}`);
    this.name = 'InvalidChangeError';
  }
}

const KNOWN_TABLES: Record<string, string> = {
  order: 'orders',
  crew: 'crews',
  job: 'jobs',
  event: 'events',
  notification: 'notifications',
};

type WriteStatements = ReturnType<typeof writeStatements>;

export class ReplicaStore {
  private readonly sqlite: Database.Database;
  private readonly stmts;
  /** the write-only connection of sliced applies, opened on first use */
  private writer: { db: Database.Database; stmts: WriteStatements } | null = null;

  constructor(replica: OpenReplica) {
    this.sqlite = replica.sqlite;
    const s = this.sqlite;
    this.stmts = {
      ...writeStatements(s),
      getMeta: s.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      digestRows: s.prepare<[], { entity: string; id: string; version: number }>(
        `SELECT 'crew' AS entity, id, version FROM crews UNION ALL SELECT 'event', id, version FROM events
         UNION ALL SELECT 'job', id, version FROM jobs UNION ALL SELECT 'notification', id, version FROM notifications
         UNION ALL SELECT 'order', id, version FROM orders UNION ALL SELECT entity, id, version FROM other_rows`,
      ),
    };
  }

  /** The connection, for read models that prepare their own statements on it. */
  get connection(): Database.Database {
    return this.sqlite;
  }

  close(): void {
    this.writer?.db.close();
    this.writer = null;
    this.sqlite.close();
  }

  /** Throws SQLite's corruption error if the file is damaged (pages, indexes, free list). */
  quickCheck(): void {
    const rows = this.sqlite.pragma('quick_check') as Array<{ quick_check: string }>;
    if (rows[0]?.quick_check !== 'ok') {
      throw Object.assign(new Error(`replica quick_check: ${rows.map((r) => r.quick_check).join('; ').slice(0, 300)}`), { code: 'SQLITE_CORRUPT' });
    }
  }

  /** Folds the WAL into the main file (before the file is moved). */
  checkpointWal(): void {
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }

  meta(key: string): string | null {
    return this.stmts.getMeta.get(key)?.value ?? null;
  }

  checkpoint(): number {
    return Number(this.meta('checkpoint') ?? 0);
  }

  serverId(): string | null {
    return this.meta('serverId');
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  setServerId(serverId: string): void {
    this.stmts.setMeta.run('serverId', serverId);
  }

  /** Applies a page or push and moves the checkpoint to `to`, all in one transaction. */
  applyChanges(changes: readonly Change[], to: number): AppliedBatch {
    const batch = emptyBatch(changes.length);
    const run = this.sqlite.transaction(() => {
      for (const change of changes) this.applyOne(change, batch, this.stmts);
      this.stmts.setMeta.run('checkpoint', String(to));
    });
    run();
    return batch;
  }

  /**
   * The same as applyChanges, for rows not validated yet (each is checked against the protocol's
   * Change here, a slice at a time), in one transaction on the write connection that yields to the
   * event loop every SLICE_MS. Nothing else may write the replica meanwhile (the sync engine's queue).
   */
  async applyChangesSliced(changes: readonly unknown[], to: number): Promise<AppliedBatch> {
    if (this.sqlite.memory) return this.applyChanges(changes.map((c, i) => validChange(c, i)), to);
    const w = this.openWriter();
    const batch = emptyBatch(changes.length);
    // IMMEDIATE: take the write lock now, not at the first row (the main connection only reads)
    w.db.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < changes.length; ) {
        const until = performance.now() + SLICE_MS;
        do {
          this.applyOne(validChange(changes[i], i), batch, w.stmts);
          i++;
        } while (i < changes.length && ((i & 63) !== 0 || performance.now() < until));
        if (i < changes.length) await yieldToLoop();
      }
      w.stmts.setMeta.run('checkpoint', String(to));
      w.db.exec('COMMIT');
    } catch (err) {
      if (w.db.inTransaction) w.db.exec('ROLLBACK');
      throw err;
    }
    return batch;
  }

  private openWriter(): { db: Database.Database; stmts: WriteStatements } {
    if (this.writer) return this.writer;
    // the same native build as the main connection (Electron passes its own)
    const nativeBinding = process.env.DUTYDESK_SQLITE_BINDING || undefined;
    const db = new Database(this.sqlite.name, nativeBinding ? { nativeBinding } : {});
    try {
      // a checkpoint and its rows must survive power loss together, as on the main connection
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      this.writer = { db, stmts: writeStatements(db) };
      return this.writer;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Drops every replicated row and the checkpoint. */
  clear(): void {
    this.sqlite.transaction(() => {
      for (const table of [...Object.values(KNOWN_TABLES), 'other_rows']) this.sqlite.prepare(`DELETE FROM ${table}`).run();
      this.stmts.setMeta.run('checkpoint', '0');
    })();
  }

  /** protocol.md `digest`, computed over the replica at its checkpoint. */
  digest(): { version: number; count: number; sha256: string } {
    const read = this.sqlite.transaction(() => ({ rows: this.stmts.digestRows.all(), version: this.checkpoint() }));
    const { rows, version } = read();
    rows.sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const hash = createHash('sha256');
    for (const r of rows) hash.update(digestLine(r.entity, r.id, r.version));
    return { version, count: rows.length, sha256: hash.digest('hex') };
  }

  private applyOne(change: Change, batch: AppliedBatch, stmts: WriteStatements): void {
    const table = KNOWN_TABLES[change.entity];
    if (change.deleted) {
      if (table) stmts.deleteFrom[change.entity]!.run(change.id);
      else stmts.deleteOther.run(change.entity, change.id);
      if (change.entity === 'order' || change.entity === 'job') batch.changes.push({ entity: change.entity, id: change.id, data: null });
      return;
    }
    const raw = change.data ?? {};
    const data = JSON.stringify(raw);
    const base = { id: change.id, version: change.version, data };
    switch (change.entity) {
      case 'order': {
        const o = parse(OrderData, change);
        stmts.upsertOrder.run({
          ...base,
          orderNo: o.orderNo,
          channel: o.channel,
          productType: o.productType,
          stage: o.stage,
          stageEnteredAt: o.stageEnteredAt,
          promisedDate: o.promisedDate,
          province: o.province,
          city: o.city,
          district: o.district,
          lat: o.lat,
          lng: o.lng,
          crewId: o.crewId ?? null,
          causes: JSON.stringify(o.causes),
          customerName: o.customerName ?? null,
          customerPhone: o.customerPhone ?? null,
          workshop: o.workshop ?? null,
          line: o.line ?? null,
          carrier: o.carrier ?? null,
        });
        batch.changes.push({ entity: 'order', id: change.id, data: o });
        return;
      }
      case 'crew': {
        const c = parse(CrewData, change);
        stmts.upsertCrew.run({ ...base, name: c.name, district: c.district });
        return;
      }
      case 'job': {
        const j = parse(JobData, change);
        stmts.upsertJob.run({ ...base, orderId: j.orderId, crewId: j.crewId, date: j.date, status: j.status });
        batch.changes.push({ entity: 'job', id: change.id, data: j });
        return;
      }
      case 'event': {
        const e = parse(EventData, change);
        stmts.upsertEvent.run({ ...base, orderId: e.orderId });
        return;
      }
      case 'notification': {
        const n = parse(NotificationData, change);
        stmts.upsertNotification.run({ ...base, orderId: n.orderId });
        return;
      }
      default:
        stmts.upsertOther.run({ ...base, entity: change.entity });
    }
  }
}

function emptyBatch(rows: number): AppliedBatch {
  return { changes: [], rows };
}

/** One row of a page whose envelope only was checked: the protocol's Change, or a clear refusal. */
function validChange(raw: unknown, at: number): Change {
  const result = Change.safeParse(raw);
  if (!result.success) throw new Error(`server sent a malformed pull reply: changes.${at}: ${describeZodError(result.error)}`);
  return result.data;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, change: Change): T {
  const result = schema.safeParse(change.data);
  if (!result.success) throw new InvalidChangeError(change, describeZodError(result.error));
  return result.data;
}

/** The statements that write the replica, prepared on the connection that runs them. */
function writeStatements(s: Database.Database) {
  return {
    setMeta: s.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    upsertOrder: s.prepare(
      `INSERT INTO orders (id, version, order_no, channel, product_type, stage, stage_entered_at, promised_date, province, city, district, lat, lng, crew_id, causes,
         customer_name, customer_phone, workshop, line, carrier, data)
       VALUES (@id, @version, @orderNo, @channel, @productType, @stage, @stageEnteredAt, @promisedDate, @province, @city, @district, @lat, @lng, @crewId, @causes,
         @customerName, @customerPhone, @workshop, @line, @carrier, @data)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, order_no = excluded.order_no, channel = excluded.channel,
         product_type = excluded.product_type, stage = excluded.stage, stage_entered_at = excluded.stage_entered_at,
         promised_date = excluded.promised_date, province = excluded.province, city = excluded.city, district = excluded.district,
         lat = excluded.lat, lng = excluded.lng, crew_id = excluded.crew_id, causes = excluded.causes, customer_name = excluded.customer_name,
         customer_phone = excluded.customer_phone, workshop = excluded.workshop, line = excluded.line, carrier = excluded.carrier, data = excluded.data`,
    ),
    upsertCrew: s.prepare(
      `INSERT INTO crews (id, version, name, district, data) VALUES (@id, @version, @name, @district, @data)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, name = excluded.name, district = excluded.district, data = excluded.data`,
    ),
    upsertJob: s.prepare(
      `INSERT INTO jobs (id, version, order_id, crew_id, date, status, data) VALUES (@id, @version, @orderId, @crewId, @date, @status, @data)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, order_id = excluded.order_id, crew_id = excluded.crew_id,
         date = excluded.date, status = excluded.status, data = excluded.data`,
    ),
    upsertEvent: s.prepare(
      `INSERT INTO events (id, version, order_id, data) VALUES (@id, @version, @orderId, @data)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, order_id = excluded.order_id, data = excluded.data`,
    ),
    upsertNotification: s.prepare(
      `INSERT INTO notifications (id, version, order_id, data) VALUES (@id, @version, @orderId, @data)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, order_id = excluded.order_id, data = excluded.data`,
    ),
    upsertOther: s.prepare(
      `INSERT INTO other_rows (entity, id, version, data) VALUES (@entity, @id, @version, @data)
       ON CONFLICT(entity, id) DO UPDATE SET version = excluded.version, data = excluded.data`,
    ),
    deleteFrom: Object.fromEntries(Object.entries(KNOWN_TABLES).map(([entity, table]) => [entity, s.prepare(`DELETE FROM ${table} WHERE id = ?`)])),
    deleteOther: s.prepare('DELETE FROM other_rows WHERE entity = ? AND id = ?'),
  };
}
