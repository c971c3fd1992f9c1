/**
 * Shifts as data (resources/shifts.json, Asia/Shanghai wall-clock times) and pure functions over
 * them: which shift an instant of the server's clock falls in, a shift's bounds, the shifts before.
 */
import defaults from '@resources/shifts.json';
import { ShiftConfig, type ShiftDef, type ShiftInfo } from '@shared/report';
import { describeZodError } from '@shared/protocol';
import { shanghaiDate, shanghaiIso, startOfShanghaiDay } from '@shared/time';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface ShiftWindow {
  def: ShiftDef;
  /** epoch ms, inclusive */
  start: number;
  /** epoch ms, exclusive */
  end: number;
}

export class ShiftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShiftError';
  }
}

/** Parses a shift configuration; the shifts must tile the day (each one ends where another starts). */
export function parseShiftConfig(value: unknown): ShiftConfig {
  const r = ShiftConfig.safeParse(value);
  if (!r.success) throw new ShiftError(`shift configuration: ${describeZodError(r.error)}`);
  const starts = new Set(r.data.shifts.map((s) => s.start));
  for (const s of r.data.shifts) {
    if (!starts.has(s.end)) throw new ShiftError(`shift configuration: shift ${s.id} ends at ${s.end}, where no shift starts`);
  }
  const total = r.data.shifts.reduce((sum, s) => sum + durationMs(s), 0);
  if (total !== DAY) throw new ShiftError(`shift configuration: the shifts cover ${total / 3_600_000} h of the day, not 24 h`);
  return r.data;
}

export const DEFAULT_SHIFTS: ShiftConfig = parseShiftConfig(defaults);

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function durationMs(def: ShiftDef): number {
  const d = (minutes(def.end) - minutes(def.start) + 1440) % 1440;
  return (d === 0 ? 1440 : d) * MINUTE;
}

function windowOn(def: ShiftDef, date: string): ShiftWindow {
  const start = startOfShanghaiDay(date) + minutes(def.start) * MINUTE;
  return { def, start, end: start + durationMs(def) };
}

/** The shift an instant (epoch ms, server clock) falls in. */
export function shiftAt(config: ShiftConfig, at: number): ShiftWindow {
  const today = shanghaiDate(at);
  for (const date of [today, shanghaiDate(at - DAY)]) {
    for (const def of config.shifts) {
      const w = windowOn(def, date);
      if (w.start <= at && at < w.end) return w;
    }
  }
  throw new ShiftError(`no shift covers ${shanghaiIso(at)}`); // parseShiftConfig makes this unreachable
}

/** The shift that starts at `start` (ISO; without an offset it is Shanghai time). */
export function shiftStartingAt(config: ShiftConfig, start: string): ShiftWindow {
  const iso = /([zZ]|[+-]\d{2}:\d{2})$/.test(start) ? start : `${start}+08:00`;
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start) || Number.isNaN(ms)) throw new ShiftError(`shift start: not a time (YYYY-MM-DDTHH:MM): ${start}`);
  const w = shiftAt(config, ms);
  if (w.start !== ms) {
    throw new ShiftError(`shift start: no shift starts at ${shanghaiIso(ms)} (shifts start at ${config.shifts.map((s) => s.start).join(', ')})`);
  }
  return w;
}

/** The `count` shifts up to and including the one at `at`, newest first. */
export function recentShifts(config: ShiftConfig, at: number, count: number): ShiftWindow[] {
  const out: ShiftWindow[] = [];
  let w = shiftAt(config, at);
  for (let i = 0; i < count; i++) {
    out.push(w);
    w = shiftAt(config, w.start - 1);
  }
  return out;
}

export function shiftInfo(w: ShiftWindow): ShiftInfo {
  return { id: w.def.id, zh: w.def.zh, en: w.def.en, start: shanghaiIso(w.start), end: shanghaiIso(w.end) };
}
