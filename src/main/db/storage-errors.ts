/**
 * SQLite failures the supervisor must understand: a full disk and a damaged file. Everything else
 * keeps its own message. Codes are better-sqlite3's `SqliteError.code` (SQLite's extended names).
 */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);
const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'ENOSPC']);

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function isCorruption(err: unknown): boolean {
  const code = codeOf(err);
  return code !== null && CORRUPTION_CODES.has(code);
}

export function isDiskFull(err: unknown): boolean {
  const code = codeOf(err);
  return code !== null && FULL_CODES.has(code);
}

export class DiskFullError extends Error {
  readonly code = 'disk_full';
  readonly status = 507;
  constructor(dir: string, cause: unknown) {
    super(`磁盘已满 · disk full: cannot write in ${dir}; free some space — nothing was lost, the desk retries`, { cause });
  }
}

/** The error to show for a storage failure (a full disk in words; anything else unchanged). */
export function explainStorageError(err: unknown, dir: string): unknown {
  return isDiskFull(err) ? new DiskFullError(dir, err) : err;
}
