/**
 * The planner's scratch state (pure): working copies of the rows a command changes, the images
 * of what they replaced, the rule failures found so far, and the rows it creates.
 */
import { REJECTION_CODES, type AutoRuleSetPayload, type ConflictRow, type RejectionCode } from '@shared/protocol';
import type { RowImage } from '@server/db/schema';
import { rowKey, type MutableEntity, type NewEvent, type NewNotification, type NewRow, type Plan, type PlanResult, type Row, type World } from '@server/commands/types';

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Draft {
  private readonly work = new Map<string, Row>();
  private readonly images = new Map<string, RowImage & { entity: MutableEntity }>();
  private readonly issues = new Map<RejectionCode, { messages: string[]; rows: ConflictRow[] }>();
  readonly events: NewEvent[] = [];
  readonly notifications: NewNotification[] = [];
  readonly undoes: string[] = [];
  /** auto-policy rules this command sets (autoRule.set) */
  readonly autoRules: AutoRuleSetPayload[] = [];
  /** jobs moved by reassign/reschedule: their destinations are capacity-checked */
  readonly moved = new Set<string>();
  /** (crew, date) pairs whose overtime this command set, by loadKey: capacity-checked too */
  readonly overtimeDays = new Set<string>();
  /** jobs whose crew or date this command changes in a way the crews hear of (crew-texts.ts) */
  readonly crewTold = new Set<string>();
  /** rows this command creates, by rowKey */
  private readonly created = new Map<string, NewRow>();
  private nextNewJob = 0;
  named = 0;
  /** words for the audit row (incident.state), in payload order */
  readonly details: string[] = [];
  /** orders named by commands that write no row (incident.state); the audit row counts them */
  mentioned = 0;

  constructor(readonly world: World) {}

  /** The row as this command has left it so far (undefined: no such live row). */
  get(entity: string, id: string): Row | undefined {
    const key = rowKey(entity, id);
    const row = this.work.get(key) ?? this.world.rows.get(key);
    return row && !row.deleted ? row : undefined;
  }

  /** The row as it was before this command. */
  original(entity: string, id: string): Row | undefined {
    const row = this.world.rows.get(rowKey(entity, id));
    return row && !row.deleted ? row : undefined;
  }

  fail(code: RejectionCode, message: string, row?: ConflictRow): void {
    let issue = this.issues.get(code);
    if (!issue) this.issues.set(code, (issue = { messages: [], rows: [] }));
    issue.messages.push(message);
    if (row) issue.rows.push(row);
  }

  /** Checks the expectedVersion of a named row; true when it matches (or the row is missing). */
  /** `label` names the row in the message when its id is not its name (a carrier's or line's hex row id). */
  expect(entity: string, id: string, expectedVersion: number | undefined, label = id): boolean {
    this.named++;
    const row = this.original(entity, id);
    if (!row || expectedVersion === undefined || row.version === expectedVersion) return true;
    this.fail('conflict', `${entity} ${label} is at version ${row.version}, not ${expectedVersion}`, { entity, id, version: row.version, expectedVersion });
    return false;
  }

  /** Changes fields of a row, remembering the first value each field had. */
  set(entity: MutableEntity, id: string, fields: Record<string, unknown>, named: boolean): void {
    const key = rowKey(entity, id);
    const current = this.get(entity, id);
    if (!current) throw new Error(`planner: ${key} is not loaded`);
    let image = this.images.get(key);
    if (!image) this.images.set(key, (image = { entity, id, named, before: {}, after: {} }));
    image.named ||= named;
    for (const [field, value] of Object.entries(fields)) {
      if (!(field in image.before)) image.before[field] = current[field] ?? null;
      image.after[field] = value;
    }
    this.work.set(key, { ...current, ...fields });
  }

  /**
   * Creates a job. Its image reads as if the row had been a cancelled job this command booked:
   * undo then cancels it (status back to `cancelled`), and an undo of that undo books it again.
   */
  createJob(row: Omit<Row, 'id' | 'version' | 'deleted'>): Row {
    const id = this.world.newJobIds?.[this.nextNewJob++];
    if (!id) throw new Error('planner: no job id was allocated for this job.create');
    const full: Row = { ...row, id, version: 0, deleted: false };
    const key = rowKey('job', id);
    this.work.set(key, full);
    this.created.set(key, { entity: 'job', row: full });
    this.images.set(key, { entity: 'job', id, named: true, before: { status: 'cancelled' }, after: { status: full.status } });
    return full;
  }

  /**
   * Creates a row of another entity (a promotion template version, issue 20); its image reads as
   * if it had been a tombstone, so undo tombstones it.
   */
  createRow(entity: 'promotion_template', row: Record<string, unknown> & { id: string }): Row {
    const full: Row = { ...row, version: 0, deleted: false };
    const key = rowKey(entity, full.id);
    this.work.set(key, full);
    this.created.set(key, { entity, row: full });
    this.images.set(key, { entity, id: full.id, named: true, before: { deleted: true }, after: { deleted: false } });
    return full;
  }

  /** Jobs this command created so far for an order. */
  createdJobsOf(orderId: string): Row[] {
    return [...this.created.keys()].map((k) => this.work.get(k) as Row).filter((r) => r.orderId === orderId);
  }

  event(e: NewEvent): void {
    this.events.push(e);
  }

  /** The first failing rule in protocol order, or the plan. */
  finish(): PlanResult {
    for (const code of REJECTION_CODES) {
      const issue = this.issues.get(code);
      if (!issue) continue;
      const more = issue.messages.length > 1 ? ` (and ${issue.messages.length - 1} more)` : '';
      return { ok: false, rejection: { code, message: `${issue.messages[0]}${more}`, ...(code === 'conflict' ? { rows: issue.rows } : {}) } };
    }
    const images = [...this.images.values()];
    const plan: Plan = {
      updates: images.filter((img) => !this.created.has(rowKey(img.entity, img.id))).map((img) => ({ entity: img.entity, id: img.id, set: { ...img.after } })),
      // a created row is written as it ends up (a later item of a batch may have changed it)
      inserts: [...this.created.entries()].map(([key, n]) => ({ entity: n.entity, row: this.work.get(key) as Row })),
      images,
      events: this.events,
      notifications: this.notifications,
      undoes: this.undoes,
      named: this.named,
      detail: this.details.length > 0 ? this.details.join('; ') : null,
      mentioned: this.mentioned,
      autoRules: this.autoRules,
    };
    return { ok: true, plan };
  }
}
