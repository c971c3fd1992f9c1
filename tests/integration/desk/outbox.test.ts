// The durable outbox against a real order server: applied, rejected (shown, never blocking), lost
// acks answered as duplicates (applied once), and commands written while offline sent after a restart.
import { describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import type { DeskBackend } from '@main/backend';
import { FaultRelay } from '../../support/fault-relay';
import { notesOnServer, quiescent, someOrderIds, until } from '../../support/desk-harness';
import { backlog, cleanUp, withDesk, withServer, type DeskSetup } from '../../support/harness';

const world = () => withServer({ simulate: backlog(9, 200) });

const desk = (s: OrderServer, setup: DeskSetup = {}) => withDesk(s, { commandTimeoutMs: 400, requestTimeoutMs: 5000, ...setup });

/** A server, a fault relay in front of it, and a caught-up desk talking through the relay. */
async function relayedWorld(): Promise<{ s: OrderServer; relay: FaultRelay; d: DeskBackend }> {
  const s = await world();
  const relay = new FaultRelay(s.url);
  await relay.start();
  cleanUp(() => relay.stop());
  const d = desk(s, { serverUrl: relay.url });
  await quiescent(d, s);
  return { s, relay, d };
}

describe('durable outbox', () => {
  it('applies a command, and shows a rejection without blocking the next one', async () => {
    const s = await world();
    const d = desk(s);
    await quiescent(d, s);
    const [orderId] = someOrderIds(s, 1);
    const first = await d.handlers.addNote({ orderId: orderId!, text: 'outbox-applied-1' });
    expect(first.command).toMatchObject({ state: 'pending', orderIds: [orderId] });
    // a job row the server does not have: the desk refuses before writing anything
    await expect(Promise.resolve().then(() => d.handlers.reassignJobs({ jobs: [{ jobId: 'nope', crewId: 'c', date: '2026-01-01' }] }))).rejects.toThrow(/jobs\.0\.jobId/);
    // a command the server rejects by rule (unknown order): recorded with its reason
    const rejected = d.enqueueCommand('order.tagCause', { orderId: 'o-does-not-exist', cause: 'logistics' }, 'tag a ghost');
    const after = await d.handlers.addNote({ orderId: orderId!, text: 'outbox-applied-2' });
    await quiescent(d, s);
    const { commands } = await d.handlers.commands({});
    const bySeq = new Map(commands.map((c) => [c.seq, c]));
    expect(bySeq.get(first.command.seq)).toMatchObject({ state: 'applied', mutationId: 1 });
    expect(bySeq.get(rejected.seq)).toMatchObject({ state: 'rejected', mutationId: 2, error: { code: 'not_found' } });
    expect(bySeq.get(after.command.seq)).toMatchObject({ state: 'applied', mutationId: 3 });
    expect(notesOnServer(s, 'outbox-applied-1')).toBe(1);
    expect(notesOnServer(s, 'outbox-applied-2')).toBe(1);
    expect(await d.handlers.verify({})).toMatchObject({ match: true });
  });

  it('a lost ack is resent with the same mutationId and applied exactly once', async () => {
    const { s, relay, d } = await relayedWorld();
    const [orderId] = someOrderIds(s, 1);
    relay.faults.loseCommandAcks = 2;
    const sent = await d.handlers.addNote({ orderId: orderId!, text: 'lost-ack-once' });
    await quiescent(d, s);
    const c = (await d.handlers.commands({})).commands.find((x) => x.seq === sent.command.seq)!;
    expect(c.state).toBe('applied');
    expect(c.sendCount).toBeGreaterThanOrEqual(3);
    expect(notesOnServer(s, 'lost-ack-once')).toBe(1);
  });

  it('commands written while the server is down survive a desk restart and are sent when it is back', async () => {
    let s = await world();
    const { port } = s;
    const dbFile = s.db.$client.name;
    const [orderId] = someOrderIds(s, 1);
    const first = withDesk(s, { commandTimeoutMs: 400 });
    await quiescent(first, s);
    await s.close();
    await until('offline', () => first.handlers.status({}), (x) => x.state === 'offline');
    for (let i = 0; i < 5; i++) await first.handlers.addNote({ orderId: orderId!, text: `offline-${i}` });
    expect((await first.handlers.status({})).pendingCommands).toBe(5);
    await first.close();

    s = await withServer({ dbFile, port });
    const second = desk(s, { dataDir: first.dataDir, token: first.token });
    expect((await second.handlers.status({})).pendingCommands).toBe(5);
    await quiescent(second, s);
    for (let i = 0; i < 5; i++) expect(notesOnServer(s, `offline-${i}`)).toBe(1);
    const { commands } = await second.handlers.commands({});
    expect(commands.filter((c) => c.type === 'order.note').map((c) => c.state)).toEqual(Array(5).fill('applied'));
  });

  it('dropped, duplicated and reordered pushes still converge', async () => {
    const { s, relay, d } = await relayedWorld();
    const ids = someOrderIds(s, 6);
    relay.faults.dropPushes = 1;
    relay.faults.duplicatePushes = 2;
    relay.faults.reorderPushes = 1;
    for (const [i, id] of ids.entries()) await d.handlers.addNote({ orderId: id, text: `push-faults-${i}` });
    await quiescent(d, s);
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });
  });
});
