/**
 * The supervisor's direct actions, turned into protocol commands for the outbox. Every row a command
 * names carries the version this desk saw (expectedVersion), read from the replica, so a row another
 * supervisor changed meanwhile is a rejection that names it, never a silent overwrite.
 */
import type Database from 'better-sqlite3';
import { CAUSE_LABELS, type Cause } from '@shared/vocab';

export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export interface CommandDraft {
  type: string;
  payload: Record<string, unknown>;
  label: string;
}

function orderNo(sqlite: Database.Database, orderId: string): string {
  const row = sqlite.prepare<[string], { order_no: string }>('SELECT order_no FROM orders WHERE id = ?').get(orderId);
  if (!row) throw new ActionError('not_found', `orderId: no order ${orderId} in the replica`, 404);
  return row.order_no;
}

export function draftTagCause(sqlite: Database.Database, input: { orderId: string; cause: Cause; note?: string }): CommandDraft {
  const no = orderNo(sqlite, input.orderId);
  return {
    type: 'order.tagCause',
    payload: { orderId: input.orderId, cause: input.cause, ...(input.note ? { note: input.note } : {}) },
    label: `标注根因 ${CAUSE_LABELS[input.cause].zh} · ${no}`,
  };
}

export function draftNote(sqlite: Database.Database, input: { orderId: string; text: string }): CommandDraft {
  const no = orderNo(sqlite, input.orderId);
  return { type: 'order.note', payload: { orderId: input.orderId, text: input.text }, label: `备注 · ${no}` };
}

/** Re-assigns jobs to crews and dates, each with the version of the job this desk saw. */
export function draftReassignment(
  sqlite: Database.Database,
  input: { jobs: Array<{ jobId: string; crewId: string; date: string }>; label?: string },
): CommandDraft {
  const version = sqlite.prepare<[string], { version: number }>('SELECT version FROM jobs WHERE id = ?');
  const crew = sqlite.prepare<[string], { id: string }>('SELECT id FROM crews WHERE id = ?');
  const seen = new Set<string>();
  const jobs = input.jobs.map((j, i) => {
    if (seen.has(j.jobId)) throw new ActionError('bad_request', `jobs.${i}.jobId: ${j.jobId} appears twice`, 400);
    seen.add(j.jobId);
    const row = version.get(j.jobId);
    if (!row) throw new ActionError('not_found', `jobs.${i}.jobId: no job ${j.jobId} in the replica`, 404);
    if (!crew.get(j.crewId)) throw new ActionError('not_found', `jobs.${i}.crewId: no crew ${j.crewId} in the replica`, 404);
    return { jobId: j.jobId, crewId: j.crewId, date: j.date, expectedVersion: row.version };
  });
  return { type: 'job.reassign', payload: { jobs }, label: input.label ?? `改派 ${jobs.length} 个安装工单` };
}
