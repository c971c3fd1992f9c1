/**
 * The shapes the command planner works on (pure data): a World of the rows a command names,
 * loaded by world.ts inside the command's transaction, and the Plan of what to write.
 */
import type { AutoRuleSetPayload, ConflictRow, RejectionCode, SimpleCommand } from '@shared/protocol';
import type { MutationRow, RowImage } from '@server/db/schema';

/** Entities a command may change in place. */
export type MutableEntity = 'order' | 'job' | 'crew' | 'notification' | 'carrier' | 'line' | 'promotion_template' | 'customer_request';

export type Row = Record<string, unknown> & { id: string; version: number; deleted: boolean };

export const rowKey = (entity: string, id: string): string => `${entity}:${id}`;
export { loadKey } from '@shared/crew-rules';
export const mutationKey = (clientId: string, mutationId: number): string => `${clientId}#${mutationId}`;

export interface World {
  /** rows by rowKey(entity, id); a missing key = no such row */
  rows: ReadonlyMap<string, Row>;
  /** a crew's load on a date (jobs not cancelled), by loadKey, for every pair a command may fill */
  loads: ReadonlyMap<string, number>;
  /** stored outcomes of the mutations an undo names, by mutationKey */
  mutations: ReadonlyMap<string, MutationRow>;
  /** the live job ids of every order a job.create names (an order has at most one active job) */
  jobsOfOrder?: ReadonlyMap<string, readonly string[]>;
  /** fresh job ids for the jobs job.create makes, in payload order (ids are made by I/O, here) */
  newJobIds?: readonly string[];
  /** the command's time (the write's clock), for fields that record when (finance review, issue 20) */
  nowIso?: string;
  /** every version row (tombstones too) of each template a promotion.saveTemplate names, by template id */
  templateVersions?: ReadonlyMap<string, readonly Row[]>;
}

export interface Actor {
  name: string;
  role: string;
}

export interface NewEvent {
  orderId: string;
  kind: string;
  stage: number | null;
  note: string | null;
  cause: string | null;
}

export interface NewNotification {
  orderId: string;
  template: string;
  params: Record<string, unknown> | null;
  /** `customer` (default) or `crew:<crewId>` */
  recipient?: string;
}

/** A row a command creates (job.create): inserted at the command's version. */
export interface NewRow {
  entity: 'job' | 'promotion_template';
  row: Row;
}

export interface RowUpdate {
  entity: MutableEntity;
  id: string;
  set: Record<string, unknown>;
}

export interface Plan {
  updates: RowUpdate[];
  /** rows it creates; their images say how undo takes them back (a job's status → cancelled) */
  inserts: NewRow[];
  /** what the updates replaced, stored so that undo is exact */
  images: RowImage[];
  events: NewEvent[];
  notifications: NewNotification[];
  /** mutationKeys of the commands this one undoes */
  undoes: string[];
  /** rows the payload named (audit) */
  named: number;
  /** the audit row's words (incident.state); null when the rows say it all */
  detail: string | null;
  /** orders named by commands that write no row (incident.state), counted in the audit row */
  mentioned: number;
  /** auto-policy rules it sets (autoRule.set, src/server/commands/auto-rules.ts) */
  autoRules: AutoRuleSetPayload[];
}

export interface Rejection {
  code: RejectionCode;
  message: string;
  rows?: ConflictRow[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; rejection: Rejection };

export type Item = SimpleCommand;
