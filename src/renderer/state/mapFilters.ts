/**
 * Map filters (stage, cause, district, crew, carrier, channel, product type) and layers, kept per
 * supervisor in localStorage. Pure matching so the map and tests agree on what is shown.
 */
import type { MapPoint } from '@shared/war-room';

export interface MapFilters {
  stage: number | null;
  cause: string | null;
  district: string | null;
  crewId: string | null;
  carrier: string | null;
  channel: string | null;
  productType: string | null;
  showAtRisk: boolean;
  density: boolean;
  crews: boolean;
}

export const EMPTY_FILTERS: MapFilters = {
  stage: null, cause: null, district: null, crewId: null, carrier: null, channel: null, productType: null, showAtRisk: true, density: false, crews: false,
};

export const FILTER_STORAGE = 'dutydesk.mapFilters';

export function matchesFilters(p: MapPoint, f: MapFilters, only: ReadonlySet<string> | null): boolean {
  if (only && !only.has(p.id)) return false;
  if (!f.showAtRisk && p.status === 'at_risk') return false;
  if (f.stage !== null && p.stage !== f.stage) return false;
  if (f.cause !== null && !p.causes.includes(f.cause)) return false;
  if (f.district !== null && p.district !== f.district) return false;
  if (f.crewId !== null && p.crewId !== f.crewId) return false;
  if (f.carrier !== null && p.carrier !== f.carrier) return false;
  if (f.channel !== null && p.channel !== f.channel) return false;
  if (f.productType !== null && p.productType !== f.productType) return false;
  return true;
}

export function activeFilterCount(f: MapFilters): number {
  return [f.stage, f.cause, f.district, f.crewId, f.carrier, f.channel, f.productType].filter((v) => v !== null).length;
}

export function loadFilters(storage: Pick<Storage, 'getItem'> | null): MapFilters {
  try {
    const raw = storage?.getItem(FILTER_STORAGE);
    if (!raw) return EMPTY_FILTERS;
    const saved = JSON.parse(raw) as Partial<MapFilters>;
    const out = { ...EMPTY_FILTERS };
    for (const key of Object.keys(EMPTY_FILTERS) as (keyof MapFilters)[]) {
      const v = saved[key];
      if (v === undefined) continue;
      if (typeof v === typeof EMPTY_FILTERS[key] || (EMPTY_FILTERS[key] === null && (typeof v === 'string' || typeof v === 'number'))) (out as Record<string, unknown>)[key] = v;
    }
    return out;
  } catch {
    return EMPTY_FILTERS;
  }
}

export function saveFilters(storage: Pick<Storage, 'setItem'> | null, f: MapFilters): void {
  try {
    storage?.setItem(FILTER_STORAGE, JSON.stringify(f));
  } catch {
    // storage disabled: filters last for this page only
  }
}
