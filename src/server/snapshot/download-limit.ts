/**
 * Snapshot downloads per token (issue 16): a snapshot is hundreds of MB read from disk and sent,
 * so one token may run at most `concurrent` downloads at once and start at most `perMinute` a
 * minute (a token bucket: that many at once, then one every 60/perMinute s). A desk needs one
 * download, or a few when it resumes one cut short; a refused one is answered 429 with
 * Retry-After, and a desk that does not wait pages from version 0 instead, which still works.
 */
import { TokenBuckets } from '@server/floor/ratelimit';

export interface SnapshotDownloadLimitOptions {
  /** downloads in flight per token (default 3) */
  concurrent: number;
  /** download starts per minute per token, resumptions included (default 12) */
  perMinute: number;
}

export const DEFAULT_SNAPSHOT_DOWNLOAD_LIMIT: SnapshotDownloadLimitOptions = { concurrent: 3, perMinute: 12 };

/** Retry-After for a token at its concurrent limit: a download of a big snapshot takes seconds. */
const BUSY_RETRY_SECONDS = 5;

export type DownloadSlot = { ok: true; end: () => void } | { ok: false; retryAfterSeconds: number; message: string };

export class SnapshotDownloadLimit {
  private readonly running = new Map<string, number>();
  private readonly starts: TokenBuckets;

  constructor(
    private readonly options: SnapshotDownloadLimitOptions = DEFAULT_SNAPSHOT_DOWNLOAD_LIMIT,
    now?: () => number,
  ) {
    if (!(options.concurrent >= 1)) throw new Error(`snapshotDownloads.concurrent: must be ≥ 1, got ${options.concurrent}`);
    if (!(options.perMinute > 0)) throw new Error(`snapshotDownloads.perMinute: must be > 0, got ${options.perMinute}`);
    this.starts = new TokenBuckets({ perSecond: options.perMinute / 60, burst: options.perMinute }, () => false, now);
  }

  /** A slot for one download by this token; `end` (once, when the response closes) frees it. */
  begin(tokenId: string): DownloadSlot {
    const running = this.running.get(tokenId) ?? 0;
    if (running >= this.options.concurrent) {
      return { ok: false, retryAfterSeconds: BUSY_RETRY_SECONDS, message: `this token already has ${running} snapshot downloads running (at most ${this.options.concurrent}); retry after ${BUSY_RETRY_SECONDS} s` };
    }
    const start = this.starts.take(tokenId);
    if (!start.ok) {
      return { ok: false, retryAfterSeconds: start.retryAfterSeconds, message: `this token started ${this.options.perMinute} snapshot downloads within a minute; retry after ${start.retryAfterSeconds} s` };
    }
    this.running.set(tokenId, running + 1);
    let ended = false;
    return {
      ok: true,
      end: () => {
        if (ended) return;
        ended = true;
        const n = (this.running.get(tokenId) ?? 1) - 1;
        if (n > 0) this.running.set(tokenId, n);
        else this.running.delete(tokenId);
      },
    };
  }
}
