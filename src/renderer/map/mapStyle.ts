/** Colours and extents of the war-room map (kept in step with styles/theme.css). */
import type { LatLngBoundsLiteral } from 'leaflet';

export const WATER = '#0a1520';

/** Shanghai, southern Jiangsu (Nanjing … Nantong) and northern Zhejiang (Hangzhou … Ningbo). */
export const START_BOUNDS: LatLngBoundsLiteral = [
  [29.25, 118.45],
  [32.65, 122.2],
];

export const PROVINCE_FILL = { fillColor: '#111c28', fillOpacity: 1, stroke: false } as const;
export const DISTRICT_STYLE = { color: '#284159', weight: 0.7, opacity: 1, fillColor: '#142230', fillOpacity: 1 } as const;
export const CITY_STYLE = { color: '#2f4b66', weight: 1.1, opacity: 1, fill: false } as const;
export const PROVINCE_STYLE = { color: '#5a7d9e', weight: 2, opacity: 0.9, fill: false, dashArray: undefined } as const;

export const DOT_COLORS = {
  overdue: { fillColor: '#ff4d4f', color: '#4d0f12' },
  at_risk: { fillColor: '#f5a623', color: '#4a3205' },
} as const;

/** Dot radius (px) at a zoom level: small when the whole region is in view. */
export function dotRadius(zoom: number): number {
  if (zoom <= 8) return 3;
  if (zoom <= 10) return 4;
  return 5.5;
}

/** Outlines cost as much as the dots themselves; only draw them once few dots are in view. */
export function dotStroke(zoom: number): boolean {
  return zoom >= 10;
}

/** District labels appear from this zoom, city labels up to the one before. */
export const DISTRICT_LABEL_ZOOM = 9;
