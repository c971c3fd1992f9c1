/**
 * Idempotency keys on floor writes (protocol.md, "Idempotency keys"). A client whose connection
 * drops before the answer cannot know whether its write committed. Sent with an `Idempotency-Key`,
 * the write stores the key, the request's fingerprint and its answer in the write's own
 * transaction, so a retry finds either that record (and gets the same answer) or nothing written
 * (and writes now): never the write twice.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { and, eq, lt } from 'drizzle-orm';
import type { ServerDb } from '@server/db/open';
import { floorIdempotency, type FloorIdempotencyRow } from '@server/db/schema';
import type { WriteCompanion, WriteResult, Writer } from '@server/db/writer';
import { canonicalHash } from '@server/canonical-hash';
import { AppError } from '@server/errors';
import type { RouteResult } from '@server/floor/routes';

export const KEY_HEADER = 'idempotency-key';
/** Set on an answer that is the stored answer of an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long a key is remembered: far longer than any client keeps retrying one write. */
export const KEEP_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 60_000;
/** Visible ASCII, no spaces (a repeated header arrives joined by ", " and fails too). */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
const MAX_DEPTH = 64;

/** How a route writes: it names the write and how its result is answered. */
export type FloorWrite = <T>(run: (writer: Writer) => Promise<WriteResult<T>> | WriteResult<T>, respond: (result: T, version: number) => RouteResult) => Promise<RouteResult>;

interface Claim {
  tokenId: string;
  key: string;
  fingerprint: string;
}

/** The request's key, null without one; a malformed one is a 400 naming the header. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | null {
  const raw = headers[KEY_HEADER];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !KEY_SHAPE.test(raw)) {
    throw new AppError('bad_request', 'Idempotency-Key: must be sent once, 1 to 255 visible ASCII characters without spaces', 400);
  }
  return raw;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  try {
    return canonicalHash([method, path, body], { maxDepth: MAX_DEPTH, what: 'body' });
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('bad_request', err.message, 400);
    throw err;
  }
}

/** The live record of this token's key (an expired one counts as none). */
function kept(db: ServerDb, claim: Claim, now: number): FloorIdempotencyRow | undefined {
  const row = db
    .select()
    .from(floorIdempotency)
    .where(and(eq(floorIdempotency.tokenId, claim.tokenId), eq(floorIdempotency.key, claim.key)))
    .get();
  return row && row.createdAt > now - KEEP_MS ? row : undefined;
}

/** The stored answer, if this is the same request; another request under the key is refused. */
function replay(row: FloorIdempotencyRow, claim: Claim): RouteResult {
  if (row.fingerprint !== claim.fingerprint) {
    throw new AppError('idempotency_key_reused', 'Idempotency-Key: already used by this token for another request (method, path or body differ); send a new key', 422);
  }
  return { status: row.status, body: JSON.parse(row.body) as unknown, headers: { [REPLAYED_HEADER]: 'true' } };
}

/** Thrown inside the write's savepoint: the key was recorded meanwhile (a concurrent retry). */
class KeyTaken extends Error {
  constructor(readonly row: FloorIdempotencyRow) {
    super('idempotency key taken');
  }
}

function recorder<T>(claim: Claim, respond: (result: T, version: number) => RouteResult): WriteCompanion {
  return {
    before(ctx) {
      const row = kept(ctx.db, claim, Date.now());
      if (row) throw new KeyTaken(row);
    },
    after(ctx, result) {
      const answer = respond(result as T, ctx.version);
      const record = { fingerprint: claim.fingerprint, status: answer.status, body: JSON.stringify(answer.body), createdAt: Date.now() };
      // an expired record of the same key may still be there until the next prune: replace it
      ctx.db
        .insert(floorIdempotency)
        .values({ tokenId: claim.tokenId, key: claim.key, ...record })
        .onConflictDoUpdate({ target: [floorIdempotency.tokenId, floorIdempotency.key], set: record })
        .run();
    },
  };
}

const lastPrune = new WeakMap<ServerDb, number>();

/** Drops records older than KEEP_MS, at most once a minute per database. */
export function pruneKeys(db: ServerDb, now: number): void {
  if (now - (lastPrune.get(db) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(db, now);
  db.delete(floorIdempotency)
    .where(lt(floorIdempotency.createdAt, now - KEEP_MS))
    .run();
}

export function plainWrite(writer: Writer): FloorWrite {
  return async (run, respond) => {
    const w = await run(writer);
    return respond(w.result, w.version);
  };
}

/**
 * Writes recorded under the token's key. Checked before the write (a retry after the answer was
 * lost) and again inside its savepoint (a retry racing its original: better-sqlite3 serializes
 * the savepoints, so the second sees the first's record and answers from it).
 */
export function keyedWrite(deps: { db: ServerDb; writer: Writer }, tokenId: string, key: string, fingerprint: () => Promise<string>): FloorWrite {
  return async (run, respond) => {
    const claim = { tokenId, key, fingerprint: await fingerprint() };
    pruneKeys(deps.db, Date.now());
    const row = kept(deps.db, claim, Date.now());
    if (row) return replay(row, claim);
    try {
      const w = await run(deps.writer.alongside(recorder(claim, respond)));
      return respond(w.result, w.version);
    } catch (err) {
      if (err instanceof KeyTaken) return replay(err.row, claim);
      throw err;
    }
  };
}
