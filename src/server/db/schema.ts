/**
 * The order server's tables (drizzle, SQLite). Every synced table carries `version` (the global
 * counter value of the transaction that last wrote the row, indexed) and `deleted` (tombstone).
 * Times are ISO-8601 strings with an offset, dates YYYY-MM-DD; lists are JSON text.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { CarrierLane, CarrierStoppage, LineDown, LineOvertime } from '@shared/supply-rules';
import type { PromotionRules } from '@shared/promotions';

export interface UnavailableInterval {
  from: string;
  to: string;
  reason: string;
}

/** Extra jobs a crew takes on one date (crew.overtime); dates without overtime are absent. */
export interface OvertimeDay {
  date: string;
  extraJobs: number;
}

const synced = {
  version: integer('version').notNull(),
  deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
};

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    ...synced,
    orderNo: text('order_no').notNull(),
    channel: text('channel').notNull(),
    productType: text('product_type').notNull(),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone').notNull(),
    province: text('province').notNull(),
    city: text('city').notNull(),
    district: text('district').notNull(),
    addressDetail: text('address_detail').notNull(),
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
    amount: real('amount').notNull(),
    discountTemplate: text('discount_template'),
    discountAmount: real('discount_amount'),
    skus: text('skus', { mode: 'json' }).$type<string[]>().notNull(),
    signedAt: text('signed_at').notNull(),
    promisedDate: text('promised_date').notNull(),
    designer: text('designer'),
    workshop: text('workshop'),
    line: text('line'),
    carrier: text('carrier'),
    waybill: text('waybill'),
    crewId: text('crew_id'),
    bookedSlot: text('booked_slot'),
    stage: integer('stage').notNull(),
    stageEnteredAt: text('stage_entered_at').notNull(),
    causes: text('causes', { mode: 'json' }).$type<string[]>().notNull(),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    // finance review (财务审核, issue 20, migration 0010): inputs, and the stored result of the last check
    /** 天猫 跨店满减: orders sharing a basket count their amounts together */
    basketId: text('basket_id'),
    /** the store coupon part of discountAmount */
    couponAmount: real('coupon_amount'),
    /** pending | passed | held | released (src/shared/promotions.ts REVIEW_STATUSES) */
    reviewStatus: text('review_status').notNull().default('pending'),
    expectedDiscount: real('expected_discount'),
    /** actual − expected discount, yuan */
    discountDifference: real('discount_difference'),
    reviewTemplateVersion: integer('review_template_version'),
    reviewedAt: text('reviewed_at'),
    reviewReason: text('review_reason'),
  },
  (t) => [
    index('orders_version').on(t.version),
    index('orders_basket').on(t.basketId),
    index('orders_review_status').on(t.reviewStatus),
    uniqueIndex('orders_order_no').on(t.orderNo),
    index('orders_stage').on(t.stage),
    index('orders_district').on(t.district),
    // the self-service page finds a customer's orders by phone (issue 18, migration 0010): the last 11
    // characters once spaces and dashes are gone, so `+86 138-0013-8000` and `13800138000` meet
    index('orders_phone_tail').on(sql`substr(replace(replace(${t.customerPhone}, ' ', ''), '-', ''), -11)`),
  ],
);

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    ...synced,
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind').notNull(),
    stage: integer('stage'),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    cause: text('cause'),
    evidence: text('evidence'),
    /** who the floor client said did it (the request's `actor`); `actor` is always the token's name (migration 0004) */
    reportedBy: text('reported_by'),
  },
  (t) => [index('events_version').on(t.version), index('events_order').on(t.orderId)],
);

