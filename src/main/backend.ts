/**
 * The desk's back end: replica + sync + analysis behind the one API contract. Transports
 * (Electron IPC, browser-mode HTTP/WebSocket) only parse input and call these handlers.
 * No electron import here: the same back end runs in Electron's main process and in plain Node.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskEvent, DeskHandlers, DeskStatus, Overview } from '@shared/contract';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { shanghaiIso } from '@shared/time';
import { OverdueIndex } from '@main/analysis/overdue-index';
import { openReplicaDb } from '@main/replica/open';
import { ReplicaStore } from '@main/replica/store';
import { SyncEngine } from '@main/sync/engine';

export interface DeskBackendOptions {
  dataDir: string;
  serverUrl: string;
  token: string;
  /** true when the server is the embedded demo site */
  demo: boolean;
  /** how often lateness is re-evaluated as the server clock moves (ms of real time) */
  evaluateEveryMs?: number;
}

export interface DeskBackend {
  handlers: DeskHandlers;
  subscribe(listener: (event: DeskEvent) => void): () => void;
  close(): Promise<void>;
}

export function createDeskBackend(opts: DeskBackendOptions): DeskBackend {
  mkdirSync(opts.dataDir, { recursive: true });
  const replica = openReplicaDb(join(opts.dataDir, 'replica.sqlite'));
  const store = new ReplicaStore(replica);
  const index = new OverdueIndex(DEFAULT_BUDGETS);
  index.load(store.allOrderRows());
  const listeners = new Set<(event: DeskEvent) => void>();
  const publish = (event: DeskEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        listeners.delete(listener); // a broken subscriber must not stop the others
      }
    }
  };

  let overview: Overview | null = null;
  let overviewSignature = '';
  const evaluate = (): Overview => {
    overview = index.evaluate(engine.clock.now(), store.checkpoint());
    return overview;
  };
  const evaluateAndPublish = () => {
    const next = evaluate();
    const signature = signatureOf(next);
    if (signature !== overviewSignature) {
      overviewSignature = signature;
      publish({ type: 'overview', overview: next });
    }
  };
  let pendingEvaluation: NodeJS.Timeout | null = null;
  const scheduleEvaluation = () => {
    pendingEvaluation ??= setTimeout(() => {
      pendingEvaluation = null;
      evaluateAndPublish();
    }, 250);
  };

  const status = (): DeskStatus => {
    const s = engine.status();
    return {
      connected: s.connected,
      state: s.state,
      checkpoint: s.checkpoint,
      head: Math.max(s.head, s.checkpoint),
      pendingCommands: 0,
      lastError: s.lastError,
      serverUrl: opts.serverUrl,
      serverId: s.serverId,
      role: s.role,
      serverNow: engine.clock.known ? shanghaiIso(engine.clock.now()) : null,
      clockRate: engine.clock.clockRate,
      syncProgress: s.progress,
      demo: opts.demo,
    };
  };

  const engine = new SyncEngine({
    serverUrl: opts.serverUrl,
    token: opts.token,
    store,
    onApplied: (batch) => {
      index.apply(batch);
      scheduleEvaluation();
    },
    onReset: () => index.load([]),
    onStatus: () => publish({ type: 'status', status: status() }),
  });
  engine.start();
  const ticker = setInterval(evaluateAndPublish, opts.evaluateEveryMs ?? 2000);

  const handlers: DeskHandlers = {
    status: () => status(),
    digest: () => store.digest(),
    overview: () => overview ?? evaluate(),
    overdueOrders: ({ limit, district }) => {
      const all = (overview ?? evaluate()).overdue;
      const filtered = district ? all.filter((o) => o.district === district) : all;
      return { orders: filtered.slice(0, limit ?? filtered.length) };
    },
  };

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(ticker);
      if (pendingEvaluation) clearTimeout(pendingEvaluation);
      listeners.clear();
      await engine.stop();
      replica.sqlite.close();
    },
  };
}

function signatureOf(o: Overview): string {
  const c = o.counters;
  return [o.checkpoint, c.inFlight, c.overdue, c.atRisk, c.doneToday, o.overdue.map((x) => x.id).join(','), o.atRisk.map((x) => x.id).join(',')].join('|');
}
