/**
 * The desk API contract: one typed handler map between the renderer and the desk's back end.
 * Both transports (Electron IPC through the preload, and HTTP /api/rpc/<method> + WebSocket
 * /api/events in browser mode) parse every argument with these schemas and call the same handlers.
 */
import { z } from 'zod';

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
  /** the server's clock as the desk estimates it now (ISO), null before the first hello */
  serverNow: z.string().nullable(),
  clockRate: z.number(),
  /** rows pulled in the current catch-up, and its total (versions), for a progress bar */
  syncProgress: z.object({ rows: z.number(), fromVersion: z.number(), toVersion: z.number(), atVersion: z.number() }).nullable(),
  demo: z.boolean(),
});
export type DeskStatus = z.infer<typeof DeskStatus>;

export const DigestResult = z.object({ version: z.number().int(), count: z.number().int(), sha256: z.string() });
export type DigestResult = z.infer<typeof DigestResult>;

export const MapOrder = z.object({
  id: z.string(),
  orderNo: z.string(),
  stage: z.number().int(),
  district: z.string(),
  city: z.string(),
  lat: z.number(),
  lng: z.number(),
  promisedDate: z.string(),
  status: z.enum(['overdue', 'at_risk']),
  reason: z.string().optional(),
  hoursLate: z.number(),
  causes: z.array(z.string()),
});
export type MapOrder = z.infer<typeof MapOrder>;

export const Counters = z.object({
  inFlight: z.number().int(),
  overdue: z.number().int(),
  atRisk: z.number().int(),
  doneToday: z.number().int(),
});
export type Counters = z.infer<typeof Counters>;

export const Overview = z.object({
  /** the server clock the figures were computed at (ISO) */
  asOf: z.string(),
  checkpoint: z.number().int(),
  counters: Counters,
  overdue: z.array(MapOrder),
  atRisk: z.array(MapOrder),
});
export type Overview = z.infer<typeof Overview>;

const NoInput = z.object({}).strict();

export const OverdueOrdersInput = z
  .object({ limit: z.number().int().min(1).max(100000).optional(), district: z.string().optional() })
  .strict();

export const deskContract = {
  status: { input: NoInput, output: DeskStatus },
  digest: { input: NoInput, output: DigestResult },
  overview: { input: NoInput, output: Overview },
  overdueOrders: { input: OverdueOrdersInput, output: z.object({ orders: z.array(MapOrder) }) },
} as const;

export type DeskMethod = keyof typeof deskContract;
export const DESK_METHODS = Object.keys(deskContract) as DeskMethod[];
export type DeskInput<M extends DeskMethod> = z.input<(typeof deskContract)[M]['input']>;
export type DeskOutput<M extends DeskMethod> = z.output<(typeof deskContract)[M]['output']>;

/** What the back end pushes; the renderer re-reads what it shows. */
export type DeskEvent = { type: 'status'; status: DeskStatus } | { type: 'overview'; overview: Overview };

export type DeskCalls = { [M in DeskMethod]: (input: DeskInput<M>) => Promise<DeskOutput<M>> };

/** The API the renderer sees, whichever transport carries it. */
export type DeskApi = DeskCalls & {
  /** subscribe to pushed events; returns the unsubscribe function */
  subscribe(listener: (event: DeskEvent) => void): () => void;
};

/** Handlers on the back end: the same map, synchronous or not. */
export type DeskHandlers = { [M in DeskMethod]: (input: z.output<(typeof deskContract)[M]['input']>) => Promise<DeskOutput<M>> | DeskOutput<M> };

export const IPC_CHANNEL_PREFIX = 'desk:';
export const IPC_EVENT_CHANNEL = 'desk:event';
