// Issue 16, finding 7: server strings reach ECharts tooltips, which set their HTML as innerHTML.
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '@renderer/escapeHtml';

describe('escapeHtml', () => {
  it('turns markup from the floor into text', () => {
    expect(escapeHtml('<img src=x onerror="window.__pwned=1"><b id=injected>')).toBe('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;b id=injected&gt;');
  });

  it('escapes quotes (attribute values) and the ampersand first, so entities are not double-read', () => {
    expect(escapeHtml(`a&b "c" 'd'`)).toBe('a&amp;b &quot;c&quot; &#39;d&#39;');
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('leaves ordinary names and dates as they are', () => {
    expect(escapeHtml('徐汇1队（徐汇区）')).toBe('徐汇1队（徐汇区）');
    expect(escapeHtml('2026-03-02')).toBe('2026-03-02');
  });

  it('takes anything the server may send: numbers, null, undefined', () => {
    expect(escapeHtml(12)).toBe('12');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('never leaves a character HTML could read as markup, whatever the input', () => {
    const nasty = ['<', '>', '"', "'", '&', '</div><script>', '<svg/onload=alert(1)>', '"><b>', `'-alert(1)-'`];
    for (let i = 0; i < 500; i++) {
      const s = Array.from({ length: 1 + (i % 7) }, (_, k) => nasty[(i * 31 + k * 7) % nasty.length]).join(String.fromCharCode(32 + (i % 90)));
      const out = escapeHtml(s);
      expect(out).not.toMatch(/[<>"']/);
      // every & starts one of the five entities
      expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
    }
  });
});
