// The desk's estimate of the server's clock: runs at the server's rate from the last hello, and
// before any hello (a back end restarted while the server is down) holds the last known time still.
import { describe, expect, it } from 'vitest';
import { ServerClock } from '@main/sync/server-clock';

describe('ServerClock', () => {
  it('follows the server at its clock rate after a hello', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
    clock.sync('2026-02-02T08:00:00+08:00', 600);
    local += 1000;
    expect(clock.now()).toBe(Date.parse('2026-02-02T08:00:00+08:00') + 600_000);
    expect(clock.known).toBe(true);
  });

  it('before any hello, holds the time the replica was last complete at instead of the machine clock', () => {
    let local = Date.parse('2026-11-26T12:00:00Z');
    const clock = new ServerClock(() => local);
    const caughtUp = Date.parse('2025-11-11T20:00:00+08:00');
    clock.assumeUntilHello(caughtUp);
    local += 3_600_000;
    expect(clock.now()).toBe(caughtUp);
    expect(clock.known).toBe(false);
    clock.sync('2025-11-11T21:00:00+08:00', 1);
    expect(clock.now()).toBe(Date.parse('2025-11-11T21:00:00+08:00'));
  });

  it('with nothing known at all, falls back to the machine clock', () => {
    const clock = new ServerClock(() => 42);
    expect(clock.now()).toBe(42);
  });
});
