/**
 * The transport-neutral RPC step: look the method up in the contract, parse the argument with its
 * zod schema, call the handler. Every failure becomes a clear error (which field, why); nothing
 * thrown here may take the process down.
 */
import { deskContract, type DeskHandlers, type DeskMethod } from '@shared/contract';
import { describeZodError } from '@shared/protocol';

export type RpcResult = { ok: true; value: unknown } | { ok: false; status: number; error: { code: string; message: string } };

export function isDeskMethod(name: string): name is DeskMethod {
  return Object.prototype.hasOwnProperty.call(deskContract, name);
}

export async function callRpc(handlers: DeskHandlers, method: unknown, input: unknown): Promise<RpcResult> {
  if (typeof method !== 'string' || !isDeskMethod(method)) return { ok: false, status: 404, error: { code: 'unknown_method', message: `no such method: ${JSON.stringify(String(method).slice(0, 64))}` } };
  const parsed = deskContract[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, status: 400, error: { code: 'bad_request', message: clip(describeZodError(parsed.error)) } };
  const handler = handlers[method] as ((input: unknown) => unknown) | undefined;
  if (typeof handler !== 'function') return { ok: false, status: 404, error: { code: 'unknown_method', message: `${method}: not served by this desk` } };
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; status?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'internal';
    const status = typeof e.status === 'number' ? e.status : 500;
    return { ok: false, status, error: { code: clip(code, 64), message: clip(typeof e.message === 'string' ? e.message : String(err)) } };
  }
}

/** A reply never echoes a caller's megabyte back: messages are cut to a readable length. */
function clip(text: string, max = 500): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
