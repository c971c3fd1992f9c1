/**
 * SHA-256 (hex) of a JSON value with object keys sorted at every level (undefined members left out,
 * as JSON does): the same request or command hashes the same whatever its key order. Used to tell a
 * true resend from another request under the same key: floor Idempotency-Keys and desk mutationIds.
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown, depth: number, o: { maxDepth: number; what: string }): string {
  if (depth > o.maxDepth) throw new RangeError(`${o.what}: nested deeper than ${o.maxDepth} levels`);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v ?? null, depth + 1, o)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k], depth + 1, o)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Throws RangeError naming `what` when the value nests deeper than `maxDepth`. */
export function canonicalHash(value: unknown, o: { maxDepth: number; what: string }): string {
  return createHash('sha256').update(canonical(value, 0, o)).digest('hex');
}
