/**
 * Time in Asia/Shanghai. China has had no daylight saving since 1991, so the zone is a fixed
 * +08:00 offset; pure arithmetic keeps this module free of Intl and of the host's zone.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const TIME_ZONE = 'Asia/Shanghai';

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO time with the +08:00 offset, e.g. 2026-11-25T22:15:00+08:00. */
export function shanghaiIso(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** First instant of a Shanghai date. */
export function startOfShanghaiDay(date: string): number {
  // memoized: the war room asks for the same few hundred dates for every one of 100k orders
  let ms = dayStarts.get(date);
  if (ms === undefined) {
    ms = Date.parse(`${date}T00:00:00+08:00`);
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(date, ms);
  }
  return ms;
}
const dayStarts = new Map<string, number>();

/** The instant a Shanghai date has fully passed (midnight at its end). */
export function endOfShanghaiDay(date: string): number {
  return startOfShanghaiDay(date) + 24 * 3600_000;
}

export function addDays(date: string, days: number): string {
  return shanghaiDate(startOfShanghaiDay(date) + days * 24 * 3600_000);
}
