// The usage share at a past instant (a shift report's window end): each order's arrival and
// acceptance come from its stage events, so an order that came in after the instant is not yet a
// customer and one accepted before the week began is no longer one.
import { describe, expect, it } from 'vitest';
import { usageAt } from '@main/track/usage';

const at = (iso: string) => Date.parse(iso);
const END = at('2026-12-09T08:00:00+08:00'); // Wednesday; the week began Monday 2026-12-07

describe('usageAt (the shift report)', () => {
  it('counts customers by what their stage events say at the window end', () => {
    const phones = new Map([
      ['o1', '139****0001'], // in progress
      ['o2', '139****0002'], // came in after the window end
      ['o3', '139****0003'], // accepted last week
      ['o4', '139****0004'], // accepted after the window end: in progress then
      ['o5', '139****0005'], // no stage event, at stage 12 now: finished at an unknown time
      ['o6', '139****0006'], // no stage event, in progress now
    ]);
    const timelines = new Map([
      ['o1', [{ stage: 1, at: at('2026-12-01T10:00:00+08:00') }, { stage: 5, at: at('2026-12-08T10:00:00+08:00') }]],
      ['o2', [{ stage: 1, at: at('2026-12-09T09:00:00+08:00') }]],
      ['o3', [{ stage: 1, at: at('2026-11-01T10:00:00+08:00') }, { stage: 12, at: at('2026-12-05T10:00:00+08:00') }]],
      ['o4', [{ stage: 1, at: at('2026-11-20T10:00:00+08:00') }, { stage: 12, at: at('2026-12-09T10:00:00+08:00') }]],
    ]);
    const stages = new Map([['o1', 5], ['o2', 1], ['o3', 12], ['o4', 12], ['o5', 12], ['o6', 3]]);
    const opens = [
      { phone: '139****0001', at: at('2026-12-08T12:00:00+08:00'), kind: 'orders', outcome: 'ok' },
      { phone: '139****0002', at: at('2026-12-08T12:00:00+08:00'), kind: 'orders', outcome: 'ok' },
      { phone: '139****0004', at: at('2026-12-09T09:00:00+08:00'), kind: 'orders', outcome: 'ok' }, // after the window end
    ];
    expect(usageAt(phones, timelines, stages, opens, END)).toMatchObject({ customers: 3, opened: 1, share: 1 / 3, asOf: '2026-12-09T08:00:00+08:00' });
  });
});
