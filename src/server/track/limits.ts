/**
 * Sliding-window limits as a pure rule (issue 18): given when earlier requests came (epoch ms) and
 * limits like "5 an hour", may one more come now, and if not, how long until it may. The store
 * reads the times from the database, so the limits hold across restarts.
 */
export interface WindowLimit {
  windowMs: number;
  max: number;
}

export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** `times` may be in any order and may hold times older than every window. */
export function windowVerdict(times: readonly number[], limits: readonly WindowLimit[], now: number): LimitVerdict {
  let waitMs = 0;
  for (const l of limits) {
    const inside = times.filter((t) => t > now - l.windowMs && t <= now).sort((a, b) => b - a);
    if (inside.length < l.max) continue;
    // the oldest of the newest `max` must leave the window before one more fits
    const leaving = inside[l.max - 1] as number;
    waitMs = Math.max(waitMs, leaving + l.windowMs - now);
  }
  return waitMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { ok: true };
}

/** The longest window: rows older than this count for no limit. */
export function longestWindow(...lists: ReadonlyArray<readonly WindowLimit[]>): number {
  return Math.max(0, ...lists.flat().map((l) => l.windowMs));
}
