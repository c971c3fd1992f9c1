/**
 * Place-name labels: city names at low zoom, district names from DISTRICT_LABEL_ZOOM on, each shown
 * only once its area is wide enough on screen to hold the name.
 */
import * as L from 'leaflet';
import type { AreaFeature } from '@renderer/map/basemapData';
import { DISTRICT_LABEL_ZOOM } from '@renderer/map/mapStyle';

interface Label {
  marker: L.Marker;
  bounds: L.LatLngBounds;
  /** rough pixel width of the text */
  textWidth: number;
  level: 'city' | 'district';
}

function boundsOf(feature: AreaFeature): L.LatLngBounds | null {
  try {
    const b = L.geoJSON(feature).getBounds();
    return b.isValid() ? b : null;
  } catch {
    return null;
  }
}

function labelFor(feature: AreaFeature, level: 'city' | 'district'): Label | null {
  const bounds = boundsOf(feature);
  if (!bounds) return null;
  const p = feature.properties;
  const at = p.center ? L.latLng(p.center[1], p.center[0]) : bounds.getCenter();
  const span = document.createElement('span');
  span.textContent = p.name;
  const icon = L.divIcon({ className: `area-label area-label--${level}`, html: span, iconSize: [0, 0] });
  const marker = L.marker(at, { icon, interactive: false, keyboard: false, pane: 'labels' });
  return { marker, bounds, textWidth: p.name.length * (level === 'city' ? 14 : 12) + 8, level };
}

export function drawAreaLabels(map: L.Map, cities: AreaFeature[], districts: AreaFeature[]): void {
  const pane = map.createPane('labels');
  pane.style.zIndex = '420';
  pane.style.pointerEvents = 'none';
  const labels = [
    ...cities.map((f) => labelFor(f, 'city')),
    ...districts.map((f) => labelFor(f, 'district')),
  ].filter((l): l is Label => l !== null);
  const group = L.layerGroup().addTo(map);

  const refresh = () => {
    const zoom = map.getZoom();
    for (const l of labels) {
      const wantLevel = zoom >= DISTRICT_LABEL_ZOOM ? 'district' : 'city';
      const width = map.project(l.bounds.getNorthEast(), zoom).x - map.project(l.bounds.getSouthWest(), zoom).x;
      const show = l.level === wantLevel && width >= l.textWidth;
      if (show && !group.hasLayer(l.marker)) group.addLayer(l.marker);
      else if (!show && group.hasLayer(l.marker)) group.removeLayer(l.marker);
    }
  };
  map.on('zoomend', refresh);
  refresh();
}
