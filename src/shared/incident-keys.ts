/**
 * Where a cause bites: one real-world problem is one line. A machine fault or quality rework
 * bites at a workstation, a logistics exception at a carrier, installer shortage in a district
 * (crews on leave join it by their home district), the rest in a district or, for a rule that did
 * not fire, everywhere at once.
 */
import { CAUSE_LABELS, type Cause } from '@shared/vocab';
import type { IncidentWhere } from '@shared/war-room';

export interface GroupPlace {
  key: string;
  cause: string;
  kind: 'workstation' | 'carrier' | 'district' | 'everywhere';
  where: IncidentWhere;
}

export interface PlacedOrder {
  district: string;
  workstation: string | null;
  carrier: string | null;
}

export function placeOf(cause: string, o: PlacedOrder): GroupPlace {
  switch (cause) {
    case 'machine_fault':
    case 'quality_rework':
    case 'board_shortage':
      if (o.workstation) return group(cause, 'workstation', { workstation: o.workstation });
      break;
    case 'logistics':
      if (o.carrier) return group(cause, 'carrier', { carrier: o.carrier });
      break;
    case 'missing_handoff':
      return group(cause, 'everywhere', {});
  }
  return group(cause, 'district', { district: o.district });
}

export function districtPlace(cause: string, district: string): GroupPlace {
  return group(cause, 'district', { district });
}

function group(cause: string, kind: GroupPlace['kind'], where: IncidentWhere): GroupPlace {
  const value = where.workstation ?? where.carrier ?? where.district ?? '*';
  return { key: `${cause}|${kind}|${value}`, cause, kind, where };
}

/** A stable ASCII id for a group key (FNV-1a, 32 bit, base 36), the same on every desk and restart. */
export function incidentId(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const [cause] = key.split('|');
  return `inc-${cause}-${h.toString(36)}`;
}

/** The Chinese title the protocol carries ("封边2线 · 设备故障"); the page builds its own in the user's language. */
export function incidentTitle(place: GroupPlace): string {
  const label = (CAUSE_LABELS as Record<string, { zh: string } | undefined>)[place.cause as Cause]?.zh ?? place.cause;
  const where = place.where.workstation ?? place.where.carrier ?? place.where.district;
  return where ? `${where} · ${label}` : label;
}
