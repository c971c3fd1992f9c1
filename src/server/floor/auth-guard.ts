/**
 * Failed authentications per remote address (issue 16): every request or handshake whose token is
 * missing, unknown, revoked or expired takes one from its address's bucket. While the bucket is
 * empty, that address is answered `rate_limited` (HTTP 429 with Retry-After; a refused /desk
 * handshake) BEFORE its token is looked at. Requests with a valid token never take from it, so a
 * legitimate burst is not slowed; only an address that keeps presenting bad tokens is.
 * Addresses are the socket's peer: behind a reverse proxy every client shares the proxy's address
 * (the server does not trust X-Forwarded-For). IPv6 peers count per /64, the block one host gets.
 */
import { TokenBuckets, type RateLimitOptions, type RateVerdict } from '@server/floor/ratelimit';

/** 30 bad tokens at once, then one a second: a desk with a revoked token retries every 30 s. */
export const DEFAULT_AUTH_FAILURE_LIMIT: Required<RateLimitOptions> = { perSecond: 1, burst: 30 };

/** The key an address counts under: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class AuthFailureGuard {
  private readonly buckets: TokenBuckets;

  constructor(options: RateLimitOptions = DEFAULT_AUTH_FAILURE_LIMIT, now?: () => number) {
    this.buckets = new TokenBuckets(options, () => false, now);
  }

  /** Ask before authenticating: refused while this address has used up its failures. */
  check(address: string | undefined): RateVerdict {
    return this.buckets.peek(addressKey(address));
  }

  /** Count one failed authentication from this address. */
  failed(address: string | undefined): void {
    this.buckets.take(addressKey(address));
  }
}

export const authGuardMessage = (retryAfterSeconds: number) =>
  `too many requests with a missing or invalid token from this address; retry after ${retryAfterSeconds} s`;
