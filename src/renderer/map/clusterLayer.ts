/**
 * Late orders on one canvas: supercluster groups them at low zoom (a 20,000-point map stays
 * readable and fast), single dots from zoom 12. Red = overdue (or a cluster holding any), amber =
 * at risk. Hover shows a summary, a click opens the order or zooms into the cluster. An optional
 * density layer paints every order as a soft blob underneath.
 */
import * as L from 'leaflet';
import Supercluster, { type ClusterProperties } from 'supercluster';
import type { MapPoint } from '@shared/war-room';
import { dotRadius } from '@renderer/map/mapStyle';
import { byStatus, paintCluster, paintDensity, paintDot, paintPending, paintSelected, rectOf, touches, type Drawn, type Rect } from '@renderer/map/clusterPaint';
import { patchAncestors } from '@renderer/map/clusterPatch';

export interface DotCounts {
  overdue: number;
  atRisk: number;
}

type Props = { i: number; o: number };

const CLUSTER_MAX_ZOOM = 11;

/** A fresh index per load: supercluster keeps appending reduced properties across load() calls. */
function newIndex(): Supercluster<Props, { o: number }> {
  return new Supercluster<Props, { o: number }>({ radius: 44, maxZoom: CLUSTER_MAX_ZOOM, minPoints: 3, map: (p) => ({ o: p.o }), reduce: (a, p) => void (a.o += p.o) });
}

export class ClusterLayer {
  private readonly canvas = document.createElement('canvas');
  private index = newIndex();
  private points: MapPoint[] = [];
  /** the loaded features' properties, by point index: restyle() changes `o` in place */
  private props: Props[] = [];
  /** point index by order id, built on the first restyle after a load (not on the first paint's path) */
  private byId: Map<string, number> | null = null;
  private overdue = 0;
  /** as painted last: hit-testing and partial repaints read them */
  private singles: Drawn[] = [];
  private clusters: Drawn[] = [];
  private paintedZoom = 0;
  private paintedView = '';
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

