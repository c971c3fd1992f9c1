/**
 * order.switchCarrier, order.moveLine and line.overtime (pure; issue 14, the logistics and line
 * plans). Rules in protocol order: conflict (the named row's expectedVersion), not_found,
 * wrong_stage, missing_skill, out_of_area, over_limit. Every message names the field it is about
 * and the row, so a desk can re-plan that row. Payloads carry the logical keys (a carrier's name,
 * a line's `<factory>/<line>`); the rows are found by their ASCII row ids (src/shared/supply-ids.ts),
 * which is also what a conflict's `rows` name, as on the wire.
 */
import type { LineOvertimePayload, OrderMoveLinePayload, OrderSwitchCarrierPayload } from '@shared/protocol';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import { laneFor, type CarrierLane, type LineOvertime } from '@shared/supply-rules';
import type { Draft } from '@server/commands/draft';

/** Shipments are switched before the carrier collects them: the order waits in the warehouse. */
const NOT_COLLECTED_STAGE = 8;

export function planSwitchCarrier(d: Draft, p: OrderSwitchCarrierPayload): void {
  for (const item of p.orders) {
    if (!d.expect('order', item.orderId, item.expectedVersion)) continue;
    const order = d.get('order', item.orderId);
    const carrier = d.get('carrier', carrierRowId(item.carrier));
    if (!order) d.fail('not_found', `orderId: order ${item.orderId} not found`);
    if (!carrier) d.fail('not_found', `carrier: no carrier ${item.carrier} (order ${item.orderId})`);
    if (!order || !carrier) continue;
    const stage = Number(order.stage);
    if (stage !== NOT_COLLECTED_STAGE) {
      d.fail('wrong_stage', `orderId: order ${order.id} is at stage ${stage}; a carrier is switched only before pickup (stage ${NOT_COLLECTED_STAGE})`);
      continue;
    }
    const where = { district: String(order.district), city: String(order.city), province: String(order.province) };
    if (!laneFor({ lanes: carrier.lanes as CarrierLane[] }, where)) {
      d.fail('out_of_area', `carrier: ${item.carrier} has no lane into ${where.province}${where.city}${where.district} (order ${order.id})`);
      continue;
    }
    // the old waybill belongs to the old carrier; the new one issues its own at pickup
    d.set('order', order.id, { carrier: item.carrier, waybill: null }, true);
    d.event({ orderId: order.id, kind: 'switchCarrier', stage, note: `${String(order.carrier ?? '-')} → ${item.carrier}, pickup ${item.pickupDate}`, cause: null });
  }
}

export function planMoveLine(d: Draft, p: OrderMoveLinePayload): void {
  for (const item of p.orders) {
    if (!d.expect('order', item.orderId, item.expectedVersion)) continue;
    const order = d.get('order', item.orderId);
    const line = d.get('line', lineRowId(item.line));
    if (!order) d.fail('not_found', `orderId: order ${item.orderId} not found`);
    if (!line) d.fail('not_found', `line: no line ${item.line} (order ${item.orderId})`);
    if (!order || !line) continue;
    const stage = Number(order.stage);
    if (Number(line.stage) !== stage) {
      d.fail('wrong_stage', `line: ${item.line} works stage ${Number(line.stage)}, order ${order.id} is at stage ${stage}`);
      continue;
    }
    if (!(line.skills as string[]).includes(String(order.productType))) {
      d.fail('missing_skill', `line: ${item.line} cannot work ${String(order.productType)} (order ${order.id})`);
      continue;
    }
    const from = order.workshop && order.line ? `${String(order.workshop)}/${String(order.line)}` : '-';
    d.set('order', order.id, { workshop: line.factory, line: line.name }, true);
    d.event({ orderId: order.id, kind: 'moveLine', stage, note: `${from} → ${item.line}`, cause: null });
  }
}

/** The line's overtime list with `date` set to `hours` (0 removes it), sorted by date. */
export function withLineOvertime(days: readonly LineOvertime[], date: string, hours: number): LineOvertime[] {
  const rest = days.filter((o) => o.date !== date);
  if (hours > 0) rest.push({ date, hours });
  return rest.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function planLineOvertime(d: Draft, p: LineOvertimePayload): void {
  for (const item of p.lines) {
    const rowId = lineRowId(item.lineId);
    if (!d.expect('line', rowId, item.expectedVersion, item.lineId)) continue;
    const line = d.get('line', rowId);
    if (!line) {
      d.fail('not_found', `lineId: no line ${item.lineId}`);
      continue;
    }
    const max = Number(line.overtimeHoursMax);
    if (item.hours > max) {
      d.fail('over_limit', `hours: line ${item.lineId} allows at most ${max} overtime hours a day, not ${item.hours} (${item.date})`);
      continue;
    }
    d.set('line', rowId, { overtime: withLineOvertime(line.overtime as LineOvertime[], item.date, item.hours) }, true);
  }
}
