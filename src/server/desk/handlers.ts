/**
 * The /desk events (protocol.md, "Events, client → server"). Each handler gets the parsed
 * principal and the raw payload and returns exactly one reply object.
 * Checks: role (forbidden), then shape (bad_request), then the event's own rules.
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
import type { Role } from '@shared/vocab';
import { shanghaiIso } from '@shared/time';
import type { Clock } from '@server/clock';
import { computeDigest, pullPage } from '@server/db/changes';
import { getHead } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';
import type { Principal } from '@server/db/tokens';

export interface DeskDeps {
  db: ServerDb;
  clock: Clock;
  serverId: string;
}

export type Reply = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string; [k: string]: unknown } };

export const fail = (code: string, message: string): Reply => ({ ok: false, error: { code, message } });

type Handler = (deps: DeskDeps, principal: Principal, payload: unknown, clientId: string) => Reply;

function parse<T extends z.ZodType>(schema: T, payload: unknown): { ok: true; value: z.output<T> } | { ok: false; reply: Reply } {
  const r = schema.safeParse(payload === undefined ? {} : payload);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reply: fail('bad_request', describeZodError(r.error)) };
}

const READERS: readonly Role[] = ['supervisor', 'viewer'];
const COMMANDERS: readonly Role[] = ['supervisor'];

function roleCheck(principal: Principal, allowed: readonly Role[], event: string): Reply | null {
  return allowed.includes(principal.role) ? null : fail('forbidden', `role ${principal.role} may not send ${event}`);
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
  return { ok: true, ...page };
};

const digest: Handler = (deps, principal, payload) => {
  const denied = roleCheck(principal, READERS, 'digest');
  if (denied) return denied;
  const p = parse(DigestRequest, payload);
  if (!p.ok) return p.reply;
  return { ok: true, ...computeDigest(deps.db) };
};

const command: Handler = (_deps, principal, payload) => {
  const denied = roleCheck(principal, COMMANDERS, 'command');
  if (denied) return denied;
  const p = parse(CommandRequest, payload);
  if (!p.ok) return p.reply;
  const type = p.value.type;
  if (!(COMMAND_TYPES as readonly string[]).includes(type)) return fail('bad_request', `type: unknown command type ${JSON.stringify(type)}`);
  // commands are the next step of the server; refusing as bad_request does not use up the mutationId
  return fail('bad_request', `type: command ${type} is not implemented by this server yet`);
};

export const DESK_HANDLERS: Readonly<Record<string, Handler>> = { hello, pull, digest, command };
