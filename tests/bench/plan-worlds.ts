/**
 * Seed worlds for the supply plan figures (issue 14): a carrier that stopped with many orders
 * (plan.logistics.1000.ms) and a production line that is down with many waiting (plan.lineDown.500.ms).
 * Each world is plain rows behind an in-memory PlanningSource, so the benchmark and its unit test
 * (tests/unit/node/planning/plan-worlds.test.ts) build the problem with the real builders
 * (problemForIncident, lineProblem) exactly as the desk and the server do. Deterministic per seed.
 *
 * The hard-rule checkers at the end are written from the raw world data, not with the planner's
 * helpers (own lane lookup, own down and leave intervals, own capacity arithmetic), so a planner
 * bug is not mirrored by the check.
 */
import carriersJson from '@resources/carriers.json';
import linesJson from '@resources/lines.json';
import { z } from 'zod';
import { DEFAULT_POLICY } from '@main/plans/policy';
import { CarrierData, LineData } from '@shared/supply-rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { addDays, shanghaiDate, shanghaiIso } from '@shared/time';
import type { Plan } from '@shared/plans';
import type { IncidentInput } from '@node/planning/incident-problem';
import { lineBatch } from '@node/planning/line-plans';
import type { PlanCarrier, PlanCrew, PlanLine, PlanningProblem } from '@node/planning/problem';
import type { PlanningSource, SourceJob, SourceOrder } from '@node/planning/source';
import { carrierLoadOf, lineLoadOf } from '@node/planning/supply-load';

export const WORLD_TODAY = '2026-11-25';
const HOUR = 3_600_000;
const SKILLS = ['wardrobe', 'kitchen', 'bookcase', 'shoe_cabinet', 'tatami'] as const;

/** A place orders go to; lanes match the district, then the city, then the province (carriers.json). */
interface Place {
  province: string;
  city: string;
  district: string;
  lat: number;
  lng: number;
}

/** A few provinces, cities and districts, some with a lane of their own (崇明区, 富阳区, 宜兴市…), some only by province (扬州市, 金华市). */
const PLACES: readonly Place[] = [
  ['上海市', '上海市', '浦东新区', 31.22, 121.54], ['上海市', '上海市', '闵行区', 31.11, 121.38], ['上海市', '上海市', '徐汇区', 31.19, 121.44], ['上海市', '上海市', '崇明区', 31.62, 121.4],
  ['江苏省', '苏州市', '姑苏区', 31.31, 120.62], ['江苏省', '苏州市', '张家港市', 31.87, 120.55], ['江苏省', '无锡市', '梁溪区', 31.57, 120.3], ['江苏省', '无锡市', '宜兴市', 31.36, 119.82],
  ['江苏省', '南京市', '鼓楼区', 32.07, 118.77], ['江苏省', '常州市', '溧阳市', 31.42, 119.48], ['江苏省', '南通市', '启东市', 31.81, 121.66], ['江苏省', '扬州市', '邗江区', 32.38, 119.4],
  ['浙江省', '杭州市', '西湖区', 30.26, 120.13], ['浙江省', '杭州市', '富阳区', 30.05, 119.96], ['浙江省', '嘉兴市', '南湖区', 30.75, 120.78], ['浙江省', '宁波市', '鄞州区', 29.82, 121.55],
  ['浙江省', '湖州市', '吴兴区', 30.87, 120.1], ['浙江省', '绍兴市', '越城区', 30.0, 120.58], ['浙江省', '金华市', '婺城区', 29.08, 119.65],
].map(([province, city, district, lat, lng]) => ({ province, city, district, lat, lng }) as Place);

/** The plain rows of a world and the incident to plan. */
export interface World {
  source: PlanningSource;
  incident: IncidentInput;
  orders: SourceOrder[];
  jobs: SourceJob[];
}

function random(seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  return { rnd, pick, int };
}

