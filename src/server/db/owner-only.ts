/**
 * The server's database and snapshot files hold every customer's name, phone and address: created
 * readable by their owner only (0600), whatever the umask. SQLite gives -wal and -shm files the
 * mode of the database file, so the database file is made before SQLite opens it.
 */
import { closeSync, existsSync, openSync } from 'node:fs';

/** Creates `file` empty as 0600 when it does not exist yet. */
export function ownerOnlyFile(file: string): void {
  if (existsSync(file)) return;
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
