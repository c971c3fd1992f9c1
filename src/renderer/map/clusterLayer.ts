/**
 * Late orders on one canvas: supercluster groups them at low zoom (a 20,000-point map stays
 * readable and fast), single dots from zoom 12. Red = overdue (or a cluster holding any), amber =
 * at risk. Hover shows a summary, a click opens the order or zooms into the cluster. An optional
 * density layer paints every order as a soft blob underneath.
 */
import * as L from 'leaflet';
import Supercluster, { type ClusterProperties } from 'supercluster';
import type { MapPoint } from '@shared/war-room';
import { DOT_COLORS, dotRadius } from '@renderer/map/mapStyle';

export interface DotCounts {
  overdue: number;
  atRisk: number;
}

type Props = { i: number; o: number };
type Drawn = { x: number; y: number; r: number; point?: MapPoint; clusterId?: number; count?: number; overdue?: number };

const CLUSTER_MAX_ZOOM = 11;

export class ClusterLayer {
  private readonly canvas = document.createElement('canvas');
  private index = new Supercluster<Props, { o: number }>({ radius: 44, maxZoom: CLUSTER_MAX_ZOOM, minPoints: 3, map: (p) => ({ o: p.o }), reduce: (a, p) => void (a.o += p.o) });
  private points: MapPoint[] = [];
  private drawn: Drawn[] = [];
  private frame = 0;
  private density = false;
  private selected: MapPoint | null = null;
  private pending: ReadonlySet<string> = new Set();
  /** clusters drawn last frame (tests read it) */
  clustersDrawn = 0;

  constructor(
    private readonly map: L.Map,
    private readonly hooks: { onPoint: (p: MapPoint) => void; onHover: (d: Drawn | null, at: L.LatLng) => void },
  ) {
    const pane = map.createPane('orders');
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    this.canvas.className = 'order-canvas';
    pane.appendChild(this.canvas);
    map.on('moveend zoomend resize viewreset', () => this.schedule());
    map.on('zoomstart', () => (this.canvas.style.visibility = 'hidden'));
    map.on('mousemove', (e: L.LeafletMouseEvent) => this.hover(e));
    map.on('click', (e: L.LeafletMouseEvent) => this.click(e));
    map.on('mouseout', () => this.hooks.onHover(null, map.getCenter()));
  }

