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
}

export type ReportHandlers = Pick<DeskHandlers, 'auditTrail' | 'shiftReport' | 'saveShiftNotes'>;

export function loadShiftConfig(dataDir: string): ShiftConfig {
  const file = join(dataDir, 'shifts.json');
  if (!existsSync(file)) return DEFAULT_SHIFTS;
  return parseShiftConfig(JSON.parse(readFileSync(file, 'utf8')));
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
      return buildShiftReport(rows, { shift, now: deps.now(), serverUrl: deps.serverUrl, notes: notes.get(shanghaiIso(shift.start)) });
    },
    saveShiftNotes: ({ shiftStart, text, outgoing, incoming }) => {
      const shift = shiftStartingAt(config, shiftStart);
      return notes.save(shanghaiIso(shift.start), { text, outgoing, incoming, savedAt: shanghaiIso(deps.now()) });
    },
  };
}
