/**
 * A crew is unavailable on day D (Asia/Shanghai) if any of its intervals overlaps D
 * (protocol.md). `from`/`to` are dates (whole days, inclusive) or ISO times.
 */
import type { Unavailability } from '@shared/entities';
import { endOfShanghaiDay, startOfShanghaiDay } from '@shared/time';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function bounds(u: Unavailability): [number, number] {
  const from = DATE.test(u.from) ? startOfShanghaiDay(u.from) : Date.parse(u.from);
  const to = DATE.test(u.to) ? endOfShanghaiDay(u.to) : Date.parse(u.to);
  return [from, to];
}

/** The interval that makes the crew unavailable on `date`, or null. */
export function unavailabilityOn(unavailable: readonly Unavailability[], date: string): Unavailability | null {
  const dayStart = startOfShanghaiDay(date);
  const dayEnd = endOfShanghaiDay(date);
  for (const u of unavailable) {
    const [from, to] = bounds(u);
    if (from < dayEnd && to > dayStart) return u;
  }
  return null;
}
