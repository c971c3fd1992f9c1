// Seeded fault schedules (fast-check): server writes, desk commands, dropped / duplicated / reordered
// pushes, lost acks, cut connections, desk restarts and server restarts, all against a real order
// server, a real fault relay and a real desk back end. At quiescence the replica's digest equals the
// server's, and every command the desk accepted was applied exactly once or rejected once.
// CI runs DUTYDESK_SCHEDULES (default 25) schedules; `npm run test:sweep` runs 1,000.
// A failure prints the seed and path: replay with DUTYDESK_SEED=<seed> DUTYDESK_PATH=<path>.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOrderServer, type OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { addDays, shanghaiDate } from '@shared/time';
import { createDeskBackend, type DeskBackend } from '@main/backend';
import { FaultRelay } from '../../support/fault-relay';
import { notesOnServer, quiescent, someOrderIds } from '../../support/desk-harness';
import { tempDir } from '../../support/processes';
import { postOrder } from '../../support/floor-client';

const XUHUI = { province: '上海市', city: '上海市', district: '徐汇区', lat: 31.18, lng: 121.43 };

const RUNS = Number(process.env.DUTYDESK_SCHEDULES ?? 25);
/** A schedule takes about 2 s, a slow one under a minute: room for every schedule of a sweep. */
const TIMEOUT_MS = Math.max(900_000, RUNS * 15_000);
/** How often a sweep says how far it got (a long sweep is watched from its log). */
const PROGRESS_EVERY = 50;

type Step =
  | { kind: 'serverWrite'; n: number }
  | { kind: 'note'; order: number }
  | { kind: 'tagGhost' }
  | { kind: 'dropPush' }
  | { kind: 'duplicatePush' }
  | { kind: 'reorderPush' }
  | { kind: 'loseAck' }
  | { kind: 'cut' }
  | { kind: 'restartDesk' }
  | { kind: 'restartServer' }
  | { kind: 'pause'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('serverWrite' as const), n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('note' as const), order: fc.integer({ min: 0, max: 19 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tagGhost' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'dropPush' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'duplicatePush' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reorderPush' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'loseAck' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cut' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartDesk' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartServer' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
);

let uniq = 0;
let ran = 0;

async function runSchedule(steps: Step[]): Promise<void> {
  if (++ran % PROGRESS_EVERY === 0) console.log(`convergence property: schedule ${ran} of ${RUNS}`);
  const dir = tempDir('dd-prop-');
  const dbFile = join(dir, 'orders.sqlite');
  let server: OrderServer = await startOrderServer({ dbFile, port: 0, simulate: { seed: 21, speed: 1, live: false, backlogOrders: 60 } });
  const port = server.port;
  const relay = new FaultRelay(server.url);
  await relay.start();
  const token = createToken(server.db, 'supervisor', 'prop-desk').token;
  const floor = createToken(server.db, 'floor', 'prop-floor').token;
  const orderIds = someOrderIds(server, 20);
  const dataDir = join(dir, 'desk');
  const open = () => createDeskBackend({ dataDir, serverUrl: relay.url, token, demo: false, commandTimeoutMs: 300, requestTimeoutMs: 3000, pollEveryMs: 250 });
  let desk: DeskBackend = open();
  const notes: string[] = [];
  const ghosts: number[] = [];
  let serverUp = true;
  try {
    await quiescent(desk, server); // the desk knows the orders it will act on
    for (const s of steps) {
      switch (s.kind) {
        case 'serverWrite':
          if (!serverUp) break;
          for (let i = 0; i < s.n; i++) {
            await postOrder(server.url, floor, { orderNo: `PROP-${process.pid}-${++uniq}`, promisedDate: addDays(shanghaiDate(server.clock.now()), 20), district: XUHUI });
          }
          break;
        case 'note': {
          const text = `prop-note-${process.pid}-${++uniq}`;
          notes.push(text);
          await desk.handlers.addNote({ orderId: orderIds[s.order % orderIds.length]!, text });
          break;
        }
        case 'tagGhost':
          ghosts.push(desk.enqueueCommand('order.tagCause', { orderId: `ghost-${++uniq}`, cause: 'logistics' }, 'ghost').seq);
          break;
        case 'dropPush':
          relay.faults.dropPushes++;
          break;
        case 'duplicatePush':
          relay.faults.duplicatePushes++;
          break;
        case 'reorderPush':
          relay.faults.reorderPushes++;
          break;
        case 'loseAck':
          relay.faults.loseCommandAcks++;
          break;
        case 'cut':
          relay.cutAll();
          break;
        case 'restartDesk':
          await desk.close();
          desk = open();
          break;
        case 'restartServer':
          if (serverUp) {
            await server.close();
            serverUp = false;
          } else {
            server = await startOrderServer({ dbFile, port });
            relay.setUpstream(server.url);
            serverUp = true;
          }
          break;
        case 'pause':
          await new Promise((r) => setTimeout(r, s.ms));
          break;
      }
    }
    if (!serverUp) {
      server = await startOrderServer({ dbFile, port });
      relay.setUpstream(server.url);
    }
    await quiescent(desk, server);
    const serverDigest = await desk.handlers.verify({});
    expect(serverDigest.match, 'replica digest equals the server digest').toBe(true);
    for (const text of notes) expect(notesOnServer(server, text), `note ${text} applied exactly once`).toBe(1);
    const { commands } = await desk.handlers.commands({ limit: 500 });
    for (const seq of ghosts) expect(commands.find((c) => c.seq === seq)?.state, 'a rejected command is rejected once').toBe('rejected');
    expect(commands.every((c) => c.state === 'applied' || c.state === 'rejected')).toBe(true);
  } finally {
    await desk.close();
    await relay.stop();
    if (serverUp || server) await server.close().catch(() => undefined);
  }
}

describe('convergence under faults', () => {
  it(`holds for ${RUNS} seeded schedules`, async () => {
    const seed = process.env.DUTYDESK_SEED ? Number(process.env.DUTYDESK_SEED) : Date.now() % 2 ** 31;
    console.log(`convergence property: seed ${seed}, ${RUNS} schedules`);
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), runSchedule), {
      numRuns: RUNS,
      seed,
      path: process.env.DUTYDESK_PATH,
      endOnFailure: true,
    });
    console.log(`convergence property: ${ran} schedules passed (seed ${seed})`);
  }, TIMEOUT_MS);
});
