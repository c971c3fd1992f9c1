/**
 * The desk API contract: one typed handler map between the renderer and the desk's back end.
 * Both transports (Electron IPC through the preload, and HTTP /api/rpc/<method> + WebSocket
 * /api/events in browser mode) parse every argument with these schemas and call the same handlers.
 */
import { z } from 'zod';
import { CAUSES } from './vocab';
import { AppliedAction, AutoPolicy, AutoRule, AutoRun, CrewSuggestions, Plan, PlansResult } from './plans';
import { AuditTrail, SaveNotesInput, ShiftInput, ShiftNotes, ShiftReport } from './report';
import { ExportedFile, ExportReconInput, PromotionCheck, Reconciliation, ReconciliationInput, ReconOrders, ReconOrdersInput, ReviewDecisionInput } from './reconciliation';
import { CustomerRequestList } from './customer-requests';
import { SelfServiceUsage } from './track-usage';
import { TrackAccessData } from './track';
import { Bottleneck, CrewLoad, Diagnosis, Incident, IncidentBoard, IncidentLine, IncidentState, MapDelta, MapView, OrderMatch, MenuAction } from './war-room';

export const SyncState = z.enum(['connecting', 'syncing', 'live', 'offline', 'unauthorized', 'forbidden', 'protocol_mismatch']);
export type SyncState = z.infer<typeof SyncState>;

export const DeskStatus = z.object({
  connected: z.boolean(),
  state: SyncState,
  checkpoint: z.number().int().min(0),
  head: z.number().int().min(0),
  pendingCommands: z.number().int().min(0),
  lastError: z.string().nullable(),
  serverUrl: z.string(),
  serverId: z.string().nullable(),
  role: z.string().nullable(),
  /** the supervisor on duty: the name the server gives this desk's token (null before the first hello) */
  supervisor: z.string().nullable(),
  /** the shift the server's clock is in now (resources/shifts.json), null before the clock is known */
  shift: z.object({ id: z.string(), zh: z.string(), en: z.string(), start: z.string(), end: z.string() }).nullable(),
  /** the server's clock as the desk estimates it now (ISO), null before the first hello */
  serverNow: z.string().nullable(),
  /** the server clock when the replica was last known to be complete (ISO); shown as "data as of" while offline */
  dataAsOf: z.string().nullable(),
  clockRate: z.number(),
  /** rows pulled in the current catch-up, and its total (versions), for a progress bar */
  syncProgress: z
    .object({
      rows: z.number(),
      fromVersion: z.number(),
      toVersion: z.number(),
      atVersion: z.number(),
      percent: z.number(),
      rowsPerSecond: z.number(),
      /** true while a fresh replica is built aside (the current view stays until it is complete) */
      rebuilding: z.boolean(),
      /** what the catch-up is doing: downloading or loading a snapshot, else pulling pages */
      phase: z.enum(['download', 'load', 'check', 'pull']).optional(),
    })
    .nullable(),
  demo: z.boolean(),
});
export type DeskStatus = z.infer<typeof DeskStatus>;

export const DigestResult = z.object({ version: z.number().int(), count: z.number().int(), sha256: z.string() });
export type DigestResult = z.infer<typeof DigestResult>;

const NoInput = z.object({}).strict();

/** A supervisor command as the outbox holds it: pending until the server answers. */
export const CommandView = z.object({
  seq: z.number().int(),
  mutationId: z.number().int().nullable(),
  type: z.string(),
  label: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'applied', 'rejected', 'failed']),
  sendCount: z.number().int(),
  version: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string(), rows: z.array(z.record(z.string(), z.unknown())).optional() }).nullable(),
  answeredAt: z.string().nullable(),
  /** the ids of the rows it names, for the pending overlay on the map and lists */
  orderIds: z.array(z.string()),
  jobIds: z.array(z.string()),
});
export type CommandView = z.infer<typeof CommandView>;

