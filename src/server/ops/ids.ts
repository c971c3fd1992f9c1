import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn in blocks: a write creates several ids (event, job, notifications) and one
 * randomBytes(8) call per id cost more than the id is worth. Same CSPRNG, same id format.
 */
const POOL = Buffer.alloc(8 * 512);
let offset = POOL.length;

/** A new ASCII row id with a short entity prefix, e.g. o_3f9a0c2d1b7e4a55. */
export function newId(prefix: string): string {
  if (offset + 8 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + 8);
  offset += 8;
  return `${prefix}_${hex}`;
}
