/** crew.overtime (protocol extension, plan C "add capacity") against a real server over real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { CrewData } from '@shared/entities';
import { ChangesPush, CommandReply } from '@shared/protocol';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { crews, type CrewRow, type JobRow } from '@server/db/schema';
import { connectDesk, http, nextEvent, pullAll, removeTempDirs, startServer, token } from './helpers';
import { Commander, crewFor, deliveredOrder, jobRow } from './fixtures';

let server: OrderServer;
let floor: string;
let supervisor: string;
const sockets: Socket[] = [];

const crewRow = (id: string): CrewRow => server.db.select().from(crews).where(eq(crews.id, id)).get() as CrewRow;

async function commander(clientId: string): Promise<Commander> {
  const s = await connectDesk(server, { token: supervisor, clientId, protocol: 1 });
  sockets.push(s);
  return new Commander(s);
}

async function code(c: Commander, type: string, payload: unknown): Promise<string> {
  const r = CommandReply.parse(await c.send(type, payload));
  return r.status === 'rejected' ? r.error.code : r.status;
}

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 31, speed: 1, live: false, backlogOrders: 120 } });
  floor = token(server, 'floor').token;
  supervisor = token(server, 'supervisor', '值班主管 王强').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('crew.overtime', () => {
  it('sets a crew’s overtime, syncs it on the wire and audits the type', async () => {
    const c = await commander('ot-wire');
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const push = nextEvent<unknown>(c.socket, 'changes');
    const r = CommandReply.parse(await c.send('crew.overtime', { crews: [{ crewId: crew.id, date: '2026-04-02', extraJobs: 2, expectedVersion: crew.version }] }));
    expect(r).toEqual({ ok: true, status: 'applied', version: server.head() });
    expect(crewRow(crew.id)).toMatchObject({ overtime: [{ date: '2026-04-02', extraJobs: 2 }], version: server.head() });
    const pushed = ChangesPush.parse(await push).changes.find((x) => x.entity === 'crew' && x.id === crew.id);
    expect(CrewData.parse(pushed?.data).overtime).toEqual([{ date: '2026-04-02', extraJobs: 2 }]);
    const { changes } = await pullAll(c.socket);
    expect(CrewData.parse(changes.find((x) => x.entity === 'crew' && x.id === crew.id)?.data).overtime).toEqual([{ date: '2026-04-02', extraJobs: 2 }]);
    // a crew without overtime looks as it always did
    const plain = changes.find((x) => x.entity === 'crew' && x.id !== crew.id);
    expect(plain?.data).not.toHaveProperty('overtime');

    // 0 removes the date
    expect(await code(c, 'crew.overtime', { crews: [{ crewId: crew.id, date: '2026-04-02', extraJobs: 0, expectedVersion: crewRow(crew.id).version }] })).toBe('applied');
    expect(crewRow(crew.id).overtime).toEqual([]);
    expect(recentAudit(server.db, 50).find((a) => a.clientId === 'ot-wire' && a.mutationId === 1)).toMatchObject({ type: 'crew.overtime', outcome: 'applied' });
  });

  it('lets a batch book into the extra capacity, refuses it without, keeps booked jobs, and undoes exactly', async () => {
    const c = await commander('ot-batch');
    const DAY = '2026-04-06';
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const cap = crew.capacityPerDay;
    const booked: JobRow[] = [];
    for (let i = 0; i <= cap; i++) booked.push((await deliveredOrder(server, floor)).job);
    const reassign = { type: 'job.reassign', payload: { jobs: booked.map((j) => ({ jobId: j.id, crewId: crew.id, date: DAY, expectedVersion: j.version })) } };

    // overtime on another day is kept through the batch and its undo
    expect(await code(c, 'crew.overtime', { crews: [{ crewId: crew.id, date: '2026-04-20', extraJobs: 1, expectedVersion: crewRow(crew.id).version }] })).toBe('applied');
    const before = crewRow(crew.id);

    expect(await code(c, 'job.reassign', reassign.payload)).toBe('over_capacity');
    const overtime = { type: 'crew.overtime', payload: { crews: [{ crewId: crew.id, date: DAY, extraJobs: 1, expectedVersion: before.version }] } };
    const m = c.next;
    expect(await code(c, 'batch', { commands: [overtime, reassign] })).toBe('applied');
    expect(crewRow(crew.id).overtime).toEqual([
      { date: DAY, extraJobs: 1 },
      { date: '2026-04-20', extraJobs: 1 },
    ]);
    for (const j of booked) expect(jobRow(server, j.id)).toMatchObject({ crewId: crew.id, date: DAY, status: 'booked' });

    // lowering overtime below the jobs already booked that day
    expect(await code(c, 'crew.overtime', { crews: [{ crewId: crew.id, date: DAY, extraJobs: 0, expectedVersion: crewRow(crew.id).version }] })).toBe('over_capacity');

    expect(await code(c, 'undo', { clientId: 'ot-batch', mutationId: m })).toBe('applied');
    expect(crewRow(crew.id).overtime).toEqual(before.overtime);
    for (const j of booked) expect(jobRow(server, j.id)).toMatchObject({ crewId: null, status: 'unbooked' });
  });

  it('answers conflict, not_found and crew_unavailable in protocol order', async () => {
    const c = await commander('ot-rules');
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const DAY = '2026-04-09';
    const item = (over: Record<string, unknown> = {}) => ({ crewId: crew.id, date: DAY, extraJobs: 2, expectedVersion: crewRow(crew.id).version, ...over });

    const stale = CommandReply.parse(await c.send('crew.overtime', { crews: [item({ expectedVersion: 1 }), item({ crewId: 'crew-none' })] }));
    expect(stale.status === 'rejected' && stale.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'crew', id: crew.id, version: crewRow(crew.id).version, expectedVersion: 1 }] });
    expect(await code(c, 'crew.overtime', { crews: [item({ crewId: 'crew-none' })] })).toBe('not_found');

    const leave = crewFor(server, '徐汇区', 'wardrobe', [crew.id]);
    expect((await http(server, 'POST', `/api/v1/crews/${leave.id}/unavailable`, { token: floor, body: { from: DAY, to: DAY, reason: '病假' } })).status).toBe(200);
    const onLeave = { crewId: leave.id, date: DAY, extraJobs: 2, expectedVersion: crewRow(leave.id).version };
    expect(await code(c, 'crew.overtime', { crews: [onLeave] })).toBe('crew_unavailable');
    expect(await code(c, 'crew.overtime', { crews: [{ ...onLeave, date: '2026-04-10' }] })).toBe('applied');
  });

  it('names the field of a bad payload and keeps the mutationId free', async () => {
    const c = await commander('ot-bad');
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const ok = { crewId: crew.id, date: '2026-04-11', extraJobs: 1, expectedVersion: 1 };
    const cases: [string, unknown, string][] = [
      ['crew.overtime', { crews: [] }, 'payload.crews'],
      ['crew.overtime', { crews: [{ ...ok, extraJobs: 11 }] }, 'payload.crews.0.extraJobs'],
      ['crew.overtime', { crews: [{ ...ok, extraJobs: 1.5 }] }, 'payload.crews.0.extraJobs'],
      ['crew.overtime', { crews: [{ ...ok, date: '2026-02-30' }] }, 'payload.crews.0.date'],
      ['crew.overtime', { crews: [{ ...ok, expectedVersion: undefined }] }, 'payload.crews.0.expectedVersion'],
      ['crew.overtime', { crews: Array.from({ length: 1001 }, () => ok) }, 'payload.crews'],
      ['batch', { commands: [{ type: 'crew.overtime', payload: { crews: [{ ...ok, crewId: '' }] } }] }, 'payload.commands.0.payload.crews.0.crewId'],
    ];
    for (const [type, payload, field] of cases) {
      const r = await c.send(type, payload, 1);
      expect(r.ok, field).toBe(false);
      expect(r.error?.code).toBe('bad_request');
      expect(r.error?.message).toContain(field);
    }
    expect((await c.send('crew.overtime', { crews: [{ ...ok, expectedVersion: crewRow(crew.id).version }] }, 1)).status).toBe('applied');
  });
});
