/** Request bodies of the HTTP floor API (protocol.md, "HTTP floor API"). */
import { z } from 'zod';
import { DateOrTime, IsoDate, IsoTime } from '@shared/entities';
import { CAUSES, CHANNELS, PRODUCT_TYPES } from '@shared/vocab';

const text = (max: number) => z.string().trim().min(1).max(max);

export const CreateOrderBody = z.object({
  orderNo: z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  channel: z.enum(CHANNELS),
  productType: z.enum(PRODUCT_TYPES),
  customer: z.object({
    name: text(64),
    phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number'),
  }),
  address: z.object({
    province: text(32),
    city: text(32),
    district: text(32),
    detail: text(200),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  }),
  amount: z.number().min(0).max(1e8),
  promisedDate: IsoDate,
  // optional parts of the master record
  signedAt: IsoTime.optional(),
  skus: z.array(text(64)).max(100).optional(),
  discountTemplate: text(64).optional(),
  discountAmount: z.number().min(0).max(1e8).optional(),
  // issue 20: the store coupon part of discountAmount, and the 天猫 cross-store basket the order belongs to
  couponAmount: z.number().min(0).max(1e8).optional(),
  basketId: text(64).optional(),
  note: z.string().max(1000).optional(),
  actor: text(64).optional(),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

export const AdvanceBody = z.object({
  stage: z.number().int().min(1).max(12),
  at: IsoTime.optional(),
  actor: text(64).optional(),
  note: z.string().max(1000).optional(),
  /** what the guards need: stage 2 signedDrawing + salesLeadApproval, stage 12 customerSignature */
  evidence: z
    .object({
      signedDrawing: text(500).optional(),
      salesLeadApproval: text(200).optional(),
      customerSignature: text(500).optional(),
    })
    .strict()
    .optional(),
  /** who handles the order from this stage on, where the stage implies it */
  fields: z
    .object({
      designer: text(64).optional(),
      workshop: text(64).optional(),
      line: text(64).optional(),
      carrier: text(64).optional(),
      waybill: text(64).optional(),
    })
    .strict()
    .optional(),
});
export type AdvanceBody = z.infer<typeof AdvanceBody>;

export const CauseBody = z.object({
  cause: z.enum(CAUSES),
  note: z.string().max(1000).optional(),
  actor: text(64).optional(),
});
export type CauseBody = z.infer<typeof CauseBody>;

export const UnavailableBody = z
  .object({ from: DateOrTime, to: DateOrTime, reason: text(200) })
  .refine((b) => b.from.slice(0, 10) <= b.to.slice(0, 10), { message: 'must not be before from', path: ['to'] });
export type UnavailableBody = z.infer<typeof UnavailableBody>;

export const ListOrdersQuery = z.object({
  stage: z.coerce.number().int().min(1).max(12).optional(),
  district: z.string().min(1).max(32).optional(),
  cause: z.enum(CAUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  crewId: z.string().min(1).max(100).optional(),
  /** orders whose id sorts after this one (paging) */
  after: z.string().min(1).max(100).optional(),
  /** page size; its cap and default depend on the role (src/server/floor/reads.ts LIST_LIMITS) */
  limit: z.coerce.number().int().min(1).optional(),
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

export const BudgetStage = z.number().int().min(1, 'stage: 1..12').max(12, 'stage: 1..12');
export const BudgetBody = z.object({ hours: z.number().min(0).max(24 * 365).nullable() }).strict();
export type BudgetBody = z.infer<typeof BudgetBody>;

/** `to` after `from`: a window of time on the server clock. */
const toAfterFrom = { check: (b: { from: string; to: string }) => Date.parse(b.to) > Date.parse(b.from), message: { message: 'must be after from', path: ['to'] } };

/** A carrier's stoppage (issue 14): its shipments into these regions (province, city or district names) wait until `to`. */
export const StoppageBody = z
  .object({ regions: z.array(text(32)).min(1).max(50), from: IsoTime, to: IsoTime, reason: text(200) })
  .strict()
  .refine(toAfterFrom.check, toAfterFrom.message);
export type StoppageBody = z.infer<typeof StoppageBody>;

/** A production line down (设备故障, issue 14). */
export const LineDownBody = z.object({ from: IsoTime, to: IsoTime, reason: text(200) }).strict().refine(toAfterFrom.check, toAfterFrom.message);
export type LineDownBody = z.infer<typeof LineDownBody>;
