/** Helpers for tests that run a real order server and real desk back ends in this process. */
import type { DeskBackend } from '@main/backend';
import type { OrderServer } from '@server/app';

export async function until<T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await probe();
  }
  return last;
}

/** Live, caught up with the server's head, nothing left in the outbox. */
export function quiescent(desk: DeskBackend, server: OrderServer, ms = 60_000) {
  return until(
    'quiescence',
    () => desk.handlers.status({}),
    (s) => s.state === 'live' && s.pendingCommands === 0 && s.checkpoint === server.head(),
    ms,
  );
}

/** How many times the server recorded a note with this text (exactly-once checks). */
export function notesOnServer(server: OrderServer, text: string): number {
  return (server.db.$client.prepare("SELECT count(*) AS n FROM events WHERE kind = 'note' AND note = ?").get(text) as { n: number }).n;
}

export function someOrderIds(server: OrderServer, n: number): string[] {
  return (server.db.$client.prepare('SELECT id FROM orders WHERE deleted = 0 ORDER BY id LIMIT ?').all(n) as Array<{ id: string }>).map((r) => r.id);
}
