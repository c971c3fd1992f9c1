/**
 * crew.overtime (pure): a crew works extra jobs on a date (contingency plan C, "add capacity").
 * Rules in protocol order: conflict (the crew's expectedVersion), not_found, crew_unavailable
 * (a crew on leave that day cannot work overtime either). Lowering overtime below the jobs the
 * crew already holds that day is over_capacity, found by checkCapacity on the final state.
 * Removing overtime (extraJobs 0) is allowed on a leave day: it adds no capacity.
 */
import type { CrewOvertimePayload } from '@shared/protocol';
import { isOnLeave } from '@shared/crew-rules';
import type { OvertimeDay } from '@server/db/schema';
import type { Draft } from '@server/commands/draft';
import { loadKey } from '@server/commands/types';

/** The crew's overtime list with `date` set to `extraJobs` (0 removes it), sorted by date. */
export function withOvertime(days: readonly OvertimeDay[], date: string, extraJobs: number): OvertimeDay[] {
  const rest = days.filter((o) => o.date !== date);
  if (extraJobs > 0) rest.push({ date, extraJobs });
  return rest.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function planOvertime(d: Draft, p: CrewOvertimePayload): void {
  for (const item of p.crews) {
    if (!d.expect('crew', item.crewId, item.expectedVersion)) continue;
    const crew = d.get('crew', item.crewId);
    if (!crew) {
      d.fail('not_found', `crew ${item.crewId} not found`);
      continue;
    }
    if (item.extraJobs > 0 && isOnLeave({ unavailable: crew.unavailable as { from: string; to: string }[] }, item.date)) {
      d.fail('crew_unavailable', `crew ${crew.id} is unavailable on ${item.date}; overtime cannot add capacity on a leave day`);
      continue;
    }
    const current = (crew.overtime as OvertimeDay[] | undefined) ?? [];
    d.set('crew', crew.id, { overtime: withOvertime(current, item.date, item.extraJobs) }, true);
    // every changed day is capacity-checked: lowering overtime must still fit the booked jobs
    d.overtimeDays.add(loadKey(crew.id, item.date));
  }
}
