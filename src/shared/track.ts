/**
 * The customer self-service page's contract (issue 18, docs/protocol.md "Track"): what the page at
 * /track sends to the order server and what it gets back, as zod schemas. The page (its own small
 * bundle), the server's /track/api routes and the desk (the customer-request queue, the access log)
 * all parse with these, so a field means one thing everywhere.
 */
import { z } from 'zod';
import { IsoDate, IsoTime } from './entities';
import { normalizePhone } from './track-rules';

// the rules the page runs too live in the zod-free track-rules.ts (the page's bundle carries no zod)
export { normalizePhone, TRACK_CODE_ATTEMPTS, TRACK_CODE_MINUTES, TRACK_SESSION_MINUTES } from './track-rules';

/** Where the page and its API live on the order server's own origin. */
export const TRACK_PATH = '/track';
export const TRACK_API = '/track/api';
/** The session cookie: HttpOnly, SameSite=Strict, Path=/track, Secure over TLS. */
export const TRACK_COOKIE = 'dd_track';
/** Per-phone code limits (Aliyun SMS's): 1 a minute, 5 an hour, 10 a day. */
export const TRACK_PHONE_LIMITS = [
  { windowMs: 60_000, max: 1 },
  { windowMs: 3_600_000, max: 5 },
  { windowMs: 86_400_000, max: 10 },
] as const;

export const TrackPhone = z
  .string()
  .max(32, 'at most 32 characters')
  .transform((s, ctx) => {
    const phone = normalizePhone(s);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: 'a mainland mobile number, 11 digits starting with 1' });
      return z.NEVER;
    }
    return phone;
  });

/** `POST /track/api/code` */
export const CodeRequest = z.object({ phone: TrackPhone }).strict();
export type CodeRequest = z.infer<typeof CodeRequest>;

/** `POST /track/api/session` */
export const SessionRequest = z
  .object({ phone: TrackPhone, code: z.string().trim().regex(/^\d{6}$/, '6 digits') })
  .strict();
export type SessionRequest = z.infer<typeof SessionRequest>;

/** The answer to a code request: always the same, whether or not the phone has orders. */
export const CodeAccepted = z.object({ sent: z.literal(true), expiresInSeconds: z.number().int() });
export type CodeAccepted = z.infer<typeof CodeAccepted>;

/** The answer to a session request (the cookie carries the session). */
export const SessionStarted = z.object({ phone: z.string(), expiresAt: IsoTime });
export type SessionStarted = z.infer<typeof SessionStarted>;

/** Errors: `{ error: { code, message } }`, as on the floor API; 429 also sends `Retry-After`. */
export const TRACK_ERROR_CODES = ['bad_request', 'unauthorized', 'not_found', 'rate_limited', 'method_not_allowed', 'too_large', 'unavailable', 'conflict'] as const;
export const TrackError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type TrackError = z.infer<typeof TrackError>;

/** One order in the list (`GET /track/api/orders`). */
export const TrackOrderSummary = z.object({
  orderNo: z.string(),
  productType: z.string(),
  /** masked: 王芳 → 王* */
  customerName: z.string(),
  stage: z.number().int().min(1).max(12),
  /** zh-CN name of the stage (the page has the English in STAGES) */
  stageName: z.string(),
  /** Shanghai date; the booked installation date once there is one, else the projected finish */
  expectedCompletion: IsoDate,
  /** share of the 12 stages reached, 0..1 (stage 12 = 1) */
  progress: z.number().min(0).max(1),
});
export type TrackOrderSummary = z.infer<typeof TrackOrderSummary>;

export const TrackOrderList = z.object({ orders: z.array(TrackOrderSummary) });
export type TrackOrderList = z.infer<typeof TrackOrderList>;

export const STAGE_STATES = ['done', 'current', 'next'] as const;
export const TrackStage = z.object({
  no: z.number().int().min(1).max(12),
  zh: z.string(),
  en: z.string(),
  /** when the stage is planned to be reached (Shanghai date, from the stage budgets); null for stage 1 before signing */
  planned: IsoDate.nullable(),
  /** when it was reached (from the order's stage events); null until then */
  actual: IsoTime.nullable(),
  state: z.enum(STAGE_STATES),
});
export type TrackStage = z.infer<typeof TrackStage>;

