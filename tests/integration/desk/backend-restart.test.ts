// Issue 8 item 5: "a back-end crash restarts it with state intact", with real processes. The desk
// runs in browser mode under its supervisor (scripts/supervise.mjs); a note taken while the order
// server is down waits in the outbox; the back end is killed -9 (not the supervisor), comes back on
// the same URL and key, and once the server is back the note is applied exactly once.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../support/processes';
import { cleanUp, withTempDir } from '../../support/harness';
import { until } from '../../support/desk-harness';
import { startServer, startSupervisedDesk, type ServerProc, type SupervisedDesk } from '../../support/supervised-desk';

const SIM = ['--simulate', '--seed', '21', '--speed', '1', '--profile', 'ordinary'];

function onServer<T>(db: string, sql: string, ...params: unknown[]): T {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).get(...params) as T;
  } finally {
    d.close();
  }
}

/** Answers once the back end is up again; undefined while nothing listens (the restart gap). */
async function statusOrNothing(desk: SupervisedDesk) {
  try {
    return await desk.status();
  } catch {
    return undefined;
  }
}

describe('the desk back end killed -9 under the supervisor', () => {
  it('restarts on the same URL and key; the note taken offline is applied once after the server returns', async () => {
    const db = join(withTempDir('dd-restart-'), 'orders.sqlite');
    let server: ServerProc = await startServer(db, 0, SIM);
    cleanUp(() => server.stop());
    const token = createToken(db, 'supervisor', 'restart-desk');
    const desk = await startSupervisedDesk(['--server', server.url, '--token', token, '--data', withTempDir('dd-restart-desk-')]);
    cleanUp(() => desk.stop());
    await until('live', () => desk.status(), (s) => s.state === 'live' && s.checkpoint > 0 && s.checkpoint === s.head, 60_000);
    const { id: orderId } = onServer<{ id: string }>(db, 'SELECT id FROM orders WHERE deleted = 0 ORDER BY id LIMIT 1');

    // the server goes away: the note stays pending in the outbox on disk
    const port = server.port;
    await server.stop();
    await until('offline', () => desk.status(), (s) => s.state === 'offline');
    const text = `restart-${Date.now()}`;
    const { command } = await desk.rpc<{ command: { seq: number; state: string } }>('addNote', { orderId, text });
    expect(command.state).toBe('pending');

    // kill -9 the back end (the child), not the supervisor
    const killed = desk.backendPid();
    process.kill(killed, 'SIGKILL');
    const after = await until('restarted', () => statusOrNothing(desk), (s) => s !== undefined && desk.backendPid() !== killed, 30_000);
    expect(desk.output()).toMatch(new RegExp(`back end pid ${killed} ended abnormally \\(signal SIGKILL\\)`));
    // the same page URL (port and key) printed again: an open page reconnects by itself
    const urls = [...desk.output().matchAll(/^(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)$/gm)].map((m) => m[1]);
    expect(urls).toEqual([desk.url, desk.url]);
    expect(after).toMatchObject({ pendingCommands: 1 });
    expect(after!.state).not.toBe('live');

    // the server returns on its port: the note goes out and is answered, exactly once
    server = await startServer(db, port, SIM);
    const caughtUp = await until(
      'caught up',
      () => desk.status(),
      (s) => s.state === 'live' && s.pendingCommands === 0 && s.checkpoint === s.head,
      60_000,
    );
    expect(caughtUp.lastError).toBeNull();
    const { commands } = await desk.rpc<{ commands: Array<{ seq: number; state: string; mutationId: number }> }>('commands');
    const mine = commands.find((c) => c.seq === command.seq)!;
    expect(mine.state).toBe('applied');
    expect(onServer<{ n: number }>(db, "SELECT count(*) AS n FROM events WHERE kind = 'note' AND note = ?", text).n).toBe(1);
    expect(onServer<{ n: number }>(db, "SELECT count(*) AS n FROM mutations WHERE mutation_id = ? AND type = 'order.note' AND status = 'applied'", mine.mutationId).n).toBe(1);
    expect(await desk.rpc('verify')).toMatchObject({ match: true });
  });
});
