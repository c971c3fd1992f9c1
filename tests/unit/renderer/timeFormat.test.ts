import { describe, expect, it } from 'vitest';
import { estimateServerNow, formatClock, formatDate, formatDateTime, formatPromised } from '@renderer/i18n/timeFormat';

// 2026-11-25T14:30:05Z is 22:30:05 in Shanghai, whatever zone runs the test
const T = '2026-11-25T14:30:05.000Z';

describe('times in Asia/Shanghai', () => {
  it('shows the clock in Shanghai', () => {
    expect(formatClock(T, 'zh-CN')).toBe('22:30:05');
    expect(formatClock(T, 'en')).toBe('22:30:05');
  });

  it('crosses midnight by the Shanghai calendar', () => {
    expect(formatDate('2026-11-25T16:30:00Z', 'zh-CN')).toBe('2026/11/26');
    expect(formatDateTime('2026-11-25T16:30:00Z', 'zh-CN')).toContain('00:30');
  });

  it('shows a dash for a time it cannot read', () => {
    expect(formatClock('not a time', 'en')).toBe('—');
  });

  it('keeps a bare promised date as it is', () => {
    expect(formatPromised('2026-11-20', 'en')).toBe('2026-11-20');
    expect(formatPromised('2026-11-20T02:00:00Z', 'zh-CN')).toContain('10:00');
  });

  it('runs the server clock forward at its rate', () => {
    const base = Date.parse(T);
    expect(estimateServerNow(T, 1000, 3000, 1)).toBe(base + 2000);
    expect(estimateServerNow(T, 1000, 3000, 60)).toBe(base + 120_000);
    expect(estimateServerNow(T, 1000, 500, 1)).toBe(base);
    expect(estimateServerNow(T, 0, 1000, 0)).toBe(base + 1000);
  });
});
