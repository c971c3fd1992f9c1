/**
 * The supervisor's hand-over notes, saved with the report data: one small JSON file in the desk's
 * data folder, keyed by shift start, written atomically (temp file + rename).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ShiftNotes } from '@shared/report';

const NotesFile = z.record(z.string(), ShiftNotes);
export const EMPTY_NOTES: ShiftNotes = { text: '', outgoing: '', incoming: '', savedAt: null };

export class NotesStore {
  constructor(private readonly file: string) {}

  static inDataDir(dataDir: string): NotesStore {
    return new NotesStore(join(dataDir, 'shift-notes.json'));
  }

  private readAll(): Record<string, ShiftNotes> {
    if (!existsSync(this.file)) return {};
    const parsed = NotesFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`${this.file}: not a shift-notes file`);
    return parsed.data;
  }

  get(shiftStart: string): ShiftNotes {
    return this.readAll()[shiftStart] ?? EMPTY_NOTES;
  }

  save(shiftStart: string, notes: ShiftNotes): ShiftNotes {
    const all = this.readAll();
    all[shiftStart] = notes;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
    return notes;
  }
}