  /** New set of points to show (the layer keeps the array; restyle() updates it); returns the counts represented on the map. */
  setPoints(points: MapPoint[]): DotCounts {
    this.points = points;
    this.props = points.map((p, i) => ({ i, o: p.status === 'overdue' ? 1 : 0 }));
    this.index = newIndex();
    this.index.load(this.props.map((properties, i) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [points[i]!.lng, points[i]!.lat] }, properties })));
    this.byId = null;
    this.draw();
    this.overdue = 0;
    for (const p of points) if (p.status === 'overdue') this.overdue++;
    return this.counts();
  }

  /**
   * Points already shown, at the same position, with new data (a status change): the index keeps
   * its clusters and only their overdue counts change; then only the dots and clusters whose
   * colour changed are repainted. Null when a point is not shown or has moved, or the index could
   * not be patched: call setPoints instead.
   */
  restyle(points: readonly MapPoint[]): DotCounts | null {
    const byId = (this.byId ??= new Map(this.points.map((p, i) => [p.id, i])));
    const at: number[] = [];
    for (const p of points) {
      const i = byId.get(p.id);
      const before = i === undefined ? undefined : this.points[i];
      if (i === undefined || !before || before.lat !== p.lat || before.lng !== p.lng) return null;
      at.push(i);
    }
    const dirty: Rect[] = [];
    let reorder = false;
    for (let k = 0; k < points.length; k++) {
      const i = at[k]!;
      const p = points[k]!;
      const props = this.props[i]!;
      const o = p.status === 'overdue' ? 1 : 0;
      const d = o - props.o;
      this.points[i] = p;
      // the dot as painted now carries the new point (tooltip, click); a status change recolours it
      const single = this.singles.find((x) => x.point!.id === p.id);
      if (single) single.point = p;
      if (d === 0) continue;
      // a failed walk leaves the index part-patched: the caller's setPoints replaces it
      const held = patchAncestors(this.index, i, (c) => void (c.o += d));
      if (!held) return null;
      props.o = o;
      this.overdue += d;
      if (single) {
        dirty.push(rectOf(single, window.devicePixelRatio || 1));
        reorder = true;
        continue;
      }
      const id = held[Math.max(0, Math.min(this.paintedZoom, CLUSTER_MAX_ZOOM + 1))];
      const cluster = this.clusters.find((x) => x.clusterId === id);
      if (!cluster) continue; // off screen
      const was = cluster.overdue! > 0;
      cluster.overdue! += d;
      if (was !== cluster.overdue! > 0) dirty.push(rectOf(cluster, window.devicePixelRatio || 1));
    }
    if (reorder) this.singles.sort(byStatus);
    this.repaint(dirty);
    return this.counts();
  }

  private counts(): DotCounts {
    return { overdue: this.overdue, atRisk: this.points.length - this.overdue };
  }

  setDensity(on: boolean): void {
    // called on every map refresh: an unchanged layer must not cost a second redraw next frame
    if (on === this.density) return;
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

  /** The point shown under an id (as last set or restyled), if any. */
  shownPoint(id: string): MapPoint | undefined {
    const i = (this.byId ??= new Map(this.points.map((p, k) => [p.id, k]))).get(id);
    return i === undefined ? undefined : this.points[i];
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
    const b = map.getBounds().pad(0.1);
    const zoom = Math.round(map.getZoom());
    const items = this.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    const r = dotRadius(zoom);
    const singles: Drawn[] = [];
    const clusters: Drawn[] = [];
    for (const f of items) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const pt = map.latLngToContainerPoint([lat, lng]);
      const props = f.properties as Partial<ClusterProperties> & { o: number; i?: number };
      if (props.cluster) {
        const count = props.point_count ?? 0;
        clusters.push({ x: pt.x, y: pt.y, r: Math.min(34, 11 + Math.sqrt(count) * 1.6), clusterId: props.cluster_id, count, overdue: props.o });
      } else {
        const p = this.points[props.i ?? -1];
        if (p) singles.push({ x: pt.x, y: pt.y, r, point: p, seq: singles.length });
      }
    }
    singles.sort(byStatus);
    this.singles = singles;
    this.clusters = clusters;
    this.paintedZoom = zoom;
    this.paintedView = this.viewKey();
    this.paint(null);
    this.clustersDrawn = clusters.length;
    map.getContainer().dataset.clusters = String(clusters.length);
  }

  /** Where the canvas sits and how it scales: a partial repaint is only right while this holds. */
  private viewKey(): string {
    const o = this.map.containerPointToLayerPoint([0, 0]);
    const size = this.map.getSize();
    return `${o.x},${o.y},${this.map.getZoom()},${size.x},${size.y},${window.devicePixelRatio || 1}`;
  }

  /**
   * Repaints only `dirty` (a software-rastered 1920×1080 canvas costs tens of ms a frame; one
   * recoloured cluster a few hundred pixels), or everything when the map moved since the last paint
   * or a full draw is due anyway.
   */
  private repaint(dirty: readonly Rect[]): void {
    if (dirty.length === 0) return;
    if (this.frame || this.paintedView !== this.viewKey()) return this.draw();
    this.paint(dirty);
  }

  /** Paints what draw() laid out: everything, or only what reaches `rects` (clipped to them). */
  private paint(rects: readonly Rect[] | null): void {
    const map = this.map;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.save();
    if (rects) {
      ctx.beginPath();
      for (const b of rects) ctx.rect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      ctx.clip();
      for (const b of rects) ctx.clearRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    } else ctx.clearRect(0, 0, size.x, size.y);
    if (this.density) paintDensity(ctx, map, this.points, rects);
    // at-risk below overdue, clusters on top
    for (const d of this.singles) if (touches(d, rects)) paintDot(ctx, d, this.paintedZoom);
    for (const d of this.clusters) if (touches(d, rects)) paintCluster(ctx, d);
    if (this.pending.size > 0) {
      const byId = (this.byId ??= new Map(this.points.map((p, i) => [p.id, i])));
      const pending: MapPoint[] = [];
      for (const id of this.pending) {
        const i = byId.get(id);
        if (i !== undefined) pending.push(this.points[i]!);
      }
      paintPending(ctx, map, pending);
    }
    if (this.selected) paintSelected(ctx, map, this.selected);
    ctx.restore();
  }

  private hit(e: L.LeafletMouseEvent): Drawn | null {
    const { x, y } = e.containerPoint;
    let best: Drawn | null = null;
    let bestD = Infinity;
    for (const d of [...this.singles, ...this.clusters]) {
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
