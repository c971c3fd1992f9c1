/**
 * The war-room map. Leaflet owns its DOM; React only mounts it. Order dots follow the store
 * directly (never React state), and the dot counts are written to data attributes for tests.
 */
import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useLang } from '@renderer/i18n/I18nProvider';
import { deskStore } from '@renderer/state/appStore';
import { drawBasemap } from '@renderer/map/basemapLayers';
import { drawAreaLabels } from '@renderer/map/areaLabels';
import { OrderDots, type DotCounts } from '@renderer/map/orderDots';
import { START_BOUNDS, WATER } from '@renderer/map/mapStyle';

interface Props {
  showAtRisk: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

function writeCounts(el: HTMLElement, counts: DotCounts): void {
  el.dataset.overdueDots = String(counts.overdue);
  el.dataset.atRiskDots = String(counts.atRisk);
}

export function WarMap({ showAtRisk, selectedId, onSelect }: Props) {
  const elRef = useRef<HTMLDivElement>(null);
  const dotsRef = useRef<OrderDots | null>(null);
  const [lang] = useLang();
  const langRef = useRef(lang);
  const onSelectRef = useRef(onSelect);
  const clickedRef = useRef<string | null>(null);
  useEffect(() => {
    langRef.current = lang;
    onSelectRef.current = onSelect;
  }, [lang, onSelect]);

  useEffect(() => {
    const el = elRef.current;
    if (!el) return;
    writeCounts(el, { overdue: 0, atRisk: 0 });
    const map = L.map(el, { preferCanvas: true, zoomControl: true, attributionControl: false, minZoom: 6, maxZoom: 14, zoomSnap: 0.25 });
    el.style.background = WATER;
    // until the operator pans or zooms, keep the region framed whatever the window size
    let framing = false;
    let userMoved = false;
    const frame = () => {
      framing = true;
      map.fitBounds(START_BOUNDS, { animate: false });
      framing = false;
    };
    map.on('dragstart zoomstart', () => {
      if (!framing) userMoved = true;
    });
    frame();
    const { districts, cities } = drawBasemap(map);
    drawAreaLabels(map, cities, districts);
    const dots = new OrderDots(map, { lang: () => langRef.current, onSelect: (id) => {
        clickedRef.current = id;
        onSelectRef.current(id);
      },
    });
    dotsRef.current = dots;

    let shown = deskStore.get().overview;
    if (shown) writeCounts(el, dots.update(shown));
    const unsubscribe = deskStore.subscribe(() => {
      const next = deskStore.get().overview;
      if (!next || next === shown) return;
      shown = next;
      writeCounts(el, dots.update(next));
    });
    const resize = new ResizeObserver(() => {
      map.invalidateSize({ pan: false });
      if (!userMoved) frame();
    });
    resize.observe(el);
    return () => {
      unsubscribe();
      resize.disconnect();
      dotsRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const dots = dotsRef.current;
    const el = elRef.current;
    if (dots && el) writeCounts(el, dots.setShowAtRisk(showAtRisk));
  }, [showAtRisk]);

  // a pick from the cause list may be off screen: reveal it; a click on a dot is already in view
  useEffect(() => {
    dotsRef.current?.select(selectedId, selectedId !== clickedRef.current);
    clickedRef.current = null;
  }, [selectedId]);

  return <div ref={elRef} className="war-map" data-testid="war-map" />;
}
