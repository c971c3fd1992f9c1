/**
 * The customer page's pure parts (issue 18): how it reads a typed phone number, a Retry-After and
 * the server's answers, the words it shows for waits and dates (Shanghai), and the links it builds
 * from server data.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '@shared/track-rules';
import { outcomeOf, retryAfterSeconds } from '../../../src/track/api';
import { safeWebLink, telLink } from '../../../src/track/links';
import { TEXT, dateWords, langOf, timeWords, waitWords } from '../../../src/track/text';

describe('phone numbers as typed', () => {
  it.each([
    ['13800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
  ])('%s reads as %s', (typed, phone) => expect(normalizePhone(typed)).toBe(phone));
  it.each(['', '1380013800', '138001380001', '23800138000', '1380013800a', '+8523800138000'])('%s is refused', (typed) => expect(normalizePhone(typed)).toBeNull());
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-08T02:00:00Z');
  it('reads delta-seconds, rounding up', () => {
    expect(retryAfterSeconds('42', now)).toBe(42);
    expect(retryAfterSeconds('0.2', now)).toBe(1);
  });
  it('reads an HTTP date as the seconds until it', () => expect(retryAfterSeconds(new Date(now + 90_000).toUTCString(), now)).toBe(90));
  it('reads a missing or odd header as a minute', () => {
    expect(retryAfterSeconds(null, now)).toBe(60);
    expect(retryAfterSeconds('soon', now)).toBe(60);
  });
});

describe('answers → outcomes', () => {
  const now = Date.now();
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  it('passes a success through', async () => expect(await outcomeOf(json(200, { orders: [] }), now)).toEqual({ ok: true, data: { orders: [] } }));
  it('names 401, 404 and 429 with its wait', async () => {
    expect(await outcomeOf(json(401, { error: { code: 'unauthorized', message: 'x' } }), now)).toEqual({ ok: false, kind: 'unauthorized' });
    expect(await outcomeOf(json(404, {}), now)).toEqual({ ok: false, kind: 'not_found' });
    expect(await outcomeOf(json(429, {}, { 'retry-after': '3600' }), now)).toEqual({ ok: false, kind: 'limited', retryAfterSeconds: 3600 });
  });
  it("shows a 400's message, and a 5xx as the service being down", async () => {
    expect(await outcomeOf(json(400, { error: { code: 'bad_request', message: 'wanted: a date YYYY-MM-DD' } }), now)).toEqual({ ok: false, kind: 'bad_request', message: 'wanted: a date YYYY-MM-DD' });
    expect(await outcomeOf(new Response('<html>', { status: 400 }), now)).toEqual({ ok: false, kind: 'bad_request', message: 'HTTP 400' });
    expect(await outcomeOf(new Response('bad gateway', { status: 502 }), now)).toEqual({ ok: false, kind: 'server', status: 502 });
  });
});

describe('words', () => {
  it('says a wait in the largest whole unit, rounded up', () => {
    expect(waitWords(42, TEXT.zh)).toBe('42 秒');
    expect(waitWords(61, TEXT.zh)).toBe('2 分钟');
    expect(waitWords(3600, TEXT.zh)).toBe('1 小时');
    expect(waitWords(3601, TEXT.en)).toBe('2 h');
  });
  it('writes a calendar date with its weekday', () => {
    expect(dateWords('2026-12-08', 'zh')).toBe('12月8日 周二');
    expect(dateWords('2026-12-08', 'en')).toBe('Tue 12/8');
  });
  it('writes a time in Shanghai whatever its offset', () => {
    expect(timeWords('2026-12-07T17:30:00Z', 'zh')).toBe('12月8日 01:30');
    expect(timeWords('2026-12-08T09:05:00+08:00', 'en')).toBe('12/8 09:05');
  });
  it('is zh-CN unless the browser or the customer chose English', () => {
    expect(langOf(null, 'zh-CN')).toBe('zh');
    expect(langOf(null, undefined)).toBe('zh');
    expect(langOf(null, 'en-US')).toBe('en');
    expect(langOf('zh', 'en-US')).toBe('zh');
  });
  it('has every word in both languages', () => expect(Object.keys(TEXT.en).sort()).toEqual(Object.keys(TEXT.zh).sort()));
});

describe('links from server data', () => {
  it('opens only web links', () => {
    expect(safeWebLink('https://www.sf-express.com/track?no=SF1')).toBe('https://www.sf-express.com/track?no=SF1');
    expect(safeWebLink('javascript:alert(1)')).toBeNull();
    expect(safeWebLink('data:text/html,x')).toBeNull();
    expect(safeWebLink('not a url')).toBeNull();
  });
  it('dials only a number', () => {
    expect(telLink('400-820-1234')).toBe('tel:4008201234');
    expect(telLink('+86 21 5555 0000')).toBe('tel:+862155550000');
    expect(telLink('400;javascript:x')).toBeNull();
  });
});

describe('the page’s layer (eslint-rules/layers.js)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const errors = async (code: string) => ((await eslint.lintText(code, { filePath: 'src/track/x.ts' }))[0]?.messages ?? []).filter((m) => m.ruleId === 'layers/imports').length;
  it('takes the shared modules and nothing heavier', async () => {
    expect(await errors("import { normalizePhone } from '@shared/track-rules';")).toBe(0);
    expect(await errors("import { z } from 'zod';")).toBe(1);
    expect(await errors("import 'react';")).toBe(1);
    expect(await errors("import '@renderer/App';")).toBe(1);
    expect(await errors("import 'node:fs';")).toBe(1);
  });
});
