/**
 * The hand-over methods of the desk API (auditTrail, shiftReport, saveShiftNotes) over the
 * replica. Shifts come from resources/shifts.json unless the data folder holds a shifts.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeskHandlers } from '@shared/contract';
import type { ShiftConfig } from '@shared/report';
import { shanghaiIso } from '@shared/time';
import { auditEntries } from './audit-trail';
import { buildShiftReport } from './build';
import { NotesStore } from './notes';
import { readReportRows } from './report-rows';
import { DEFAULT_SHIFTS, parseShiftConfig, recentShifts, shiftAt, shiftInfo, shiftStartingAt } from './shifts';

export interface ReportDeps {
  /** the current replica connection (it changes when the replica is rebuilt) */
  sqlite: () => Database.Database;
  /** the server's clock, epoch ms */
  now: () => number;
  dataDir: string;
  serverUrl: string;
  /** the supervisor on duty (the server's name for this desk's token), if known */
  supervisor?: () => string | null;
}

export type ReportHandlers = Pick<DeskHandlers, 'auditTrail' | 'shiftReport' | 'saveShiftNotes'>;

export function loadShiftConfig(dataDir: string): ShiftConfig {
  const file = join(dataDir, 'shifts.json');
  if (!existsSync(file)) return DEFAULT_SHIFTS;
  return parseShiftConfig(JSON.parse(readFileSync(file, 'utf8')));
}

const configs = new Map<string, ShiftConfig>();
/** The shift the server's clock `now` is in (for the top bar), by the data folder's shift config. */
export function currentShift(dataDir: string, now: number) {
  let config = configs.get(dataDir);
  if (!config) {
    config = loadShiftConfig(dataDir);
    configs.set(dataDir, config);
  }
  return shiftInfo(shiftAt(config, now));
}

export function createReportHandlers(deps: ReportDeps): ReportHandlers {
  const config = loadShiftConfig(deps.dataDir);
  const notes = NotesStore.inDataDir(deps.dataDir);
  const pick = (shiftStart: string | undefined) => (shiftStart ? shiftStartingAt(config, shiftStart) : shiftAt(config, deps.now()));
  return {
    auditTrail: ({ shiftStart }) => {
      const shift = pick(shiftStart);
      const rows = readReportRows(deps.sqlite());
      const end = Math.min(shift.end, deps.now());
      return {
        shift: shiftInfo(shift),
        shifts: recentShifts(config, deps.now(), 6).map(shiftInfo),
        entries: auditEntries(rows, { start: shift.start, end: Math.max(shift.start, end) }),
      };
    },
    shiftReport: ({ shiftStart }) => {
      const shift = pick(shiftStart);
      const rows = readReportRows(deps.sqlite());
      const saved = notes.get(shanghaiIso(shift.start));
      // the outgoing supervisor is the one on duty unless the notes name someone else
      const outgoing = saved.outgoing || (shift.end > deps.now() ? (deps.supervisor?.() ?? '') : '');
      return buildShiftReport(rows, { shift, now: deps.now(), serverUrl: deps.serverUrl, notes: { ...saved, outgoing } });
    },
    saveShiftNotes: ({ shiftStart, text, outgoing, incoming }) => {
      const shift = shiftStartingAt(config, shiftStart);
      return notes.save(shanghaiIso(shift.start), { text, outgoing, incoming, savedAt: shanghaiIso(deps.now()) });
    },
  };
}
