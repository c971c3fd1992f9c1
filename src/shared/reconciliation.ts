/**
 * The desk's promotion reconciliation (issue 20): per channel and day, the orders, their amount, the
 * discount the channel's template allows (expected), the discount given (actual), the difference and
 * the flagged orders; drill-down to a cell's orders and to one order's template and check. Schemas of
 * the desk API (contract.ts); money in yuan, days are Asia/Shanghai dates of the order's signing.
 */
import { z } from 'zod';
import { CHANNELS } from './vocab';
import { PromotionTemplate } from './promotions';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const ReviewStatusName = z.enum(['pending', 'passed', 'held', 'released', 'none']);
export type ReviewStatusName = z.infer<typeof ReviewStatusName>;

/** Sums of a set of orders (a cell, a row of the table, or its totals row). */
export const ReconSums = z.object({
  orders: z.number().int(),
  amount: z.number(),
  expected: z.number(),
  actual: z.number(),
  /** Σ (actual − expected): positive = more discount given than allowed, money short */
  difference: z.number(),
  flagged: z.number().int(),
  /** Σ difference of the flagged orders only */
  flaggedDifference: z.number(),
  held: z.number().int(),
});
export type ReconSums = z.infer<typeof ReconSums>;

export const ReconCell = ReconSums.extend({ channel: z.enum(CHANNELS), day });
export type ReconCell = z.infer<typeof ReconCell>;

export const ReconciliationInput = z
  .object({
    from: day,
    to: day,
    channel: z.enum(CHANNELS).optional(),
  })
  .strict()
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['from'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 92 * 86_400_000, { message: 'at most 93 days at once', path: ['to'] });
export type ReconciliationInput = z.infer<typeof ReconciliationInput>;

export const Reconciliation = z.object({
  from: day,
  to: day,
  /** the replica's checkpoint the numbers were read at */
  checkpoint: z.number().int(),
  cells: z.array(ReconCell),
  totals: ReconSums,
});
export type Reconciliation = z.infer<typeof Reconciliation>;

export const ReconOrder = z.object({
  orderId: z.string(),
  orderNo: z.string(),
  channel: z.enum(CHANNELS),
  day,
  signedAt: z.string().nullable(),
  amount: z.number(),
  template: z.string().nullable(),
  basketId: z.string().nullable(),
  expected: z.number(),
  actual: z.number(),
  difference: z.number(),
  flagged: z.boolean(),
  review: ReviewStatusName,
  /** where the expected discount comes from: the server's review, or the desk's own check (not yet reviewed) */
  checkedBy: z.enum(['server', 'desk']),
});
export type ReconOrder = z.infer<typeof ReconOrder>;

export const ReconOrdersInput = z.object({ channel: z.enum(CHANNELS), day, flaggedOnly: z.boolean().optional() }).strict();
export const ReconOrders = z.object({ channel: z.enum(CHANNELS), day, orders: z.array(ReconOrder), totals: ReconSums });
export type ReconOrders = z.infer<typeof ReconOrders>;

/** One order's promotion check: its template as in force when signed, and the check with the one rule. */
export const PromotionCheck = z.object({
  order: ReconOrder,
  template: PromotionTemplate.nullable(),
  /** the desk's check with the one shared rule (promotions.ts), beside the server's stored review */
  deskExpected: z.number(),
  /** why the template allowed nothing, when it did not (promotions.ts CheckNote) */
  note: z.enum(['no_template', 'unknown_template', 'wrong_channel', 'outside_campaign']).nullable(),
  couponAmount: z.number().nullable(),
  basketOrders: z.array(z.object({ orderId: z.string(), orderNo: z.string(), amount: z.number() })),
  reviewReason: z.string().nullable(),
});
export type PromotionCheck = z.infer<typeof PromotionCheck>;

export const ReviewDecisionInput = z
  .object({
    orderId: z.string().min(1).max(100),
    decision: z.enum(['release', 'pass']),
    reason: z.string().trim().min(2, 'reason: say why (at least 2 characters)').max(500),
  })
  .strict();
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInput>;

export const ExportReconInput = z.union([
  z.object({ table: z.literal('days'), from: day, to: day, channel: z.enum(CHANNELS).optional(), lang: z.enum(['zh-CN', 'en']).optional() }).strict(),
  z.object({ table: z.literal('orders'), channel: z.enum(CHANNELS), day, lang: z.enum(['zh-CN', 'en']).optional() }).strict(),
]);
export type ExportReconInput = z.infer<typeof ExportReconInput>;
export const ExportedFile = z.object({ fileName: z.string(), mime: z.string(), base64: z.string(), rows: z.number().int() });
export type ExportedFile = z.infer<typeof ExportedFile>;

/** Sums of nothing: the start of every fold. */
export const EMPTY_SUMS: ReconSums = { orders: 0, amount: 0, expected: 0, actual: 0, difference: 0, flagged: 0, flaggedDifference: 0, held: 0 };
