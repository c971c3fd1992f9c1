/**
 * The durable outbox: every supervisor command is written here first, and gets the next mutationId of
 * this desk's persistent clientId (written too) before it is sent. A file of its own (synchronous=FULL), so the
 * replica can be rebuilt or replaced without ever touching a command the server has not answered.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const commands = sqliteTable(
  'commands',
  {
    /** local order of the supervisor's actions */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /**
     * Assigned, and written with synchronous=FULL, when the command reaches the head of the queue,
     * before its first send. Only the head is ever in flight, so a command refused without using up
     * its id (bad_request, forbidden) frees it for the next one without renumbering anything.
     */
    mutationId: integer('mutation_id').unique(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    /** what the supervisor did, in words, for the pending overlay and the rejection notice */
    label: text('label').notNull(),
    createdAt: text('created_at').notNull(),
    /** pending → applied | rejected (business rule) | failed (refused before use: bad_request, forbidden) */
    state: text('state').notNull(),
    sendCount: integer('send_count').notNull().default(0),
    version: integer('version'),
    error: text('error'),
    answeredAt: text('answered_at'),
  },
  (t) => [index('commands_state').on(t.state)],
);

export const outboxMeta = sqliteTable('outbox_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
