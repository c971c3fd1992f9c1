/**
 * A plan's preview on the map (issue 6): a ghost line from each job to the crew it would go to
 * (dashed, on canvas, so 1,000 lines stay cheap), the crews as hollow rings, and jobs the plan
 * cannot place as grey rings. Moves with no crew to point at (issue 14: a shipment to another
 * carrier, production to another line, a job whose date alone moves) are a marker at the order.
 * Drawn in its own pane above the orders; cleared with null.
 */
import * as L from 'leaflet';

export interface PlanPreviewLine {
  /** the job id, or `order:<orderId>` for an order move */
  id: string;
  from: [number, number];
  /** the crew it goes to; null: a marker at `from` (what kind says `mark`) */
  to: [number, number] | null;
  overtime: boolean;
  /** with `to` null: what moved at the order; absent: the plan cannot place it */
  mark?: 'shipment' | 'production' | 'date';
}

/** Marker colours by what moved; the legend names the same ones. */
export const MARK_COLORS = { shipment: '#ffa94d', production: '#8fe388', date: '#ffd479', unplaced: '#9aa4b2' } as const;

export class PlanLayer {
  private readonly group: L.LayerGroup;
  private readonly renderer: L.Canvas;

  constructor(private readonly map: L.Map) {
    const pane = map.createPane('plan-preview');
    pane.style.zIndex = '470';
    pane.style.pointerEvents = 'none';
    this.renderer = L.canvas({ pane: 'plan-preview' });
    this.group = L.layerGroup([], { pane: 'plan-preview' });
  }

  /** Draws the lines; returns how many were drawn (the page exposes it for tests). */
  show(lines: readonly PlanPreviewLine[] | null): number {
    this.group.clearLayers();
    if (!lines || lines.length === 0) {
      this.group.remove();
      return 0;
    }
    const crews = new Map<string, [number, number]>();
    for (const l of lines) {
      if (l.to) {
        L.polyline([l.from, l.to], { renderer: this.renderer, color: l.overtime ? '#c792ea' : '#7fd1ff', weight: 1.2, opacity: 0.75, dashArray: '4 4', interactive: false }).addTo(this.group);
        crews.set(l.to.join(','), l.to);
      } else if (l.mark === 'shipment' || l.mark === 'production') {
        const color = l.overtime ? '#c792ea' : MARK_COLORS[l.mark];
        L.circleMarker(l.from, { renderer: this.renderer, radius: 5, color, weight: 2, fillColor: color, fillOpacity: 0.55, interactive: false }).addTo(this.group);
      } else {
        const color = l.mark === 'date' ? MARK_COLORS.date : MARK_COLORS.unplaced;
        L.circleMarker(l.from, { renderer: this.renderer, radius: 4, color, weight: 2, fill: false, interactive: false }).addTo(this.group);
      }
    }
    for (const at of crews.values()) L.circleMarker(at, { renderer: this.renderer, radius: 7, color: '#7fd1ff', weight: 2, fillOpacity: 0.15, interactive: false }).addTo(this.group);
    this.group.addTo(this.map);
    return lines.length;
  }

  /** The bounds of what is shown, to bring the preview into view. */
  bounds(lines: readonly PlanPreviewLine[]): L.LatLngBounds | null {
    const pts = lines.flatMap((l) => (l.to ? [l.from, l.to] : [l.from]));
    return pts.length ? L.latLngBounds(pts) : null;
  }
}
