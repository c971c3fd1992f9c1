/** Sync figures over a real order server and real socket.io on loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { startOrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { createDeskBackend } from '@main/backend';
import type { Benchmark } from './harness';

const BACKLOG = 3000;

async function waitFor(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((r) => setTimeout(r, 5));
}

export const syncBenchmarks: Benchmark[] = [
  {
    name: 'sync.initialPull3kOrders',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'dd-bench-sync-'));
      const server = await startOrderServer({ dbFile: join(dir, 'orders.sqlite'), port: 0, simulate: { seed: 3, speed: 1, live: false, backlogOrders: BACKLOG } });
      try {
        const token = createToken(server.db, 'supervisor', 'bench').token;
        const head = server.head();
        // the figure: a fresh desk from connect to caught up (pages applied to SQLite, analysis loaded)
        const t0 = performance.now();
        const desk = createDeskBackend({ dataDir: join(dir, 'desk'), serverUrl: server.url, token, demo: false });
        await waitFor(async () => {
          const st = await desk.handlers.status({});
          return st.state === 'live' && st.checkpoint === head;
        });
        const value = performance.now() - t0;
        const rows = (await desk.handlers.digest({})).count;
        await desk.close();
        // the baseline: the same pages pulled over the same socket and thrown away (transport only)
        const socket = io(`${server.url}/desk`, { auth: { token, clientId: 'bench-raw', protocol: 1 }, transports: ['websocket'], forceNew: true });
        const b0 = performance.now();
        await new Promise<void>((res) => socket.once('connect', () => res()));
        await socket.emitWithAck('hello', {});
        for (let since = 0; since < head; ) {
          const page = (await socket.emitWithAck('pull', { since, limit: 2000 })) as { to: number };
          since = page.to;
        }
        const baseline = performance.now() - b0;
        socket.close();
        return { value, unit: 'ms', baseline, note: `${rows} rows (${BACKLOG} orders with events, crews, jobs) to a fresh replica; baseline: the same pulls, discarded` };
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
