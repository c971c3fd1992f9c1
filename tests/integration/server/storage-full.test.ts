/**
 * Server-side disk full during floor writes (issue 16). `PRAGMA max_page_count` at the file's
 * current size on the server's own connection makes SQLite answer SQLITE_FULL exactly as a full
 * disk does for any write that needs a new page. The floor API answers 507 storage_full naming
 * the cause, the process stays up, and once space is back every write answered 201 is there,
 * none answered 507 is, and the refused ones go through when sent again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { OrderServer } from '@server/app';
import { getHead } from '@server/db/meta';
import { orders } from '@server/db/schema';
import { ask, connectDesk, http, newOrderBody, pullAll, removeTempDirs, startServer, token } from './helpers';

afterAll(() => removeTempDirs());

/** Caps the file at its current size ("the disk is full"); returns a function giving the space back. */
function fillDisk(server: OrderServer): () => void {
  const sqlite = server.db.$client;
  const cap = Number(sqlite.pragma('max_page_count', { simple: true }));
  sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
  return () => void sqlite.pragma(`max_page_count = ${cap}`);
}

const noteOf = (server: OrderServer, id: string) => server.db.select({ note: orders.note }).from(orders).where(eq(orders.id, id)).get()?.note ?? null;
const orderNoExists = (server: OrderServer, orderNo: string) => server.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, orderNo)).get() !== undefined;

describe('server disk full', () => {
  it('a group commit in which one write hits SQLITE_FULL commits none of its writes', async () => {
    const server = await startServer();
    try {
      const floor = token(server, 'floor').token;
      const ids: string[] = [];
      for (const no of ['FULL-A', 'FULL-B']) ids.push((await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(no) })).body.id as string);
      const [a, b] = ids as [string, string];
      const head = getHead(server.db);
      const spaceBack = fillDisk(server);
      // queued in one tick, so they share one transaction: the first needs new pages, the second
      // changes a row in place and needs none (SQLite rolls back the whole transaction on SQLITE_FULL)
      const big = server.writer.writeSoon((ctx) => ctx.db.update(orders).set({ note: '长'.repeat(200_000), version: ctx.version }).where(eq(orders.id, a)).run());
      const small = server.writer.writeSoon((ctx) => ctx.db.update(orders).set({ note: '短', version: ctx.version }).where(eq(orders.id, b)).run());
      const [bigOut, smallOut] = await Promise.allSettled([big, small]);
      expect(bigOut).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_FULL' } });
      expect(smallOut).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_FULL' } });
      spaceBack();
      // answered with an error, so nothing of it may be there
      expect(noteOf(server, b)).toBeNull();
      expect(getHead(server.db)).toBe(head);
    } finally {
      await server.close();
    }
  });

  it('the floor API answers 507 storage_full, stays up, and loses nothing once space is back', async () => {
    const server = await startServer();
    try {
      const floor = token(server, 'floor').token;
      const post = (no: string) => http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(no, { note: '现场备注'.repeat(40) }) });
      expect((await post('DISK-0')).status).toBe(201);
      const spaceBack = fillDisk(server);

      // orders fill the free room left in the last pages, then one needs a page the disk lacks
      const accepted: string[] = ['DISK-0'];
      let refused: { no: string; reply: Awaited<ReturnType<typeof post>> } | null = null;
      for (let i = 1; i <= 400 && !refused; i++) {
        const reply = await post(`DISK-${i}`);
        if (reply.status === 201) accepted.push(`DISK-${i}`);
        else refused = { no: `DISK-${i}`, reply };
      }
      expect(refused?.reply).toEqual({ status: 507, body: { error: { code: 'storage_full', message: expect.stringContaining("the server's disk is full (SQLITE_FULL)") } } });

      // still up: health, reads and a desk
      expect((await http(server, 'GET', '/healthz')).status).toBe(200);
      const desk = await connectDesk(server, { token: token(server, 'supervisor').token, clientId: 'disk-full', protocol: 1 });
      expect((await ask(desk, 'hello', {})).ok).toBe(true);

      // concurrent writes share group commits while the disk is full
      const burst = Array.from({ length: 30 }, (_, i) => `BURST-${i}`);
      const replies = await Promise.all(burst.map((no) => post(no)));
      const unsaved = [refused!.no];
      replies.forEach((r, i) => {
        expect([201, 507], JSON.stringify(r.body)).toContain(r.status);
        (r.status === 201 ? accepted : unsaved).push(burst[i]!);
      });

      spaceBack();
      for (const no of accepted) expect(orderNoExists(server, no), no).toBe(true);
      for (const no of unsaved) expect(orderNoExists(server, no), no).toBe(false);
      for (const no of unsaved) expect((await post(no)).status, no).toBe(201);

      // a desk pulling from zero sees every order once
      const { changes } = await pullAll(desk);
      const pulled = changes.filter((c) => c.entity === 'order').map((c) => c.data?.orderNo);
      expect(new Set(pulled)).toEqual(new Set([...accepted, ...unsaved]));
      desk.close();
    } finally {
      await server.close();
    }
  });
});
