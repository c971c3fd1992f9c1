// The missing hand-off's one plan (issue 14): every order without an active booked job gets one,
// on a crew with the reach, the skill and room, from the first slot the lead time allows; applied
// as job.create + job.reassign (the unbooked one) + the customers' booking texts.
import { describe, expect, it } from 'vitest';
import { Plan } from '@shared/plans';
import { INSTALL_WINDOWS } from '@shared/crew-rules';
import { addDays } from '@shared/time';
import { batchForPlan, plansForFamily } from '@node/planning/families';
import { LATE_EVENING, startsAt, TODAY } from './fixtures';
import { missingHandoff } from './supply-fixtures';

const day = (n: number) => addDays(TODAY, n);
const meta = { incidentId: 'inc-missing_handoff', checkpoint: 3 };

describe('book_missing', () => {
  it('books every missing job on a crew with reach, skill and room, never before now + lead, not before the arrival', async () => {
    const plans = await plansForFamily(missingHandoff(), 'handoff', meta);
    expect(plans.map((p) => p.kind)).toEqual(['book_missing']);
    const plan = Plan.parse(plans[0]);
    expect(plan.id).toBe('inc-missing_handoff~A~3');
    const by = new Map(plan.moves.map((m) => [m.jobId, m]));
    expect(by.get('new:o-5')).toMatchObject({ to: null, unplaced: { code: 'no_skill_in_reach' } });
    for (const id of ['new:o-6', 'new:o-7', 'new:o-8', 'j-9']) {
      const m = by.get(id)!;
      expect(m.moved, id).toBe(true);
      expect(startsAt(m.to!.date!, m.window)).toBeGreaterThanOrEqual(LATE_EVENING + 2 * 3_600_000);
    }
    expect(by.get('new:o-6')!.to!.date! >= day(6)).toBe(true);
    // capacity per crew-day: crew-1 one a day, crew-2 two a day and full tomorrow
    const load = new Map<string, number>();
    for (const m of plan.moves.filter((x) => x.to)) load.set(`${m.to!.crewId}|${m.to!.date}`, (load.get(`${m.to!.crewId}|${m.to!.date}`) ?? 0) + 1);
    for (const [key, n] of load) expect(n, key).toBeLessThanOrEqual(key.startsWith('crew-1|') ? 1 : key === `crew-2|${day(1)}` ? 0 : 2);
    expect(plan.texts).toEqual([expect.objectContaining({ template: 'install_booked', count: 4 })]);
  });

  it('applies as job.create for the missing jobs, job.reassign for the unbooked one, and the booking texts', async () => {
    const p = missingHandoff();
    const [plan] = await plansForFamily(p, 'handoff', meta);
    const cmd = batchForPlan(plan!, p)!;
    expect(cmd.payload.commands.map((c) => c.type)).toEqual(['job.create', 'job.reassign', 'notify.customers']);
    const place = (id: string) => plan!.moves.find((m) => m.jobId === id)!.to!;
    // each created job carries the window the server would give it (windowForLoad), so the preview names the booked time
    const window = (id: string) => plan!.moves.find((m) => m.jobId === id)!.window;
    expect(cmd.payload.commands[0]!.payload.jobs).toEqual(['o-6', 'o-7', 'o-8'].map((o) => ({ orderId: o, crewId: place(`new:${o}`).crewId, date: place(`new:${o}`).date, window: window(`new:${o}`) })));
    for (const o of ['o-6', 'o-7', 'o-8']) expect(INSTALL_WINDOWS).toContain(window(`new:${o}`));
    expect(plan!.texts[0]!.sample).toMatch(/已预约安装：\d{4}-\d{2}-\d{2} \d{2}:\d{2}-\d{2}:\d{2}。/);
    expect(cmd.payload.commands[1]!.payload.jobs).toEqual([{ jobId: 'j-9', crewId: place('j-9').crewId, date: place('j-9').date, expectedVersion: 5 }]);
    expect(cmd.payload.commands[2]!.payload).toEqual({ orderIds: ['o-6', 'o-7', 'o-8', 'o-9'], template: 'install_booked' });
  });
});
