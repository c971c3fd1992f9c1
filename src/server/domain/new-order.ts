/**
 * The order row a new order starts as (pure): one mapping of a create body (floor POST
 * /api/v1/orders, and the simulator's backlog, which drafts the same bodies) to the stored row.
 * What later stages fill in (designer, workshop, carrier, crew …) starts empty; the backlog, which
 * seeds orders already further along, overrides those fields on the result.
 */
import type { OrderRow } from '@server/db/schema';
import type { CreateOrderBody } from '@server/floor/schemas';

export type NewOrderRow = Omit<OrderRow, 'version' | 'deleted'>;

export function newOrderRow(id: string, body: CreateOrderBody, at: { signedAt: string; now: string }): NewOrderRow {
  return {
    id,
    orderNo: body.orderNo,
    channel: body.channel,
    productType: body.productType,
    customerName: body.customer.name,
    customerPhone: body.customer.phone,
    province: body.address.province,
    city: body.address.city,
    district: body.address.district,
    addressDetail: body.address.detail,
    lat: body.address.lat,
    lng: body.address.lng,
    amount: body.amount,
    discountTemplate: body.discountTemplate ?? null,
    discountAmount: body.discountAmount ?? null,
    skus: body.skus ?? [],
    signedAt: at.signedAt,
    promisedDate: body.promisedDate,
    stage: 1,
    stageEnteredAt: at.signedAt,
    causes: [],
    note: body.note ?? null,
    designer: null,
    workshop: null,
    line: null,
    carrier: null,
    waybill: null,
    crewId: null,
    bookedSlot: null,
    createdAt: at.now,
    updatedAt: at.now,
    // issue 20: checked as the order enters finance review, right after it is written (src/server/promotions/review.ts)
    basketId: body.basketId ?? null,
    couponAmount: body.couponAmount ?? null,
    reviewStatus: 'pending',
    expectedDiscount: null,
    discountDifference: null,
    reviewTemplateVersion: null,
    reviewedAt: null,
    reviewReason: null,
  };
}