export const VerifyResult = z.object({
  match: z.boolean(),
  replica: DigestResult,
  server: DigestResult,
  repaired: z.boolean(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const deskContract = {
  status: { input: NoInput, output: DeskStatus },
  digest: { input: NoInput, output: DigestResult },
  /** the outbox: pending commands first, then the most recent answered ones */
  commands: { input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(), output: z.object({ commands: z.array(CommandView) }) },
  /** supervisor commands: each goes to the durable outbox and is answered there (see `commands`) */
  tagCause: {
    input: z.object({ orderId: z.string().min(1), cause: z.enum(CAUSES), note: z.string().max(2000).optional() }).strict(),
    output: z.object({ command: CommandView }),
  },
  addNote: {
    input: z.object({ orderId: z.string().min(1), text: z.string().min(1).max(2000) }).strict(),
    output: z.object({ command: CommandView }),
  },
  reassignJobs: {
    input: z
      .object({
        jobs: z.array(z.object({ jobId: z.string().min(1), crewId: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD') }).strict()).min(1).max(5000),
        label: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ command: CommandView }),
  },
  /** compare the replica's digest with the server's; a mismatch is repaired by a rebuild */
  verify: { input: NoInput, output: VerifyResult },
  // the war room (issue 5): see ./war-room.ts
  incidents: { input: NoInput, output: z.object({ incidents: z.array(Incident) }) },
  incidentBoard: { input: NoInput, output: IncidentBoard },
  setIncidentState: { input: z.object({ id: z.string().min(1), state: IncidentState }).strict(), output: z.object({ incident: IncidentLine }) },
  mapView: { input: NoInput, output: MapView },
  bottlenecks: { input: NoInput, output: z.object({ asOf: z.string(), stages: z.array(Bottleneck) }) },
  crewLoad: { input: z.object({ days: z.number().int().min(1).max(14).optional() }).strict(), output: CrewLoad },
  findOrders: { input: z.object({ query: z.string().trim().min(1).max(64) }).strict(), output: z.object({ matches: z.array(OrderMatch) }) },
  diagnoseOrder: { input: z.object({ orderId: z.string().min(1) }).strict(), output: Diagnosis },
  /** a supervisor's click to call: one order's full phone from the server (audited there; not for read-only keys) */
  revealPhone: { input: z.object({ orderId: z.string().min(1).max(100) }).strict(), output: z.object({ phone: z.string() }) },
  // contingency plans (issue 6): see ./plans.ts. `actionId` is `cmd-<n>` for this desk's commands,
  // or `<clientId>#<mutationId>` as the audit trail names any desk's command (the next shift can undo)
  plans: { input: z.object({ incidentId: z.string().min(1) }).strict(), output: PlansResult },
  replan: { input: z.object({ planId: z.string().min(1) }).strict(), output: z.object({ plan: Plan }) },
  applyPlan: { input: z.object({ planId: z.string().min(1) }).strict(), output: z.object({ actionId: z.string(), command: CommandView }) },
  undo: { input: z.object({ actionId: z.string().min(1).max(300) }).strict(), output: z.object({ actionId: z.string(), command: CommandView }) },
  actions: { input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(), output: z.object({ actions: z.array(AppliedAction) }) },
  /** the auto-policy: per cause, apply plan A by itself for new incidents (off until switched on) */
  autoPolicy: { input: NoInput, output: AutoPolicy },
  setAutoRule: { input: AutoRule.strict(), output: AutoPolicy },
  /** manual bulk re-assign: crews for the picked orders' open jobs (or the named jobs); applying is `reassignJobs` */
  crewSuggestions: {
    input: z
      .object({
        orderIds: z.array(z.string().min(1)).max(5000).optional(),
        jobIds: z.array(z.string().min(1)).max(5000).optional(),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
      })
      .strict(),
    output: CrewSuggestions,
  },
  // the shift hand-over (issue 7): see ./report.ts; `shiftStart` defaults to the current shift
  auditTrail: { input: ShiftInput, output: AuditTrail },
  shiftReport: { input: ShiftInput, output: ShiftReport },
  saveShiftNotes: { input: SaveNotesInput, output: ShiftNotes },
  // promotion reconciliation (issue 20): see ./reconciliation.ts; a decision goes to the server as finance.release / finance.pass
  reconciliation: { input: ReconciliationInput, output: Reconciliation },
  reconciliationOrders: { input: ReconOrdersInput, output: ReconOrders },
  promotionCheck: { input: z.object({ orderId: z.string().min(1).max(100) }).strict(), output: PromotionCheck },
  reviewDecision: { input: ReviewDecisionInput, output: z.object({ command: CommandView }) },
  /** a reconciliation table as an .xlsx (base64); the page saves it as a download */
  exportReconciliation: { input: ExportReconInput, output: ExportedFile },
  // the customer self-service page (issue 18): date-change requests as a queue, and the week's usage share
  customerRequests: { input: NoInput, output: CustomerRequestList },
  /** marks one request handled: `customerRequest.handle` through the outbox (audited, undoable) */
  handleCustomerRequest: { input: z.object({ requestId: z.string().min(1).max(100) }).strict(), output: z.object({ command: CommandView }) },
  selfServiceUsage: { input: NoInput, output: SelfServiceUsage },
  /** the self-service page's access log (code requests, sign-ins, page reads), newest first; phones masked */
  trackAccessLog: { input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(), output: z.object({ entries: z.array(TrackAccessData.extend({ id: z.string() })) }) },
} as const;

export type DeskMethod = keyof typeof deskContract;
export const DESK_METHODS = Object.keys(deskContract) as DeskMethod[];

/**
 * The methods that only read: the only ones a wall screen's read-only key may call (browser mode
 * answers any other with 403 `forbidden`). `verify` is not here: it may rebuild the replica.
 */
export const READ_ONLY_METHODS = [
  'status', 'digest', 'commands', 'incidents', 'incidentBoard', 'mapView', 'bottlenecks', 'crewLoad', 'findOrders', 'diagnoseOrder',
  'auditTrail', 'shiftReport', 'plans', 'actions', 'autoPolicy', 'crewSuggestions', 'customerRequests', 'selfServiceUsage',
] as const satisfies readonly DeskMethod[];
export function isReadOnlyMethod(method: string): boolean {
  return (READ_ONLY_METHODS as readonly string[]).includes(method);
}
export type DeskInput<M extends DeskMethod> = z.input<(typeof deskContract)[M]['input']>;
export type DeskOutput<M extends DeskMethod> = z.output<(typeof deskContract)[M]['output']>;

/**
 * What the back end pushes; the renderer re-reads what it shows. One schema for both transports:
 * browser mode's event socket parses every message with it (an event it does not know is dropped,
 * so a new kind of event is added here or nowhere), and the back end's events are typed from it.
 */
export const DeskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: DeskStatus }),
  /** the war room's map moved: a small delta (versioned; a gap means re-read mapView) */
  z.object({ type: z.literal('mapDelta'), delta: MapDelta }),
  /** the incident list changed: re-read incidentBoard; `raised` are incidents that just appeared (toast) */
  z.object({
    type: z.literal('incidents'),
    version: z.number().int(),
    raised: z.array(z.object({ id: z.string(), cause: z.string(), title: z.string(), count: z.number().int() })),
  }),
  /** a command got its final answer (a rejection is shown to the supervisor with its reason and rows) */
  z.object({ type: z.literal('command'), command: CommandView }),
  /** the auto-policy acted (or declined to) on an incident: the supervisor is told */
  z.object({ type: z.literal('auto'), run: AutoRun }),
  /** Electron only: a native menu item was chosen (the page runs the same action as its shortcut) */
  z.object({ type: z.literal('menu'), action: MenuAction }),
]);
export type DeskEvent = z.infer<typeof DeskEvent>;
export type DeskEventType = DeskEvent['type'];

export type DeskCalls = { [M in DeskMethod]: (input: DeskInput<M>) => Promise<DeskOutput<M>> };

/** The API the renderer sees, whichever transport carries it. */
export type DeskApi = DeskCalls & {
  /** subscribe to pushed events; returns the unsubscribe function */
  subscribe(listener: (event: DeskEvent) => void): () => void;
};

/** Handlers on the back end: the same map, synchronous or not. */
export type DeskHandlers = { [M in DeskMethod]: (input: z.output<(typeof deskContract)[M]['input']>) => Promise<DeskOutput<M>> | DeskOutput<M> };

