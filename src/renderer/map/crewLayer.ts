/**
 * Crews as their own map layer (a toggle in the map's toolbar): one marker per crew at its
 * district's centre (crews sharing a district set in a small ring), blue when it has room today,
 * purple when booked to capacity (never the orders' red or amber), grey with a red ring when unavailable today. Hover shows name,
 * today's load against capacity and any leave. Data: the crew-load read (today only).
 */
import * as L from 'leaflet';
import type { CrewLoad } from '@shared/war-room';
import { areasOf } from '@renderer/map/basemapData';

export interface CrewMarkerText {
  load: (name: string, load: number, capacity: number) => string;
  off: (reason: string) => string;
}

const centres = new Map<string, [number, number]>();
function centreOf(district: string): [number, number] | null {
  if (centres.size === 0) for (const f of areasOf('district')) if (f.properties.center) centres.set(f.properties.name, [f.properties.center[1], f.properties.center[0]]);
  return centres.get(district) ?? null;
}

export class CrewLayer {
  private readonly group: L.LayerGroup;

  constructor(private readonly map: L.Map) {
    const pane = map.createPane('crews');
    pane.style.zIndex = '460';
    this.group = L.layerGroup([], { pane: 'crews' });
  }

  /** Draws the crews (or clears them with null); returns how many were placed. */
  show(data: CrewLoad | null, text: CrewMarkerText): number {
    this.group.clearLayers();
    if (!data) {
      this.group.remove();
      return 0;
    }
    const byDistrict = new Map<string, CrewLoad['crews']>();
    for (const c of data.crews) byDistrict.set(c.district, [...(byDistrict.get(c.district) ?? []), c]);
    let placed = 0;
    for (const [district, crews] of byDistrict) {
      const at = centreOf(district);
      if (!at) continue;
      crews.forEach((c, i) => {
        const angle = (2 * Math.PI * i) / crews.length;
        const r = crews.length > 1 ? 0.025 : 0;
        const off = c.unavailable[0] ?? null;
        const load = c.load[0] ?? 0;
        const cap = c.capacity[0] ?? c.capacityPerDay;
        const color = off ? '#8a96a3' : load >= cap ? '#b48cff' : '#4fa3e0';
        const marker = L.circleMarker([at[0] + r * Math.sin(angle), at[1] + r * Math.cos(angle)], {
          pane: 'crews', radius: 6, weight: off ? 3 : 1.5, color: off ? '#ff5f5f' : '#dbe9f6', fillColor: color, fillOpacity: 0.95,
        });
        // built with textContent: crew names are never parsed as HTML
        const tip = document.createElement('div');
        tip.className = 'order-tip';
        for (const line of [text.load(c.name, load, cap), off ? text.off(off) : null]) {
          if (!line) continue;
          const el = document.createElement('div');
          el.textContent = line;
          tip.appendChild(el);
        }
        marker.bindTooltip(tip, { className: 'order-tip-box', direction: 'top' });
        marker.addTo(this.group);
        placed++;
      });
    }
    this.group.addTo(this.map);
    return placed;
  }
}
