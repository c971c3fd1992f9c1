/**
 * An order server process for the outbox tests (run with `node --import tsx`): the real
 * startOrderServer on a database file with an SMS webhook and no grace period, so a queued text
 * goes out within a round and the test can kill the process at the moment it does.
 * argv[2]: JSON `{ db, smsWebhook: WebhookOptions, outbox?: OutboxOptions }`. Prints
 * `listening on URL` when ready; SIGTERM closes it.
 */
import { startOrderServer } from '@server/app';
import type { OutboxOptions } from '@server/notify/outbox';
import type { WebhookOptions } from '@server/notify/webhook';

const config = JSON.parse(process.argv[2] ?? '{}') as { db: string; smsWebhook: WebhookOptions; outbox?: OutboxOptions };
const server = await startOrderServer({ dbFile: config.db, port: 0, smsWebhook: config.smsWebhook, outbox: { graceMs: 0, intervalMs: 50, ...config.outbox } });
console.log(`listening on ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