  /** New set of points to show; returns the counts represented on the map. */
  setPoints(points: MapPoint[]): DotCounts {
    this.points = points;
    const features = points.map((p, i) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] }, properties: { i, o: p.status === 'overdue' ? 1 : 0 } }));
    this.index.load(features);
    this.draw();
    let overdue = 0;
    for (const p of points) if (p.status === 'overdue') overdue++;
    return { overdue, atRisk: points.length - overdue };
  }

  setDensity(on: boolean): void {
    this.density = on;
    this.schedule();
  }

  /** Orders named by commands still pending in the outbox: drawn with a dashed ring. */
  setPending(ids: ReadonlySet<string>): void {
    this.pending = ids;
    this.schedule();
  }

  select(p: MapPoint | null): void {
    this.selected = p;
    this.schedule();
  }

  /** The points inside a lat/lng box (rectangle select). */
  pointsIn(bounds: L.LatLngBounds): MapPoint[] {
    return this.points.filter((p) => bounds.contains([p.lat, p.lng]));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw(): void {
    const map = this.map;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== size.x * ratio || this.canvas.height !== size.y * ratio) {
      this.canvas.width = size.x * ratio;
      this.canvas.height = size.y * ratio;
      this.canvas.style.width = `${size.x}px`;
      this.canvas.style.height = `${size.y}px`;
    }
    L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
    this.canvas.style.visibility = 'visible';
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    const b = map.getBounds().pad(0.1);
    const zoom = Math.round(map.getZoom());
    if (this.density) this.drawDensity(ctx);
    const items = this.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    const drawn: Drawn[] = [];
    const r = dotRadius(zoom);
    const singles: Drawn[] = [];
    let clusters = 0;
    for (const f of items) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const pt = map.latLngToContainerPoint([lat, lng]);
      const props = f.properties as Partial<ClusterProperties> & { o: number; i?: number };
      if (props.cluster) {
        clusters++;
        const count = props.point_count ?? 0;
        drawn.push({ x: pt.x, y: pt.y, r: Math.min(34, 11 + Math.sqrt(count) * 1.6), clusterId: props.cluster_id, count, overdue: props.o });
      } else {
        const p = this.points[props.i ?? -1];
        if (p) singles.push({ x: pt.x, y: pt.y, r, point: p });
      }
    }
    // at-risk below overdue, clusters on top
    singles.sort((a, b) => (a.point!.status === b.point!.status ? 0 : a.point!.status === 'at_risk' ? -1 : 1));
    for (const d of singles) this.dot(ctx, d, zoom);
    for (const d of drawn) this.cluster(ctx, d);
    if (this.pending.size > 0) this.drawPending(ctx);
    if (this.selected) {
      const pt = map.latLngToContainerPoint([this.selected.lat, this.selected.lng]);
      ctx.beginPath();
      ctx.arc(pt.x, pt.y, 11, 0, Math.PI * 2);
      ctx.strokeStyle = '#e8f1ff';
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
    this.drawn = [...singles, ...drawn];
    this.clustersDrawn = clusters;
    map.getContainer().dataset.clusters = String(clusters);
  }

  private dot(ctx: CanvasRenderingContext2D, d: Drawn, zoom: number): void {
    const c = DOT_COLORS[d.point!.status];
    ctx.beginPath();
    ctx.arc(d.x, d.y, d.r, 0, Math.PI * 2);
    ctx.fillStyle = c.fillColor;
    ctx.fill();
    if (zoom >= 10) {
      ctx.lineWidth = 1;
      ctx.strokeStyle = c.color;
      ctx.stroke();
    }
  }

  private cluster(ctx: CanvasRenderingContext2D, d: Drawn): void {
    const c = DOT_COLORS[d.overdue! > 0 ? 'overdue' : 'at_risk'];
    ctx.beginPath();
    ctx.arc(d.x, d.y, d.r, 0, Math.PI * 2);
    ctx.fillStyle = c.fillColor;
    ctx.globalAlpha = 0.85;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2;
    ctx.strokeStyle = 'rgba(255,255,255,0.55)';
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.font = `600 ${d.r > 20 ? 13 : 11}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(d.count), d.x, d.y + 0.5);
  }

  private drawPending(ctx: CanvasRenderingContext2D): void {
    ctx.save();
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#7fc8ff';
    for (const id of this.pending) {
      const p = this.points.find((x) => x.id === id);
      if (!p) continue;
      const pt = this.map.latLngToContainerPoint([p.lat, p.lng]);
      ctx.beginPath();
      ctx.arc(pt.x, pt.y, 9, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
  }

  private drawDensity(ctx: CanvasRenderingContext2D): void {
    const map = this.map;
    const radius = Math.max(8, 4 * (map.getZoom() - 4));
    ctx.save();
    ctx.globalCompositeOperation = 'lighter';
    ctx.globalAlpha = 0.06;
    ctx.fillStyle = '#ff7043';
    const size = map.getSize();
    for (const p of this.points) {
      const pt = map.latLngToContainerPoint([p.lat, p.lng]);
      if (pt.x < -radius || pt.y < -radius || pt.x > size.x + radius || pt.y > size.y + radius) continue;
      ctx.beginPath();
      ctx.arc(pt.x, pt.y, radius, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.restore();
  }

  private hit(e: L.LeafletMouseEvent): Drawn | null {
    const { x, y } = e.containerPoint;
    let best: Drawn | null = null;
    let bestD = Infinity;
    for (const d of this.drawn) {
      const dist = Math.hypot(d.x - x, d.y - y);
      if (dist <= d.r + 4 && dist < bestD) {
        best = d;
        bestD = dist;
      }
    }
    return best;
  }

  private hover(e: L.LeafletMouseEvent): void {
    const d = this.hit(e);
    this.map.getContainer().style.cursor = d ? 'pointer' : '';
    this.hooks.onHover(d, d ? this.map.containerPointToLatLng([d.x, d.y]) : e.latlng);
  }

  private click(e: L.LeafletMouseEvent): void {
    const d = this.hit(e);
    if (!d) return;
    if (d.point) this.hooks.onPoint(d.point);
    else if (d.clusterId !== undefined) {
      const zoom = Math.min(this.index.getClusterExpansionZoom(d.clusterId), CLUSTER_MAX_ZOOM + 1);
      this.map.flyTo(this.map.containerPointToLatLng([d.x, d.y]), zoom, { duration: 0.5 });
    }
  }
}

export type { Drawn };
