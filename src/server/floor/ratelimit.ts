/**
 * Rate limits as a token bucket per key: the floor API (issue 8) and the desk's socket events
 * (issue 16) key by token id, failed authentications by remote address (auth-guard.ts). Each
 * request takes one token from its bucket; the bucket refills at `perSecond` up to `burst`. An
 * empty bucket answers `rate_limited` (HTTP 429 with `Retry-After`: whole seconds until one token
 * is back).
 */
export interface RateLimitOptions {
  /** sustained requests per second per token (default 200) */
  perSecond: number;
  /** bucket size: requests a token may send at once (default 2 × perSecond) */
  burst?: number;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = { perSecond: 200, burst: 400 };

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle this long are full again and are forgotten (bounded memory). */
const IDLE_FORGET_MS = 60_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private lastSweep = 0;

  constructor(
    options: RateLimitOptions,
    private readonly exempt: (tokenId: string) => boolean = () => false,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(options.perSecond > 0)) throw new Error(`rateLimit.perSecond: must be > 0, got ${options.perSecond}`);
    this.perMs = options.perSecond / 1000;
    this.burst = Math.max(1, options.burst ?? options.perSecond * 2);
  }

  take(tokenId: string): RateVerdict {
    return this.check(tokenId, true);
  }

  /** Whether `take` would pass now, without taking (the failed-authentication guard asks before it counts). */
  peek(key: string): RateVerdict {
    return this.check(key, false);
  }

  private check(tokenId: string, taking: boolean): RateVerdict {
    if (this.exempt(tokenId)) return { ok: true };
    const now = this.now();
    this.sweep(now);
    let b = this.buckets.get(tokenId);
    if (!b) {
      if (!taking) return { ok: true };
      this.buckets.set(tokenId, (b = { tokens: this.burst, at: now }));
    }
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (b.tokens >= 1) {
      if (taking) b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < IDLE_FORGET_MS) return;
    this.lastSweep = now;
    for (const [id, b] of this.buckets) if (now - b.at > IDLE_FORGET_MS) this.buckets.delete(id);
  }
}
