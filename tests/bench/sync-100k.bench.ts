/**
 * Sync at scale, the order server in its own process (so the desk's memory is the desk's):
 * - sync.initial.100k.ms: a fresh desk to caught up on 100k orders with their jobs and events (goal ≤ 3,000);
 *   baseline: the same pages pulled over the same socket and thrown away;
 * - desk.rss.100k.mb: the desk back end's resident memory with that replica, idle and during live
 *   changes (goal ≤ 300), measured on the desk back end in its own process (browser mode), so the
 *   figure is the desk's and not this bench's; baseline: the same program idle with no server;
 * - desk.maxStall.ms: the longest event-loop stall while syncing (goal ≤ 50); baseline: idle.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addDays, shanghaiDate } from '@shared/time';
import { createDeskBackend } from '@main/backend';
import { startDeskProcess } from '../support/desk-process';
import type { Benchmark, Figure } from './harness';
import { flushDisk, pageEverything, replicaSnapshotReady, serverProcess, token, worldIn } from './server-process';

const N = Number(process.env.DUTYDESK_BENCH_ORDERS ?? 100_000);

/** Resident memory of another process (Linux), MB. */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Waits until the desk process is live at the server's head; returns that head. */
async function deskProcessCaughtUp(desk: Awaited<ReturnType<typeof startDeskProcess>>): Promise<void> {
  for (;;) {
    const st = await desk.rpc<{ state: string; checkpoint: number; head: number }>('status');
    if (st.state === 'live' && st.checkpoint === st.head && st.head > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function postOrders(serverUrl: string, floor: string, count: number, perSecond: number): Promise<void> {
  const promised = addDays(shanghaiDate(Date.now()), 30);
  return (async () => {
    for (let i = 0; i < count; i++) {
      void fetch(`${serverUrl}/api/v1/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${floor}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ orderNo: `RSS-${i}`, channel: 'jd', productType: 'kitchen', customer: { name: '吴女士', phone: '13300000000' }, address: { province: '上海市', city: '上海市', district: '静安区', detail: '南京西路', lat: 31.23, lng: 121.45 }, amount: 30000, promisedDate: promised }),
      });
      if (i % 30 === 29) await new Promise((r) => setTimeout(r, (30 / perSecond) * 1000));
    }
  })();
}

let results: Record<string, Figure> | null = null;

async function measureAll(): Promise<Record<string, Figure>> {
  if (results) return results;
  const dir = mkdtempSync(join(tmpdir(), 'dd-bench-100k-'));
  process.stderr.write(`  building a ${N}-order world…\n`);
  const db = worldIn(dir, N);
  const supervisor = token(db, 'supervisor');
  const floor = token(db, 'floor');
  const server = await serverProcess(db);
  try {
    // baseline for the stall: the event loop with nothing to do
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 1000));
    idle.disable();

    const { bytes: snapshotBytes, readyMs: snapshotReadyMs } = await replicaSnapshotReady(server.url, supervisor);
    flushDisk();

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    const desk = createDeskBackend({ dataDir: join(dir, 'desk'), serverUrl: server.url, token: supervisor, demo: false });
    let head = 0;
    for (;;) {
      const st = await desk.handlers.status({});
      head = st.head;
      if (st.state === 'live' && st.checkpoint === st.head && st.head > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const syncMs = performance.now() - t0;
    loop.disable();
    const rows = (await desk.handlers.digest({})).count;
    await desk.close();

    // memory: the desk back end in its own process, first idle with no server (the program's floor)
    const floorProc = await startDeskProcess('http://127.0.0.1:9', supervisor, join(dir, 'desk-floor'));
    await new Promise((r) => setTimeout(r, 1500));
    const rssBaseline = rssOf(floorProc.proc.pid!);
    await floorProc.stop();
    const proc = await startDeskProcess(server.url, supervisor, join(dir, 'desk-proc'));
    let rssIdle = NaN;
    let rssLive = NaN;
    try {
      await deskProcessCaughtUp(proc);
      await new Promise((r) => setTimeout(r, 1500));
      rssIdle = rssOf(proc.proc.pid!);
      // live changes: 300 orders a second for 3 s, sampling memory
      rssLive = rssIdle;
      const sampler = setInterval(() => (rssLive = Math.max(rssLive, rssOf(proc.proc.pid!))), 100);
      await postOrders(server.url, floor, 900, 300);
      await new Promise((r) => setTimeout(r, 1500));
      clearInterval(sampler);
    } finally {
      await proc.stop();
    }

    // baseline for the initial sync: the same pulls, discarded
    const rawMs = await pageEverything(server.url, supervisor, head);

    results = {
      'sync.initial.100k.ms': { value: syncMs, unit: 'ms', baseline: rawMs, note: `${rows} rows (${N} orders, jobs, events) to a fresh replica with its analysis loaded, from the server's snapshot as a ready replica (format 2, ${(snapshotBytes / 1e6).toFixed(0)} MB, ready ${(snapshotReadyMs / 1000).toFixed(1)} s after start-up, its files then flushed to the shared disk), checked while the war room is built from it, then pulls; server in its own process; goal ≤ 3000; baseline: paging every row from version 0, discarded` },
      'desk.rss.100k.mb': { value: Math.max(rssIdle, rssLive), unit: 'MB', baseline: rssBaseline, note: `desk back end in its own process: idle ${rssIdle.toFixed(0)} MB, live ${rssLive.toFixed(0)} MB (300 changes/s); goal ≤ 300; baseline: the same program idle with no server` },
      'desk.maxStall.ms': { value: loop.max / 1e6, unit: 'ms', baseline: idle.max / 1e6, note: 'longest event-loop stall during the initial sync; goal ≤ 50; baseline: idle' },
    };
    return results;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sync100kBenchmarks: Benchmark[] = ['sync.initial.100k.ms', 'desk.rss.100k.mb', 'desk.maxStall.ms'].map((name) => ({
  name,
  run: async () => (await measureAll())[name]!,
}));
