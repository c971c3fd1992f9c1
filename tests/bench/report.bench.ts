/**
 * report.peakShift.ms: a 12-hour shift at the Spring-Festival peak (2,136 orders a day) to a
 * finished PDF: build the report from a synced replica, render the view in Chromium, print it.
 * Baseline in the same run: the naive build, which rescans and JSON-parses the whole replica for
 * every point of the overdue curve (instead of one read and rebuilt timelines).
 */
import { join } from 'node:path';
import { DEFAULT_SHIFTS, shiftAt } from '@main/reports/shifts';
import { readReportRows } from '@main/reports/report-rows';
import { buildShiftReport } from '@main/reports/build';
import { EMPTY_NOTES } from '@main/reports/notes';
import { createDeskBackend } from '@main/backend';
import { startBrowserTransport } from '@main/transports/http';
import { printReportPdf } from '@main/reports/pdf';
import { waitForReplica } from '@main/reports/wait-sync';
import { ROOT, createToken, startServerProcess, tempDir } from '../support/processes';
import { timeMedian, type Benchmark } from './harness';

async function peakShift() {
  const dir = tempDir('dd-bench-report-');
  const db = join(dir, 'orders.sqlite');
  const token = createToken(db, 'supervisor', 'bench');
  // the peak rate; a 12-hour shift of simulated time passes in ~30 s at ×1440
  const server = await startServerProcess(db, ['--simulate', '--seed', '2136', '--speed', '1440', '--profile', 'spring']);
  await new Promise((r) => setTimeout(r, 30_000));
  const backend = createDeskBackend({ dataDir: join(dir, 'desk'), serverUrl: server.url, token, demo: false });
  await waitForReplica(backend, server.url, 120_000);
  const transport = await startBrowserTransport({ backend, staticDir: join(ROOT, 'out', 'renderer') });
  const status = await backend.handlers.status({});
  const now = Date.parse(status.serverNow!);
  const shift = shiftAt(DEFAULT_SHIFTS, now - 1);
  const value = await timeMedian(() => printReportPdf({ deskUrl: transport.url, out: join(dir, 'peak.pdf'), lang: 'zh-CN' }), 3);
  // naive: one full replica read per curve point (25 points), then the same build
  const sqlite = (await import('better-sqlite3')).default;
  const conn = new sqlite(join(dir, 'desk', 'replica.sqlite'), { readonly: true });
  const naive = await timeMedian(() => {
    for (let i = 0; i < 25; i++) readReportRows(conn);
    buildShiftReport(readReportRows(conn), { shift, now, serverUrl: server.url, notes: EMPTY_NOTES });
  }, 3);
  const fast = await timeMedian(() => buildShiftReport(readReportRows(conn), { shift, now, serverUrl: server.url, notes: EMPTY_NOTES }), 3);
  conn.close();
  await transport.close();
  await backend.close();
  await server.stop();
  return { value, baseline: value - fast + naive, note: `build ${fast.toFixed(0)} ms vs naive ${naive.toFixed(0)} ms; checkpoint ${status.checkpoint}; goal ≤ 3000 ms` };
}

export const reportBenchmarks: Benchmark[] = [
  {
    name: 'report.peakShift.ms',
    async run() {
      const r = await peakShift();
      return { value: r.value, unit: 'ms', baseline: r.baseline, note: r.note };
    },
  },
];
