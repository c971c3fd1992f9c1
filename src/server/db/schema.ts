/**
 * The order server's tables (drizzle, SQLite). Every synced table carries `version` (the global
 * counter value of the transaction that last wrote the row, indexed) and `deleted` (tombstone).
 * Times are ISO-8601 strings with an offset, dates YYYY-MM-DD; lists are JSON text.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export interface UnavailableInterval {
  from: string;
  to: string;
  reason: string;
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
  },
  (t) => [
    index('orders_version').on(t.version),
    uniqueIndex('orders_order_no').on(t.orderNo),
    index('orders_stage').on(t.stage),
    index('orders_district').on(t.district),
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
  },
  (t) => [index('notifications_version').on(t.version), index('notifications_order').on(t.orderId)],
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
  },
  (t) => [uniqueIndex('tokens_hash').on(t.hash)],
);

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type OrderRow = typeof orders.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type CrewRow = typeof crews.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
