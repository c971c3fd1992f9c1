/** Reading carriers and lines on the server by their logical keys (a name, a workstation). */
import { eq } from 'drizzle-orm';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import type { CarrierData, LineData } from '@shared/supply-rules';
import type { ServerDb } from '@server/db/open';
import { carriers, lines, type CarrierRow, type LineRow } from '@server/db/schema';
import { carrierData, lineData } from '@server/db/wire';

export function carrierRow(db: ServerDb, name: string): CarrierRow | null {
  const row = db.select().from(carriers).where(eq(carriers.id, carrierRowId(name))).get();
  return row && !row.deleted ? row : null;
}

export function carrierByName(db: ServerDb, name: string | null | undefined): CarrierData | null {
  if (!name) return null;
  const row = carrierRow(db, name);
  return row ? carrierData(row) : null;
}

export function lineRow(db: ServerDb, workstation: string): LineRow | null {
  const row = db.select().from(lines).where(eq(lines.id, lineRowId(workstation))).get();
  return row && !row.deleted ? row : null;
}

export function lineByWorkstation(db: ServerDb, workstation: string): LineData | null {
  const row = lineRow(db, workstation);
  return row ? lineData(row) : null;
}
