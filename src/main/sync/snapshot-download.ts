/**
 * Downloads the server's snapshot file (docs/protocol.md "Snapshot") into the desk's data folder,
 * resumably: the bytes land in `snapshot.part` with the file's etag beside them, and a download
 * cut short (network, desk restart) goes on from where it stopped with `Range` + `If-Range`; the
 * server answers the whole file instead if it has been replaced since. A complete file keeps its
 * etag too, so a desk stopped while loading it does not download it again.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  // node:http rather than fetch: the file is hundreds of MB, and the web-stream path of fetch moved it
  // at a quarter of the speed (small chunks, one promise each)
  const res = await getFile(new URL(SNAPSHOT_PATH, opts.serverUrl), headers, opts.signal);
  if (res.statusCode !== 200 && res.statusCode !== 206) {
    const body = await readJson(res);
    throw new Error(`snapshot download refused: HTTP ${res.statusCode}${body?.error ? ` ${body.error.code}: ${body.error.message}` : ''}`);
  }
  const etag = String(res.headers.etag ?? '');
  const resumed = res.statusCode === 206 ? have : 0;
  const total = resumed + Number(res.headers['content-length'] ?? NaN);
  if (!Number.isFinite(total)) {
    res.destroy();
    throw new Error('snapshot download: the server sent no content-length');
  }
  if (resumed === 0) rmSync(part, { force: true });
  writeFileSync(etagFile, etag);
  let bytes = resumed;
  res.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    opts.onProgress?.(bytes, total);
  });
  await pipeline(res, createWriteStream(part, { flags: resumed > 0 ? 'a' : 'w', highWaterMark: 1 << 20 }), { signal: opts.signal });
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

function getFile(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { headers, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readJson(res: IncomingMessage): Promise<{ error?: { code?: string; message?: string } } | null> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string; message?: string } };
  } catch {
    return null;
  }
}
