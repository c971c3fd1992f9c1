/**
 * One `command` event after the ledger gate (ledger-gate.ts: client_taken, duplicate,
 * mutation_conflict), the role and the envelope: payload shape (bad_request, does not use up the
 * mutationId), then the mutationId (a skip is mutation_gap), then planning and writing in ONE
 * Writer transaction that also records the mutationId, the hash of its payload, its outcome and
 * what it replaced. A rejection records the mutationId and outcome without a version of its own.
 * Every outcome leaves an audit row (refusals collapse: src/server/db/audit-refusals.ts).
 */
import type { CommandReply, ErrorBody } from '@shared/protocol';
import { shanghaiIso } from '@shared/time';
import { auditRefusal } from '@server/db/audit-refusals';
import { getHead } from '@server/db/meta';
import { appendAudit, lastMutationId, recordMutation } from '@server/db/ledger';
import type { Principal } from '@server/db/tokens';
import type { Writer } from '@server/db/writer';
import { applyPlan } from '@server/commands/apply';
import { parseCommand } from '@server/commands/parse';
import { decideCommand } from '@server/commands/decide';
import { mutationKey, type Rejection } from '@server/commands/types';
import { loadWorld } from '@server/commands/world';
import { commandRoleRefusal } from '@server/commands/roles';

export type CommandOutcome = CommandReply | { ok: false; error: ErrorBody };

export interface CommandInput {
  mutationId: number;
  type: string;
  payload: unknown;
  /** payloadHash(type, payload) (ledger-gate.ts), stored with the outcome */
  payloadHash: string;
}

class Rejected extends Error {
  constructor(
    readonly rejection: Rejection,
    readonly named: number,
  ) {
    super(rejection.message);
  }
}

export function executeCommand(writer: Writer, principal: Principal, clientId: string, cmd: CommandInput): CommandOutcome {
  const db = writer.db;
  const at = () => shanghaiIso(writer.clock.now());
  const audit = (outcome: string, extra: { code?: string | null; rows?: number; version?: number | null } = {}) =>
    appendAudit(db, { at: at(), actor: principal.name, role: principal.role, clientId, mutationId: cmd.mutationId, type: cmd.type, outcome, code: extra.code ?? null, rows: extra.rows ?? 0, version: extra.version ?? null });
  const refuse = (code: string) =>
    auditRefusal(db, principal.tokenId, { at: at(), actor: principal.name, role: principal.role, clientId, mutationId: cmd.mutationId, type: cmd.type.slice(0, 64), outcome: code, code, rows: 0, version: null });
  const holder = { tokenId: principal.tokenId, holder: principal.name };
  const outcome = { clientId, mutationId: cmd.mutationId, type: cmd.type, actor: principal.name, payloadHash: cmd.payloadHash };

  const parsed = parseCommand(cmd.type, cmd.payload);
  if (!parsed.ok) {
    refuse('bad_request');
    return { ok: false, error: { code: 'bad_request', message: parsed.message } };
  }
  // issue 20: the finance role sends only its own commands (roles.ts)
  const roleDenied = commandRoleRefusal(db, principal.role, parsed.items);
  if (roleDenied) {
    refuse('forbidden');
    return { ok: false, error: { code: 'forbidden', message: roleDenied } };
  }
  const last = lastMutationId(db, clientId);
  // a used mutationId was answered by the ledger gate before the role and the shape
  if (cmd.mutationId <= last) throw new Error(`command ${clientId}#${cmd.mutationId} reached execution without the ledger gate`);
  if (cmd.mutationId > last + 1) {
    refuse('mutation_gap');
    return { ok: false, error: { code: 'mutation_gap', message: `mutationId: expected ${last + 1} for client ${clientId}, got ${cmd.mutationId}`, expected: last + 1 } };
  }
  const key = mutationKey(clientId, cmd.mutationId);
  try {
    const w = writer.write((ctx) => {
      const r = decideCommand(loadWorld(ctx.db, parsed.items, ctx.nowIso), parsed.items);
      if (!r.ok) throw new Rejected(r.rejection, 0);
      const queued = applyPlan(ctx, r.plan, principal.name, key);
      recordMutation(ctx.db, { ...outcome, status: 'applied', version: ctx.version, error: null, images: r.plan.images, queued, undoneBy: null, at: ctx.nowIso }, holder);
      const rows = r.plan.updates.length + r.plan.inserts.length + r.plan.events.length + r.plan.notifications.length + r.plan.mentioned;
      // the audit row carries ctx.version, so it is itself a synced change: a command that writes
      // no business row (incident.state) still commits a version, and desks pull its audit row
      appendAudit(ctx.db, { at: ctx.nowIso, actor: principal.name, role: principal.role, clientId, mutationId: cmd.mutationId, type: cmd.type, outcome: 'applied', code: null, rows, version: ctx.version, detail: r.plan.detail });
      return r.plan;
    });
    if (w.changes.length === 0) {
      // nothing written: cannot happen while the applied audit row above is written at
      // ctx.version (the Writer counts it as a change). Kept as a guard: the transaction was
      // rolled back, so record the outcome on its own (its audit row then stays on the server)
      const version = getHead(db);
      db.transaction(() => {
        recordMutation(db, { ...outcome, status: 'applied', version, error: null, images: [], queued: [], undoneBy: null, at: at() }, holder);
        audit('applied', { version });
      });
      return { ok: true, status: 'applied', version };
    }
    return { ok: true, status: 'applied', version: w.version };
  } catch (err) {
    if (!(err instanceof Rejected)) throw err;
    const error: ErrorBody = { code: err.rejection.code, message: err.rejection.message, ...(err.rejection.rows ? { rows: err.rejection.rows } : {}) };
    const version = getHead(db);
    db.transaction(() => {
      recordMutation(db, { ...outcome, status: 'rejected', version, error: { code: error.code, message: error.message, ...(error.rows ? { rows: error.rows } : {}) }, images: null, queued: null, undoneBy: null, at: at() }, holder);
      audit('rejected', { code: error.code, version });
    });
    return { ok: true, status: 'rejected', error };
  }
}