/** An in-memory PlanningSource over plain rows; the loads are counted by the same pure functions the desk and server use. */
function memorySource(w: { nowMs: number; orders: SourceOrder[]; jobs: SourceJob[]; crews: PlanCrew[]; crewBackground: ReadonlyMap<string, number>; carriers: PlanCarrier[]; lines: PlanLine[] }): PlanningSource {
  const orderById = new Map(w.orders.map((o) => [o.id, o]));
  const jobById = new Map(w.jobs.map((j) => [j.id, j]));
  const open = (j: SourceJob) => j.status !== 'done' && j.status !== 'cancelled';
  return {
    nowMs: () => w.nowMs,
    checkpoint: () => 1,
    policy: () => DEFAULT_POLICY,
    orders: (ids) => ids.flatMap((id) => orderById.get(id) ?? []),
    jobsOfOrders: (ids) => {
      const want = new Set(ids);
      return w.jobs.filter((j) => want.has(j.orderId));
    },
    jobs: (ids) => ids.flatMap((id) => jobById.get(id) ?? []),
    crews: () => w.crews,
    crewLoad: (excluding) => {
      const load = new Map(w.crewBackground);
      for (const j of w.jobs) if (open(j) && j.crewId && j.date && !excluding.has(j.id)) load.set(`${j.crewId}|${j.date}`, (load.get(`${j.crewId}|${j.date}`) ?? 0) + 1);
      return load;
    },
    carriers: () => w.carriers,
    lines: () => w.lines,
    ordersOfCarrier: (carrier) => w.orders.filter((o) => o.carrier === carrier && (o.stage === 8 || o.stage === 9)),
    carrierLoad: (excluding) => carrierLoadOf(w.orders, w.carriers, DEFAULT_BUDGETS[8] ?? null, w.nowMs, excluding),
    lineLoad: (excluding) => lineLoadOf(w.orders, w.lines, w.nowMs, excluding),
  };
}

/** Crews per district: the first has every skill, the others a few; each reaches its home and one neighbour; some on leave. */
function seedCrews(r: ReturnType<typeof random>, today: string): { crews: PlanCrew[]; background: Map<string, number> } {
  const crews: PlanCrew[] = [];
  const background = new Map<string, number>();
  PLACES.forEach((place, pi) => {
    const neighbour = PLACES[(pi + 1) % PLACES.length]!;
    for (let k = 0; k < 3; k++) {
      const id = `crew-${String(pi).padStart(2, '0')}-${k}`;
      const skills = k === 0 ? [...SKILLS] : [...new Set([r.pick(SKILLS), r.pick(SKILLS), 'wardrobe'])];
      const onLeave = k === 2 && r.rnd() < 0.3;
      const capacityPerDay = r.int(3, 5);
      crews.push({
        id, name: `班组${pi}-${k}`, district: place.district, districts: k === 1 ? [place.district, neighbour.district] : [place.district], skills, capacityPerDay,
        unavailable: onLeave ? [{ from: addDays(today, r.int(1, 4)), to: addDays(today, r.int(5, 7)), reason: '请假' }] : [], overtime: [], version: 1,
        lat: place.lat, lng: place.lng,
      });
      // other orders' installations already booked: a fifth to a half of each day
      for (let d = 0; d < 24; d++) background.set(`${id}|${addDays(today, d)}`, Math.floor(capacityPerDay * (0.2 + r.rnd() * 0.3)));
    }
  });
  return { crews, background };
}

export const STOPPED_CARRIER = '德邦物流';

const CARRIERS: PlanCarrier[] = z.array(CarrierData).parse(carriersJson).map((c) => ({ ...c, id: c.name, version: 1 }));

/**
 * A stopped carrier (logistics, 物流异常): `n` orders booked with 德邦物流 across three provinces,
 * about 55 % at stage 8 (not yet collected: plan A or C may switch them) and 45 % at stage 9
 * (collected, with the installation booked provisionally at hand-off: plan B moves it). 德邦物流
 * stops for 48 h into all three provinces from just before now (21:06); the other three regular
 * carriers and the express one of resources/carriers.json already carry other orders filling half
 * to nearly all of each lane-day. One order in ten of the stage-8 ones reaches the incident only as
 * the stopped carrier's other held shipments (PlanningSource.ordersOfCarrier).
 */
