/**
 * The floor's reports of outages (issue 14): a carrier's stoppage and a production line down,
 * appended to the carrier's or line's row, which every desk receives like any change. Who may
 * report: supervisors, site-wide floor tokens, and tokens scoped to that carrier (carrier:NAME)
 * or to the line's factory (workshop:FACTORY); any other scope is answered as if the carrier or
 * line did not exist, like orders outside a scope. Each report leaves an audit row (type
 * `carrier.stoppage` or `line.down`, the token's name as actor, the report in words) at the
 * write's version, so a supervisor sees in the audit trail who stopped what.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { FloorScope } from '@shared/projection';
import { CARRIER_STAGES, lineDownHolds, stoppageHolds, workstationOf, type CarrierStoppage, type LineDown } from '@shared/supply-rules';
import type { Role } from '@shared/vocab';
import { appendAudit } from '@server/db/ledger';
import { carriers, lines, orders } from '@server/db/schema';
import { addEvent } from '@server/orders/operations';
import type { WriteContext, Writer } from '@server/db/writer';
import { notFound } from '@server/errors';
import type { LineDownBody, StoppageBody } from '@server/floor/schemas';
import { carrierRow, lineRow } from '@server/supply/read';

export interface Reporter {
  name: string;
  role: Role;
  scope: FloorScope | null;
}

/** The lists' caps (src/shared/supply-rules.ts): entries already over make room first, oldest first. */
const MAX_STOPPAGES = 200;
const MAX_DOWN = 200;

/** `list` with `item` appended, dropping ended entries (oldest first) while it would be over `max`. */
export function appendCapped<T extends { to: string }>(list: readonly T[], item: T, max: number, nowMs: number): T[] {
  const out = [...list];
  while (out.length >= max) {
    const ended = out.map((x, i) => ({ i, to: Date.parse(x.to) })).filter((x) => x.to <= nowMs).sort((a, b) => a.to - b.to)[0];
    out.splice(ended ? ended.i : 0, 1);
  }
  out.push(item);
  return out;
}

function audited(ctx: WriteContext, by: Reporter, type: string, detail: string): void {
  appendAudit(ctx.db, {
    at: ctx.nowIso, actor: by.name, role: by.role, clientId: 'floor', mutationId: null, type, outcome: 'applied', code: null, rows: 1, version: ctx.version, detail: detail.slice(0, 500), count: 1,
  });
}

/**
 * Tags `cause` on every order in `held` that does not carry it yet, with a `cause` event by the
 * reporter, in the report's own write: the whole outage shows at once (one incident, one version),
 * so a war room and the server's auto-policy see all of it rather than a page at a time.
 */
function tagHeld(ctx: WriteContext, held: ReadonlyArray<{ id: string; stage: number; causes: string[] }>, cause: string, note: string, by: Reporter): number {
  let tagged = 0;
  for (const o of held) {
    if (o.causes.includes(cause)) continue;
    ctx.db.update(orders).set({ causes: [...o.causes, cause], updatedAt: ctx.nowIso, version: ctx.version }).where(eq(orders.id, o.id)).run();
    addEvent(ctx, { orderId: o.id, kind: 'cause', stage: o.stage, at: ctx.nowIso, actor: by.name, cause, note });
    tagged++;
  }
  return tagged;
}

const heldColumns = { id: orders.id, stage: orders.stage, causes: orders.causes, carrier: orders.carrier, district: orders.district, city: orders.city, province: orders.province, workshop: orders.workshop, line: orders.line };

export function reportStoppage(writer: Writer, carrier: string, body: StoppageBody, by: Reporter) {
  return writer.writeSoon((ctx) => {
    const row = carrierRow(ctx.db, carrier);
    if (!row || (by.scope && !(by.scope.kind === 'carrier' && by.scope.value === carrier))) throw notFound(`carrier ${carrier}`);
    const stoppage: CarrierStoppage = { regions: body.regions, from: body.from, to: body.to, reason: body.reason };
    ctx.db.update(carriers).set({ stoppages: appendCapped(row.stoppages, stoppage, MAX_STOPPAGES, ctx.now), version: ctx.version }).where(eq(carriers.id, row.id)).run();
    const words = `${carrier} · ${body.regions.join('、')} · ${body.from} → ${body.to} · ${body.reason}`;
    audited(ctx, by, 'carrier.stoppage', words);
    const candidates = ctx.db.select(heldColumns).from(orders).where(and(eq(orders.carrier, carrier), inArray(orders.stage, [...CARRIER_STAGES]), eq(orders.deleted, false))).all();
    const held = candidates.filter((o) => stoppageHolds(stoppage, carrier, o, ctx.now));
    const tagged = tagHeld(ctx, held, 'logistics', `${carrier} ${body.regions.join('、')} 停运：${body.reason}`, by);
    return { carrier, stoppages: row.stoppages.length + 1, held: held.length, tagged };
  });
}

export function reportLineDown(writer: Writer, workstation: string, body: LineDownBody, by: Reporter) {
  return writer.writeSoon((ctx) => {
    const row = lineRow(ctx.db, workstation);
    if (!row || (by.scope && !(by.scope.kind === 'workshop' && by.scope.value === row.factory))) throw notFound(`line ${workstation}`);
    const down: LineDown = { from: body.from, to: body.to, reason: body.reason };
    ctx.db.update(lines).set({ down: appendCapped(row.down, down, MAX_DOWN, ctx.now), version: ctx.version }).where(eq(lines.id, row.id)).run();
    audited(ctx, by, 'line.down', `${workstation} · ${body.from} → ${body.to} · ${body.reason}`);
    const candidates = ctx.db.select(heldColumns).from(orders).where(and(eq(orders.line, row.name), eq(orders.stage, row.stage), eq(orders.deleted, false))).all();
    const held = candidates.filter((o) => lineDownHolds(down, { id: workstation, stage: row.stage }, { workstation: o.workshop && o.line ? workstationOf(o.workshop, o.line) : null, stage: o.stage }, ctx.now));
    const tagged = tagHeld(ctx, held, 'machine_fault', `${workstation} 停机：${body.reason}`, by);
    return { line: workstation, down: row.down.length + 1, held: held.length, tagged };
  });
}
