/**
 * sync.initial.1m.ms: a fresh desk back end (its own process, browser mode) to caught up, its
 * analysis loaded, on 1M orders with their jobs and events (goal ≤ 60,000 ms), and resumable if
 * interrupted: a second fresh desk is killed (SIGKILL) half-way through the snapshot download
 * and started again on the same data folder; the note gives that run's total and how much of the
 * file it did not fetch again. Baseline: paging every row from version 0 over one socket, discarded.
 *
 * Building the 1M-order world takes several minutes; DUTYDESK_BENCH_CACHE=DIR keeps it between runs.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeskProcess, type DeskProcess } from '../support/desk-process';
import type { Benchmark, Figure } from './harness';
import { flushDisk, pageEverything, replicaSnapshotReady, serverProcess, token, worldIn } from './server-process';

const N = Number(process.env.DUTYDESK_BENCH_1M_ORDERS ?? 1_000_000);

interface Status {
  state: string;
  checkpoint: number;
  head: number;
  syncProgress: { phase?: string; percent: number } | null;
}

async function until(desk: DeskProcess, done: (st: Status) => boolean): Promise<Status> {
  for (;;) {
    const st = await desk.rpc<Status>('status').catch(() => null);
    if (st && done(st)) return st;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const caughtUp = (st: Status) => st.state === 'live' && st.head > 0 && st.checkpoint === st.head;

async function measure(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'dd-bench-1m-'));
  process.stderr.write(`  a ${N}-order world…\n`);
  const db = worldIn(dir, N);
  const supervisor = token(db, 'supervisor');
  const server = await serverProcess(db);
  try {
    process.stderr.write('  waiting for the server to have its snapshot ready…\n');
    const { bytes, readyMs } = await replicaSnapshotReady(server.url, supervisor);
    flushDisk();

    // a fresh desk, from spawning its process to caught up with its analysis loaded
    const t0 = performance.now();
    const desk = await startDeskProcess(server.url, supervisor, join(dir, 'desk'));
    let head = 0;
    try {
      head = (await until(desk, caughtUp)).head;
    } finally {
      await desk.stop();
    }
    const syncMs = performance.now() - t0;

    // interrupted half-way through the download, started again on the same folder
    const r0 = performance.now();
    const data = join(dir, 'desk-resumed');
    const first = await startDeskProcess(server.url, supervisor, data);
    await until(first, (st) => st.syncProgress?.phase === 'download' && st.syncProgress.percent >= 25);
    await first.kill9();
    const part = join(data, 'snapshot.part');
    const kept = existsSync(part) ? statSync(part).size : 0;
    const second = await startDeskProcess(server.url, supervisor, data);
    try {
      await until(second, caughtUp);
    } finally {
      await second.stop();
    }
    const resumedMs = performance.now() - r0;

    process.stderr.write('  baseline: paging every row…\n');
    const rawMs = await pageEverything(server.url, supervisor, head);
    return {
      value: syncMs,
      unit: 'ms',
      baseline: rawMs,
      note: `${N} orders with jobs and events; desk in its own process from spawn to caught up with its analysis loaded, from the server's ready replica (${(bytes / 1e6).toFixed(0)} MB, ready ${(readyMs / 1000).toFixed(0)} s after start-up, its files then flushed to the shared disk); killed half-way through the download and restarted: ${(resumedMs / 1000).toFixed(1)} s in all, ${(kept / 1e6).toFixed(0)} MB not fetched again; goal ≤ 60000; baseline: paging every row from version 0, discarded`,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sync1mBenchmarks: Benchmark[] = [{ name: 'sync.initial.1m.ms', run: measure }];
