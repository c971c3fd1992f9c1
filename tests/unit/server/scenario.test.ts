import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '@server/cli/args';
import { generateBacklog } from '@server/simulator/backlog';
import { causeIfHit, loadScenario, outageOf, parseScenario, ScenarioError, type ScenarioEvent } from '@server/simulator/scenario';
import { applyScenarioToBacklog } from '@server/simulator/scenario-backlog';

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'resources', 'scenarios');
const START = Date.parse('2026-02-02T08:00:00+08:00');

describe('scenario files', () => {
  it('ships the seed scenarios, each valid', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['cold-snap-2026-02-02.json', 'edge-banding-down.json', 'pudong-installers-leave.json']);
    for (const f of files) expect(loadScenario(join(DIR, f)).events.length).toBeGreaterThan(0);
  });

  it('names the failing field', () => {
    const bad: [unknown, string][] = [
      [{ events: [] }, 'scenario.name'],
      [{ name: 'x', events: [] }, 'scenario.events'],
      [{ name: 'x', events: [{ kind: 'meteor', atHours: 0 }] }, 'scenario.events.0.kind'],
      [{ name: 'x', events: [{ kind: 'crews_on_leave', atHours: 0, days: 0, district: '浦东新区' }] }, 'scenario.events.0.days'],
      [{ name: 'x', events: [{ kind: 'carrier_stopped', atHours: 0, hours: 5, carrier: '安能物流', regions: [] }] }, 'scenario.events.0.regions'],
      [{ name: 'x', events: [{ kind: 'workstation_down', atHours: 'soon', hours: 5, line: 'l' }] }, 'scenario.events.0.atHours'],
      [{ name: 'x', extra: 1, events: [{ kind: 'workstation_down', atHours: 0, hours: 5, line: 'l' }] }, 'extra'],
    ];
    for (const [json, field] of bad) expect(() => parseScenario(json)).toThrow(field);
    expect(() => loadScenario(join(DIR, 'missing.json'))).toThrow(ScenarioError);
  });

  it('is taken by the CLI with a profile, only with --simulate', () => {
    expect(parseArgs(['serve', '--db', 'a', '--port', '0', '--simulate', '--profile', 'stress', '--scenario', 'x.json']).kind).toBe('serve');
    expect(() => parseArgs(['serve', '--db', 'a', '--port', '0', '--scenario', 'x.json'])).toThrow('--scenario');
    expect(() => parseArgs(['serve', '--db', 'a', '--port', '0', '--simulate', '--profile', 'busy'])).toThrow('--profile');
  });
});

describe('scenario effects on the backlog', () => {
  const backlog = generateBacklog(9, START, { orders: 600 });

  it('tags the orders each fault hits and puts the district crews on leave, deterministically', () => {
    for (const file of ['edge-banding-down.json', 'pudong-installers-leave.json', 'cold-snap-2026-02-02.json']) {
      const sc = loadScenario(join(DIR, file));
      const a = applyScenarioToBacklog(backlog, sc, START);
      expect(applyScenarioToBacklog(backlog, sc, START)).toEqual(a);
      const added = a.events.length - backlog.events.length;
      expect(added, file).toBeGreaterThan(0);
      const tagged = a.events.slice(backlog.events.length);
      for (const e of tagged) expect(e.actor).toBe(`scenario:${sc.name}`);
    }
    const leave = applyScenarioToBacklog(backlog, loadScenario(join(DIR, 'pudong-installers-leave.json')), START);
    const pudong = leave.crews.filter((c) => c.district === '浦东新区');
    expect(pudong.length).toBeGreaterThan(0);
    for (const c of pudong) expect(c.unavailable).toContainEqual({ from: '2026-02-02', to: '2026-02-04', reason: '安装队集体请假' });
    // the input backlog is untouched
    expect(backlog.crews.find((c) => c.id === pudong[0]?.id)?.unavailable).not.toContainEqual({ from: '2026-02-02', to: '2026-02-04', reason: '安装队集体请假' });
  });

  it('hits by stage and place', () => {
    const o = { stage: 9, line: null, carrier: '安能物流', city: '苏州市', province: '江苏省', crewId: null, district: '姑苏区' };
    const cold: ScenarioEvent = { kind: 'carrier_stopped', atHours: 0, hours: 48, carrier: '安能物流', regions: ['江苏省'], reason: '寒潮' };
    expect(causeIfHit(cold, o, new Set())).toBe('logistics');
    expect(causeIfHit(cold, { ...o, province: '浙江省', city: '杭州市' }, new Set())).toBeNull();
    expect(causeIfHit(cold, { ...o, stage: 10 }, new Set())).toBeNull();
    // booked with the carrier but not yet collected (issue 14): held too
    expect(causeIfHit(cold, { ...o, stage: 8 }, new Set())).toBe('logistics');
  });

  it('reports the outage over the event’s window: a carrier’s stoppage, a line down in its factory', () => {
    const start = Date.parse('2026-02-02T00:00:00+08:00');
    const cold: ScenarioEvent = { kind: 'carrier_stopped', atHours: 2, hours: 48, carrier: '安能物流', regions: ['江苏省'], reason: '寒潮' };
    expect(outageOf(cold, start)).toEqual({ kind: 'carrier', carrier: '安能物流', stoppage: { regions: ['江苏省'], from: '2026-02-02T02:00:00+08:00', to: '2026-02-04T02:00:00+08:00', reason: '寒潮' } });
    const down: ScenarioEvent = { kind: 'workstation_down', atHours: 0, hours: 8, line: '封边2线', stage: 5 };
    expect(outageOf(down, start)).toEqual({ kind: 'line', line: '苏州一厂/封边2线', down: { from: '2026-02-02T00:00:00+08:00', to: '2026-02-02T08:00:00+08:00', reason: '封边2线 设备故障' } });
    expect(outageOf({ ...down, line: '不存在的线' }, start)).toBeNull();
  });
});

describe('an outage under way at the start', () => {
  it('is on the carrier’s or line’s row the backlog seeds, the input untouched', () => {
    const start = Date.parse('2026-02-02T00:00:00+08:00');
    const backlog = generateBacklog(5, start, { orders: 300 });
    const sc = parseScenario({ name: 'cold', events: [
      { kind: 'carrier_stopped', atHours: 0, hours: 48, carrier: '安能物流', regions: ['江苏省'], reason: '寒潮' },
      { kind: 'workstation_down', atHours: -1, hours: 8, line: '封边2线', stage: 5 },
    ] });
    const a = applyScenarioToBacklog(backlog, sc, start);
    expect(a.supply.carriers.find((c) => c.name === '安能物流')?.stoppages).toEqual([{ regions: ['江苏省'], from: '2026-02-02T00:00:00+08:00', to: '2026-02-04T00:00:00+08:00', reason: '寒潮' }]);
    expect(a.supply.lines.find((l) => l.name === '封边2线')?.down).toHaveLength(1);
    expect(backlog.supply.carriers.find((c) => c.name === '安能物流')?.stoppages).toEqual([]);
  });
});
