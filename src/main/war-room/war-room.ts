/**
 * The war room (issue 5): its index built from the replica and fed by applied batches, the
 * incident book and its states file, and its handlers of the desk API. backend.ts makes one per
 * replica connection (createWarRoom), feeds it from onApplied and closes it with the replica;
 * handlers.ts exposes the current one's handlers to the contract.
 */
import type Database from 'better-sqlite3';
import type { DeskEvent, DeskHandlers } from '@shared/contract';
import { DEFAULT_BUDGETS, type StageBudgets } from '@shared/stages';
import { shanghaiIso } from '@shared/time';
import { computeBottlenecks } from '@main/analysis/bottlenecks';
import { computeCrewLoad } from '@main/analysis/crew-load';
import { diagnose, findOrders } from '@main/analysis/diagnosis';
import { IncidentBook } from '@main/analysis/incident-book';
import { IncidentStatesFile } from '@main/war-room/incident-states-file';
import { incidentLine, incidentLines, toProtocolIncident } from '@main/analysis/incident-board';
import { WarRoomReads } from '@main/analysis/replica-reads';
import { WarRoomFeed } from '@main/analysis/war-room-feed';
import type { AppliedBatch } from '@main/replica/store';
import type { WarRoomIndex } from '@main/analysis/war-room-index';
import type { IncidentLine, IncidentState } from '@shared/war-room';

export type WarRoomMethod = 'incidents' | 'incidentBoard' | 'setIncidentState' | 'mapView' | 'bottlenecks' | 'crewLoad' | 'findOrders' | 'diagnoseOrder';

export interface WarRoomOptions {
  sqlite: Database.Database;
  dataDir: string;
  /** the server's clock (epoch ms) */
  now: () => number;
  publish: (event: DeskEvent) => void;
  budgets?: StageBudgets;
  threshold?: number;
  flushEveryMs?: number;
  /**
   * Writes a supervisor command to the durable outbox (backend.ts `enqueue`). An incident's state
   * lives on this desk, so its changes go to the server as `incident.state` to reach the audit
   * trail that every desk, and the next shift, reads.
   */
  enqueue: (type: string, payload: Record<string, unknown>, label: string) => unknown;
}

/** The protocol's cap on a list (the count is what the audit needs; an incident this big is rare). */
const MAX_ORDER_IDS = 10_000;

/** The outbox label of an incident move, in the supervisor's words. */
const MOVE_LABELS: Record<IncidentState, string> = { new: '事件重开', acknowledged: '事件确认', handling: '事件处理中', resolved: '事件解决' };

export interface WarRoom {
  handlers: Pick<DeskHandlers, WarRoomMethod>;
  /** the index and one incident's line, for the contingency plans; null when there is no such incident */
  incident(id: string): { index: WarRoomIndex; line: IncidentLine } | null;
  /** the index, up to date with the replica */
  indexNow(): WarRoomIndex;
  /** the index as it is (loading it on first use), without flushing the board */
  index(): WarRoomIndex;
  /** loads the index from the replica in slices; resolves when it is in use */
  load(): Promise<void>;
  /** uses an index built from the rows the replica now holds (a snapshot's) */
  adopt(index: WarRoomIndex): void;
  /** the incident lines as the cause list shows them */
  lines(): IncidentLine[];
  /** moves an incident to a state, as setIncidentState does, with a note before the title in the audit trail */
  moveIncident(id: string, state: IncidentState, note: string): void;
  apply(batch: AppliedBatch): void;
  reset(): void;
  close(): void;
}

class NotFound extends Error {
  readonly code = 'not_found';
  readonly status = 404;
}

export function createWarRoom(opts: WarRoomOptions): WarRoom {
  const budgets = opts.budgets ?? DEFAULT_BUDGETS;
  const reads = new WarRoomReads(opts.sqlite);
  const statesFile = new IncidentStatesFile(opts.dataDir);
  const book = new IncidentBook(opts.threshold);
  book.restore(statesFile.read());
  const feed = new WarRoomFeed(reads, book, budgets, opts.now, opts.publish);
  const save = () => statesFile.write(book.states());
  const timer = setInterval(() => {
    feed.ready(); // loads once, a tick after the back end has its clock
    feed.flush();
    save();
  }, opts.flushEveryMs ?? 250);

  const board = () => {
    const index = feed.ready();
    feed.flush();
    return { index, lines: incidentLines(index, book) };
  };

  /** `note` prefixes the title the audit trail records, e.g. for a move the auto-policy made */
  const moveIncident = (id: string, state: IncidentState, note = '') => {
    const index = feed.ready();
    const before = book.get(id);
    if (!before) throw new NotFound(`no incident ${id}`);
    const line = incidentLine(index, before);
    // the outbox first: if it cannot take the command (disk full) the move fails as a whole,
    // rather than a state on this desk that the audit trail never hears of
    if (before.state !== state) opts.enqueue('incident.state', { incidentId: id, state, title: `${note}${line.title}`.slice(0, 200), orderIds: line.orderIds.slice(0, MAX_ORDER_IDS) }, `${MOVE_LABELS[state]} · ${note}${line.title}`);
    const rec = book.set(id, state, index.clock, line.count)!;
    save();
    opts.publish({ type: 'incidents', version: 0, raised: [] });
    return { incident: incidentLine(index, rec) };
  };

  const handlers: WarRoom['handlers'] = {
    incidents: () => ({ incidents: board().lines.map(toProtocolIncident) }),
    incidentBoard: () => {
      const { index, lines } = board();
      return { version: 0, asOf: shanghaiIso(index.clock), incidents: lines, unattributed: index.unattributed, threshold: book.threshold };
    },
    setIncidentState: ({ id, state }) => moveIncident(id, state),
    mapView: () => feed.mapView(),
    bottlenecks: () => {
      const index = feed.ready();
      return { asOf: shanghaiIso(index.clock), stages: computeBottlenecks(index, budgets) };
    },
    crewLoad: ({ days }) => computeCrewLoad(feed.ready(), days ?? 7),
    findOrders: ({ query }) => ({ matches: findOrders(feed.ready(), query) }),
    diagnoseOrder: ({ orderId }) => {
      const index = feed.ready();
      const order = reads.order(orderId);
      if (!order) throw new NotFound(`no order ${orderId}`);
      const incidents = incidentLines(index, book)
        .filter((l) => l.orderIds.includes(orderId))
        .map((l) => ({ id: l.id, title: l.title }));
      return diagnose({
        id: orderId,
        order,
        events: reads.eventsOf(orderId),
        notifications: reads.notificationsOf(orderId),
        jobs: reads.jobsOf(orderId),
        crews: index.crews,
        incidents,
        budgets,
        now: index.clock,
      });
    },
  };

  return {
    handlers,
    incident: (id) => {
      const { index, lines } = board();
      const line = lines.find((l) => l.id === id);
      return line ? { index, line } : null;
    },
    indexNow: () => board().index,
    index: () => feed.ready(),
    load: () => feed.load(),
    adopt: (index) => feed.adopt(index),
    lines: () => board().lines,
    moveIncident: (id, state, note) => void moveIncident(id, state, note),
    apply: (batch) => feed.apply(batch),
    reset: () => feed.reset(),
    close: () => {
      clearInterval(timer);
      save();
    },
  };
}
