/**
 * The war room's part of the desk API contract (appended to deskContract in contract.ts):
 * map points sent as small deltas, incidents (protocol.md `incidents`), bottlenecks, crew load and
 * the order diagnosis. Times are ISO strings of the server's clock; dates are Shanghai dates.
 */
import { z } from 'zod';

export const INCIDENT_STATES = ['new', 'acknowledged', 'handling', 'resolved'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

/** One order on the map. `lateSince` (ISO) lets the page compute "hours late" itself, so a moving clock sends nothing. */
export const MapPoint = z.object({
  id: z.string(),
  orderNo: z.string(),
  stage: z.number().int(),
  status: z.enum(['overdue', 'at_risk']),
  /** 'stage_budget' | 'promised_date' | 'projected' | 'crew_unavailable' */
  reason: z.string(),
  lateSince: z.string().nullable(),
  promisedDate: z.string(),
  city: z.string(),
  district: z.string(),
  lat: z.number(),
  lng: z.number(),
  channel: z.string(),
  productType: z.string(),
  causes: z.array(z.string()),
  crewId: z.string().nullable(),
  carrier: z.string().nullable(),
  workstation: z.string().nullable(),
});
export type MapPoint = z.infer<typeof MapPoint>;

export const WarCounters = z.object({
  inFlight: z.number().int(),
  overdue: z.number().int(),
  atRisk: z.number().int(),
  doneToday: z.number().int(),
  doneOnTimeToday: z.number().int(),
  /** share of today's finished orders that met their promised date, null before the first */
  onTimeRate: z.number().nullable(),
});
export type WarCounters = z.infer<typeof WarCounters>;

/** The whole map (read once, and after a gap). */
export const MapView = z.object({ version: z.number().int(), asOf: z.string(), counters: WarCounters, points: z.array(MapPoint) });
export type MapView = z.infer<typeof MapView>;

/** What changed on the map since version `from` (pushed). `resync` = too much changed: re-read the snapshot. */
export const MapDelta = z.object({
  from: z.number().int(),
  to: z.number().int(),
  asOf: z.string(),
  counters: WarCounters,
  upserts: z.array(MapPoint),
  removed: z.array(z.string()),
  resync: z.boolean(),
});
export type MapDelta = z.infer<typeof MapDelta>;

export const IncidentWhere = z.object({
  district: z.string().optional(),
  crewId: z.string().optional(),
  workstation: z.string().optional(),
  carrier: z.string().optional(),
});
export type IncidentWhere = z.infer<typeof IncidentWhere>;

/** protocol.md `incidents`, exactly. */
export const Incident = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  cause: z.string(),
  where: IncidentWhere,
  count: z.number().int(),
  orderIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  firstSeen: z.string(),
  state: IncidentState,
});
export type Incident = z.infer<typeof Incident>;

/** An incident as the cause list shows it: the protocol fields plus what the supervisor reads at a glance. */
export const IncidentLine = Incident.extend({
  overdue: z.number().int(),
  atRisk: z.number().int(),
  /** counts at the last hourly samples (server clock), oldest first, ending with now */
  trend: z.array(z.number().int()),
  examples: z.array(z.object({ id: z.string(), orderNo: z.string(), stage: z.number().int() })),
  /** crews of a leave incident: id, name, on leave today */
  crews: z.array(z.object({ id: z.string(), name: z.string(), onLeaveToday: z.boolean() })),
  stateChangedAt: z.string().nullable(),
});
export type IncidentLine = z.infer<typeof IncidentLine>;

export const IncidentBoard = z.object({
  version: z.number().int(),
  asOf: z.string(),
  incidents: z.array(IncidentLine),
  /** late orders with no cause tag, and late orders in groups below the threshold */
  unattributed: z.number().int(),
  threshold: z.number().int(),
});
export type IncidentBoard = z.infer<typeof IncidentBoard>;

export const Bottleneck = z.object({
  stage: z.number().int(),
  budgetHours: z.number().nullable(),
  inStage: z.number().int(),
  avgDwellHours: z.number(),
  p90DwellHours: z.number(),
  overBudget: z.number().int(),
  /** avgDwell / budget; null for stages without a budget */
  ratio: z.number().nullable(),
  /** the workstation, carrier or district holding most over-budget orders of this stage */
  worstPlace: z.string().nullable(),
  worstPlaceCount: z.number().int(),
  /** over-budget orders, longest dwell first */
  orders: z.array(z.object({ id: z.string(), orderNo: z.string(), dwellHours: z.number(), place: z.string().nullable() })),
  orderIds: z.array(z.string()),
});
export type Bottleneck = z.infer<typeof Bottleneck>;

