/**
 * Row ids of carriers and production lines (issue 14). Ids on the wire are ASCII (docs/protocol.md
 * "Versions"; a desk refuses any other), but a carrier is named 安能物流 and a line 苏州一厂/封边2线.
 * The row id is therefore the logical key's UTF-8 bytes in hex behind a prefix: ASCII, one per name,
 * and decodable inside SQLite too (`unhex`), which the snapshot's SQL needs for the carrier's name.
 * Everything above the row (commands, plans, orders) keeps the logical keys: the carrier's name
 * and the workstation `<factory>/<line>`.
 */
const CARRIER_PREFIX = 'c-';
const LINE_PREFIX = 'l-';

const hex = (text: string): string => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');

function unhex(prefix: string, id: string): string | null {
  if (!id.startsWith(prefix)) return null;
  const body = id.slice(prefix.length);
  if (body.length === 0 || body.length % 2 !== 0 || !/^[0-9a-f]+$/.test(body)) return null;
  const bytes = new Uint8Array(body.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** `carrier` row id of a carrier name (安能物流 → c-e5ae89…). */
export const carrierRowId = (name: string): string => CARRIER_PREFIX + hex(name);
/** `line` row id of a workstation `<factory>/<line>`. */
export const lineRowId = (workstation: string): string => LINE_PREFIX + hex(workstation);
/** The carrier name of a row id, or null when it is not one. */
export const carrierNameOf = (rowId: string): string | null => unhex(CARRIER_PREFIX, rowId);
/** The workstation `<factory>/<line>` of a line row id, or null when it is not one. */
export const workstationOfRowId = (rowId: string): string | null => unhex(LINE_PREFIX, rowId);
/** SQL (SQLite ≥ 3.41) for the carrier name of the row id in column `col`. */
export const carrierNameSql = (col: string): string => `CAST(unhex(substr(${col}, ${CARRIER_PREFIX.length + 1})) AS TEXT)`;