export function logisticsWorld(n: number, seed = 1): World {
  const r = random(seed);
  const nowMs = Date.parse(`${WORLD_TODAY}T21:06:00+08:00`);
  const today = WORLD_TODAY;
  const carriers = CARRIERS.map((c) => (c.name === STOPPED_CARRIER ? { ...c, stoppages: [{ regions: ['上海市', '江苏省', '浙江省'], from: shanghaiIso(nowMs - HOUR), to: shanghaiIso(nowMs + 47 * HOUR), reason: '暴雪封路' }] } : c));
  const { crews, background } = seedCrews(r, today);
  const orders: SourceOrder[] = [];
  const jobs: SourceJob[] = [];
  const stopped = carriers.find((c) => c.name === STOPPED_CARRIER)!;
  for (let i = 0; i < n; i++) {
    const place = r.pick(PLACES);
    const productType = r.pick(SKILLS);
    const collected = r.rnd() < 0.45;
    const id = `lo-${String(i).padStart(5, '0')}`;
    const stageEnteredAt = shanghaiIso(nowMs - r.int(1, collected ? 30 : 20) * HOUR);
    orders.push({
      id, orderNo: `DL${String(i).padStart(6, '0')}`, stage: collected ? 9 : 8, stageEnteredAt, promisedDate: addDays(today, r.int(2, 6)), productType,
      ...place, lat: place.lat + r.rnd() * 0.03, lng: place.lng + r.rnd() * 0.03, causes: [], workstation: null, carrier: STOPPED_CARRIER,
      waybill: collected ? `DB${String(i).padStart(8, '0')}` : null, version: r.int(3, 9),
    });
    if (!collected) continue;
    // the provisional booking made at hand-off: the day after the arrival expected before the stoppage
    const transit = ownLane(stopped, place)?.transitDays ?? 2;
    let date = addDays(shanghaiDate(Date.parse(stageEnteredAt)), transit + 1);
    if (date <= today) date = addDays(today, 1);
    const serving = crews.filter((c) => c.districts.includes(place.district) && c.skills.includes(productType));
    const crew = serving.length && r.rnd() < 0.95 ? r.pick(serving) : null;
    jobs.push({ id: `lj-${String(i).padStart(5, '0')}`, orderId: id, crewId: crew?.id ?? null, date: crew ? date : null, window: r.pick(['09:00-12:00', '13:00-17:00']), skill: productType, status: crew ? 'booked' : 'unbooked', version: 2 });
  }
  // other carriers' own shipments due for pickup over the next days: each lane-day half to nearly full
  let k = 0;
  for (const c of carriers) {
    if (c.name === STOPPED_CARRIER) continue;
    for (const lane of c.lanes) {
      const place = PLACES.find((pl) => ownLane(c, pl)?.region === lane.region);
      if (!place) continue;
      for (let d = 0; d < 5; d++) {
        const date = addDays(today, d);
        const count = Math.floor(lane.dailyCapacity * (0.5 + r.rnd() * 0.5));
        // due when stage 8's dwell budget ends: entered a budget before 10:00 of the pickup day
        const entered = shanghaiIso(Date.parse(`${date}T10:00:00+08:00`) - (DEFAULT_BUDGETS[8] ?? 24) * HOUR);
        for (let x = 0; x < count; x++) {
          orders.push({ id: `bg-${k++}`, orderNo: `BG${k}`, stage: 8, stageEnteredAt: entered, promisedDate: addDays(date, 4), productType: 'wardrobe', ...place, causes: [], workstation: null, carrier: c.name, waybill: null, version: 1 });
        }
      }
    }
  }
  const mine = orders.filter((o) => o.carrier === STOPPED_CARRIER);
  // the incident names every collected order and most uncollected ones; the rest come in through ordersOfCarrier
  const incidentIds = mine.filter((o, i) => o.stage === 9 || i % 10 !== 0).map((o) => o.id);
  return {
    source: memorySource({ nowMs, orders, jobs, crews, crewBackground: background, carriers, lines: [] }),
    incident: { orderIds: incidentIds, jobIds: [], where: { carrier: STOPPED_CARRIER } },
    orders,
    jobs,
  };
}

export const DOWN_LINE = '苏州一厂/封边2线';

/**
 * A production line down (设备故障): `n` orders waiting at 苏州一厂/封边2线, down for 48 h from 06:00
 * (now is 06:30); the other lines are those of resources/lines.json with their rates scaled so the
 * two surviving edge-banding lines make about an eighth of the backlog a day (the down line a fifth
 * once it runs again), and narrower skills
 * (苏州一厂/封边1线 without tatami, 嘉兴二厂/封边3线 without tatami or kitchen). Other orders already
 * wait at the surviving lines today. A few of the incident's orders are at another stage or on
 * another line (not plannable).
 */
