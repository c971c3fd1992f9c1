/**
 * Files and folders readable by their owner only, folders 0700 and files 0600, whatever the umask,
 * for the desk (its data folder holds the replica's customer data, the order server token and
 * unsent commands) and the server (its database and snapshot files hold every customer's name,
 * phone and address). SQLite gives a database's -wal and -shm files the mode of the database file,
 * so a database is made 0600 before SQLite opens it. (Windows: the folder's ACL, under the
 * user's profile, does this; modes are not applied there.)
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

const POSIX = process.platform !== 'win32';

/** Creates `dir` (and missing parents) as 0700; a folder of ours left open by an older version is closed to others. */
export function ownerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX) return;
  const st = statSync(dir);
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(dir, 0o700);
}

/** Creates `file` empty as 0600 when it does not exist yet (before SQLite creates it with the umask's mode). */
export function ownerOnlyFile(file: string): void {
  if (existsSync(file)) return;
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