export const CrewLoadRow = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacityPerDay: z.number().int(),
  /** per date: capacityPerDay plus any overtime bought for that day */
  capacity: z.array(z.number().int()),
  load: z.array(z.number().int()),
  unavailable: z.array(z.string().nullable()),
});
export type CrewLoadRow = z.infer<typeof CrewLoadRow>;
export const CrewLoad = z.object({ dates: z.array(z.string()), crews: z.array(CrewLoadRow) });
export type CrewLoad = z.infer<typeof CrewLoad>;

export const OrderMatch = z.object({
  id: z.string(),
  orderNo: z.string(),
  customer: z.string(),
  district: z.string(),
  stage: z.number().int(),
  status: z.enum(['overdue', 'at_risk', 'on_track', 'done']),
});
export type OrderMatch = z.infer<typeof OrderMatch>;

export const TimelineStage = z.object({
  stage: z.number().int(),
  plannedAt: z.string().nullable(),
  actualAt: z.string().nullable(),
  budgetHours: z.number().nullable(),
  dwellHours: z.number().nullable(),
  late: z.boolean(),
  current: z.boolean(),
  /** the role that moves an order into this stage, and the person/place that did or will */
  role: z.string(),
  who: z.string().nullable(),
});
export type TimelineStage = z.infer<typeof TimelineStage>;

export const Diagnosis = z.object({
  asOf: z.string(),
  order: z.object({
    id: z.string(),
    orderNo: z.string(),
    channel: z.string(),
    productType: z.string(),
    customer: z.string(),
    phoneMasked: z.string(),
    city: z.string(),
    district: z.string(),
    stage: z.number().int(),
    stageEnteredAt: z.string(),
    promisedDate: z.string(),
    projectedFinish: z.string().nullable(),
    status: z.enum(['overdue', 'at_risk', 'on_track', 'done']),
    reason: z.string().nullable(),
    lateSince: z.string().nullable(),
    causes: z.array(z.string()),
    workstation: z.string().nullable(),
    carrier: z.string().nullable(),
    waybill: z.string().nullable(),
    crew: z.string().nullable(),
    bookedSlot: z.string().nullable(),
    designer: z.string().nullable(),
    amount: z.number().nullable(),
  }),
  timeline: z.array(TimelineStage),
  causeEvents: z.array(z.object({ cause: z.string(), at: z.string(), actor: z.string(), note: z.string().nullable() })),
  notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
  notifications: z.array(z.object({ template: z.string(), status: z.string(), at: z.string() })),
  incidents: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

/**
 * The war room's keyboard shortcuts, one list for the page (src/renderer/war-room/keyboard.ts and
 * its `?` help) and the Electron menu (src/main/electron/menu-template.ts). `key` is
 * KeyboardEvent.key; `accelerator` is Electron's name for it.
 */
export const SHORTCUTS = [
  { action: 'search', key: '/', accelerator: '/', zh: '搜索订单', en: 'Search orders' },
  { action: 'nextIncident', key: 'j', accelerator: 'J', zh: '下一个事件', en: 'Next incident' },
  { action: 'previousIncident', key: 'k', accelerator: 'K', zh: '上一个事件', en: 'Previous incident' },
  { action: 'openIncident', key: 'Enter', accelerator: 'Enter', zh: '在地图上显示事件', en: 'Show the incident on the map' },
  { action: 'close', key: 'Escape', accelerator: 'Esc', zh: '关闭 / 取消选择', en: 'Close / clear the selection' },
  { action: 'help', key: '?', accelerator: '?', zh: '键盘快捷键', en: 'Keyboard shortcuts' },
] as const;
export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];
/** What a native menu item asks the page to do: a shortcut's action, or switch the language. */
export const MenuAction = z.union([z.enum(SHORTCUTS.map((s) => s.action) as [ShortcutAction, ...ShortcutAction[]]), z.literal('toggleLanguage')]);
export type MenuAction = z.infer<typeof MenuAction>;