export function lineDownWorld(n: number, seed = 1): World {
  const r = random(seed);
  const nowMs = Date.parse(`${WORLD_TODAY}T06:30:00+08:00`);
  const today = WORLD_TODAY;
  const raw = z.array(LineData).parse(linesJson);
  const stage5 = raw.filter((l) => l.stage === 5 && `${l.factory}/${l.name}` !== DOWN_LINE);
  const perHourNow = stage5.reduce((a, l) => a + l.ordersPerHour * l.hoursPerDay, 0);
  const scale = n / 8 / perHourNow;
  const lines: PlanLine[] = raw.map((l) => {
    const id = `${l.factory}/${l.name}`;
    const skills = id === DOWN_LINE ? l.skills : id === '苏州一厂/封边1线' ? l.skills.filter((s) => s !== 'tatami') : id === '嘉兴二厂/封边3线' ? l.skills.filter((s) => s !== 'tatami' && s !== 'kitchen') : l.skills;
    const down = id === DOWN_LINE ? [{ from: shanghaiIso(nowMs - 30 * 60_000), to: shanghaiIso(nowMs + 47.5 * HOUR), reason: '设备故障' }] : [];
    // the down line, once it runs again, makes about a fifth of the backlog a day (plan B keeps the orders there)
    const rate = id === DOWN_LINE ? n / 5 / l.hoursPerDay : l.ordersPerHour * scale;
    return { ...l, id, version: 1, skills, ordersPerHour: Math.round(rate * 100) / 100, down };
  });
  const { crews, background } = seedCrews(r, today);
  const orders: SourceOrder[] = [];
  const weights = ['wardrobe', 'wardrobe', 'wardrobe', 'wardrobe', 'kitchen', 'kitchen', 'bookcase', 'bookcase', 'shoe_cabinet', 'tatami'] as const;
  for (let i = 0; i < n; i++) {
    const place = r.pick(PLACES);
    const odd = r.rnd();
    const stage = odd < 0.03 ? 4 : 5;
    const workstation = odd >= 0.03 && odd < 0.05 ? '苏州一厂/封边1线' : DOWN_LINE;
    orders.push({
      id: `ln-${String(i).padStart(5, '0')}`, orderNo: `DN${String(i).padStart(6, '0')}`, stage, stageEnteredAt: shanghaiIso(nowMs - r.int(1, 30) * HOUR), promisedDate: addDays(today, r.int(6, 14)),
      productType: r.pick(weights), ...place, causes: ['设备故障'], workstation, carrier: null, waybill: null, version: r.int(2, 6),
    });
  }
  // other orders already waiting at the surviving lines (counted today): a third to two thirds of a day
  let k = 0;
  for (const l of lines.filter((x) => x.stage === 5 && x.id !== DOWN_LINE)) {
    const count = Math.floor(l.hoursPerDay * l.ordersPerHour * (0.33 + r.rnd() * 0.33));
    for (let x = 0; x < count; x++) {
      orders.push({ id: `bg-${k++}`, orderNo: `BG${k}`, stage: 5, stageEnteredAt: shanghaiIso(nowMs - 5 * HOUR), promisedDate: addDays(today, 9), productType: 'wardrobe', ...PLACES[0]!, causes: [], workstation: l.id, carrier: null, waybill: null, version: 1 });
    }
  }
  const incident = orders.filter((o) => o.id.startsWith('ln-'));
  return {
    source: memorySource({ nowMs, orders, jobs: [], crews, crewBackground: background, carriers: [], lines }),
    incident: { orderIds: incident.map((o) => o.id), jobIds: [], where: { workstation: DOWN_LINE } },
    orders,
    jobs: [],
  };
}

// ---- independent hard-rule checks -------------------------------------------------------------

/** The lane a carrier has into a place, looked up here (district, city, province) rather than with laneFor. */
function ownLane(c: Pick<PlanCarrier, 'lanes'>, at: { district: string; city: string; province: string }) {
  return c.lanes.find((l) => l.region === at.district) ?? c.lanes.find((l) => l.region === at.city) ?? c.lanes.find((l) => l.region === at.province) ?? null;
}

