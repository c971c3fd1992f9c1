/**
 * A SQLite failure of the server's storage itself (disk full, read-only, locked, I/O), as the
 * answer a client gets: the write was rolled back, so nothing was saved and the same request can
 * be sent again once the operator has fixed the disk. Other errors (a bug, a constraint) are not
 * storage failures and stay `internal`.
 */
export interface StorageFailure {
  /** HTTP status for the floor API */
  status: 503 | 507;
  code: 'storage_full' | 'storage_unavailable';
  message: string;
}

export function storageFailure(err: unknown): StorageFailure | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const unsaved = 'nothing was saved; send it again once the operator has fixed it';
  if (code === 'SQLITE_FULL') return { status: 507, code: 'storage_full', message: `the server's disk is full (SQLITE_FULL): ${unsaved}` };
  if (/^SQLITE_(READONLY|BUSY|LOCKED|IOERR|CANTOPEN)/.test(code)) {
    const what = code.startsWith('SQLITE_READONLY') ? 'is read-only' : code.startsWith('SQLITE_IOERR') ? 'could not be written' : 'is busy or locked';
    return { status: 503, code: 'storage_unavailable', message: `the server's database ${what} (${code}): ${unsaved}` };
  }
  return null;
}
