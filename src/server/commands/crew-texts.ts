/**
 * Crew texts (pure; issue 14): a crew hears of every job this command gives it, takes from it or
 * moves to another date or window. Worked out once per command from each touched job as it was
 * and as the command leaves it, so a batch that moves a job twice sends one text per crew, and a
 * job handed from crew A to crew B tells both. The texts are queued in the command's own
 * transaction and listed in its `queued`, so an undo cancels the ones not yet sent.
 */
import type { Draft } from '@server/commands/draft';
import type { Row } from '@server/commands/types';

export const CREW_RECIPIENT_PREFIX = 'crew:';
export const crewRecipient = (crewId: string): string => `${CREW_RECIPIENT_PREFIX}${crewId}`;

interface Placement {
  crewId: string;
  date: string;
  window: string | null;
}

/** Where a job puts its crew: null when it holds no crew-day (no crew, no date, cancelled or done). */
function placementOf(job: Row | undefined): Placement | null {
  if (!job || job.deleted || job.status === 'cancelled' || job.status === 'done') return null;
  if (typeof job.crewId !== 'string' || typeof job.date !== 'string') return null;
  return { crewId: job.crewId, date: job.date, window: typeof job.window === 'string' ? job.window : null };
}

export function planCrewTexts(d: Draft): void {
  for (const jobId of d.crewTold) {
    const was = placementOf(d.original('job', jobId));
    const now = placementOf(d.get('job', jobId));
    if (was?.crewId === now?.crewId && was?.date === now?.date && was?.window === now?.window) continue;
    const job = d.get('job', jobId) ?? d.original('job', jobId);
    if (!job) continue;
    const orderId = String(job.orderId);
    const order = d.get('order', orderId);
    const about = { orderNo: order ? String(order.orderNo) : '', district: order ? String(order.district) : '', jobId };
    const text = (template: string, p: Placement, extra: Record<string, unknown> = {}) =>
      d.notifications.push({
        orderId,
        template,
        recipient: crewRecipient(p.crewId),
        params: { crewName: String(d.get('crew', p.crewId)?.name ?? p.crewId), ...about, date: p.date, window: p.window ?? '', ...extra },
      });
    if (was && now && was.crewId === now.crewId) {
      text('crew_job_moved', now, { fromDate: was.date, fromWindow: was.window ?? '' });
      continue;
    }
    if (was) text('crew_job_removed', was);
    if (now) text('crew_job_added', now);
  }
}