const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const slotStart = (date: string, window: string | null) => Date.parse(`${date}T${/^\d{2}:\d{2}/.exec(window ?? '')?.[0] ?? '09:00'}:00+08:00`);
const bound = (t: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(t) ? dayStart(t) + (end ? 86_400_000 : 0) : Date.parse(t));
/** Whether any interval touches the Shanghai day. */
const touches = (ivs: readonly { from: string; to: string }[], date: string) => ivs.some((iv) => bound(iv.from, false) < dayStart(date) + 86_400_000 && bound(iv.to, true) > dayStart(date));

/** Installation moves: same crew as booked, reach, skill, leave, the crew-day's capacity, after the earliest date, after now + lead. */
function jobViolations(p: PlanningProblem, plan: Plan, earliest: (jobId: string) => string | undefined, out: string[]): void {
  const crews = new Map(p.crews.map((c) => [c.id, c]));
  const jobs = new Map(p.jobs.map((j) => [j.jobId, j]));
  const lead = p.nowMs + p.policy.leadTimeHours * HOUR;
  const used = new Map<string, number>();
  for (const m of plan.moves) {
    if (!m.to?.crewId || !m.to.date) continue;
    const j = jobs.get(m.jobId);
    const c = crews.get(m.to.crewId);
    const at = `${plan.kind} ${m.jobId} → ${m.to.crewId} ${m.to.date}`;
    if (!j || !c) {
      out.push(`${at}: unknown job or crew`);
      continue;
    }
    used.set(`${c.id}|${m.to.date}`, (used.get(`${c.id}|${m.to.date}`) ?? 0) + 1);
    if (j.notPlannable && m.moved) out.push(`${at}: not plannable (${j.notPlannable})`);
    if (c.id !== j.crewId) out.push(`${at}: another crew than ${j.crewId}`);
    if (!c.districts.includes(j.district) || !c.skills.includes(j.skill)) out.push(`${at}: reach or skill`);
    if (touches(c.unavailable, m.to.date)) out.push(`${at}: crew off`);
    if (m.moved && slotStart(m.to.date, j.window) < lead) out.push(`${at}: starts before now + lead`);
    const e = earliest(m.jobId);
    if (m.moved && e && m.to.date < e) out.push(`${at}: before ${e}`);
  }
  for (const [key, n] of used) {
    const [id, date] = key.split('|') as [string, string];
    const c = crews.get(id)!;
    const cap = c.capacityPerDay + (c.overtime.find((o) => o.date === date)?.extraJobs ?? 0);
    if ((p.otherLoad.get(key) ?? 0) + n > cap) out.push(`${plan.kind} ${key}: ${(p.otherLoad.get(key) ?? 0) + n} jobs > capacity ${cap}`);
  }
}

/**
 * Hard-rule violations of logistics plans, as readable lines (empty = none): a switch only of an
 * uncollected plannable shipment, to another carrier of the plan's kind (express for C only) with
 * a lane into its place; each lane-day's load within its daily capacity; every pickup (09:00) and
 * moved installation after now + lead; installations after the (new) arrival.
 */
export function logisticsViolations(p: PlanningProblem, plans: readonly Plan[]): string[] {
  const out: string[] = [];
  const carriers = new Map((p.carriers ?? []).map((c) => [c.name, c]));
  const shipments = new Map((p.shipments ?? []).map((s) => [s.orderId, s]));
  const lead = p.nowMs + p.policy.leadTimeHours * HOUR;
  for (const plan of plans) {
    const used = new Map<string, { n: number; cap: number }>();
    for (const m of plan.orderMoves) {
      if (!m.moved) continue;
      const s = shipments.get(m.orderId);
      const c = m.to ? carriers.get(m.to.resource) : undefined;
      const at = `${plan.kind} ${m.orderId} → ${m.to?.resource} ${m.to?.date}`;
      if (!s || !c || !m.to?.date) {
        out.push(`${at}: unknown shipment, carrier or date`);
        continue;
      }
      if (plan.kind === 'wait_carrier') out.push(`${at}: plan B switches nothing`);
      if (s.stage !== 8 || s.notPlannable) out.push(`${at}: not switchable (stage ${s.stage})`);
      if (c.name === s.carrier) out.push(`${at}: same carrier`);
      if (c.express !== (plan.kind === 'express')) out.push(`${at}: ${c.express ? 'express' : 'regular'} carrier in ${plan.kind}`);
      if (slotStart(m.to.date, null) < lead) out.push(`${at}: pickup before now + lead`);
      const lane = ownLane(c, s);
      if (!lane) {
        out.push(`${at}: no lane`);
        continue;
      }
      const key = `${c.name}|${lane.region}|${m.to.date}`;
      used.set(key, { n: (used.get(key)?.n ?? 0) + 1, cap: lane.dailyCapacity });
    }
    for (const [key, { n, cap }] of used) if ((p.carrierLoad?.get(key) ?? 0) + n > cap) out.push(`${plan.kind} ${key}: ${(p.carrierLoad?.get(key) ?? 0) + n} shipments > daily capacity ${cap}`);
    // installations wait for the goods: B for the stopped carrier's arrival, A/C for the new one
    const arrival = new Map(plan.orderMoves.filter((m) => m.moved && m.expectedDate).map((m) => [m.orderId, m.expectedDate!]));
    const orderOf = new Map(p.jobs.map((j) => [j.jobId, j.orderId]));
    jobViolations(p, plan, (jobId) => {
      const a = arrival.get(orderOf.get(jobId) ?? '');
      return plan.kind === 'wait_carrier' ? p.jobs.find((j) => j.jobId === jobId)?.earliestDate : a ? addDays(a, 1) : undefined;
    }, out);
  }
  return out;
}

