import { randomBytes } from 'node:crypto';

/**
 * Row ids that grow with time: `<prefix>_<ms, 12 hex><sequence, 4 hex><process tag, 4 hex>`, e.g.
 * o_019a1b2c3d4e0000a3f1. Each id is a primary key, and an index takes a new key where it sorts:
 * random ids put every insert on a different page of the index, so a group commit wrote one index
 * page per new row to the WAL (most of what it wrote); ids in time order fill the same last page.
 * Unique within the process by construction (the clock part never goes back, the sequence counts
 * within one millisecond); the random process tag keeps another process's ids apart should
 * clocks overlap. Ids are opaque ASCII strings to every client (protocol.md "Versions").
 */
const PROCESS_TAG = randomBytes(2).toString('hex');
const SEQUENCE_LIMIT = 0x10000;
let lastMs = 0;
/** lastMs as 12 hex digits (a group commit makes dozens of ids in the same millisecond) */
let lastMsHex = '';
let sequence = 0;

function startMs(ms: number): void {
  lastMs = ms;
  lastMsHex = ms.toString(16).padStart(12, '0');
  sequence = 0;
}

/** A new ASCII row id with a short entity prefix. */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) startMs(now);
  // 65,536 ids in one millisecond: borrow the next one
  else if (++sequence === SEQUENCE_LIMIT) startMs(lastMs + 1);
  return `${prefix}_${lastMsHex}${sequence.toString(16).padStart(4, '0')}${PROCESS_TAG}`;
}
