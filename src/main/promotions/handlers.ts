/**
 * The desk's promotion reconciliation methods (issue 20; protocol.md "Desk API"): the channel × day
 * table, a cell's orders, one order's template and check, the finance decision on a held order (the
 * server's `finance.release` / `finance.pass` through the durable outbox), and any of these tables
 * as an .xlsx. Everything is read from the replica: the numbers are the server's rows as synced.
 */
import type Database from 'better-sqlite3';
import type { CommandView, DeskHandlers } from '@shared/contract';
import { ActionError, type CommandDraft } from '@main/commands/drafts';
import { cellOrders, reconcile, sumOrders } from '@main/promotions/aggregate';
import { readOrderPromotion, readReconOrders } from '@main/promotions/from-replica';
import { exportFile } from '@main/promotions/export';

export type PromotionMethod = 'reconciliation' | 'reconciliationOrders' | 'promotionCheck' | 'reviewDecision' | 'exportReconciliation';

export interface PromotionDeps {
  replica: () => Database.Database;
  checkpoint: () => number;
  /** the role the server gives this desk's token (null before the first hello) */
  role: () => string | null;
  enqueue: (planned: CommandDraft) => CommandView;
}

/** The roles the server lets decide a payment (protocol.md finance.release / finance.pass), and who reads the money. */
const DECIDERS = new Set(['supervisor', 'finance']);

/** Discounts and amounts are finance's: only a supervisor's or finance's desk reads them (least data). */
function mayRead(d: PromotionDeps): void {
  const role = d.role();
  if (!role || !DECIDERS.has(role)) throw new ActionError('forbidden', `the reconciliation is for a supervisor or finance; this desk's token is ${role ?? 'not yet known'}`, 403);
}

export function promotionHandlers(d: PromotionDeps): Pick<DeskHandlers, PromotionMethod> {
  return {
    reconciliation: ({ from, to, channel }) => {
      mayRead(d);
      const { cells, totals } = reconcile(readReconOrders(d.replica(), from, to, channel));
      return { from, to, checkpoint: d.checkpoint(), cells, totals };
    },
    reconciliationOrders: ({ channel, day, flaggedOnly }) => {
      mayRead(d);
      const orders = cellOrders(readReconOrders(d.replica(), day, day, channel), channel, day, flaggedOnly);
      return { channel, day, orders, totals: sumOrders(orders) };
    },
    promotionCheck: ({ orderId }) => {
      mayRead(d);
      const p = readOrderPromotion(d.replica(), orderId);
      if (!p) throw new ActionError('not_found', `orderId: no order ${orderId} in the replica`, 404);
      return {
        order: p.order,
        template: p.template,
        deskExpected: p.deskExpected,
        note: p.note,
        couponAmount: p.coupon,
        reviewReason: p.reviewReason,
        basketOrders: (p.basket?.orders ?? []).map((o) => ({ orderId: o.id, orderNo: p.basketOrderNos.get(o.id) ?? o.id, amount: o.amount })),
      };
    },
    reviewDecision: ({ orderId, decision, reason }) => {
      mayRead(d);
      const p = readOrderPromotion(d.replica(), orderId);
      if (!p) throw new ActionError('not_found', `orderId: no order ${orderId} in the replica`, 404);
      // the server's rule (finance.ts): a held payment is released with a reason; a pending order is passed
      const from = decision === 'release' ? 'held' : 'pending';
      if (p.order.review !== from) throw new ActionError('wrong_status', `orderId: ${p.order.orderNo} is ${p.order.review}; only a ${from} order can be ${decision === 'release' ? 'released' : 'passed'}`);
      const verb = decision === 'release' ? '放行付款' : '审核通过';
      return { command: d.enqueue({ type: `finance.${decision}`, payload: { orderId, reason }, label: `${verb} · ${p.order.orderNo}` }) };
    },
    exportReconciliation: async (input) => {
      mayRead(d);
      if (input.table === 'days') {
        const { cells, totals } = reconcile(readReconOrders(d.replica(), input.from, input.to, input.channel));
        return exportFile({ table: 'days', from: input.from, to: input.to, channel: input.channel, lang: input.lang ?? 'zh-CN', cells, totals });
      }
      const orders = cellOrders(readReconOrders(d.replica(), input.day, input.day, input.channel), input.channel, input.day);
      return exportFile({ table: 'orders', channel: input.channel, day: input.day, lang: input.lang ?? 'zh-CN', orders, totals: sumOrders(orders) });
    },
  };
}
