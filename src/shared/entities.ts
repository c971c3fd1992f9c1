/**
 * The entities as they travel on the wire (protocol.md, "Versions"). These zod schemas are the
 * only way network data becomes a domain type: parse, never cast.
 */
import { z } from 'zod';
import { CAUSES, CHANNELS, JOB_STATUSES } from './vocab';
import { OrderReviewFields } from './promotions';

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO-8601 time with an offset');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const IsoTime = isoTime;
export const IsoDate = isoDate;
export const DateOrTime = z.union([isoDate, isoTime]);

export const OrderData = z.object({
  orderNo: z.string(),
  channel: z.enum(CHANNELS),
  productType: z.string(),
  stage: z.number().int().min(1).max(12),
  stageEnteredAt: isoTime,
  promisedDate: isoDate,
  province: z.string(),
  city: z.string(),
  district: z.string(),
  lat: z.number(),
  lng: z.number(),
  crewId: z.string().nullable().optional(),
  causes: z.array(z.string()),
  // the rest of the master record (domain.md); optional so that older servers still parse
  customerName: z.string().optional(),
  customerPhone: z.string().optional(),
  addressDetail: z.string().optional(),
  amount: z.number().optional(),
  discountTemplate: z.string().nullable().optional(),
  discountAmount: z.number().nullable().optional(),
  skus: z.array(z.string()).optional(),
  signedAt: isoTime.optional(),
  designer: z.string().nullable().optional(),
  workshop: z.string().nullable().optional(),
  line: z.string().nullable().optional(),
  carrier: z.string().nullable().optional(),
  waybill: z.string().nullable().optional(),
  bookedSlot: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  // finance review (issue 20, src/shared/promotions.ts): optional, so older desks parse
  ...OrderReviewFields,
});
export type OrderData = z.infer<typeof OrderData>;

export const Unavailability = z.object({ from: DateOrTime, to: DateOrTime, reason: z.string() });
export type Unavailability = z.infer<typeof Unavailability>;

export const CrewData = z.object({
  name: z.string(),
  district: z.string(),
  districts: z.array(z.string()),
  skills: z.array(z.string()),
  capacityPerDay: z.number().int().min(0),
  unavailable: z.array(Unavailability),
  // server extension (crew.overtime): extra jobs on given dates; absent = none
  overtime: z.array(z.object({ date: IsoDate, extraJobs: z.number().int().min(0) })).optional(),
});
export type CrewData = z.infer<typeof CrewData>;

export const JobData = z.object({
  orderId: z.string(),
  crewId: z.string().nullable(),
  date: isoDate.nullable(),
  status: z.enum(JOB_STATUSES),
  skill: z.string(),
  window: z.string().nullable().optional(),
});
export type JobData = z.infer<typeof JobData>;

export const EventData = z.object({
  orderId: z.string(),
  kind: z.string(),
  stage: z.number().int().min(1).max(12).nullable().optional(),
  at: isoTime,
  actor: z.string(),
  note: z.string().nullable().optional(),
  cause: z.string().nullable().optional(),
  evidence: z.string().nullable().optional(),
  // server extension: who the floor client said did it (`actor` is the token's name); absent = not said
  reportedBy: z.string().optional(),
});
export type EventData = z.infer<typeof EventData>;

export const NotificationData = z.object({
  orderId: z.string(),
  template: z.string(),
  status: z.string(),
  at: isoTime,
  // server extensions: template parameters and when the outbox sent it
  params: z.record(z.string(), z.unknown()).optional(),
  sentAt: isoTime.optional(),
  // server extension: why the SMS gateway refused the last attempt (kept while retrying and once failed)
  error: z.string().optional(),
  // server extension (issue 14): `crew:<crewId>` for a crew text; absent for the customer's texts
  recipient: z.string().optional(),
});
export type NotificationData = z.infer<typeof NotificationData>;

export const ENTITY_NAMES = ['order', 'crew', 'job', 'event', 'notification'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/** One changed row. Unknown entities are allowed (more may follow); the desk skips them. */
export const Change = z.object({
  entity: z.string().min(1),
  id: z.string().min(1).regex(/^[\x20-\x7e]+$/, 'ASCII'),
  version: z.number().int().min(1),
  deleted: z.literal(true).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Change = z.infer<typeof Change>;

export const causeCodes: readonly string[] = CAUSES;

/** `budget` rows (server extension): the dwell budget of one stage, editable data; id = the stage number. */
export const BudgetData = z.object({ stage: z.number().int().min(1).max(12), hours: z.number().min(0).nullable() });
export type BudgetData = z.infer<typeof BudgetData>;

/**
 * `audit` rows (server extension): one supervisor command that the server applied (who, when,
 * what, how many rows, outcome), written in the command's own transaction; id = the audit row id.
 */
export const AuditData = z.object({
  at: isoTime,
  actor: z.string(),
  role: z.string(),
  clientId: z.string(),
  mutationId: z.number().int().nullable(),
  type: z.string().nullable(),
  outcome: z.string(),
  code: z.string().nullable(),
  rows: z.number().int().min(0),
  // extension (issue 7): what the command was about in words, e.g. `acknowledged · 浦东新区 · 安装人员不足 [inc-…]`
  // for incident.state; absent or null for commands whose rows already say it
  detail: z.string().nullable().optional(),
});
export type AuditData = z.infer<typeof AuditData>;
