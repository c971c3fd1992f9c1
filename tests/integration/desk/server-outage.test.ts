// Issue 8 item 5: "with the server down for an hour the desk keeps working from its replica under a
// visible 'data as of …' banner and catches up after", with real processes. An hour cannot pass in
// CI: the order server's simulated clock runs ×600, so ~7 s of outage is over an hour of server
// time, both for the desk (it extrapolates the server clock at the rate the server announced) and,
// by moving the stopped server's saved clock on by the same amount, for the server.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../support/processes';
import { cleanUp, withTempDir } from '../../support/harness';
import { until } from '../../support/desk-harness';
import { serverMeta, startServer, startSupervisedDesk, type ServerProc } from '../../support/supervised-desk';

const SPEED = 600;
const SIM = ['--simulate', '--seed', '33', '--speed', String(SPEED), '--profile', 'ordinary'];
const HOUR = 3_600_000;

function firstOrderId(db: string): string {
  const r = new Database(db, { readonly: true });
  try {
    return (r.prepare('SELECT id FROM orders WHERE deleted = 0 ORDER BY id LIMIT 1').get() as { id: string }).id;
  } finally {
    r.close();
  }
}

describe('the order server down for an hour (server time)', () => {
  it('the desk answers from its replica with data as of the outage, keeps commands, and catches up after', async () => {
    const db = join(withTempDir('dd-outage-'), 'orders.sqlite');
    let server: ServerProc = await startServer(db, 0, SIM);
    cleanUp(() => server.stop());
    const token = createToken(db, 'supervisor', 'outage-desk');
    const desk = await startSupervisedDesk(['--server', server.url, '--token', token, '--data', withTempDir('dd-outage-desk-')]);
    cleanUp(() => desk.stop());
    await until('live', () => desk.status(), (s) => s.state === 'live' && s.checkpoint > 0 && s.checkpoint === s.head, 60_000);
    const orderId = firstOrderId(db);

    const port = server.port;
    await server.stop();
    const stoppedAt = Date.now();
    const down = await until('offline', () => desk.status(), (s) => s.state === 'offline' && s.dataAsOf !== null);
    const asOf = down.dataAsOf!;

    // a command during the outage waits in the outbox
    const text = `outage-${Date.now()}`;
    const { command } = await desk.rpc<{ command: { seq: number; state: string } }>('addNote', { orderId, text });
    expect(command.state).toBe('pending');

    // over an hour of server time passes; the desk stays offline, its picture dated, and answering
    const late = await until('an hour of server time', () => desk.status(), (s) => Date.parse(s.serverNow!) - Date.parse(asOf) > HOUR, 30_000);
    expect(late).toMatchObject({ state: 'offline', connected: false, dataAsOf: asOf, checkpoint: down.checkpoint, pendingCommands: 1 });
    // reads answer from the replica at the outage's checkpoint; "now" for overdue rules is the
    // server clock the desk extrapolates, so what is overdue may grow while the server is away
    const map = await desk.rpc<{ asOf: string; points: unknown[] }>('mapView');
    expect(Date.parse(map.asOf) - Date.parse(asOf)).toBeGreaterThan(HOUR);
    expect(map.points.length).toBeGreaterThan(0);
    expect((await desk.status()).checkpoint).toBe(down.checkpoint);
    expect((await desk.rpc<{ order: { id: string } }>('diagnoseOrder', { orderId })).order.id).toBe(orderId);
    expect((await desk.rpc<{ commands: Array<{ seq: number; state: string }> }>('commands')).commands.find((c) => c.seq === command.seq)?.state).toBe('pending');

    // the server lived through the same hour: move its saved simulated clock on by the outage
    const savedClock = Number(serverMeta(db, 'simClock'));
    // the desk's extrapolated clock may pass the hour a moment before the real outage does
    while ((Date.now() - stoppedAt) * SPEED <= HOUR + 60_000) await new Promise((r) => setTimeout(r, 50));
    const outage = (Date.now() - stoppedAt) * SPEED;
    expect(outage).toBeGreaterThan(HOUR);
    const w = new Database(db);
    w.prepare("UPDATE meta SET value = ? WHERE key = 'simClock'").run(String(Math.round(savedClock + outage)));
    w.close();

    server = await startServer(db, port, SIM);
    const back = await until(
      'caught up',
      () => desk.status(),
      (s) => s.state === 'live' && s.pendingCommands === 0 && s.checkpoint === s.head && s.dataAsOf !== asOf,
      60_000,
    );
    expect(back.checkpoint).toBeGreaterThan(down.checkpoint);
    expect(Date.parse(back.dataAsOf!) - Date.parse(asOf)).toBeGreaterThan(HOUR);
    const { commands } = await desk.rpc<{ commands: Array<{ seq: number; state: string; mutationId: number }> }>('commands');
    expect(commands.find((c) => c.seq === command.seq)?.state).toBe('applied');
    const r = new Database(db, { readonly: true });
    const notes = (r.prepare("SELECT count(*) AS n FROM events WHERE kind = 'note' AND note = ?").get(text) as { n: number }).n;
    r.close();
    expect(notes).toBe(1);
    // the simulator keeps writing at ×600: verify catches up to the head it compares at
    expect(await desk.rpc('verify')).toMatchObject({ match: true });
  });
});