export const crews = sqliteTable(
  'crews',
  {
    id: text('id').primaryKey(),
    ...synced,
    name: text('name').notNull(),
    district: text('district').notNull(),
    districts: text('districts', { mode: 'json' }).$type<string[]>().notNull(),
    skills: text('skills', { mode: 'json' }).$type<string[]>().notNull(),
    capacityPerDay: integer('capacity_per_day').notNull(),
    unavailable: text('unavailable', { mode: 'json' }).$type<UnavailableInterval[]>().notNull(),
    /** sorted by date, extraJobs > 0 (migration 0002; older crews get []) */
    overtime: text('overtime', { mode: 'json' }).$type<OvertimeDay[]>().notNull().default([]),
    /** the crew's mobile for crew texts (migration 0008; null = none, its texts fail saying so); never on the wire */
    phone: text('phone'),
  },
  (t) => [index('crews_version').on(t.version)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    ...synced,
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    crewId: text('crew_id').references(() => crews.id),
    date: text('date'),
    window: text('window'),
    skill: text('skill').notNull(),
    status: text('status').notNull(),
  },
  (t) => [
    index('jobs_version').on(t.version),
    index('jobs_order').on(t.orderId),
    index('jobs_crew_date').on(t.crewId, t.date),
  ],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    ...synced,
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    template: text('template').notNull(),
    status: text('status').notNull(),
    at: text('at').notNull(),
    /** template parameters (JSON object), e.g. { amountYuan: 50 } */
    params: text('params', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** when the outbox provider sent it (server clock) */
    sentAt: text('sent_at'),
    /** the gateway's reason for the last failed attempt; cleared once sent (migration 0002) */
    error: text('error'),
    /** delivery attempts so far (the outbox gives up after 1 + MAX_RETRIES) */
    attempts: integer('attempts').notNull().default(0),
    /** who receives it: `customer` (the order's phone) or `crew:<crewId>` (a crew text, migration 0007) */
    recipient: text('recipient').notNull().default('customer'),
  },
  (t) => [index('notifications_version').on(t.version), index('notifications_order').on(t.orderId)],
);

/** Carriers as data (migration 0007): lanes with transit days, daily capacity and price, reported stoppages. id = the carrier's name. */
export const carriers = sqliteTable(
  'carriers',
  {
    id: text('id').primaryKey(),
    ...synced,
    express: integer('express', { mode: 'boolean' }).notNull().default(false),
    trackingUrl: text('tracking_url').notNull(),
    lanes: text('lanes', { mode: 'json' }).$type<CarrierLane[]>().notNull(),
    stoppages: text('stoppages', { mode: 'json' }).$type<CarrierStoppage[]>().notNull(),
  },
  (t) => [index('carriers_version').on(t.version)],
);

/** Production lines as data (migration 0007): stage, skills, hours and rate, stoppages, overtime. id = `<factory>/<line>`. */
export const lines = sqliteTable(
  'lines',
  {
    id: text('id').primaryKey(),
    ...synced,
    factory: text('factory').notNull(),
    name: text('name').notNull(),
    stage: integer('stage').notNull(),
    skills: text('skills', { mode: 'json' }).$type<string[]>().notNull(),
    hoursPerDay: real('hours_per_day').notNull(),
    ordersPerHour: real('orders_per_hour').notNull(),
    overtimeHoursMax: real('overtime_hours_max').notNull(),
    overtimeYuanPerHour: real('overtime_yuan_per_hour').notNull(),
    transferYuan: real('transfer_yuan').notNull(),
    down: text('down', { mode: 'json' }).$type<LineDown[]>().notNull(),
    overtime: text('overtime', { mode: 'json' }).$type<LineOvertime[]>().notNull(),
  },
  (t) => [index('lines_version').on(t.version)],
);

/**
 * Channel promotion templates (issue 20, migration 0010): one row per version of a template, never
 * changed once written (an edit is a new version); id = `<templateId>#<templateVersion>`.
 */
export const promotionTemplates = sqliteTable(
  'promotion_templates',
  {
    id: text('id').primaryKey(),
    ...synced,
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    channel: text('channel').notNull(),
    name: text('name').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    effectiveFrom: text('effective_from').notNull(),
    rules: text('rules', { mode: 'json' }).$type<PromotionRules>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('promotion_templates_version').on(t.version), uniqueIndex('promotion_templates_tv').on(t.templateId, t.templateVersion)],
);

/** The server-side auto-policy (migration 0007): per incident cause, which plan to apply by itself and up to how many jobs. id = the cause. */
export const autoRules = sqliteTable(
  'auto_rules',
  {
    id: text('id').primaryKey(),
    ...synced,
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    /** the plan letter to apply: A, B or C of the incident's kind */
    plan: text('plan').notNull(),
    maxJobs: integer('max_jobs').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('auto_rules_version').on(t.version)],
);

