import { describe, expect, it } from 'vitest';
import { en, format, translate, zh } from '@renderer/i18n/messages';
import { causeLabel, reasonLabel, stageName } from '@renderer/i18n/labels';
import { CAUSES } from '@shared/vocab';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionaries', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty string and the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(format('{n} 单，{x}', { n: 3 })).toBe('3 单，{x}');
    expect(translate('zh-CN', 'order.hours', { n: 12 })).toBe('12 小时');
    expect(translate('en', 'counter.overdue')).toBe('Overdue');
  });
});

describe('domain labels', () => {
  it('name stages from src/shared in both languages', () => {
    expect(stageName(5, 'zh-CN')).toBe('封边');
    expect(stageName(5, 'en')).toBe('Edge banding');
    expect(stageName(99, 'en')).toBe('#99');
  });

  it('label every cause and pass unknown codes through', () => {
    for (const c of CAUSES) {
      expect(causeLabel(c, 'zh-CN')).not.toBe(c);
      expect(causeLabel(c, 'en')).not.toBe(c);
    }
    expect(causeLabel('machine_fault', 'zh-CN')).toBe('设备故障');
    expect(causeLabel('new_cause', 'zh-CN')).toBe('new_cause');
  });

  it('label the overdue verdict reasons of src/shared/rules', () => {
    expect(reasonLabel('stage_budget', 'zh-CN')).toBe('当前阶段超出时限');
    expect(reasonLabel('projected', 'en')).toContain('promised date');
    expect(reasonLabel('other', 'en')).toBe('other');
  });
});
