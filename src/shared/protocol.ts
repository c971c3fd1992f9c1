/** Order server ⇄ desk protocol v1 message schemas (docs/protocol.md). */
import { z } from 'zod';
import { Change } from './entities';
import { ROLES } from './vocab';

export const PROTOCOL_VERSION = 1 as const;
export const DESK_NAMESPACE = '/desk';
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const HandshakeAuth = z.object({
  token: z.string().min(1),
  clientId: z.string().min(1).max(200),
  protocol: z.number(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  expected: z.number().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export const ErrorReply = z.object({ ok: z.literal(false), error: ErrorBody });
export type ErrorReply = z.infer<typeof ErrorReply>;

export const HelloRequest = z.object({}).strict();
export const HelloReply = z.object({
  ok: z.literal(true),
  serverId: z.string(),
  head: z.number().int().min(0),
  role: z.enum(ROLES),
  protocol: z.literal(1),
  now: z.string(),
  clockRate: z.number().positive(),
});
export type HelloReply = z.infer<typeof HelloReply>;

export const PullRequest = z
  .object({
    since: z.number().int().min(0),
    limit: z.number().int().min(1).max(10000).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;
export const PullReply = z.object({
  ok: z.literal(true),
  changes: z.array(Change),
  to: z.number().int().min(0),
  head: z.number().int().min(0),
  reset: z.literal(true).optional(),
});
export type PullReply = z.infer<typeof PullReply>;

export const ChangesPush = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  changes: z.array(Change),
  now: z.string(),
});
export type ChangesPush = z.infer<typeof ChangesPush>;

export const DigestRequest = z.object({}).strict();
export const DigestReply = z.object({
  ok: z.literal(true),
  version: z.number().int().min(0),
  count: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DigestReply = z.infer<typeof DigestReply>;

/** Any reply: parse the error branch first so a failed call is never mistaken for data. */
export function replyOf<T extends z.ZodType>(schema: T) {
  return z.union([ErrorReply, schema]);
}

/** Names the first failing field of a zod error, for `bad_request` messages. */
export function describeZodError(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.length ? issue.path.join('.') : '(payload)';
  return `${path}: ${issue.message}`;
}

/** `command` (protocol.md): the envelope; payloads per type follow in CommandPayloads. */
export const CommandRequest = z
  .object({
    mutationId: z.number().int().min(1),
    type: z.string().min(1),
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type CommandRequest = z.infer<typeof CommandRequest>;

export const COMMAND_TYPES = ['job.reassign', 'job.reschedule', 'order.tagCause', 'order.note', 'notify.customers', 'batch', 'undo'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];
