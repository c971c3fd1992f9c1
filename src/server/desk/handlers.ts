/**
 * The /desk events (protocol.md, "Events, client → server"). Each handler gets the parsed
 * principal and the raw payload and returns exactly one reply object.
 * Checks: role (forbidden), then shape (bad_request), then the event's own rules; a `command`
 * whose envelope names a mutationId asks the ledger first (ledger-gate.ts).
 */
import type { z } from 'zod';
import {
  COMMAND_TYPES,
  CommandRequest,
  DigestRequest,
  describeZodError,
  HelloRequest,
  PROTOCOL_VERSION,
  PullRequest,
} from '@shared/protocol';
import type { ReplicaSnapshotInfo, SnapshotInfo } from '@shared/snapshot';
import type { Role } from '@shared/vocab';
import { shanghaiIso } from '@shared/time';
import { PROJECTION_EDITION } from '@shared/projection';
import type { Clock } from '@server/clock';
import { computeDigest, pullPage } from '@server/db/changes';
import { getHead } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';
import type { Principal } from '@server/db/tokens';
import type { Writer } from '@server/db/writer';
import type { SnapshotCache } from '@server/snapshot/cache';
import { executeCommand } from '@server/commands/execute';
import { auditRefusal } from '@server/db/audit-refusals';
import { answerFromLedger, ledgerKey, payloadHash } from '@server/commands/ledger-gate';
import { projectChanges } from '@server/desk/projection';
import { reveal } from '@server/desk/reveal';

export interface DeskDeps {
  db: ServerDb;
  writer: Writer;
  clock: Clock;
  serverId: string;
  /** the desks' snapshots (hello names the ready one); null or absent when turned off */
  snapshots?: SnapshotCache | null;
}

export type Reply = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string; [k: string]: unknown } };

export const fail = (code: string, message: string): Reply => ({ ok: false, error: { code, message } });

type Handler = (deps: DeskDeps, principal: Principal, payload: unknown, clientId: string) => Reply;

function parse<T extends z.ZodType>(schema: T, payload: unknown): { ok: true; value: z.output<T> } | { ok: false; reply: Reply } {
  const r = schema.safeParse(payload === undefined ? {} : payload);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reply: fail('bad_request', describeZodError(r.error)) };
}

const READERS: readonly Role[] = ['supervisor', 'viewer', 'finance'];
// finance (issue 20) sends only its own commands: the per-type check is src/server/commands/roles.ts
const COMMANDERS: readonly Role[] = ['supervisor', 'finance'];

function roleCheck(principal: Principal, allowed: readonly Role[], event: string): Reply | null {
  return allowed.includes(principal.role) ? null : fail('forbidden', `role ${principal.role} may not send ${event}`);
}

function snapshotField(deps: DeskDeps, role: Role): { snapshot?: SnapshotInfo; replicaSnapshot?: ReplicaSnapshotInfo } {
  const info = deps.snapshots?.info(role) ?? null;
  const replica = info ? (deps.snapshots?.replicaInfo(role) ?? null) : null;
  return { ...(info ? { snapshot: info } : {}), ...(replica ? { replicaSnapshot: replica } : {}) };
}

const hello: Handler = (deps, principal, payload) => {
  const denied = roleCheck(principal, READERS, 'hello');
  if (denied) return denied;
  const p = parse(HelloRequest, payload);
  if (!p.ok) return p.reply;
  return {
    ok: true,
    serverId: deps.serverId,
    head: getHead(deps.db),
    role: principal.role,
    // extension: who this token belongs to, so the desk names the supervisor on duty
    name: principal.name,
    // extension: a ready snapshot to start an empty replica from (docs/protocol.md "Snapshot")
    ...snapshotField(deps, principal.role),
    // extension: the edition of the role projection (a desk synced under another one rebuilds)
    projection: PROJECTION_EDITION,
    protocol: PROTOCOL_VERSION,
    now: shanghaiIso(deps.clock.now()),
    clockRate: deps.clock.rate,
  };
};

const pull: Handler = (deps, principal, payload) => {
  const denied = roleCheck(principal, READERS, 'pull');
  if (denied) return denied;
  const p = parse(PullRequest, payload);
  if (!p.ok) return p.reply;
  const page = pullPage(deps.db, p.value.since, p.value.limit ?? 1000);
  // the server projects the rows for the role (a viewer's phones masked, no amounts)
  return { ok: true, ...page, changes: projectChanges(principal.role, page.changes) };
};

const digest: Handler = (deps, principal, payload) => {
  const denied = roleCheck(principal, READERS, 'digest');
  if (denied) return denied;
  const p = parse(DigestRequest, payload);
  if (!p.ok) return p.reply;
  return { ok: true, ...computeDigest(deps.db) };
};

/** An audit row for a command refused before its envelope could be read (collapsed when repeated). */
export function auditEnvelopeRefusal(deps: Pick<DeskDeps, 'db' | 'clock'>, principal: Principal, clientId: string, payload: unknown, outcome: string): void {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const mutationId = typeof p.mutationId === 'number' && Number.isSafeInteger(p.mutationId) ? p.mutationId : null;
  const type = typeof p.type === 'string' ? p.type.slice(0, 64) : null;
  auditRefusal(deps.db, principal.tokenId, { at: shanghaiIso(deps.clock.now()), actor: principal.name, role: principal.role, clientId, mutationId, type, outcome, code: outcome, rows: 0, version: null });
}

/** The envelope's payload hash, or a bad_request for a payload nested beyond reason. */
function hashOf(type: string, payload: unknown): { ok: true; hash: string } | { ok: false; reply: Reply } {
  try {
    return { ok: true, hash: payloadHash(type, payload) };
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, reply: fail('bad_request', err.message) };
    throw err;
  }
}

const command: Handler = (deps, principal, payload, clientId) => {
  // the ledger first: a used mutationId keeps its answer whatever the role or the payload's shape now
  const key = ledgerKey(payload);
  const hashed = key ? hashOf(key.type, key.payload) : null;
  if (hashed && !hashed.ok) {
    auditEnvelopeRefusal(deps, principal, clientId, payload, 'bad_request');
    return hashed.reply;
  }
  if (key && hashed?.ok) {
    const answered = answerFromLedger({ db: deps.db, principal, clientId, at: shanghaiIso(deps.clock.now()) }, key, hashed.hash);
    if (answered) return answered as Reply;
  }
  const denied = roleCheck(principal, COMMANDERS, 'command');
  if (denied) {
    auditEnvelopeRefusal(deps, principal, clientId, payload, 'forbidden');
    return denied;
  }
  const p = parse(CommandRequest, payload);
  if (!p.ok || !hashed?.ok) {
    auditEnvelopeRefusal(deps, principal, clientId, payload, 'bad_request');
    return p.ok ? fail('bad_request', 'mutationId: a safe whole number ≥ 1') : p.reply;
  }
  const type = p.value.type;
  if (!(COMMAND_TYPES as readonly string[]).includes(type)) {
    auditEnvelopeRefusal(deps, principal, clientId, payload, 'bad_request');
    return fail('bad_request', `type: unknown command type ${JSON.stringify(type)}`);
  }
  return executeCommand(deps.writer, principal, clientId, { ...p.value, payloadHash: hashed.hash }) as Reply;
};

// reveal: a supervisor's click to call (src/server/desk/reveal.ts, audited)
export const DESK_HANDLERS: Readonly<Record<string, Handler>> = { hello, pull, digest, command, reveal };
