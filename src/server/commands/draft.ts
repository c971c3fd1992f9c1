/**
 * The planner's scratch state (pure): working copies of the rows a command changes, the images
 * of what they replaced, the rule failures found so far, and the rows it creates.
 */
import { REJECTION_CODES, type ConflictRow, type RejectionCode } from '@shared/protocol';
import type { RowImage } from '@server/db/schema';
import { rowKey, type MutableEntity, type NewEvent, type NewNotification, type Plan, type PlanResult, type Row, type World } from '@server/commands/types';

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
  /** jobs moved by reassign/reschedule: their destinations are capacity-checked */
  readonly moved = new Set<string>();
  /** (crew, date) pairs whose overtime this command set, by loadKey: capacity-checked too */
  readonly overtimeDays = new Set<string>();
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
  expect(entity: string, id: string, expectedVersion: number | undefined): boolean {
    this.named++;
    const row = this.original(entity, id);
    if (!row || expectedVersion === undefined || row.version === expectedVersion) return true;
    this.fail('conflict', `${entity} ${id} is at version ${row.version}, not ${expectedVersion}`, { entity, id, version: row.version, expectedVersion });
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
      updates: images.map((img) => ({ entity: img.entity, id: img.id, set: { ...img.after } })),
      images,
      events: this.events,
      notifications: this.notifications,
      undoes: this.undoes,
      named: this.named,
      detail: this.details.length > 0 ? this.details.join('; ') : null,
      mentioned: this.mentioned,
    };
    return { ok: true, plan };
  }
}
