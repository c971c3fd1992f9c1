/** Shared set-ups for the command tests: orders with installation jobs made through the floor API. */
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { OrderServer } from '@server/app';
import { crews, jobs, orders, type CrewRow, type JobRow, type OrderRow } from '@server/db/schema';
import { ask, http, newOrderBody, type AnyReply } from './helpers';

export const EVIDENCE = { signedDrawing: 'drawings/d-1.pdf', salesLeadApproval: '销售主管 李娜', customerSignature: 'esign-001' };

let seq = 0;

/** A new order in `district` taken to stage 10 (delivered): it has an unbooked installation job. */
export async function deliveredOrder(server: OrderServer, floor: string, district = '徐汇区', productType = 'wardrobe'): Promise<{ order: OrderRow; job: JobRow }> {
  const orderNo = `CMD-${process.pid}-${++seq}`;
  const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo, { productType, address: { province: '上海市', city: '上海市', district, detail: '测试路1号', lat: 31.2, lng: 121.4 } }) });
  if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  for (const stage of [2, 9, 10]) {
    const r = await http(server, 'POST', `/api/v1/orders/${id}/advance`, { token: floor, body: { stage, evidence: EVIDENCE } });
    if (r.status !== 200) throw new Error(`advance ${stage}: ${JSON.stringify(r.body)}`);
  }
  return { order: orderRow(server, id), job: jobOf(server, id) };
}

export const orderRow = (server: OrderServer, id: string): OrderRow => server.db.select().from(orders).where(eq(orders.id, id)).get() as OrderRow;
export const jobRow = (server: OrderServer, id: string): JobRow => server.db.select().from(jobs).where(eq(jobs.id, id)).get() as JobRow;
export const jobOf = (server: OrderServer, orderId: string): JobRow => server.db.select().from(jobs).where(eq(jobs.orderId, orderId)).get() as JobRow;

/** A crew that works in `district`, has `skill` and is free on `date`. */
export function crewFor(server: OrderServer, district: string, skill: string, except: string[] = []): CrewRow {
  const all = server.db.select().from(crews).all();
  const c = all.find((x) => x.districts.includes(district) && x.skills.includes(skill) && !except.includes(x.id) && x.unavailable.length === 0);
  if (!c) throw new Error(`no crew for ${district}/${skill}`);
  return c;
}

export function crewWithout(server: OrderServer, skill: string): CrewRow {
  const c = server.db.select().from(crews).all().find((x) => !x.skills.includes(skill));
  if (!c) throw new Error(`every crew has ${skill}`);
  return c;
}

/** Sends commands with rising mutationIds for one client. */
export class Commander {
  next = 1;
  constructor(readonly socket: Socket) {}
  send(type: string, payload: unknown, mutationId = this.next): Promise<AnyReply> {
    if (mutationId === this.next) this.next++;
    return ask(this.socket, 'command', { mutationId, type, payload });
  }
}
