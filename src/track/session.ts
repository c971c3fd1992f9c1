/**
 * Whether this browser probably holds a live session. The cookie is HttpOnly (the page cannot read
 * it), so a note of its expiry in localStorage lets a returning customer skip the phone screen; the
 * server still decides (a 401 sends them back to it).
 */
import { TRACK_SESSION_MINUTES } from '@shared/track-rules';

/** index.html's inline early request reads it too */
const KEY = 'dd_track_until';

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // storage refused (private mode, some in-app browsers): the page asks for a code each time
    return null;
  }
}

export function noteSession(nowMs: number): void {
  store()?.setItem(KEY, String(nowMs + TRACK_SESSION_MINUTES * 60_000));
}

export function forgetSession(): void {
  store()?.removeItem(KEY);
}

export function sessionLikely(nowMs: number): boolean {
  return Number(store()?.getItem(KEY) ?? 0) > nowMs;
}
