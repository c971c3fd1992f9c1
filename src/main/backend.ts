/**
 * The desk's back end: replica + sync + analysis behind the one API contract. Transports
 * (Electron IPC, browser-mode HTTP/WebSocket) only parse input and call these handlers.
 * No electron import here: the same back end runs in Electron's main process and in plain Node.
 */
import { join } from 'node:path';
import type { CommandView, DeskEvent, DeskHandlers, DeskStatus } from '@shared/contract';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { shanghaiIso } from '@shared/time';
import { indexFromSnapshot } from '@main/analysis/snapshot-facts';
import { WarRoomIndex } from '@main/analysis/war-room-index';
import { OutboxStore } from '@main/outbox/store';
import { ownerOnlyDir } from '@node/owner-only';
import { explainStorageError } from '@main/db/storage-errors';
import { commandView } from '@main/outbox/view';
import { replicaFiles } from '@main/replica/files';
import { SyncEngine } from '@main/sync/engine';
import { createWarRoom, type WarRoom } from '@main/war-room/war-room';
import { warRoomHandlers } from '@main/war-room/handlers';
import type { CommandDraft } from '@main/commands/drafts';
import { commandHandlers } from '@main/commands/handlers';
import { deskStatus, syncHandlers } from '@main/sync/handlers';
import { combineHandlers } from '@main/handler-map';
import { createReportHandlers } from '@main/reports/handlers';
import { createPlanDesk } from '@main/plans/handlers';
import { planningPolicy } from '@main/plans/policy';
import { trackHandlers } from '@main/track/handlers';
import { promotionHandlers } from '@main/promotions/handlers';

type WarRoomSqlite = Parameters<typeof createWarRoom>[0]['sqlite'];

export interface DeskBackendOptions {
  dataDir: string;
  serverUrl: string;
  token: string;
  /** true when the server is the embedded demo site */
  demo: boolean;
  /** sync timeouts (tests shorten them) */
  requestTimeoutMs?: number;
  commandTimeoutMs?: number;
  pollEveryMs?: number;
}

export interface DeskBackend {
  handlers: DeskHandlers;
  /**
   * Writes a supervisor command to the durable outbox (it is safe on disk when this returns) and
   * sends it when the server can be reached. Returns the outbox entry.
   */
  enqueueCommand(type: string, payload: Record<string, unknown>, label: string): CommandView;
  subscribe(listener: (event: DeskEvent) => void): () => void;
  close(): Promise<void>;
}

export function createDeskBackend(opts: DeskBackendOptions): DeskBackend {
  ownerOnlyDir(opts.dataDir);
  const outbox = new OutboxStore(join(opts.dataDir, 'outbox.sqlite'));
  const listeners = new Set<(event: DeskEvent) => void>();
  // set once the plan desk exists: a changed incident list may be one the auto-policy acts on
  let incidentsChanged = () => {};
  const publish = (event: DeskEvent) => {
    if (event.type === 'incidents') incidentsChanged();
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        listeners.delete(listener); // a broken subscriber must not stop the others
      }
    }
  };

  // syncDeps is made with the engine below; nothing asks for the status before then
  const status = (): DeskStatus => deskStatus(syncDeps);

  const engine = new SyncEngine({
    serverUrl: opts.serverUrl,
    token: opts.token,
    dataDir: opts.dataDir,
    files: replicaFiles(opts.dataDir),
    requestTimeoutMs: opts.requestTimeoutMs,
    commandTimeoutMs: opts.commandTimeoutMs,
    pollEveryMs: opts.pollEveryMs,
    outbox,
    onApplied: (batch) => warRoom.apply(batch),
    // a snapshot's war-room index is built from the file on this thread while a worker copies it
    prepareFromSnapshot: (file, format): Promise<WarRoomIndex> => indexFromSnapshot(file, format, DEFAULT_BUDGETS, engine.clock.now()),
    onReplaced: async (store, prepared) => {
      // the war room's statements belong to the old connection: build it again on the new replica,
      // with the index made from the snapshot or loaded in slices, before the desk reports itself live
      warRoom.close();
      await new Promise<void>((resolve) => setImmediate(resolve));
      warRoom = openWarRoom(store.connection);
      if (prepared instanceof WarRoomIndex) warRoom.adopt(prepared);
      else await warRoom.load();
    },
    onStatus: () => publish({ type: 'status', status: status() }),
    onCommandAnswered: (command) => publish({ type: 'command', command: commandView(command) }),
  });
  const syncDeps = { engine, pendingCommands: () => outbox.pendingCount(), serverUrl: opts.serverUrl, dataDir: opts.dataDir, demo: opts.demo };
  const openWarRoom = (sqlite: WarRoomSqlite): WarRoom =>
    createWarRoom({ sqlite, dataDir: opts.dataDir, now: () => engine.clock.now(), publish, enqueue: (type, payload, label) => enqueue({ type, payload, label }) });
  let warRoom = openWarRoom(engine.replica().connection);
  engine.start();

  // the shift hand-over (issue 7): audit timeline, shift report, hand-over notes
  const reports = createReportHandlers({ sqlite: () => engine.replica().connection, now: () => engine.clock.now(), dataDir: opts.dataDir, serverUrl: opts.serverUrl, supervisor: () => engine.status().name });

  // contingency plans (issue 6): computed from the war room's index, applied through the outbox
  const plans = createPlanDesk({
    warRoom: () => warRoom,
    sqlite: () => engine.replica().connection,
    outbox,
    policy: () => planningPolicy(opts.dataDir),
    now: () => engine.clock.now(),
    checkpoint: () => engine.replica().checkpoint(),
    enqueue: (type, payload, label) => enqueue({ type, payload, label }),
    dataDir: opts.dataDir,
    publish,
  });
  incidentsChanged = () => plans.incidentsChanged();

  // each feature declares its handlers beside its code; every contract method is handled once
  const handlers = combineHandlers({
    sync: syncHandlers(syncDeps),
    commands: commandHandlers({ outbox, replica: () => engine.replica().connection, enqueue }),
    warRoom: warRoomHandlers(() => warRoom),
    plans: plans.handlers,
    reports,
    // promotion reconciliation (issue 20): read from the replica, decisions through the outbox
    promotions: promotionHandlers({ replica: () => engine.replica().connection, checkpoint: () => engine.replica().checkpoint(), role: () => engine.status().role, enqueue }),
    // the customer self-service page (issue 18): the request queue and the usage share
    track: trackHandlers({ sqlite: () => engine.replica().connection, outbox, now: () => engine.clock.now(), enqueue: (type, payload, label) => enqueue({ type, payload, label }) }),
  });

  function enqueue(planned: CommandDraft): CommandView {
    let command;
    try {
      command = outbox.enqueue(planned.type, planned.payload, planned.label, shanghaiIso(engine.clock.now()));
    } catch (err) {
      throw explainStorageError(err, opts.dataDir); // a full disk is an answer, not a crash
    }
    publish({ type: 'status', status: status() });
    engine.kickOutbox();
    return commandView(command);
  }

  return {
    handlers,
    enqueueCommand: (type, payload, label) => enqueue({ type, payload, label }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      plans.close();
      warRoom.close();
      await engine.stop();
      outbox.close();
    },
  };
}
