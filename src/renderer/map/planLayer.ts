/**
 * A plan's preview on the map (issue 6): a ghost line from each job to the crew it would go to
 * (dashed, on canvas, so 1,000 lines stay cheap), the crews as hollow rings, and jobs the plan
 * cannot place as grey crosses. Drawn in its own pane above the orders; cleared with null.
 */
import * as L from 'leaflet';

export interface PlanPreviewLine {
  jobId: string;
  from: [number, number];
  /** null: the plan cannot place this job */
  to: [number, number] | null;
  overtime: boolean;
}

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
      } else {
        L.circleMarker(l.from, { renderer: this.renderer, radius: 4, color: '#9aa4b2', weight: 2, fill: false, interactive: false }).addTo(this.group);
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
