// Two supervisors re-assign the same jobs at the same moment from two desks. Over 1,000 races there
// is never a silent overwrite: exactly one wins, and the other is told which row changed and why.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { addDays, shanghaiDate } from '@shared/time';
import type { DeskBackend } from '@main/backend';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent } from '../../support/desk-harness';

const RACES = Number(process.env.DUTYDESK_RACES ?? 1000);
const ROUND = 50;

let server: OrderServer;
let wang: DeskBackend;
let li: DeskBackend;

beforeAll(async () => {
  server = await withServer({ simulate: backlog(8, 1500) });
  const open = (name: string) => withDesk(server, { name, commandTimeoutMs: 5000 });
  wang = open('wang');
  li = open('li');
  await Promise.all([quiescent(wang, server), quiescent(li, server)]);
}, 120_000);

describe('two supervisors', () => {
  it(`${RACES} races on the same jobs: one wins, the other is told which rows and why`, async () => {
    const db = server.db.$client;
    const crews = db.prepare('SELECT id, skills FROM crews WHERE deleted = 0 ORDER BY id').all() as Array<{ id: string; skills: string }>;
    const jobs = db.prepare("SELECT id, skill FROM jobs WHERE deleted = 0 AND status IN ('unbooked', 'booked') ORDER BY id LIMIT ?").all(ROUND) as Array<{ id: string; skill: string }>;
    expect(jobs.length).toBe(ROUND);
    const crewsFor = (skill: string) => crews.filter((c) => (JSON.parse(c.skills) as string[]).includes(skill)).map((c) => c.id);
    const base = addDays(shanghaiDate(server.clock.now()), 120);
    const wins = { wang: 0, li: 0 };

    for (let race = 0; race < RACES; race += ROUND) {
      // both desks plan from the same replica state, then send at once
      const plans = jobs.map((job, i) => {
        const options = crewsFor(job.skill);
        const day = race + i; // a fresh day per race: capacity and leave never decide it
        return {
          job: job.id,
          wang: { jobId: job.id, crewId: options[0]!, date: addDays(base, day) },
          li: { jobId: job.id, crewId: options[options.length - 1]!, date: addDays(base, day + RACES) },
        };
      });
      // who clicks first changes from round to round; within a round both outboxes drain at once
      const wangFirst = (race / ROUND) % 2 === 0;
      const sent = plans.map((p) => {
        const first = wangFirst ? wang.handlers.reassignJobs({ jobs: [p.wang] }) : li.handlers.reassignJobs({ jobs: [p.li] });
        const second = wangFirst ? li.handlers.reassignJobs({ jobs: [p.li] }) : wang.handlers.reassignJobs({ jobs: [p.wang] });
        return { p, wang: wangFirst ? first : second, li: wangFirst ? second : first };
      });
      await Promise.all([quiescent(wang, server), quiescent(li, server)]);
      const answers = async (desk: DeskBackend) => new Map((await desk.handlers.commands({ limit: 500 })).commands.map((c) => [c.seq, c]));
      const [wangCommands, liCommands] = [await answers(wang), await answers(li)];
      for (const s of sent) {
        const a = wangCommands.get((await s.wang).command.seq)!;
        const b = liCommands.get((await s.li).command.seq)!;
        const states = [a.state, b.state].sort();
        expect(states, `race on ${s.p.job}`).toEqual(['applied', 'rejected']);
        const [winner, loser, move] = a.state === 'applied' ? [a, b, s.p.wang] : [b, a, s.p.li];
        expect(loser.error?.code).toBe('conflict');
        expect(loser.error?.rows).toEqual([expect.objectContaining({ entity: 'job', id: s.p.job })]);
        const row = db.prepare('SELECT crew_id AS crewId, date FROM jobs WHERE id = ?').get(s.p.job) as { crewId: string; date: string };
        expect(row).toEqual({ crewId: move.crewId, date: move.date });
        if (winner === a) wins.wang++;
        else wins.li++;
      }
    }
    expect(wins.wang + wins.li).toBe(RACES);
    console.log(`two supervisors: ${RACES} races, wang won ${wins.wang}, li won ${wins.li}, no silent overwrite`);
  }, 600_000);
});
