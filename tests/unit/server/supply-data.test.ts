/** The shipped carriers and lines (resources/*.json, issue 14): valid, covering the simulated company, and refused clearly when wrong. */
import { describe, expect, it } from 'vitest';
import { carrierNameOf, carrierRowId, lineRowId, workstationOfRowId } from '@shared/supply-ids';
import { laneFor, lineCapacityOn } from '@shared/supply-rules';
import { PRODUCT_TYPES } from '@shared/vocab';
import { PROFILES } from '@server/simulator/profiles';
import { DISTRICTS } from '@server/simulator/geo';
import { CARRIERS, stageOfLine, WORKSHOPS } from '@server/simulator/people';
import { defaultSupply, parseCarriers, parseLines, SupplyDataError } from '@server/supply/data';
import { appendCapped } from '@server/supply/reports';

const { carriers, lines } = defaultSupply();

describe('resources/carriers.json', () => {
  it('has every carrier the warehouse books, with a lane into every district orders go to, and one express carrier', () => {
    for (const c of CARRIERS) {
      const data = carriers.find((x) => x.name === c.name);
      expect(data, c.name).toBeDefined();
      expect(data!.express).toBe(false);
      for (const d of DISTRICTS) expect(laneFor(data!, { district: d.name, city: d.city, province: d.province }), `${c.name} → ${d.name}`).not.toBeNull();
      expect(data!.trackingUrl).toContain('{waybill}');
    }
    const express = carriers.filter((c) => c.express);
    expect(express.map((c) => c.name)).toEqual(['京东物流加急']);
    // express costs more than any regular carrier on the same lane
    const regular = carriers.filter((c) => !c.express);
    for (const lane of express[0]!.lanes) {
      for (const c of regular) expect(lane.yuanPerShipment).toBeGreaterThan(c.lanes.find((l) => l.region === lane.region)?.yuanPerShipment ?? 0);
    }
  });

  it('has district lanes where transit differs from the city’s', () => {
    const deppon = carriers.find((c) => c.name === '德邦物流')!;
    expect(laneFor(deppon, { district: '崇明区', city: '上海市', province: '上海市' })!.transitDays).toBeGreaterThan(laneFor(deppon, { district: '浦东新区', city: '上海市', province: '上海市' })!.transitDays);
  });
});

describe('resources/lines.json', () => {
  it('has every line of every workshop, working its kind’s stage and every product type', () => {
    const ids = lines.map((l) => `${l.factory}/${l.name}`).sort();
    expect(ids).toEqual(WORKSHOPS.flatMap((w) => w.lines.map((l) => `${w.workshop}/${l}`)).sort());
    for (const l of lines) {
      expect(l.stage).toBe(stageOfLine(l.name));
      expect([...l.skills].sort()).toEqual([...PRODUCT_TYPES].sort());
    }
  });

  it('takes a normal peak day with slack at every stage', () => {
    for (const stage of [4, 5, 6, 7]) {
      const perDay = lines.filter((l) => l.stage === stage).reduce((n, l) => n + lineCapacityOn(l, '2025-11-11'), 0);
      expect(perDay, `stage ${stage}`).toBeGreaterThan(PROFILES.spring * 1.1);
    }
  });
});

describe('parsing', () => {
  it('names the field that is wrong, and a name given twice', () => {
    const bad = structuredClone(carriers);
    bad[1]!.lanes[3]!.transitDays = -1;
    expect(() => parseCarriers(bad)).toThrow(/^carriers\.json: 1\.lanes\.3\.transitDays: /);
    expect(() => parseCarriers([...carriers, carriers[0]])).toThrow(new SupplyDataError('carriers.json: 5: 德邦物流 appears twice'));
    expect(() => parseLines([{ ...lines[0]!, stage: 8 }])).toThrow(/0\.stage: a production line works stage 4\.\.7/);
  });

  it('row ids are ASCII and give the names back', () => {
    for (const c of carriers) {
      expect(carrierRowId(c.name)).toMatch(/^[\x21-\x7e]+$/);
      expect(carrierNameOf(carrierRowId(c.name))).toBe(c.name);
    }
    expect(workstationOfRowId(lineRowId('苏州一厂/封边2线'))).toBe('苏州一厂/封边2线');
    expect(carrierNameOf('c-zz')).toBeNull();
    expect(carrierNameOf(lineRowId('x'))).toBeNull();
  });
});

describe('appendCapped', () => {
  it('makes room by dropping the oldest ended entry, else the first', () => {
    const e = (to: string) => ({ to: `2026-02-0${to}T00:00:00+08:00` });
    const now = Date.parse('2026-02-05T00:00:00+08:00');
    expect(appendCapped([e('3'), e('2'), e('9')], e('8'), 3, now)).toEqual([e('3'), e('9'), e('8')]);
    expect(appendCapped([e('7'), e('9')], e('8'), 2, now)).toEqual([e('9'), e('8')]);
    expect(appendCapped([e('7')], e('8'), 5, now)).toEqual([e('7'), e('8')]);
  });
});
