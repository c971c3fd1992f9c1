/**
 * The desk's replica: one table per protocol entity, holding the server's truth only.
 * Hot columns (what the war room filters and sorts by) are real columns with indexes; the whole
 * wire row is kept as JSON in `data` so later views need no migration to read a field.
 */
import { sqliteTable, text, integer, real, index, primaryKey } from 'drizzle-orm/sqlite-core';

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    orderNo: text('order_no').notNull(),
    channel: text('channel').notNull(),
    productType: text('product_type').notNull(),
    stage: integer('stage').notNull(),
    stageEnteredAt: text('stage_entered_at').notNull(),
    promisedDate: text('promised_date').notNull(),
    province: text('province').notNull(),
    city: text('city').notNull(),
    district: text('district').notNull(),
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
    crewId: text('crew_id'),
    causes: text('causes').notNull(),
    // what the war room keeps of an order besides the columns above (migration 0001): read as
    // columns, its load of 100k orders parses no JSON
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    workshop: text('workshop'),
    line: text('line'),
    carrier: text('carrier'),
    data: text('data').notNull(),
  },
  (t) => [index('orders_stage').on(t.stage), index('orders_district').on(t.district), index('orders_order_no').on(t.orderNo)],
);

export const crews = sqliteTable('crews', {
  id: text('id').primaryKey(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  district: text('district').notNull(),
  data: text('data').notNull(),
});

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    orderId: text('order_id').notNull(),
    crewId: text('crew_id'),
    date: text('date'),
    status: text('status').notNull(),
    data: text('data').notNull(),
  },
  (t) => [index('jobs_order').on(t.orderId), index('jobs_crew_date').on(t.crewId, t.date)],
);

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    orderId: text('order_id').notNull(),
    data: text('data').notNull(),
  },
  (t) => [index('events_order').on(t.orderId)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    orderId: text('order_id').notNull(),
    data: text('data').notNull(),
  },
  (t) => [index('notifications_order').on(t.orderId)],
);

/** Entities this build does not know yet: kept so the replica's digest still equals the server's. */
export const otherRows = sqliteTable('other_rows', {
  entity: text('entity').notNull(),
  id: text('id').notNull(),
  version: integer('version').notNull(),
  data: text('data').notNull(),
}, (t) => [primaryKey({ columns: [t.entity, t.id] })]);

/** checkpoint, serverId, clientId: written in the same transaction as the changes they describe. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
