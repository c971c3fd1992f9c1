// Incident states reach the audit trail (issue 7): 王 acknowledges an incident on his desk; the move
// goes through his durable outbox as `incident.state`, the server records who/when/what/how many
// orders, and 李's desk (the next shift) sees it in its audit timeline and shift report, in words.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { loadScenario } from '@server/simulator/scenario';
import type { DeskBackend } from '@main/backend';
import { ROOT } from '../../support/processes';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';

let server: OrderServer;
let wang: DeskBackend;
let li: DeskBackend;

beforeAll(async () => {
  const scenario = loadScenario(join(ROOT, 'resources/scenarios/pudong-installers-leave.json'));
  server = await withServer({ simulate: backlog(5, 1500, { scenario }) });
  const open = (name: string) => withDesk(server, { name, commandTimeoutMs: 10_000 });
  wang = open('王值班');
  li = open('李值班');
  await Promise.all([quiescent(wang, server), quiescent(li, server)]);
}, 120_000);

describe('incident states in the audit trail', () => {
  it('an acknowledgement on one desk is audited on the server and shown on another desk with its words', async () => {
    const { incidents } = await until('an incident', () => wang.handlers.incidents({}), (r) => r.incidents.some((i) => i.state === 'new' && i.count > 0));
    const incident = incidents.find((i) => i.state === 'new' && i.count > 0)!;

    const moved = await wang.handlers.setIncidentState({ id: incident.id, state: 'acknowledged' });
    expect(moved.incident.state).toBe('acknowledged'); // the desk's own book answers at once, as before
    const sent = await until('the outbox entry answered', () => wang.handlers.commands({}), (c) => c.commands.some((x) => x.type === 'incident.state' && x.state !== 'pending'));
    const command = sent.commands.find((x) => x.type === 'incident.state')!;
    expect(command).toMatchObject({ state: 'applied', label: `事件确认 · ${incident.title}` });

    const words = `acknowledged · ${incident.title} [${incident.id}]`;
    const row = recentAudit(server.db, 50).find((a) => a.type === 'incident.state');
    expect(row).toMatchObject({ actor: '王值班', role: 'supervisor', outcome: 'applied', rows: new Set(incident.orderIds).size, detail: words });

    // the same state again is no news: nothing more is sent
    await wang.handlers.setIncidentState({ id: incident.id, state: 'acknowledged' });
    expect((await wang.handlers.commands({})).commands.filter((x) => x.type === 'incident.state')).toHaveLength(1);

    // 李's desk has never seen this incident's state: the audit trail is what tells him
    await quiescent(li, server);
    const trail = await until('李 sees the acknowledgement', () => li.handlers.auditTrail({}), (t) => t.entries.some((e) => e.type === 'incident.state'));
    const entry = trail.entries.find((e) => e.type === 'incident.state')!;
    expect(entry).toMatchObject({ actor: '王值班', outcome: 'applied', automatic: false, orders: row!.rows, detail: words, orderIds: [] });
    const report = await li.handlers.shiftReport({});
    expect(report.actions.find((a) => a.type === 'incident.state')).toMatchObject({ detail: words, orders: row!.rows });
  }, 60_000);
});
