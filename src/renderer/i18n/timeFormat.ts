/** Times are always shown in Asia/Shanghai, whatever zone the host is in. */
import { TIME_ZONE } from '@shared/time';
import type { Lang } from '@renderer/i18n/messages';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, kind: 'clock' | 'dateTime' | 'date'): Intl.DateTimeFormat {
  const id = `${lang}|${kind}`;
  let f = cache.get(id);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, hourCycle: 'h23' };
    const opts: Intl.DateTimeFormatOptions =
      kind === 'clock'
        ? { ...base, hour: '2-digit', minute: '2-digit', second: '2-digit' }
        : kind === 'date'
          ? { ...base, year: 'numeric', month: '2-digit', day: '2-digit' }
          : { ...base, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
    f = new Intl.DateTimeFormat(lang, opts);
    cache.set(id, f);
  }
  return f;
}

function toMs(time: string | number | Date): number {
  return typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
}

/** HH:mm:ss in Shanghai. */
export function formatClock(time: string | number | Date, lang: Lang): string {
  const ms = toMs(time);
  return Number.isFinite(ms) ? formatter(lang, 'clock').format(ms) : '—';
}

/** The Shanghai calendar date, e.g. 2026/11/25 (zh) or 11/25/2026 (en). */
export function formatDate(time: string | number | Date, lang: Lang): string {
  const ms = toMs(time);
  return Number.isFinite(ms) ? formatter(lang, 'date').format(ms) : '—';
}

/** Month, day and time in Shanghai. */
export function formatDateTime(time: string | number | Date, lang: Lang): string {
  const ms = toMs(time);
  return Number.isFinite(ms) ? formatter(lang, 'dateTime').format(ms) : '—';
}

/**
 * A promised date as the wire carries it: a bare YYYY-MM-DD is already a Shanghai date and is
 * shown as is; a full ISO time is converted.
 */
export function formatPromised(value: string, lang: Lang): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return formatDateTime(value, lang);
}

/** The server clock now, from a status read `receivedAtMs` ago (client clock), at `clockRate`. */
export function estimateServerNow(serverNowIso: string, receivedAtMs: number, nowMs: number, clockRate: number): number {
  const rate = Number.isFinite(clockRate) && clockRate > 0 ? clockRate : 1;
  return Date.parse(serverNowIso) + Math.max(0, nowMs - receivedAtMs) * rate;
}
