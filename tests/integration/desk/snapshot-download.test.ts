/**
 * The snapshot download writes big blocks, several in flight at their positions, reusing a few
 * buffers: a body of many blocks, sent in uneven pieces, must land byte for byte, also when the
 * download is cut and resumed from what is on disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_SNAPSHOT_FORMAT } from '@shared/snapshot';
import { downloadSnapshot } from '@main/sync/snapshot-download';
import { withTempDir } from '../../support/harness';

const BODY = randomBytes(37 * 1024 * 1024 + 12345); // over four 8 MiB blocks, not a multiple of one
const ETAG = '"body-1"';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let server: Server;
let url = '';
const asked: { format: string | null; range: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    asked.push({ format: new URL(req.url ?? '/', 'http://x').searchParams.get('format'), range: req.headers.range });
    const from = range && req.headers['if-range'] === ETAG ? Number(range[1]) : 0;
    res.writeHead(from > 0 ? 206 : 200, { 'content-length': String(BODY.length - from), etag: ETAG });
    // uneven pieces, some bigger than a socket read, some tiny
    let at = from;
    const next = () => {
      while (at < BODY.length) {
        const n = Math.min(BODY.length - at, [1, 700, 65536, 300_000, 9_000_000][at % 5]!);
        const more = res.write(BODY.subarray(at, at + n));
        at += n;
        if (!more) return void res.once('drain', next);
      }
      res.end();
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const info = { format: REPLICA_SNAPSHOT_FORMAT, version: 7, rows: 1, bytes: BODY.length, etag: ETAG, schema: '0001_war_room_columns' };

describe('the snapshot download', () => {
  it('lands a body of many blocks byte for byte, asking for the format it was offered', async () => {
    const dir = withTempDir('dd-dl-big-');
    let last = 0;
    const got = await downloadSnapshot({ serverUrl: url, token: 't', info, dir, onProgress: (b) => (last = b) });
    expect(got.bytes).toBe(BODY.length);
    expect(last).toBe(BODY.length);
    expect(sha(readFileSync(got.file))).toBe(sha(BODY));
    expect(asked.at(-1)).toEqual({ format: '2', range: undefined });
  });

  it('resumes after a cut from what is on disk, and ends with the same bytes', async () => {
    const dir = withTempDir('dd-dl-cut-');
    const stop = new AbortController();
    await expect(downloadSnapshot({ serverUrl: url, token: 't', info, dir, signal: stop.signal, onProgress: (b) => b > 20_000_000 && stop.abort() })).rejects.toThrow();
    const kept = readFileSync(join(dir, 'snapshot.part'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.equals(BODY.subarray(0, kept.length))).toBe(true);
    const again = await downloadSnapshot({ serverUrl: url, token: 't', info, dir });
    expect(again.resumedFrom).toBe(kept.length);
    expect(asked.at(-1)?.range).toBe(`bytes=${kept.length}-`);
    expect(sha(readFileSync(again.file))).toBe(sha(BODY));
  });

  it('starts over when what is on disk belongs to another file', async () => {
    const dir = withTempDir('dd-dl-other-');
    writeFileSync(join(dir, 'snapshot.part'), Buffer.alloc(5000, 1));
    writeFileSync(join(dir, 'snapshot.part.etag'), '"another"');
    const got = await downloadSnapshot({ serverUrl: url, token: 't', info, dir });
    expect(got.resumedFrom).toBe(0);
    expect(sha(readFileSync(got.file))).toBe(sha(BODY));
  });
});
