/**
 * Customers' date-change requests as the desk shows them (issue 18 item 4): the synced
 * `customer_request` rows (src/shared/track.ts CustomerRequestData) joined with what the replica
 * knows of the order and its installation, for the war room's queue; and the desk methods' shapes.
 */
import { z } from 'zod';
import { CUSTOMER_REQUEST_STATES } from './track';

export const CustomerRequestView = z.object({
  id: z.string(),
  /** the row's version: handling it names it (expectedVersion), so two desks cannot both handle it blindly */
  version: z.number().int(),
  orderId: z.string(),
  orderNo: z.string(),
  /** the date the customer asks for (Shanghai date) */
  wanted: z.string(),
  note: z.string().nullable(),
  /** when the customer asked (ISO +08:00) */
  at: z.string(),
  state: z.enum(CUSTOMER_REQUEST_STATES),
  /** this desk sent customerRequest.handle for it and the server has not answered yet */
  pending: z.boolean(),
  /** the order as the replica has it (null: not in this replica) */
  order: z.object({ stage: z.number().int(), district: z.string(), customerName: z.string().nullable(), promisedDate: z.string() }).nullable(),
  /** the order's active installation job (null: none yet) */
  job: z.object({ jobId: z.string(), crewId: z.string().nullable(), crewName: z.string().nullable(), date: z.string().nullable(), status: z.string() }).nullable(),
});
export type CustomerRequestView = z.infer<typeof CustomerRequestView>;

export const CustomerRequestList = z.object({
  /** new requests first (oldest first: first come, first served), then the most recently handled */
  requests: z.array(CustomerRequestView),
  /** requests still new (pending ones included) */
  open: z.number().int().min(0),
});
export type CustomerRequestList = z.infer<typeof CustomerRequestList>;

/** The command a desk sends (docs/protocol.md `customerRequest.handle`). */
export const CUSTOMER_REQUEST_HANDLE = 'customerRequest.handle';
