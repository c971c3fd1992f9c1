/**
 * The incident states file (incidents.json in the data folder): the IncidentBook's states kept
 * across restarts. Written whole to a temporary file and renamed, owner-only; an unreadable or
 * foreign file is ignored with one line (the book starts empty and re-judges the groups).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentStates } from '@main/analysis/incident-book';

const EMPTY: IncidentStates = { version: 1, incidents: [] };

export class IncidentStatesFile {
  readonly file: string;
  private written: string | null = null;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'incidents.json');
  }

  read(): IncidentStates {
    if (!existsSync(this.file)) return EMPTY;
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as IncidentStates;
      const states = raw && raw.version === 1 && Array.isArray(raw.incidents) ? raw : EMPTY;
      this.written = JSON.stringify(states);
      return states;
    } catch (err) {
      console.error(`DutyDesk: ignoring unreadable incident states ${this.file}: ${(err as Error).message}`);
      return EMPTY;
    }
  }

  /** Writes the states when they differ from what was last read or written; a failure is logged, never thrown. */
  write(states: IncidentStates): void {
    const next = JSON.stringify(states);
    if (next === this.written) return;
    this.written = next;
    try {
      writeFileSync(`${this.file}.tmp`, next, { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch (err) {
      console.error(`DutyDesk: could not save incident states to ${this.file}: ${(err as Error).message}`);
    }
  }
}
