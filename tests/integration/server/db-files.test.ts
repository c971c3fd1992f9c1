// Issue 16, finding 9: the order server's database file, as opened by the server program's one
// path (openServerDb), commits with synchronous=FULL: an answered write survives a power cut
// (decision 0006).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServerDb } from '@server/db/open';
import { tempDir } from '../../support/processes';

describe('the server database', () => {
  it('commits with synchronous=FULL in WAL mode', () => {
    const db = openServerDb(join(tempDir('dd-dbfiles-'), 'orders.sqlite'));
    try {
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.$client.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL, 1 = NORMAL
    } finally {
      db.$client.close();
    }
  });
});
