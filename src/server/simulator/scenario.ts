/**
 * Fault scenarios (`--scenario FILE`): JSON, validated with zod; a bad file is an error naming
 * the field (`scenario.events.0.hours: …`). Each event starts `atHours` after the simulation
 * start (0 or less: already under way at the start) and lasts its hours or days:
 * - workstation_down: a line (e.g. 封边2线, edge banding) stops; orders at its stage there are
 *   tagged machine_fault and wait for it;
 * - crews_on_leave: every crew whose home is `district` is unavailable; their open jobs' orders
 *   are tagged installer_shortage;
 * - carrier_stopped: a carrier stops in some cities or provinces (a cold snap); its orders there
 *   booked for pick-up (8) or shipped (9) are tagged logistics and wait.
 * The carrier's stoppage and the line's down time are reported first (issue 14), through the floor
 * API once live (outageOf gives the report).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shanghaiIso } from '@shared/time';
import type { CarrierStoppage, LineDown } from '@shared/supply-rules';
import { factoryOfLine } from '@server/simulator/people';

const text = (max: number) => z.string().trim().min(1).max(max);
const at = z.number().min(-24 * 30).max(24 * 365);

export const WorkstationDown = z.object({
  kind: z.literal('workstation_down'),
  atHours: at,
  hours: z.number().positive().max(24 * 30),
  line: text(64),
  stage: z.number().int().min(3).max(8).default(5),
  note: text(200).optional(),
});
export const CrewsOnLeave = z.object({
  kind: z.literal('crews_on_leave'),
  atHours: at,
  days: z.number().int().min(1).max(60),
  district: text(32),
  reason: text(200).default('集体请假'),
});
export const CarrierStopped = z.object({
  kind: z.literal('carrier_stopped'),
  atHours: at,
  hours: z.number().positive().max(24 * 30),
  carrier: text(64),
  /** city or province names (上海市, 江苏省, 苏州市 …) */
  regions: z.array(text(32)).min(1).max(50),
  reason: text(200).default('寒潮'),
});
export const ScenarioEvent = z.discriminatedUnion('kind', [WorkstationDown, CrewsOnLeave, CarrierStopped]);
export type ScenarioEvent = z.infer<typeof ScenarioEvent>;

export const Scenario = z
  .object({
    name: text(100),
    description: z.string().max(2000).optional(),
    events: z.array(ScenarioEvent).min(1).max(100),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

export class ScenarioError extends Error {}

export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  const r = Scenario.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ['scenario', ...(issue?.path ?? []).map(String)].join('.');
  throw new ScenarioError(`${source}: ${path}: ${issue?.message ?? 'invalid'}`);
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`--scenario: cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`--scenario: ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseScenario(json, file);
}

const HOUR = 3_600_000;

/** The window of an event on the clock, epoch ms. */
export function windowOf(e: ScenarioEvent, startMs: number): { from: number; to: number } {
  const from = startMs + e.atHours * HOUR;
  const length = e.kind === 'crews_on_leave' ? e.days * 24 * HOUR : e.hours * HOUR;
  return { from, to: from + length };
}

export interface OrderFacts {
  stage: number;
  line: string | null;
  carrier: string | null;
  city: string;
  province: string;
  crewId: string | null;
  district: string;
}

/** The cause an event tags on an order it hits, or null when it does not hit it. */
export function causeIfHit(e: ScenarioEvent, o: OrderFacts, leaveCrews: ReadonlySet<string>): string | null {
  if (e.kind === 'workstation_down') return o.stage === e.stage && o.line === e.line ? 'machine_fault' : null;
  if (e.kind === 'carrier_stopped') return (o.stage === 8 || o.stage === 9) && o.carrier === e.carrier && (e.regions.includes(o.city) || e.regions.includes(o.province)) ? 'logistics' : null;
  const open = o.stage === 10 || o.stage === 11;
  return open && ((o.crewId !== null && leaveCrews.has(o.crewId)) || (o.stage === 10 && o.district === e.district)) ? 'installer_shortage' : null;
}

export function noteFor(e: ScenarioEvent): string {
  if (e.kind === 'workstation_down') return e.note ?? `${e.line} 停机 ${e.hours} 小时`;
  if (e.kind === 'carrier_stopped') return `${e.carrier} ${e.regions.join('、')} 停运：${e.reason}`;
  return `${e.district} 安装队请假：${e.reason}`;
}

/** The stages whose orders an event can hit (the floor lists them page by page). */
export function stagesHit(e: ScenarioEvent): number[] {
  return e.kind === 'workstation_down' ? [e.stage] : e.kind === 'carrier_stopped' ? [8, 9] : [10, 11];
}

export type Outage =
  | { kind: 'carrier'; carrier: string; stoppage: CarrierStoppage }
  | { kind: 'line'; line: string; down: LineDown };

/**
 * What the floor reports for an event (issue 14): a carrier's stoppage over the event's window,
 * or the line down (`<factory>/<line>`, the factory found from the line's name); null for leave,
 * and for a line no workshop has.
 */
export function outageOf(e: ScenarioEvent, startMs: number): Outage | null {
  const w = windowOf(e, startMs);
  const from = shanghaiIso(w.from);
  const to = shanghaiIso(w.to);
  if (e.kind === 'carrier_stopped') return { kind: 'carrier', carrier: e.carrier, stoppage: { regions: e.regions, from, to, reason: e.reason } };
  if (e.kind === 'workstation_down') {
    const factory = factoryOfLine(e.line);
    return factory ? { kind: 'line', line: `${factory}/${e.line}`, down: { from, to, reason: e.note ?? `${e.line} 设备故障` } } : null;
  }
  return null;
}
