/**
 * Lasso select: with the lasso tool on, a drag draws a free-hand outline on the map (an SVG
 * overlay) and hands back the outline as lat/lng points; `insidePolygon` (polygon.ts) decides
 * which orders it holds. The tool switches itself off after each lasso.
 */
import * as L from 'leaflet';


const SVG = 'http://www.w3.org/2000/svg';

export function enableLasso(map: L.Map, isOn: () => boolean, onLasso: (outline: L.LatLng[]) => void): () => void {
  const container = map.getContainer();
  let points: L.Point[] = [];
  let svg: SVGSVGElement | null = null;
  let line: SVGPolylineElement | null = null;

  const down = (e: MouseEvent) => {
    if (!isOn() || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    map.dragging.disable();
    points = [map.mouseEventToContainerPoint(e)];
    svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'map-lasso');
    svg.dataset.testid = 'map-lasso';
    line = document.createElementNS(SVG, 'polyline');
    svg.appendChild(line);
    container.appendChild(svg);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up, { once: true });
  };
  const move = (e: MouseEvent) => {
    const p = map.mouseEventToContainerPoint(e);
    const last = points[points.length - 1]!;
    if (Math.abs(p.x - last.x) + Math.abs(p.y - last.y) < 3) return;
    points.push(p);
    line?.setAttribute('points', points.map((q) => `${q.x},${q.y}`).join(' '));
  };
  const up = () => {
    window.removeEventListener('mousemove', move);
    map.dragging.enable();
    svg?.remove();
    svg = null;
    line = null;
    if (points.length >= 3) onLasso(points.map((p) => map.containerPointToLatLng(p)));
    points = [];
  };
  container.addEventListener('mousedown', down, true);
  return () => container.removeEventListener('mousedown', down, true);
}
