/**
 * Refused commands collapse into one audit row with a count (issue 16): a probe sent 2,000 refused
 * commands in 1.6 s and got 2,000 audit rows, so a flood cost the server a write each. The same
 * token, clientId, outcome and code within COLLAPSE_WINDOW_MS (real time) add 1 to the first
 * row's `count` instead (added in memory, written at most once a second). Duplicates collapse only when they repeat the same mutationId, so each
 * resent command a desk really had still leaves a row naming it. Applied and rejected commands
 * never collapse: each uses up a mutationId and is a fact of the ledger.
 */
import { eq, sql } from 'drizzle-orm';
import type { ServerDb } from '@server/db/open';
import { audit, type AuditRow } from '@server/db/schema';

/** Real time a collapsed row keeps counting; the next refusal after it starts a new row. */
export const COLLAPSE_WINDOW_MS = 60_000;
/**
 * Counts are added to their rows at most this often: with synchronous=FULL each write is a disk
 * sync, and a flood of refusals must not cost one each even when its rows collapse.
 */
const FLUSH_EVERY_MS = 1000;
/** Open rows remembered per database (a flood of distinct clientIds cannot grow memory past it). */
const OPEN_LIMIT = 4096;

interface OpenRow {
  id: number;
  /** performance.now() when the row was inserted */
  since: number;
  /** refusals counted here and not yet added to the row */
  pending: number;
}

interface Collapsing {
  open: Map<string, OpenRow>;
  timer: NodeJS.Timeout | null;
}

const stateByDb = new WeakMap<ServerDb, Collapsing>();

export type RefusalRow = Omit<AuditRow, 'id' | 'count'>;

function keyOf(tokenId: string, row: RefusalRow): string {
  const mutation = row.outcome === 'duplicate' ? String(row.mutationId) : '';
  // the type too: a refused reveal and a refused command of one token are different things to read
  return [tokenId, row.clientId, row.type ?? '', row.outcome, row.code ?? '', mutation].join('\u0000');
}

function stateOf(db: ServerDb): Collapsing {
  let state = stateByDb.get(db);
  if (!state) stateByDb.set(db, (state = { open: new Map(), timer: null }));
  return state;
}

/** Adds every count still held in memory to its row (the server calls it before closing the database). */
export function flushRefusalCounts(db: ServerDb): void {
  const state = stateByDb.get(db);
  if (!state) return;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const due = [...state.open.values()].filter((r) => r.pending > 0);
  if (due.length === 0) return;
  db.transaction((tx) => {
    for (const r of due) {
      tx.update(audit)
        .set({ count: sql`${audit.count} + ${r.pending}` })
        .where(eq(audit.id, r.id))
        .run();
      r.pending = 0;
    }
  });
}

function flushSoon(db: ServerDb, state: Collapsing): void {
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    if (!db.$client.open) return;
    try {
      flushRefusalCounts(db);
    } catch (err) {
      // the counts stay in memory and go with the next flush; refusals must not bring the server down
      console.error('audit: adding refusal counts failed:', err);
    }
  }, FLUSH_EVERY_MS);
  state.timer.unref();
}

/** Forgets open rows whose window has passed (their counts written first) when there are too many. */
function makeRoom(db: ServerDb, state: Collapsing, now: number): void {
  if (state.open.size < OPEN_LIMIT) return;
  flushRefusalCounts(db);
  for (const [k, r] of state.open) if (now - r.since >= COLLAPSE_WINDOW_MS) state.open.delete(k);
  if (state.open.size >= OPEN_LIMIT) state.open.clear();
}

/** Records a refused (or duplicate) command: a new row, or +1 on the open row of the same kind. */
export function auditRefusal(db: ServerDb, tokenId: string, row: RefusalRow, now: number = performance.now()): void {
  const state = stateOf(db);
  const key = keyOf(tokenId, row);
  const existing = state.open.get(key);
  if (existing && now - existing.since < COLLAPSE_WINDOW_MS) {
    existing.pending++;
    flushSoon(db, state);
    return;
  }
  if (existing?.pending) flushRefusalCounts(db);
  makeRoom(db, state, now);
  const inserted = db.insert(audit).values(row).run();
  state.open.set(key, { id: Number(inserted.lastInsertRowid), since: now, pending: 0 });
}
