/** The offline base map of East China, shipped in resources/ (no tiles, no internet). */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import basemapJson from '@resources/basemap/east-china.geo.json';

export type AreaLevel = 'province' | 'city' | 'district';

export interface AreaProps {
  name: string;
  adcode: string | number;
  level: AreaLevel;
  province?: string;
  city?: string;
  /** [lng, lat] */
  center?: [number, number];
}

export type AreaFeature = Feature<Geometry, AreaProps>;

const collection = basemapJson as unknown as FeatureCollection<Geometry, AreaProps>;

export function areasOf(level: AreaLevel): AreaFeature[] {
  return collection.features.filter((f) => f.properties?.level === level);
}
