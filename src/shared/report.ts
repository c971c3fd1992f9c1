/**
 * The shift hand-over (issue 7): shift definitions (data), the audit timeline and the shift
 * report as the desk's API returns them. Times are ISO strings of the server's clock (+08:00).
 */
import { z } from 'zod';
import { SelfServiceUsage } from './track-usage';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

/** One shift of the day, in Asia/Shanghai wall-clock time; `end` ≤ `start` means it ends the next day. */
export const ShiftDef = z.object({ id: z.string().min(1), start: hhmm, end: hhmm, zh: z.string(), en: z.string() });
export type ShiftDef = z.infer<typeof ShiftDef>;

export const ShiftConfig = z.object({ timeZone: z.literal('Asia/Shanghai'), shifts: z.array(ShiftDef).min(1) });
export type ShiftConfig = z.infer<typeof ShiftConfig>;

/** One concrete shift: a definition on a date. */
export const ShiftInfo = z.object({ id: z.string(), zh: z.string(), en: z.string(), start: z.string(), end: z.string() });
export type ShiftInfo = z.infer<typeof ShiftInfo>;

/** One line of the audit timeline: a supervisor's command the server applied, or an automatic action. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  role: z.string(),
  /** the command type (job.reassign, undo, incident.state, …) or `auto.missing_handoff`, `auto.texts_sent` */
  type: z.string(),
  outcome: z.string(),
  /** rows the server wrote for it */
  rows: z.number().int(),
  /** distinct orders it touched */
  orders: z.number().int(),
  automatic: z.boolean(),
  clientId: z.string().nullable(),
  mutationId: z.number().int().nullable(),
  version: z.number().int(),
  /** the orders it touched (at most 20, for the timeline) */
  orderIds: z.array(z.string()),
  /** the server's words for it (incident.state: `acknowledged · 浦东新区 · 安装人员不足 [inc-…]`); absent when it has none */
  detail: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditTrail = z.object({ shift: ShiftInfo, shifts: z.array(ShiftInfo), entries: z.array(AuditEntry) });
export type AuditTrail = z.infer<typeof AuditTrail>;

export const ReportKpis = z.object({
  newOrders: z.number().int(),
  stagesCompleted: z.number().int(),
  installationsDone: z.number().int(),
  overdueAtStart: z.number().int(),
  overdueAtEnd: z.number().int(),
  /** installations accepted on or before their promised date, of all accepted in the shift */
  onTime: z.number().int(),
  /** null when no installation was accepted */
  onTimeRate: z.number().nullable(),
  textsSent: z.number().int(),
});
export type ReportKpis = z.infer<typeof ReportKpis>;

export const ReportIncident = z.object({
  cause: z.string(),
  where: z.string(),
  /** orders tagged with this cause here during the shift */
  count: z.number().int(),
  firstSeen: z.string(),
  actions: z.array(AuditEntry),
  /** of these orders: overdue when first seen (or at the first action) and at the end of the shift */
  overdueBefore: z.number().int(),
  overdueAfter: z.number().int(),
  orderNos: z.array(z.string()),
});
export type ReportIncident = z.infer<typeof ReportIncident>;

export const ShiftNotes = z.object({
  text: z.string().max(4000),
  outgoing: z.string().max(100),
  incoming: z.string().max(100),
  savedAt: z.string().nullable(),
});
export type ShiftNotes = z.infer<typeof ShiftNotes>;

export const ShiftReport = z.object({
  shift: ShiftInfo,
  /** the server clock the report was computed at; the window ends at min(shift end, asOf) */
  asOf: z.string(),
  windowEnd: z.string(),
  complete: z.boolean(),
  checkpoint: z.number().int(),
  serverUrl: z.string(),
  kpis: ReportKpis,
  overdueSeries: z.array(z.object({ at: z.string(), count: z.number().int() })),
  causes: z.array(z.object({ cause: z.string(), count: z.number().int() })),
  crewLoad: z.array(z.object({ crewId: z.string(), name: z.string(), jobs: z.number().int(), capacity: z.number().int() })),
  incidents: z.array(ReportIncident),
  actions: z.array(AuditEntry),
  /** still overdue at the end, by cause: what the next shift inherits */
  openItems: z.array(z.object({ cause: z.string(), count: z.number().int(), orderNos: z.array(z.string()) })),
  notes: ShiftNotes,
  /** the self-service page's usage share (自助查询使用率, issue 18) this week up to windowEnd; absent from older desks */
  selfService: SelfServiceUsage.optional(),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

export const ShiftInput = z.object({ shiftStart: z.string().min(1).max(40).optional() }).strict();
export const SaveNotesInput = z
  .object({ shiftStart: z.string().min(1).max(40), text: z.string().max(4000), outgoing: z.string().max(100), incoming: z.string().max(100) })
  .strict();