/** Who to call about the current stage: a service line per role (resources/service-lines.json), never a worker's number. */
export const TrackContact = z.object({
  /** the role that moves the order on (STAGES[].movedBy: sales, designer, workshop, …) */
  role: z.string(),
  zh: z.string(),
  en: z.string(),
  phone: z.string(),
  /** e.g. 09:00-21:00 */
  hours: z.string(),
});
export type TrackContact = z.infer<typeof TrackContact>;

export const TrackOrderDetail = z.object({
  orderNo: z.string(),
  customerName: z.string(),
  productType: z.string(),
  district: z.string(),
  stages: z.array(TrackStage).length(12),
  /** the current stage number */
  current: z.number().int().min(1).max(12),
  contact: TrackContact,
  expectedCompletion: IsoDate,
  installation: z.object({ date: IsoDate, window: z.string().nullable() }).nullable(),
  /** the carrier's tracking link once shipped; the waybill is the customer's own (the link carries it anyway) */
  tracking: z.object({ carrier: z.string(), waybill: z.string(), url: z.string() }).nullable(),
  /** a date-change request is possible (not finished, no request of the customer's still open) */
  canRequestDate: z.boolean(),
  /** the customer's open date-change request, if any */
  openRequest: z.object({ wanted: IsoDate, at: IsoTime }).nullable(),
});
export type TrackOrderDetail = z.infer<typeof TrackOrderDetail>;

/** `POST /track/api/requests`: another installation date, please. */
export const DateChangeRequest = z
  .object({
    orderNo: z.string().min(1).max(64),
    wanted: IsoDate,
    note: z.string().trim().max(200, 'at most 200 characters').optional(),
  })
  .strict();
export type DateChangeRequest = z.infer<typeof DateChangeRequest>;

export const DateChangeAccepted = z.object({ id: z.string(), orderNo: z.string(), wanted: IsoDate, at: IsoTime });
export type DateChangeAccepted = z.infer<typeof DateChangeAccepted>;

export const CUSTOMER_REQUEST_ENTITY = 'customer_request';
export const TRACK_ACCESS_ENTITY = 'track_access';

/** Synced entity `customer_request` (id = the request id): the war room's queue of customers' date-change requests. */
export const CUSTOMER_REQUEST_STATES = ['new', 'handled'] as const;
export const CustomerRequestData = z.object({
  orderId: z.string(),
  orderNo: z.string(),
  kind: z.literal('date_change'),
  wanted: IsoDate,
  note: z.string().nullable(),
  at: IsoTime,
  state: z.enum(CUSTOMER_REQUEST_STATES),
});
export type CustomerRequestData = z.infer<typeof CustomerRequestData>;

/** What the access log records: a code request, a session attempt, a page read (list, detail), a date-change request. */
export const TRACK_ACCESS_KINDS = ['code', 'session', 'orders', 'order', 'request'] as const;
export type TrackAccessKind = (typeof TRACK_ACCESS_KINDS)[number];

/** Synced entity `track_access` (id = the row id): the access log with the phone masked; the address for supervisors only. */
export const TrackAccessData = z.object({
  at: IsoTime,
  kind: z.enum(TRACK_ACCESS_KINDS),
  /** masked 138****8000; null when the request named none */
  phone: z.string().nullable(),
  /** the client's address as the server's socket sees it (IPv6 by its /64); supervisors only, absent for viewers */
  address: z.string().optional(),
  /**
   * `ok`; a code: `sent` | `no_orders` | `limited`; a sign-in: `wrong_code` | `expired` | `attempts_used` |
   * `no_code` | `no_orders` | `limited`; any: `unauthorized` | `not_found` | `bad_request` | `conflict` | `bad_date`
   */
  outcome: z.string(),
  /** the order number read or asked about, when there is one */
  orderNo: z.string().nullable(),
});
export type TrackAccessData = z.infer<typeof TrackAccessData>;

/** progress over the 12 stages: stage 1 = 0, stage 12 = 1 */
export function stageProgress(stage: number): number {
  return Math.min(1, Math.max(0, (stage - 1) / 11));
}
