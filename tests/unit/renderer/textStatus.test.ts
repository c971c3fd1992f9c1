import { describe, expect, it } from 'vitest';
import { textStatusLabel } from '@renderer/war-room/summary';

describe('text delivery status in the order drawer', () => {
  it('names every outbox status in both languages, `sending` included; an unknown one as sent', () => {
    expect(['queued', 'sending', 'sent', 'failed', 'cancelled'].map((s) => textStatusLabel(s, 'zh-CN'))).toEqual(['待发送', '发送中', '已发送', '发送失败', '已取消']);
    expect(textStatusLabel('sending', 'en')).toBe('sending');
    expect(textStatusLabel('bounced', 'zh-CN')).toBe('bounced');
  });
});
