// The shift report end to end: a simulated shift with the cold-snap scenario on a real order
// server, then `npm run report` (tsx src/main/reports/cli.ts) as a real process → PDF; pdftotext
// shows the KPIs, which this test recomputes on its own from the server's SQLite file.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessLateness } from '@shared/rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { endOfShanghaiDay } from '@shared/time';
import { DEFAULT_SHIFTS, shiftAt } from '@main/reports/shifts';
import { ROOT, createToken, startServerProcess, type Running } from '../../support/processes';
import { cleanUp, withTempDir } from '../../support/harness';

const SCENARIO = join(ROOT, 'resources', 'scenarios', 'cold-snap-2026-02-02.json');
const ARTIFACTS = join(ROOT, 'test-results', 'artifacts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The token goes in the environment (issue 16: never on a command line) unless a case says otherwise. */
function runReport(args: string[], token?: string): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env };
  delete env.DUTYDESK_SERVER_TOKEN;
  if (token !== undefined) env.DUTYDESK_SERVER_TOKEN = token;
  return new Promise((resolve) => {
    const proc = spawn(TSX, [join(ROOT, 'src', 'main', 'reports', 'cli.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

/** The KPIs straight from the server's tables, with nothing of the desk's code but the overdue rule. */
function expectedKpis(dbFile: string, start: number, end: number) {
  const db = new Database(dbFile, { readonly: true });
  try {
    const budgets: Record<number, number | null> = { ...DEFAULT_BUDGETS };
    for (const b of db.prepare('SELECT stage, hours FROM budgets WHERE deleted = 0').all() as { stage: number; hours: number | null }[]) budgets[b.stage] = b.hours;
    const promised = new Map((db.prepare('SELECT id, promised_date AS p FROM orders').all() as { id: string; p: string }[]).map((o) => [o.id, o.p]));
    const stages = (db.prepare(`SELECT order_id AS o, stage AS s, at FROM events WHERE kind = 'stage' AND deleted = 0`).all() as { o: string; s: number; at: string }[]).map((e) => ({ ...e, t: Date.parse(e.at) }));
    const inW = (t: number) => t >= start && t < end;
    const done = stages.filter((e) => inW(e.t) && e.s === 12);
    const overdue = (t: number) => {
      const last = new Map<string, { s: number; t: number }>();
      for (const e of stages) if (e.t <= t && (!last.has(e.o) || last.get(e.o)!.t <= e.t)) last.set(e.o, { s: e.s, t: e.t });
      let n = 0;
      for (const [o, st] of last) if (assessLateness({ stage: st.s, stageEnteredAt: new Date(st.t).toISOString(), promisedDate: promised.get(o)! }, budgets, t).status === 'overdue') n++;
      return n;
    };
    const sent = (db.prepare(`SELECT sent_at AS s FROM notifications WHERE status = 'sent' AND sent_at IS NOT NULL AND deleted = 0`).all() as { s: string }[]).filter((n) => inW(Date.parse(n.s))).length;
    return {
      newOrders: stages.filter((e) => inW(e.t) && e.s === 1).length,
      stagesCompleted: stages.filter((e) => inW(e.t) && e.s > 1).length,
      installationsDone: done.length,
      onTime: done.filter((e) => e.t < endOfShanghaiDay(promised.get(e.o)!)).length,
      overdueAtStart: overdue(start),
      overdueAtEnd: overdue(end),
      textsSent: sent,
    };
  } finally {
    db.close();
  }
}

describe.skipIf(!existsSync(SCENARIO))('npm run report (real server, real process, real Chromium)', () => {
  const dir = withTempDir('dd-report-');
  const db = join(dir, 'orders.sqlite');
  let server: Running | undefined;
  let token = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    token = createToken(db, 'supervisor', '值班主管 王');
    // a simulated shift under the cold snap, then the same database served still, so the numbers hold still
    const sim = await startServerProcess(db, ['--simulate', '--seed', '77', '--speed', '240', '--scenario', SCENARIO]);
    cleanUp(() => sim.stop());
    await new Promise((r) => setTimeout(r, 12_000));
    await sim.stop();
    server = await startServerProcess(db);
    cleanUp(() => server!.stop());
  });

  it('writes an A4 PDF whose KPIs agree with the server rows; no blank page; a page image is kept', async () => {
    const maxAt = (new Database(db, { readonly: true }).prepare(`SELECT max(at) AS m FROM events WHERE kind = 'stage'`).get() as { m: string }).m;
    const shift = shiftAt(DEFAULT_SHIFTS, Date.parse(maxAt));
    const startIso = new Date(shift.start + 8 * 3600_000).toISOString().slice(0, 16);
    const pdf = join(dir, 'shift.pdf');
    const r = await runReport(['--server', server!.url, '--shift', startIso, '--out', pdf], token);
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(/--token shows the token/);
    expect(existsSync(pdf)).toBe(true);

    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(info).toMatch(/Page size:.*\(A4\)/); // A4
    for (let p = 1; p <= pages; p++) {
      const text = spawnSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text.replace(/DutyDesk · 第 \d+ \/ \d+ 页/, '').trim().length, `page ${p} is blank`).toBeGreaterThan(20);
    }
    const raw = spawnSync('pdftotext', ['-raw', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
    const after = (label: string) => new RegExp(`${label}\\n([\\d.%—]+)`).exec(raw)?.[1];
    const want = expectedKpis(db, shift.start, shift.end);
    expect(want.stagesCompleted).toBeGreaterThan(0);
    expect(after('新增订单')).toBe(String(want.newOrders));
    expect(after('完成工序')).toBe(String(want.stagesCompleted));
    expect(after('完成安装')).toBe(String(want.installationsDone));
    expect(after('班初超期')).toBe(String(want.overdueAtStart));
    expect(after('班末超期')).toBe(String(want.overdueAtEnd));
    expect(after('已发短信')).toBe(String(want.textsSent));
    expect(after('安装准时率')).toBe(want.installationsDone ? `${((want.onTime / want.installationsDone) * 100).toFixed(1)}%` : '—');
    const all = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
    for (const words of ['值班交接报告', '本班事件与处置', '移交下一班的未结事项', '交班主管', '接班主管', '签字']) expect(all).toContain(words);

    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    renameSync(join(dir, png), join(ARTIFACTS, 'shift-report-page1.png'));
    copyFileSync(pdf, join(ARTIFACTS, 'shift-report.pdf'));
  });

  it('an unreachable server or a refused token: one line, non-zero exit, no file', async () => {
    const pdf = join(dir, 'never.pdf');
    // --token still works for compatibility, with its one-line warning
    const down = await runReport(['--server', 'http://127.0.0.1:9', '--token', token, '--out', pdf, '--timeout', '20']);
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/cannot reach the server/);
    expect(down.out.split('\n').filter((l) => /--token shows the token to every user of this machine/.test(l))).toHaveLength(1);
    const tokenFile = join(dir, 'wrong.token');
    writeFileSync(tokenFile, 'not-a-token\n', { mode: 0o600 });
    const refused = await runReport(['--server', server!.url, '--token-file', tokenFile, '--out', pdf]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused the token/);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('bad flags are named, exit 2', async () => {
    const r = await runReport(['--server', server!.url, '--out', join(dir, 'x.pdf'), '--shift', '2025-11-11T21:00'], token);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--shift/);
    const m = await runReport(['--out', join(dir, 'x.pdf')], token);
    expect(m.code).toBe(2);
    expect(m.out).toMatch(/--server is required/);
  });
});
