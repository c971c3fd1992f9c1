/**
 * GET /api/v1/carriers and GET /api/v1/lines (issue 14): the carriers and production lines as
 * the wire has them, each with its row id and version. Scoped as fits a floor token's work: a
 * carrier's token reads its own carrier, a workshop's token its factory's lines, and neither the
 * other list (nor does a crew's token); site-wide and supervisor tokens read all of both.
 */
import { asc, eq } from 'drizzle-orm';
import { workstationOf } from '@shared/supply-rules';
import { carriers, lines } from '@server/db/schema';
import type { Principal } from '@server/db/tokens';
import { carrierData, lineData } from '@server/db/wire';
import type { FloorDeps } from '@server/floor/http';
import type { RouteResult } from '@server/floor/routes';

export function listCarriers(deps: FloorDeps, p: Principal): RouteResult {
  const rows = p.scope && p.scope.kind !== 'carrier' ? [] : deps.db.select().from(carriers).where(eq(carriers.deleted, false)).orderBy(asc(carriers.id)).all();
  const shown = rows.map((r) => ({ id: r.id, version: r.version, ...carrierData(r) })).filter((c) => !p.scope || c.name === p.scope.value);
  return { status: 200, body: { carriers: shown } };
}

export function listLines(deps: FloorDeps, p: Principal): RouteResult {
  const rows = p.scope && p.scope.kind !== 'workshop' ? [] : deps.db.select().from(lines).where(eq(lines.deleted, false)).orderBy(asc(lines.id)).all();
  const shown = rows.filter((r) => !p.scope || r.factory === p.scope.value).map((r) => ({ id: r.id, workstation: workstationOf(r.factory, r.name), version: r.version, ...lineData(r) }));
  return { status: 200, body: { lines: shown } };
}
