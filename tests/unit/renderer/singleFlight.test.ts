import { describe, expect, it } from 'vitest';
import { singleFlight } from '@renderer/state/singleFlight';

describe('singleFlight', () => {
  it('runs one read at a time and once more after it when asked meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const read = singleFlight(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    const first = read();
    await read();
    await read();
    expect(runs).toBe(1);
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
  });

  it('hands the extra read to rerun, which may delay it, and runs again after a failure', async () => {
    const reruns: Array<() => Promise<void>> = [];
    let runs = 0;
    let release: () => void = () => {};
    const read = singleFlight(
      async () => {
        runs++;
        if (runs === 1) {
          await new Promise<void>((r) => (release = r));
          throw new Error('offline');
        }
      },
      (again) => reruns.push(again),
    );
    const first = read();
    void read();
    release();
    await expect(first).rejects.toThrow('offline');
    expect(reruns).toHaveLength(1);
    await reruns[0]!();
    expect(runs).toBe(2);
  });
});
