/**
 * Downloads the server's snapshot file (docs/protocol.md "Snapshot") into the desk's data folder,
 * resumably: the bytes land in `snapshot.part` with the file's etag beside them, and a download
 * cut short (network, desk restart) goes on from where it stopped with `Range` + `If-Range`; the
 * server answers the whole file instead if it has been replaced since. A complete file keeps its
 * etag too, so a desk stopped while loading it does not download it again.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNAPSHOT_PATH, type SnapshotInfo } from '@shared/snapshot';

export interface SnapshotDownload {
  serverUrl: string;
  token: string;
  info: SnapshotInfo;
  dir: string;
  /** bytes on disk so far, of `total` */
  onProgress?: (bytes: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DownloadedSnapshot {
  file: string;
  etag: string;
  bytes: number;
  /** bytes that were already on disk from an earlier, interrupted attempt */
  resumedFrom: number;
}

export async function downloadSnapshot(opts: SnapshotDownload): Promise<DownloadedSnapshot> {
  const part = join(opts.dir, 'snapshot.part');
  const etagFile = `${part}.etag`;
  const done = join(opts.dir, 'snapshot.sqlite');
  // a complete file from an attempt stopped while loading it (a desk killed mid-load): no download at all
  const doneEtag = `${done}.etag`;
  if (existsSync(done) && existsSync(doneEtag) && readFileSync(doneEtag, 'utf8') === opts.info.etag) {
    const bytes = statSync(done).size;
    opts.onProgress?.(bytes, bytes);
    return { file: done, etag: opts.info.etag, bytes, resumedFrom: bytes };
  }
  const knownEtag = existsSync(etagFile) && existsSync(part) ? readFileSync(etagFile, 'utf8') : null;
  const have = knownEtag === opts.info.etag ? statSync(part).size : 0;
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token}` };
  if (have > 0) Object.assign(headers, { range: `bytes=${have}-`, 'if-range': opts.info.etag });
  const res = await fetch(new URL(SNAPSHOT_PATH, opts.serverUrl), { headers, signal: opts.signal });
  if (res.status !== 200 && res.status !== 206) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new Error(`snapshot download refused: HTTP ${res.status}${body?.error ? ` ${body.error.code}: ${body.error.message}` : ''}`);
  }
  const etag = res.headers.get('etag') ?? '';
  const resumed = res.status === 206 ? have : 0;
  const total = resumed + Number(res.headers.get('content-length') ?? NaN);
  if (!Number.isFinite(total)) throw new Error('snapshot download: the server sent no content-length');
  if (resumed === 0) rmSync(part, { force: true });
  writeFileSync(etagFile, etag);
  if (!res.body) throw new Error('snapshot download: empty response');
  let bytes = resumed;
  const counted = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  counted.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    opts.onProgress?.(bytes, total);
  });
  await pipeline(counted, createWriteStream(part, { flags: resumed > 0 ? 'a' : 'w' }), { signal: opts.signal });
  const size = statSync(part).size;
  if (size !== total) throw new Error(`snapshot download cut short: ${size} of ${total} bytes (it resumes on the next attempt)`);
  renameSync(part, done);
  renameSync(etagFile, doneEtag);
  return { file: done, etag, bytes: size, resumedFrom: resumed };
}

/** Removes a loaded (or abandoned) snapshot and any partial download. */
export function discardSnapshotFiles(dir: string): void {
  for (const f of ['snapshot.sqlite', 'snapshot.sqlite.etag', 'snapshot.part', 'snapshot.part.etag']) rmSync(join(dir, f), { force: true });
}
