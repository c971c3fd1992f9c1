// kill -9 of the desk back end (a real browser-mode process) at random moments: during the initial
// sync, and right after a 237-job re-assignment was accepted. After a restart the desk converges with
// nothing lost and nothing applied twice. The moments come from a printed seed (DUTYDESK_SEED replays).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { addDays, shanghaiDate } from '@shared/time';
import { startDeskProcess, type DeskProcess } from '../../support/desk-process';
import { ROOT } from '../../support/processes';
import { backlog, withServer, withTempDir } from '../../support/harness';
import { until } from '../../support/desk-harness';
import { postOrder } from '../../support/floor-client';

const seed = process.env.DUTYDESK_SEED ? Number(process.env.DUTYDESK_SEED) : Date.now() % 100_000;
let rand = seed;
const random = () => ((rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

let server: OrderServer;
let token: string;

beforeAll(async () => {
  console.log(`crash tests: seed ${seed}`);
  server = await withServer({ simulate: backlog(4, 2500) });
  token = createToken(server.db, 'supervisor', 'crash-desk').token;
  // many small versions after the backlog's big one, so a kill can land between pages
  const floor = createToken(server.db, 'floor', 'crash-floor').token;
  const XIHU = { province: '浙江省', city: '杭州市', district: '西湖区', lat: 30.27, lng: 120.13 };
  for (let i = 0; i < 300; i++) {
    await postOrder(server.url, floor, { orderNo: `CRASH-${i}`, promisedDate: addDays(shanghaiDate(server.clock.now()), 25), district: XIHU });
  }
});

interface Status {
  state: string;
  checkpoint: number;
  pendingCommands: number;
}

const settled = (desk: DeskProcess) =>
  until('settled', () => desk.rpc<Status>('status'), (s) => s.state === 'live' && s.checkpoint === server.head() && s.pendingCommands === 0, 60_000);

/** Starts the desk process and kills it -9 after `ms` milliseconds (whatever it is doing). */
async function startAndKill(dataDir: string, ms: number): Promise<void> {
  const proc = spawn(process.execPath, [join(ROOT, 'out/main/browser.js'), '--server', server.url, '--data', dataDir, '--port', '0'], { cwd: ROOT, env: { ...process.env, DUTYDESK_SERVER_TOKEN: token }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, ms));
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

describe('desk back end killed with -9', () => {
  it('during the initial sync: restarts from what it committed and its replica matches the server', async () => {
    const dataDir = withTempDir('dd-crash-desk-');
    for (let i = 0; i < 4; i++) await startAndKill(dataDir, 200 + Math.floor(random() * 1500));
    const desk = await startDeskProcess(server.url, token, dataDir);
    try {
      await settled(desk);
      // no repair needed: every committed page was whole, with its checkpoint
      expect(await desk.rpc('verify')).toMatchObject({ match: true, repaired: false });
    } finally {
      await desk.stop();
    }
  });

  it('while it downloads and loads the server snapshot: restarts, finishes the job and matches the server', async () => {
    const site = await withServer({ simulate: backlog(9, 2500), snapshots: { minOrders: 1, minIntervalMs: 0 } });
    await site.snapshots!.settled();
    const siteToken = createToken(site.db, 'supervisor', 'crash-snap').token;
    const dataDir = withTempDir('dd-crash-desk-');
    for (let i = 0; i < 4; i++) {
      const proc = spawn(process.execPath, [join(ROOT, 'out/main/browser.js'), '--server', site.url, '--data', dataDir, '--port', '0'], { cwd: ROOT, env: { ...process.env, DUTYDESK_SERVER_TOKEN: siteToken }, stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 1200)));
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    }
    const desk = await startDeskProcess(site.url, siteToken, dataDir);
    try {
      await until('settled', () => desk.rpc<Status>('status'), (st) => st.state === 'live' && st.checkpoint === site.head(), 60_000);
      expect(await desk.rpc('verify')).toMatchObject({ match: true, repaired: false });
    } finally {
      await desk.stop();
    }
  });

  it('right after a 237-job re-assignment was accepted: applied exactly once after restarts', async () => {
    const dataDir = withTempDir('dd-crash-desk-');
    let desk = await startDeskProcess(server.url, token, dataDir);
    await settled(desk);
    const db = server.db.$client;
    const crews = db.prepare('SELECT id, skills FROM crews WHERE deleted = 0 ORDER BY id').all() as Array<{ id: string; skills: string }>;
    const jobs = db.prepare("SELECT id, skill FROM jobs WHERE deleted = 0 AND status IN ('unbooked', 'booked') ORDER BY id LIMIT 237").all() as Array<{ id: string; skill: string }>;
    expect(jobs).toHaveLength(237);
    // far-off dates, one job per crew per day: no leave, no capacity limit in the way
    const base = addDays(shanghaiDate(server.clock.now()), 90);
    const perCrew = new Map<string, number>();
    const moves = jobs.map((job) => {
      const crew = crews.find((c) => (JSON.parse(c.skills) as string[]).includes(job.skill))!;
      const n = perCrew.get(crew.id) ?? 0;
      perCrew.set(crew.id, n + 1);
      return { jobId: job.id, crewId: crew.id, date: addDays(base, n) };
    });
    const accepted = await desk.rpc<{ command: { seq: number } }>('reassignJobs', { jobs: moves, label: 'crash test: 237 jobs' });
    await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
    await desk.kill9();
    // killed again while catching up, then left to finish
    await startAndKill(dataDir, 100 + Math.floor(random() * 600));
    desk = await startDeskProcess(server.url, token, dataDir);
    try {
      await settled(desk);
      const { commands } = await desk.rpc<{ commands: Array<{ seq: number; state: string; mutationId: number }> }>('commands');
      const mine = commands.find((c) => c.seq === accepted.command.seq)!;
      expect(mine.state).toBe('applied');
      const clientRow = db.prepare('SELECT last_mutation_id AS last FROM client_mutations').all() as Array<{ last: number }>;
      expect(clientRow.map((r) => r.last)).toContain(mine.mutationId);
      const applied = db.prepare("SELECT count(*) AS n FROM mutations WHERE mutation_id = ? AND type = 'job.reassign' AND status = 'applied'").get(mine.mutationId) as { n: number };
      expect(applied.n).toBe(1);
      const moved = db.prepare(`SELECT count(*) AS n FROM jobs WHERE ${moves.map(() => '(id = ? AND crew_id = ? AND date = ?)').join(' OR ')}`).get(...moves.flatMap((m) => [m.jobId, m.crewId, m.date])) as { n: number };
      expect(moved.n).toBe(237);
      expect(await desk.rpc('verify')).toMatchObject({ match: true });
    } finally {
      await desk.stop();
    }
  });
});
