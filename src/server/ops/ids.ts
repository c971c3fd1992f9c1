import { randomBytes } from 'node:crypto';

/** A new ASCII row id with a short entity prefix, e.g. o_3f9a0c2d1b7e4a55. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
