/** What the order canvas paints: dots, clusters, the density blobs and rings (no state of its own). */
import type * as L from 'leaflet';
import type { MapPoint } from '@shared/war-room';
import { DOT_COLORS } from '@renderer/map/mapStyle';

/** A dot or a cluster as painted, in canvas (= container, at paint time) pixels. */
export type Drawn = { x: number; y: number; r: number; point?: MapPoint; clusterId?: number; count?: number; overdue?: number; seq?: number };

export type Rect = { x0: number; y0: number; x1: number; y1: number };

/**
 * The pixels a drawn dot or cluster covers (its stroke included), widened to whole device pixels:
 * a clip or clearRect edge inside a pixel would blend old and new paint there.
 */
export function rectOf(d: Drawn, ratio: number): Rect {
  const r = d.r + 2;
  return { x0: Math.floor((d.x - r) * ratio) / ratio, y0: Math.floor((d.y - r) * ratio) / ratio, x1: Math.ceil((d.x + r) * ratio) / ratio, y1: Math.ceil((d.y + r) * ratio) / ratio };
}

export function touches(d: Drawn, rects: readonly Rect[] | null, pad = 2): boolean {
  if (!rects) return true;
  const r = d.r + pad;
  return rects.some((b) => d.x + r >= b.x0 && d.x - r <= b.x1 && d.y + r >= b.y0 && d.y - r <= b.y1);
}

/**
 * At-risk below overdue, then the index's order (`seq`): overlapping dots stroke over each other,
 * so a re-sort after a restyle must give the very order a full draw would.
 */
export function byStatus(a: Drawn, b: Drawn): number {
  if (a.point!.status !== b.point!.status) return a.point!.status === 'at_risk' ? -1 : 1;
  return a.seq! - b.seq!;
}

export function paintDot(ctx: CanvasRenderingContext2D, d: Drawn, zoom: number): void {
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

export function paintCluster(ctx: CanvasRenderingContext2D, d: Drawn): void {
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

/** Orders with a command pending in the outbox: a dashed ring. */
export function paintPending(ctx: CanvasRenderingContext2D, map: L.Map, points: Iterable<MapPoint>): void {
  ctx.save();
  ctx.setLineDash([3, 3]);
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#7fc8ff';
  for (const p of points) {
    const pt = map.latLngToContainerPoint([p.lat, p.lng]);
    ctx.beginPath();
    ctx.arc(pt.x, pt.y, 9, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.restore();
}

export function paintSelected(ctx: CanvasRenderingContext2D, map: L.Map, p: MapPoint): void {
  const pt = map.latLngToContainerPoint([p.lat, p.lng]);
  ctx.beginPath();
  ctx.arc(pt.x, pt.y, 11, 0, Math.PI * 2);
  ctx.strokeStyle = '#e8f1ff';
  ctx.lineWidth = 2.5;
  ctx.stroke();
}

/** Every order as a soft additive blob (the density layer); only blobs reaching `rects`, when given. */
export function paintDensity(ctx: CanvasRenderingContext2D, map: L.Map, points: readonly MapPoint[], rects: readonly Rect[] | null): void {
  const radius = Math.max(8, 4 * (map.getZoom() - 4));
  ctx.save();
  ctx.globalCompositeOperation = 'lighter';
  ctx.globalAlpha = 0.06;
  ctx.fillStyle = '#ff7043';
  const size = map.getSize();
  for (const p of points) {
    const pt = map.latLngToContainerPoint([p.lat, p.lng]);
    if (pt.x < -radius || pt.y < -radius || pt.x > size.x + radius || pt.y > size.y + radius) continue;
    if (rects && !touches({ x: pt.x, y: pt.y, r: radius }, rects, 1)) continue;
    ctx.beginPath();
    ctx.arc(pt.x, pt.y, radius, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}