/** What the auto-policy did for one incident (migration 0007); one row per incident, written before acting so a restart never acts twice. */
export const autoRuns = sqliteTable(
  'auto_runs',
  {
    id: text('id').primaryKey(),
    ...synced,
    incidentId: text('incident_id').notNull(),
    title: text('title').notNull(),
    cause: text('cause').notNull(),
    plan: text('plan').notNull(),
    at: text('at').notNull(),
    /** started, applied, skipped, failed */
    outcome: text('outcome').notNull(),
    moved: integer('moved').notNull(),
    /** `auto#<mutationId>`: the ledger entry an undo names */
    actionId: text('action_id'),
    detail: text('detail'),
    /**
     * the incident's orders when the run began (migration 0009): an incident is acted on again only
     * when it has grown by at least an incident's worth of orders no earlier run of it covered
     */
    orderIds: text('order_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [index('auto_runs_version').on(t.version), index('auto_runs_incident').on(t.incidentId)],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    hash: text('hash').notNull(),
    role: text('role').notNull(),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    /** a floor token's scope, `workshop:<name>` | `carrier:<name>` | `crew:<crewId>`; null = site-wide (migration 0004) */
    scope: text('scope'),
  },
  (t) => [uniqueIndex('tokens_hash').on(t.hash)],
);

/** The last mutationId each client used (protocol.md, `command`). */
export const clientMutations = sqliteTable('client_mutations', {
  clientId: text('client_id').primaryKey(),
  lastMutationId: integer('last_mutation_id').notNull(),
  /**
   * the token that last recorded a mutation under this clientId: only it, or a token of the same
   * holder once it is revoked or expired (a rotation), may speak for the clientId (migration 0005;
   * null for clientIds last used before it)
   */
  tokenId: text('token_id'),
  /** that token's name (the holder); older rows get the actor of their last mutation */
  holder: text('holder'),
});

/** One stored row change of an applied command: enough to undo it exactly. */
export interface RowImage {
  entity: string;
  id: string;
  /** named by the payload (checked on undo) or changed as a consequence */
  named: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The outcome of every (clientId, mutationId) that used up its mutationId: applied or rejected,
 * the version it answered with, and for applied ones what they replaced (undo).
 */
export const mutations = sqliteTable(
  'mutations',
  {
    clientId: text('client_id').notNull(),
    mutationId: integer('mutation_id').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    error: text('error', { mode: 'json' }).$type<{ code: string; message: string; rows?: Record<string, unknown>[] }>(),
    images: text('images', { mode: 'json' }).$type<RowImage[]>(),
    /** notifications this command queued (undo cancels the unsent ones) */
    queued: text('queued', { mode: 'json' }).$type<string[]>(),
    /** `clientId#mutationId` of the undo that undid this command */
    undoneBy: text('undone_by'),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    /** SHA-256 of the canonical [type, payload] as sent: a resend with another payload is a mutation_conflict (migration 0005; null before) */
    payloadHash: text('payload_hash'),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
);

/** The audit trail: one row per command event, whatever its outcome. */
export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    clientId: text('client_id').notNull(),
    mutationId: integer('mutation_id'),
    type: text('type'),
    outcome: text('outcome').notNull(),
    code: text('code'),
    /** rows the command named (for applied: rows it wrote) */
    rows: integer('rows').notNull(),
    version: integer('version'),
    /** what the command was about in words (incident.state); null for the others (migration 0003) */
    detail: text('detail'),
    /** how many times this refusal came, collapsed into this row (migration 0005); 1 for every other row */
    count: integer('count').notNull().default(1),
  },
  (t) => [index('audit_client').on(t.clientId, t.mutationId)],
);

/** Stage dwell budgets in hours (editable data; seeded from DEFAULT_BUDGETS). */
export const budgets = sqliteTable(
  'budgets',
  {
    /** the stage number as text ("1".."12"): wire ids are strings */
    id: text('id').primaryKey(),
    ...synced,
    stage: integer('stage').notNull(),
    /** null = no dwell budget */
    hours: real('hours'),
  },
  (t) => [index('budgets_version').on(t.version)],
);

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Floor writes sent with an `Idempotency-Key` (protocol.md, "Idempotency keys"): per token and key,
 * the request's fingerprint and the answer it got. Written in the write's own transaction (a retry
 * after a lost answer finds it or finds nothing written), kept 24 h, not synced (no version).
 */
export const floorIdempotency = sqliteTable(
  'floor_idempotency',
  {
    tokenId: text('token_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 (hex) of the method, path and canonical JSON body */
    fingerprint: text('fingerprint').notNull(),
    status: integer('status').notNull(),
    /** the answer's JSON body as first sent */
    body: text('body').notNull(),
    /** epoch ms of real time: clients retry in real time, whatever the server's (simulated) clock */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('floor_idempotency_created').on(t.createdAt)],
);

/**
 * The self-service page's text codes (issue 18, migration 0010; not synced): one row per accepted code
 * request, whether or not the phone has orders (the per-phone and per-address limits count them
 * alike). Only a salted SHA-256 of the code is kept; `codeHash` is empty when no code was sent.
 * Times are real epoch ms: customers wait in real time whatever the server clock.
 */
export const trackCodes = sqliteTable(
  'track_codes',
  {
    id: text('id').primaryKey(),
    phone: text('phone').notNull(),
    address: text('address').notNull(),
    salt: text('salt').notNull(),
    codeHash: text('code_hash').notNull(),
    issuedMs: integer('issued_ms').notNull(),
    expiresMs: integer('expires_ms').notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedMs: integer('used_ms'),
  },
  (t) => [index('track_codes_phone').on(t.phone, t.issuedMs), index('track_codes_address').on(t.address, t.issuedMs)],
);

/** Self-service sessions (issue 18, migration 0010; not synced): the cookie's random id, stored as its SHA-256. */
export const trackSessions = sqliteTable(
  'track_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    phone: text('phone').notNull(),
    address: text('address').notNull(),
    createdMs: integer('created_ms').notNull(),
    expiresMs: integer('expires_ms').notNull(),
  },
  (t) => [index('track_sessions_expires').on(t.expiresMs)],
);

/**
 * The self-service page's access log (issue 18, migration 0010), synced as `track_access`: every
 * code request, session attempt and page read with the phone masked. `atMs` (real time) is what
 * the per-address limits count; it stays on the server.
 */
export const trackAccess = sqliteTable(
  'track_access',
  {
    id: text('id').primaryKey(),
    ...synced,
    at: text('at').notNull(),
    atMs: integer('at_ms').notNull(),
    kind: text('kind').notNull(),
    /** masked (138****8000); null when the request named no valid phone */
    phone: text('phone'),
    address: text('address').notNull(),
    outcome: text('outcome').notNull(),
    orderNo: text('order_no'),
  },
  (t) => [index('track_access_version').on(t.version), index('track_access_address').on(t.address, t.kind, t.atMs)],
);

/** Customers' requests from the self-service page (issue 18, migration 0010), synced as `customer_request`: the war room's queue. */
export const customerRequests = sqliteTable(
  'customer_requests',
  {
    id: text('id').primaryKey(),
    ...synced,
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    orderNo: text('order_no').notNull(),
    kind: text('kind').notNull(),
    wanted: text('wanted').notNull(),
    note: text('note'),
    at: text('at').notNull(),
    /** new | handled */
    state: text('state').notNull(),
  },
  (t) => [index('customer_requests_version').on(t.version), index('customer_requests_order').on(t.orderId)],
);

export type OrderRow = typeof orders.$inferSelect;
export type EventRow = typeof events.$inferSelect;
/**
 * Columns added after the first release (overtime; error, attempts; detail) are optional in the row
 * types: the database always has them (defaults), but code that builds seed rows from these
 * types (the simulator's backlog) may leave them to the default.
 */
type WithLaterColumns<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type CrewRow = WithLaterColumns<typeof crews.$inferSelect, 'overtime' | 'phone'>;
export type JobRow = typeof jobs.$inferSelect;
export type NotificationRow = WithLaterColumns<typeof notifications.$inferSelect, 'error' | 'attempts' | 'recipient'>;
export type CarrierRow = typeof carriers.$inferSelect;
export type LineRow = typeof lines.$inferSelect;
export type AutoRuleRow = typeof autoRules.$inferSelect;
export type PromotionTemplateRow = typeof promotionTemplates.$inferSelect;
export type AutoRunRow = typeof autoRuns.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type MutationRow = WithLaterColumns<typeof mutations.$inferSelect, 'payloadHash'>;
export type AuditRow = WithLaterColumns<typeof audit.$inferSelect, 'detail' | 'count'>;
export type BudgetRow = typeof budgets.$inferSelect;
export type FloorIdempotencyRow = typeof floorIdempotency.$inferSelect;
export type TrackAccessRow = typeof trackAccess.$inferSelect;
export type CustomerRequestRow = typeof customerRequests.$inferSelect;
