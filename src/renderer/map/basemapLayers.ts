/** Draws the base map: land fill, district lines (thin), city lines, province lines (thick). */
import * as L from 'leaflet';
import type { FeatureCollection } from 'geojson';
import { areasOf, type AreaFeature } from '@renderer/map/basemapData';
import { CITY_STYLE, DISTRICT_STYLE, PROVINCE_FILL, PROVINCE_STYLE } from '@renderer/map/mapStyle';

function pane(map: L.Map, name: string, z: number): L.Canvas {
  const el = map.createPane(name);
  el.style.zIndex = String(z);
  el.style.pointerEvents = 'none';
  return L.canvas({ pane: name, padding: 0.5 });
}

function layerOf(features: AreaFeature[], renderer: L.Canvas, style: L.PathOptions): L.GeoJSON {
  return L.geoJSON({ type: 'FeatureCollection', features } as FeatureCollection, {
    style: () => ({ ...style, renderer, interactive: false }),
    interactive: false,
  });
}

export interface Basemap {
  districts: AreaFeature[];
  cities: AreaFeature[];
}

export function drawBasemap(map: L.Map): Basemap {
  const provinces = areasOf('province');
  const cities = areasOf('city');
  const districts = areasOf('district');
  layerOf(provinces, pane(map, 'land', 210), PROVINCE_FILL).addTo(map);
  layerOf(districts, pane(map, 'districts', 220), DISTRICT_STYLE).addTo(map);
  layerOf(cities, pane(map, 'cities', 230), CITY_STYLE).addTo(map);
  layerOf(provinces, pane(map, 'provinces', 240), PROVINCE_STYLE).addTo(map);
  return { districts, cities };
}
