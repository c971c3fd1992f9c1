/**
 * The server clock. Normally real time (rate 1); while the simulator runs fast it is
 * simStart + realElapsed × speed, and everything the server stamps uses it.
 */
import { shanghaiIso } from '@shared/time';

export interface Clock {
  /** epoch ms on the server's clock */
  now(): number;
  /** clock seconds per real second */
  readonly rate: number;
}

export const realClock: Clock = { now: () => Date.now(), rate: 1 };

export function scaledClock(startMs: number, rate: number, realNow: () => number = Date.now): Clock {
  const realStart = realNow();
  return { now: () => Math.floor(startMs + (realNow() - realStart) * rate), rate };
}

export function isoNow(clock: Clock): string {
  return shanghaiIso(clock.now());
}
