/** Reading the change log: rows by version range (pull, push) and the digest. */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import { fastReader } from '@server/db/change-readers';
import type { Change } from '@shared/entities';
import { digestLine } from '@shared/rules';
import type { ServerDb } from '@server/db/open';
import { getHead } from '@server/db/meta';
import { audit } from '@server/db/schema';
import { AUDIT_ENTITY, SYNCED, auditChange, isWireAudit, toChange } from '@server/db/wire';

function byVersionThenKey(a: Change, b: Change): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.entity !== b.entity) return a.entity < b.entity ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every row with from < version ≤ to, ordered by version. */
export function changesBetween(db: ServerDb, from: number, to: number): Change[] {
  const out: Change[] = [];
  for (const s of SYNCED) {
    const rows = fastReader(db.$client, s.table).between(from, to);
    // each table's rows match its own toData; the union type needs the cast
    for (const row of rows) out.push(toChange(s.entity, row, (s.toData as (r: typeof row) => object)(row)));
  }
  for (const row of fastReader(db.$client, audit).between(from, to)) if (isWireAudit(row)) out.push(auditChange(row));
  return out.sort(byVersionThenKey);
}

export interface PullPage {
  changes: Change[];
  to: number;
  head: number;
  reset?: true;
}

/**
 * One page of changes after `since`. The page never splits a version: it covers every row up to
 * the version of the `limit`-th row, so it may hold more than `limit` rows when that version is big.
 */
export function pullPage(db: ServerDb, since: number, limit: number): PullPage {
  return db.transaction(() => {
    const head = getHead(db);
    if (since > head) return { changes: [], to: 0, head, reset: true as const };
    if (since === head) return { changes: [], to: head, head };
    const versions: number[] = [];
    for (const s of SYNCED) {
      const rows = db
        .select({ v: s.table.version })
        .from(s.table)
        .where(gt(s.table.version, since))
        .orderBy(asc(s.table.version))
        .limit(limit + 1)
        .all();
      for (const r of rows) versions.push(r.v);
    }
    const audits = db.select({ v: audit.version }).from(audit).where(and(gt(audit.version, since), eq(audit.outcome, 'applied'))).orderBy(asc(audit.version)).limit(limit + 1).all();
    for (const r of audits) if (r.v !== null) versions.push(r.v);
    versions.sort((a, b) => a - b);
    const to = versions.length <= limit ? head : (versions[limit - 1] as number);
    return { changes: changesBetween(db, since, to), to, head };
  });
}

export interface Digest {
  version: number;
  count: number;
  sha256: string;
}

export function computeDigest(db: ServerDb): Digest {
  return db.transaction(() => {
    const version = getHead(db);
    const hash = createHash('sha256');
    let count = 0;
    // `audit` sorts before every other entity name
    const audits = db.select().from(audit).where(eq(audit.outcome, 'applied')).all().filter(isWireAudit).map((r) => ({ id: String(r.id), version: r.version }));
    for (const r of audits.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      hash.update(digestLine(AUDIT_ENTITY, r.id, r.version));
      count++;
    }
    const entities = [...SYNCED].sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
    for (const s of entities) {
      const rows = db
        .select({ id: s.table.id, version: s.table.version })
        .from(s.table)
        .where(eq(s.table.deleted, false))
        .all()
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const r of rows) {
        hash.update(digestLine(s.entity, r.id, r.version));
        count++;
      }
    }
    return { version, count, sha256: hash.digest('hex') };
  });
}
