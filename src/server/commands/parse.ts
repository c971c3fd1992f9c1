/**
 * A command's payload → the items to plan (a batch flattens into its commands). Every failure
 * is a bad_request whose message names the field, e.g. `payload.commands.1.payload.jobs.0.date`.
 */
import type { z } from 'zod';
import { BatchPayload, COMMAND_TYPES, SIMPLE_COMMAND_PAYLOADS, type SimpleCommandType } from '@shared/protocol';
import type { Item } from '@server/commands/types';

export type ParsedCommand = { ok: true; items: Item[] } | { ok: false; message: string };

function describe(prefix: string, err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return `${prefix}: invalid`;
  return `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`;
}

const isSimple = (type: string): type is SimpleCommandType => Object.hasOwn(SIMPLE_COMMAND_PAYLOADS, type);

function parseSimple(type: string, payload: unknown, prefix: string, typeField: string): { ok: true; item: Item } | { ok: false; message: string } {
  if (!isSimple(type)) {
    const known = (COMMAND_TYPES as readonly string[]).includes(type);
    return { ok: false, message: `${typeField}: ${known ? `a ${type} cannot be nested in a batch` : `unknown command type ${JSON.stringify(type)}`}` };
  }
  const r = SIMPLE_COMMAND_PAYLOADS[type].safeParse(payload);
  if (!r.success) return { ok: false, message: describe(prefix, r.error) };
  return { ok: true, item: { type, payload: r.data } as Item };
}

export function parseCommand(type: string, payload: unknown): ParsedCommand {
  if (type !== 'batch') {
    const r = parseSimple(type, payload, 'payload', 'type');
    return r.ok ? { ok: true, items: [r.item] } : r;
  }
  const b = BatchPayload.safeParse(payload);
  if (!b.success) return { ok: false, message: describe('payload', b.error) };
  const items: Item[] = [];
  for (const [i, c] of b.data.commands.entries()) {
    const r = parseSimple(c.type, c.payload, `payload.commands.${i}.payload`, `payload.commands.${i}.type`);
    if (!r.ok) return r;
    items.push(r.item);
  }
  return { ok: true, items };
}
