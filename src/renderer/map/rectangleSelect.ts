/** Shift + drag draws a rectangle on the map and hands back its bounds (Leaflet's box zoom is off). */
import * as L from 'leaflet';

export function enableRectangleSelect(map: L.Map, onBox: (bounds: L.LatLngBounds) => void): () => void {
  const container = map.getContainer();
  let start: L.Point | null = null;
  let box: HTMLDivElement | null = null;

  const down = (e: MouseEvent) => {
    if (!e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    map.dragging.disable();
    start = map.mouseEventToContainerPoint(e);
    box = document.createElement('div');
    box.className = 'map-select-box';
    box.dataset.testid = 'map-select-box';
    container.appendChild(box);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up, { once: true });
  };
  const move = (e: MouseEvent) => {
    if (!start || !box) return;
    const p = map.mouseEventToContainerPoint(e);
    box.style.left = `${Math.min(p.x, start.x)}px`;
    box.style.top = `${Math.min(p.y, start.y)}px`;
    box.style.width = `${Math.abs(p.x - start.x)}px`;
    box.style.height = `${Math.abs(p.y - start.y)}px`;
  };
  const up = (e: MouseEvent) => {
    window.removeEventListener('mousemove', move);
    map.dragging.enable();
    const end = map.mouseEventToContainerPoint(e);
    box?.remove();
    box = null;
    if (start && Math.abs(end.x - start.x) > 4 && Math.abs(end.y - start.y) > 4) {
      onBox(L.latLngBounds(map.containerPointToLatLng(start), map.containerPointToLatLng(end)));
    }
    start = null;
  };
  container.addEventListener('mousedown', down, true);
  return () => container.removeEventListener('mousedown', down, true);
}