/**
 * Hard-rule violations of line plans (empty = none): a placed order on a line of its stage with
 * its product type (another line for A and C, its own for B); each line-day's load within
 * (hours + overtime hours) × rate, none on a day the line is down, the overtime the batch buys
 * within the line's maximum (and none outside C); every production day and pushed installation
 * after now + lead.
 */
export function lineViolations(p: PlanningProblem, plans: readonly Plan[]): string[] {
  const out: string[] = [];
  const lines = new Map((p.lines ?? []).map((l) => [l.id, l]));
  const orders = new Map((p.lineOrders ?? []).map((o) => [o.orderId, o]));
  const lead = p.nowMs + p.policy.leadTimeHours * HOUR;
  for (const plan of plans) {
    const bought = new Map<string, number>();
    for (const c of lineBatch(plan, p)?.payload.commands ?? []) {
      if (c.type !== 'line.overtime') continue;
      if (plan.kind !== 'line_overtime') out.push(`${plan.kind}: buys overtime`);
      for (const e of c.payload.lines as Array<{ lineId: string; date: string; hours: number }>) {
        const l = lines.get(e.lineId);
        if (!l || e.hours > l.overtimeHoursMax) out.push(`${plan.kind} ${e.lineId} ${e.date}: ${e.hours} h overtime > max`);
        bought.set(`${e.lineId}|${e.date}`, e.hours);
      }
    }
    const used = new Map<string, number>();
    for (const m of plan.orderMoves) {
      if (!m.to?.date) continue;
      const o = orders.get(m.orderId);
      const l = lines.get(m.to.resource);
      const at = `${plan.kind} ${m.orderId} → ${m.to.resource} ${m.to.date}`;
      if (!o || !l) {
        out.push(`${at}: unknown order or line`);
        continue;
      }
      if (o.notPlannable) out.push(`${at}: not plannable (${o.notPlannable})`);
      if (l.stage !== o.stage || !l.skills.includes(o.productType)) out.push(`${at}: stage ${l.stage} or skill for ${o.productType}`);
      if ((plan.kind === 'push_downstream') !== (l.id === o.line)) out.push(`${at}: ${plan.kind} on ${l.id === o.line ? 'its own' : 'another'} line`);
      if (slotStart(m.to.date, null) < lead) out.push(`${at}: before now + lead`);
      used.set(`${l.id}|${m.to.date}`, (used.get(`${l.id}|${m.to.date}`) ?? 0) + 1);
    }
    for (const [key, n] of used) {
      const [id, date] = key.split('|') as [string, string];
      const l = lines.get(id)!;
      const hours = bought.get(key) ?? l.overtime.find((x) => x.date === date)?.hours ?? 0;
      const cap = touches(l.down, date) ? 0 : Math.floor((l.hoursPerDay + hours) * l.ordersPerHour);
      if ((p.lineLoad?.get(key) ?? 0) + n > cap) out.push(`${plan.kind} ${key}: ${(p.lineLoad?.get(key) ?? 0) + n} orders > capacity ${cap}`);
    }
    jobViolations(p, plan, (jobId) => p.jobs.find((j) => j.jobId === jobId)?.earliestDate, out);
  }
  return out;
}
