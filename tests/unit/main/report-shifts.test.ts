import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, ShiftError, parseShiftConfig, recentShifts, shiftAt, shiftInfo, shiftStartingAt } from '@main/reports/shifts';

const at = (iso: string) => Date.parse(iso);

describe('shifts (data, Asia/Shanghai)', () => {
  it('defaults to 08:00–20:00 and 20:00–08:00', () => {
    expect(DEFAULT_SHIFTS.shifts.map((s) => [s.id, s.start, s.end])).toEqual([
      ['day', '08:00', '20:00'],
      ['night', '20:00', '08:00'],
    ]);
  });

  it('finds the shift of a server-clock instant, including the night across midnight', () => {
    expect(shiftInfo(shiftAt(DEFAULT_SHIFTS, at('2026-02-02T09:30:00+08:00')))).toMatchObject({ id: 'day', start: '2026-02-02T08:00:00+08:00', end: '2026-02-02T20:00:00+08:00' });
    expect(shiftInfo(shiftAt(DEFAULT_SHIFTS, at('2026-02-02T23:59:00+08:00')))).toMatchObject({ id: 'night', start: '2026-02-02T20:00:00+08:00', end: '2026-02-03T08:00:00+08:00' });
    expect(shiftInfo(shiftAt(DEFAULT_SHIFTS, at('2026-02-03T07:59:59+08:00')))).toMatchObject({ id: 'night', start: '2026-02-02T20:00:00+08:00' });
    // bounds: start inclusive, end exclusive; an instant given in UTC is the same instant
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-02-03T00:00:00Z')).def.id).toBe('day');
    expect(shiftAt(DEFAULT_SHIFTS, at('2026-02-02T20:00:00+08:00')).def.id).toBe('night');
  });

  it('takes a shift by its start and refuses a time no shift starts at', () => {
    const w = shiftStartingAt(DEFAULT_SHIFTS, '2026-02-02T20:00');
    expect(w.end - w.start).toBe(12 * 3600_000);
    expect(() => shiftStartingAt(DEFAULT_SHIFTS, '2026-02-02T21:00+08:00')).toThrow(/no shift starts/);
    expect(() => shiftStartingAt(DEFAULT_SHIFTS, 'yesterday')).toThrow(ShiftError);
  });

  it('lists recent shifts newest first, each ending where the next begins', () => {
    const list = recentShifts(DEFAULT_SHIFTS, at('2026-02-02T09:00:00+08:00'), 4);
    expect(list.map((w) => w.def.id)).toEqual(['day', 'night', 'day', 'night']);
    for (let i = 1; i < list.length; i++) expect(list[i]!.end).toBe(list[i - 1]!.start);
  });

  it('is configurable: three 8-hour shifts; a configuration with a gap is refused', () => {
    const three = parseShiftConfig({
      timeZone: 'Asia/Shanghai',
      shifts: [
        { id: 'a', start: '06:00', end: '14:00', zh: '早班', en: 'Early' },
        { id: 'b', start: '14:00', end: '22:00', zh: '中班', en: 'Late' },
        { id: 'c', start: '22:00', end: '06:00', zh: '夜班', en: 'Night' },
      ],
    });
    expect(shiftAt(three, at('2026-02-02T03:00:00+08:00')).def.id).toBe('c');
    expect(() => parseShiftConfig({ timeZone: 'Asia/Shanghai', shifts: [{ id: 'a', start: '08:00', end: '18:00', zh: '', en: '' }] })).toThrow(/no shift starts/);
  });
});
