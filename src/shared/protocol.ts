/** Order server ⇄ desk protocol v1 message schemas (docs/protocol.md). */
import { z } from 'zod';
import { Change } from './entities';
import { CAUSES, ROLES } from './vocab';
import { PassArgs, ReleaseArgs, SaveTemplateArgs } from './promotions';
import { IncidentState } from './war-room';
import { ReplicaSnapshotInfo, SnapshotInfo } from './snapshot';

export const PROTOCOL_VERSION = 1 as const;
export const DESK_NAMESPACE = '/desk';
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const HandshakeAuth = z.object({
  token: z.string().min(1),
  clientId: z.string().min(1).max(200),
  protocol: z.number(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  expected: z.number().optional(),
  /** `rate_limited`: whole seconds to wait before sending again */
  retryAfter: z.number().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export const ErrorReply = z.object({ ok: z.literal(false), error: ErrorBody });
export type ErrorReply = z.infer<typeof ErrorReply>;

export const HelloRequest = z.object({}).strict();
export const HelloReply = z.object({
  ok: z.literal(true),
  serverId: z.string(),
  head: z.number().int().min(0),
  role: z.enum(ROLES),
  /** extension: the token's name (the supervisor on duty); absent from older servers */
  name: z.string().optional(),
  /** extension: a snapshot ready to start an empty replica from (src/shared/snapshot.ts); absent: page from 0 */
  snapshot: SnapshotInfo.optional(),
  replicaSnapshot: ReplicaSnapshotInfo.optional(),
  /** extension (issue 16): the edition of the role projection the rows are sent in; absent: 1 */
  projection: z.number().int().min(1).optional(),
  protocol: z.literal(1),
  now: z.string(),
  clockRate: z.number().positive(),
});
export type HelloReply = z.infer<typeof HelloReply>;

/**
 * extension (issue 16): a supervisor reveals one customer's full phone (click to call); the feed
 * carries it masked for every role. Each reveal is an audit row on the server.
 */
export const RevealRequest = z.object({ orderId: z.string().min(1).max(100) }).strict();
export type RevealRequest = z.infer<typeof RevealRequest>;
export const RevealReply = z.object({ ok: z.literal(true), orderId: z.string(), phone: z.string() });
export type RevealReply = z.infer<typeof RevealReply>;

export const PullRequest = z
  .object({
    since: z.number().int().min(0),
    limit: z.number().int().min(1).max(10000).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;
export const PullReply = z.object({
  ok: z.literal(true),
  changes: z.array(Change),
  to: z.number().int().min(0),
  head: z.number().int().min(0),
  reset: z.literal(true).optional(),
});
export type PullReply = z.infer<typeof PullReply>;

export const ChangesPush = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  changes: z.array(Change),
  now: z.string(),
});
export type ChangesPush = z.infer<typeof ChangesPush>;

export const DigestRequest = z.object({}).strict();
export const DigestReply = z.object({
  ok: z.literal(true),
  version: z.number().int().min(0),
  count: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DigestReply = z.infer<typeof DigestReply>;

/** Any reply: parse the error branch first so a failed call is never mistaken for data. */
export function replyOf<T extends z.ZodType>(schema: T) {
  return z.union([ErrorReply, schema]);
}

/** Names the first failing field of a zod error, for `bad_request` messages. */
export function describeZodError(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.length ? issue.path.join('.') : '(payload)';
  return `${path}: ${issue.message}`;
}

/** `command` (protocol.md): the envelope; payloads per type follow in CommandPayloads. */
export const CommandRequest = z
  .object({
    mutationId: z.number().int().min(1),
    type: z.string().min(1),
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type CommandRequest = z.infer<typeof CommandRequest>;

export const COMMAND_TYPES = [
  'job.reassign',
  'job.reschedule',
  'order.tagCause',
  'order.note',
  'notify.customers',
  'batch',
  'undo',
  'crew.overtime',
  'incident.state',
  'order.switchCarrier',
  'order.moveLine',
  'line.overtime',
  'job.create',
  'autoRule.set',
  'customerRequest.handle',
  // issue 20: channel promotion templates and the finance review (src/shared/promotions.ts)
  'promotion.saveTemplate',
  'finance.release',
  'finance.pass',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** The server's answer to `command` when ok (protocol.md): applied, rejected, or duplicate. */
export const CommandOutcome = z.discriminatedUnion('status', [
  z.object({ ok: z.literal(true), status: z.literal('applied'), version: z.number().int() }),
  z.object({ ok: z.literal(true), status: z.literal('rejected'), error: ErrorBody }),
  z.object({ ok: z.literal(true), status: z.literal('duplicate'), version: z.number().int().optional(), original: z.enum(['applied', 'rejected']), error: ErrorBody.optional() }),
]);
export type CommandOutcome = z.infer<typeof CommandOutcome>;

// ---- command payloads (protocol.md, `command`) --------------------------------------------------
// Lists must not be empty; unknown fields inside a payload are ignored.

const RowId = z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, 'an ASCII id');
const Version = z.number().int().min(0);
const CommandDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');
const MAX_ROWS = 10_000;

export const JobReassignPayload = z.object({
  jobs: z.array(z.object({ jobId: RowId, crewId: RowId, date: CommandDate, expectedVersion: Version })).min(1).max(MAX_ROWS),
});
export type JobReassignPayload = z.infer<typeof JobReassignPayload>;

export const Compensation = z.object({ template: z.string().min(1).max(64), amountYuan: z.number().min(0).max(1_000_000) });
export type Compensation = z.infer<typeof Compensation>;

export const JobReschedulePayload = z.object({
  jobs: z.array(z.object({ jobId: RowId, date: CommandDate, expectedVersion: Version })).min(1).max(MAX_ROWS),
  compensation: Compensation.optional(),
});
export type JobReschedulePayload = z.infer<typeof JobReschedulePayload>;

/** `expectedVersion` is optional here (an extension): when given, it is checked like any other. */
export const OrderTagCausePayload = z.object({
  orderId: RowId,
  cause: z.enum(CAUSES),
  note: z.string().max(1000).optional(),
  expectedVersion: Version.optional(),
});
export type OrderTagCausePayload = z.infer<typeof OrderTagCausePayload>;

export const OrderNotePayload = z.object({ orderId: RowId, text: z.string().min(1).max(2000), expectedVersion: Version.optional() });
export type OrderNotePayload = z.infer<typeof OrderNotePayload>;

export const NotifyCustomersPayload = z.object({
  orderIds: z.array(RowId).min(1).max(MAX_ROWS),
  template: z.string().min(1).max(64),
  params: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});
export type NotifyCustomersPayload = z.infer<typeof NotifyCustomersPayload>;

/**
 * `crew.overtime` (extension, contingency plan C "add capacity"): sets a crew's extra jobs on a
 * date; the crew then takes capacityPerDay + extraJobs jobs that day. 0 removes the overtime.
 */
export const MAX_OVERTIME_JOBS = 10;
export const CrewOvertimePayload = z.object({
  crews: z.array(z.object({ crewId: RowId, date: CommandDate, extraJobs: z.number().int().min(0).max(MAX_OVERTIME_JOBS), expectedVersion: Version })).min(1).max(1000),
});
export type CrewOvertimePayload = z.infer<typeof CrewOvertimePayload>;

/**
 * `incident.state` (extension, issue 7): the supervisor moved a war-room incident to a state. The
 * server keeps no incident row (incidents are derived on each desk), so the command changes no
 * business row: it only leaves an audit row, which every desk syncs, so the next shift sees who
 * acknowledged what. `orderIds` are the incident's orders at that moment (may be empty).
 */
export const IncidentStatePayload = z.object({
  incidentId: z.string().min(1).max(200),
  state: IncidentState,
  title: z.string().max(200),
  orderIds: z.array(RowId).max(MAX_ROWS),
});
export type IncidentStatePayload = z.infer<typeof IncidentStatePayload>;

/** Carrier and line ids are names (安能物流, 苏州一厂/封边2线), not ASCII row ids. */
const NameId = z.string().trim().min(1, 'a name').max(130);
/** An installation window `HH:MM-HH:MM`, e.g. `09:00-12:00`. */
const InstallWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'a window HH:MM-HH:MM');

/**
 * `order.switchCarrier` (extension, issue 14, logistics plan A): a shipment not yet collected
 * (stage 8) goes with another carrier, which must serve the order's region (a lane); the order's
 * carrier is set and its waybill cleared (the new carrier issues one at pickup).
 */
export const OrderSwitchCarrierPayload = z.object({
  orders: z.array(z.object({ orderId: RowId, carrier: NameId, pickupDate: CommandDate, expectedVersion: Version })).min(1).max(MAX_ROWS),
});
export type OrderSwitchCarrierPayload = z.infer<typeof OrderSwitchCarrierPayload>;

/**
 * `order.moveLine` (extension, issue 14, line plan A): waiting work moves to another line, which
 * must work the order's current stage and its product type; the order's workshop and line are set.
 */
export const OrderMoveLinePayload = z.object({
  orders: z.array(z.object({ orderId: RowId, line: NameId.regex(/^[^/]+\/[^/]+$/, 'a line id <factory>/<line>'), expectedVersion: Version })).min(1).max(MAX_ROWS),
});
export type OrderMoveLinePayload = z.infer<typeof OrderMoveLinePayload>;

/** `line.overtime` (extension, issue 14, line plan C): a line's overtime hours on a date; 0 removes it. */
export const LineOvertimePayload = z.object({
  lines: z.array(z.object({ lineId: NameId, date: CommandDate, hours: z.number().min(0).max(12), expectedVersion: Version })).min(1).max(1000),
});
export type LineOvertimePayload = z.infer<typeof LineOvertimePayload>;

/**
 * `job.create` (extension, issue 14, missing hand-off plan): an order at stages 9-11 without an
 * active installation job gets one, booked to the crew on the date (and window, when given).
 * `expectedVersion` (optional) is the order's, checked when given.
 */
export const JobCreatePayload = z.object({
  jobs: z.array(z.object({ orderId: RowId, crewId: RowId, date: CommandDate, window: InstallWindow.optional(), expectedVersion: Version.optional() })).min(1).max(MAX_ROWS),
});
export type JobCreatePayload = z.infer<typeof JobCreatePayload>;

/**
 * `autoRule.set` (extension, issue 14): the server's auto-policy for one incident cause: whether it
 * applies plan `plan` (A, B or C of the incident's kind) by itself to new incidents of the cause, up
 * to `maxJobs` items moved. Supervisors only, audited; switching a rule on leaves the incidents open
 * at that moment to the supervisors (the server records them as skipped).
 */
export const AutoRuleSetPayload = z.object({
  cause: z.enum(CAUSES),
  enabled: z.boolean(),
  plan: z.enum(['A', 'B', 'C']),
  maxJobs: z.number().int().min(1).max(5000),
});
export type AutoRuleSetPayload = z.infer<typeof AutoRuleSetPayload>;

/**
 * `customerRequest.handle` (extension, issue 18): supervisors mark customers' date-change requests
 * (entity `customer_request`) handled. Each row names the version the desk saw; undo sets it back to new.
 */
export const CustomerRequestHandlePayload = z.object({
  requests: z.array(z.object({ requestId: RowId, expectedVersion: Version.optional() })).min(1).max(MAX_ROWS),
});
export type CustomerRequestHandlePayload = z.infer<typeof CustomerRequestHandlePayload>;

export const UndoPayload = z.object({ clientId: z.string().min(1).max(200), mutationId: z.number().int().min(1) });
export type UndoPayload = z.infer<typeof UndoPayload>;

/** The payload schema of each command type except `batch`. */
export const SIMPLE_COMMAND_PAYLOADS = {
  'job.reassign': JobReassignPayload,
  'job.reschedule': JobReschedulePayload,
  'order.tagCause': OrderTagCausePayload,
  'order.note': OrderNotePayload,
  'notify.customers': NotifyCustomersPayload,
  undo: UndoPayload,
  'crew.overtime': CrewOvertimePayload,
  'incident.state': IncidentStatePayload,
  'order.switchCarrier': OrderSwitchCarrierPayload,
  'order.moveLine': OrderMoveLinePayload,
  'line.overtime': LineOvertimePayload,
  'job.create': JobCreatePayload,
  'autoRule.set': AutoRuleSetPayload,
  'promotion.saveTemplate': SaveTemplateArgs,
  'finance.release': ReleaseArgs,
  'finance.pass': PassArgs,
  'customerRequest.handle': CustomerRequestHandlePayload,
} as const;
export type SimpleCommandType = keyof typeof SIMPLE_COMMAND_PAYLOADS;

export type SimpleCommand = { [K in SimpleCommandType]: { type: K; payload: z.infer<(typeof SIMPLE_COMMAND_PAYLOADS)[K]> } }[SimpleCommandType];

/** `batch { commands }`: any command type but `batch` itself, all or none. */
export const BatchPayload = z.object({
  commands: z.array(z.object({ type: z.string().min(1), payload: z.record(z.string(), z.unknown()) })).min(1).max(1000),
});

/**
 * The rejection codes, in the order the server checks them. Extensions (issue 14): `out_of_area`
 * (a carrier without a lane into the order's region, a crew that does not serve its district),
 * `over_limit` (line overtime above the line's maximum).
 */
export const REJECTION_CODES = ['conflict', 'not_found', 'wrong_status', 'wrong_stage', 'missing_skill', 'out_of_area', 'crew_unavailable', 'over_capacity', 'over_limit', 'already_undone'] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export const ConflictRow = z.object({ entity: z.string(), id: z.string(), version: z.number().int(), expectedVersion: z.number().int() });
export type ConflictRow = z.infer<typeof ConflictRow>;

export const CommandReply = z.union([
  z.object({ ok: z.literal(true), status: z.literal('applied'), version: z.number().int() }),
  z.object({ ok: z.literal(true), status: z.literal('rejected'), error: ErrorBody }),
  z.object({ ok: z.literal(true), status: z.literal('duplicate'), version: z.number().int(), original: z.enum(['applied', 'rejected']), error: ErrorBody.optional() }),
]);
export type CommandReply = z.infer<typeof CommandReply>;
