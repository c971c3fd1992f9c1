/**
 * GET /api/v1/snapshot (docs/protocol.md "Snapshot"): the role's ready snapshot file, for the
 * desk roles only (supervisor, viewer). Resumable: `Range: bytes=N-` with `If-Range: <etag>`
 * answers 206 with the rest of the same file, or 200 with the whole current file when it changed.
 * `?format=2` asks for the same snapshot as a ready replica (src/shared/snapshot.ts).
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerDb } from '@server/db/open';
import type { AuthFailureGuard } from '@server/floor/auth-guard';
import { authenticateRequest, sendError } from '@server/floor/http';
import type { SnapshotCache } from './cache';
import type { SnapshotDownloadLimit } from './download-limit';

export interface SnapshotGuards {
  /** failed authentications per address (429 before the token is looked at) */
  authGuard?: AuthFailureGuard | null;
  /** downloads per token: in flight and started per minute */
  downloads?: SnapshotDownloadLimit | null;
}

export function handleSnapshotRequest(db: ServerDb, cache: SnapshotCache, req: IncomingMessage, res: ServerResponse, guards: SnapshotGuards = {}): void {
  const method = req.method ?? 'GET';
  if (method !== 'GET') return sendError(res, 405, 'method_not_allowed', `${method} /api/v1/snapshot: only GET`);
  const principal = authenticateRequest(guards.authGuard ?? null, db, req, res);
  if (!principal) return;
  if (principal.role !== 'supervisor' && principal.role !== 'viewer') {
    return sendError(res, 403, 'forbidden', `role ${principal.role} may not read snapshots (desk roles only)`);
  }
  const asked = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('format') ?? '1';
  if (asked !== '1' && asked !== '2') return sendError(res, 400, 'bad_request', `format: ${JSON.stringify(asked)} is not a snapshot format (1 or 2)`);
  const slot = guards.downloads ? guards.downloads.begin(principal.tokenId) : null;
  if (slot && !slot.ok) {
    res.setHeader('retry-after', String(slot.retryAfterSeconds));
    return sendError(res, 429, 'rate_limited', slot.message);
  }
  // the slot is held until the response is done or cut, whichever way it ends
  if (slot) res.on('close', slot.end);
  const snap = cache.acquire(principal.role, Number(asked));
  if (!snap) return sendError(res, 404, 'not_found', `no snapshot of format ${asked} is ready for this role: ${asked === '2' ? 'use format 1 or ' : ''}pull from version 0`);
  const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
  const ifRange = req.headers['if-range'];
  const resume = range && (ifRange === undefined || ifRange === snap.etag) ? Number(range[1]) : 0;
  if (resume > snap.bytes) {
    snap.release();
    res.setHeader('content-range', `bytes */${snap.bytes}`);
    return sendError(res, 416, 'range_not_satisfiable', `range: starts at ${resume}, the file has ${snap.bytes} bytes`);
  }
  res.writeHead(resume > 0 ? 206 : 200, {
    'content-type': 'application/vnd.sqlite3',
    'content-length': String(snap.bytes - resume),
    ...(resume > 0 ? { 'content-range': `bytes ${resume}-${snap.bytes - 1}/${snap.bytes}` } : {}),
    'accept-ranges': 'bytes',
    etag: snap.etag,
    'x-snapshot-version': String(snap.version),
    'x-snapshot-rows': String(snap.rows),
    'cache-control': 'no-store',
  });
  if (snap.bytes === resume) {
    snap.release();
    return void res.end();
  }
  const stream = createReadStream(snap.file, { start: resume, highWaterMark: 1 << 20 });
  stream.on('error', () => res.destroy());
  res.on('close', () => {
    stream.destroy();
    snap.release();
  });
  stream.pipe(res);
}
