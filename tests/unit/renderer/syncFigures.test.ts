import { describe, expect, it } from 'vitest';
import { catchUpProgress, formatCount, syncLag } from '@renderer/war-room/syncFigures';

describe('sync figures', () => {
  it('lag is head minus checkpoint, never negative', () => {
    expect(syncLag({ head: 105, checkpoint: 100 })).toBe(5);
    expect(syncLag({ head: 100, checkpoint: 100 })).toBe(0);
    expect(syncLag({ head: 90, checkpoint: 100 })).toBe(0);
  });

  it('catch-up progress is the share of versions pulled', () => {
    expect(catchUpProgress(null)).toBeNull();
    expect(catchUpProgress({ rows: 10, fromVersion: 100, toVersion: 200, atVersion: 150, percent: 0, rowsPerSecond: 0, rebuilding: false })).toEqual({ done: 50, total: 100, fraction: 0.5 });
    expect(catchUpProgress({ rows: 0, fromVersion: 100, toVersion: 100, atVersion: 100, percent: 0, rowsPerSecond: 0, rebuilding: false })?.fraction).toBe(1);
    expect(catchUpProgress({ rows: 0, fromVersion: 100, toVersion: 200, atVersion: 250, percent: 0, rowsPerSecond: 0, rebuilding: false })?.fraction).toBe(1);
  });

  it('formats counts with separators', () => {
    expect(formatCount(1843212)).toBe('1,843,212');
  });
});
