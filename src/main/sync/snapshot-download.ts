/**
 * Downloads the server's snapshot file (docs/protocol.md "Snapshot") into the desk's data folder,
 * resumably: the bytes land in `snapshot.part` with the file's etag beside them, and a download
 * cut short (network, desk restart) goes on from where it stopped with `Range` + `If-Range`; the
 * server answers the whole file instead if it has been replaced since. A complete file keeps its
 * etag too, so a desk stopped while loading it does not download it again.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SNAPSHOT_FORMAT, SNAPSHOT_PATH, type AnySnapshotInfo } from '@shared/snapshot';

export interface SnapshotDownload {
  serverUrl: string;
  token: string;
  info: AnySnapshotInfo;
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
  const path = opts.info.format === SNAPSHOT_FORMAT ? SNAPSHOT_PATH : `${SNAPSHOT_PATH}?format=${opts.info.format}`;
  const res = await getFile(new URL(path, opts.serverUrl), headers, opts.signal);
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
  writeFileSync(etagFile, etag, { mode: 0o600 });
  await writeBody(res, part, resumed > 0, (bytes) => opts.onProgress?.(resumed + bytes, total), opts.signal);
  const size = statSync(part).size;
  if (size !== total) throw new Error(`snapshot download cut short: ${size} of ${total} bytes (it resumes on the next attempt)`);
  renameSync(part, done);
  renameSync(etagFile, doneEtag);
  return { file: done, etag, bytes: size, resumedFrom: resumed };
}

/** bytes gathered per write: a write per 64 KiB socket chunk took twice as long as the transfer itself */
const WRITE_BLOCK = 8 << 20;
/** writes in flight at once (positional, on the thread pool): copying into the page cache is the slow part */
const WRITES_IN_FLIGHT = 2;
/** bytes written between syncs of what is on disk so far */
const SYNC_EVERY = 32 << 20;

/**
 * Streams the body to `file` in large blocks, written at their positions while the next blocks
 * fill. Whatever arrived before an error or abort is on disk (a resumed download goes on from there).
 */
async function writeBody(res: IncomingMessage, file: string, append: boolean, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
  const fh = await open(file, append ? 'r+' : 'w', 0o600);
  let position = append ? (await fh.stat()).size : 0;
  // the same few blocks go round: a fresh 8 MiB buffer per block left hundreds of MB of freed
  // native memory resident in the back end after a download
  const spare: Buffer[] = [];
  let block: Buffer = Buffer.allocUnsafe(WRITE_BLOCK);
  let used = 0;
  let bytes = 0;
  const writing: { done: Promise<unknown>; block: Buffer | null }[] = [];
  const oldestDone = async () => {
    const w = writing.shift()!;
    await w.done;
    if (w.block) spare.push(w.block);
  };
  // the disk is written as the bytes arrive, not all at the end: syncing hundreds of MB at once
  // kept the kernel busy on both cores just when the checks and the war room's build start
  let syncedTo = position;
  let syncing: Promise<unknown> = Promise.resolve();
  const write = async (data: Buffer, owner: Buffer | null) => {
    if (writing.length >= WRITES_IN_FLIGHT) await oldestDone();
    writing.push({ done: fh.write(data, 0, data.length, position), block: owner });
    position += data.length;
    if (position - syncedTo >= SYNC_EVERY) {
      syncedTo = position;
      await syncing;
      syncing = fh.datasync();
    }
  };
  const flush = async () => {
    if (used === 0) return;
    await write(block.subarray(0, used), block);
    if (!spare.length && writing.length >= WRITES_IN_FLIGHT) await oldestDone();
    block = spare.pop() ?? Buffer.allocUnsafe(WRITE_BLOCK);
    used = 0;
  };
  const settle = async () => {
    // every write is awaited (a failed one is reported once the others have landed)
    const results = await Promise.allSettled([...writing.splice(0).map((w) => w.done), syncing]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const abort = () => res.destroy(new Error('snapshot download aborted'));
  signal?.addEventListener('abort', abort, { once: true });
  try {
    if (signal?.aborted) abort();
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (used + chunk.length > WRITE_BLOCK) await flush();
      if (chunk.length > WRITE_BLOCK) await write(chunk, null);
      else {
        chunk.copy(block, used);
        used += chunk.length;
      }
      bytes += chunk.length;
      onBytes(bytes);
    }
    await flush();
    await settle();
  } catch (err) {
    // keep what arrived: the next attempt resumes after it
    await flush().catch(() => undefined);
    await settle().catch(() => undefined);
    throw err;
  } finally {
    signal?.removeEventListener('abort', abort);
    await fh.close();
  }
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
