/** The renderer's own link to the desk back end (not the desk's link to the order server). */
export type LinkState =
  | { kind: 'up' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'down'; attempt: number; retryInMs: number; error: string | null };

export type LinkListener = (link: LinkState) => void;

/** Reconnect delay after `attempt` failures: 0.5 s doubling to 15 s, with ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(base * jitter);
}
