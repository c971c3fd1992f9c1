/**
 * The war-room map. Leaflet owns its DOM; React only mounts it. The late orders follow the
 * war-room store directly (never React state) through one clustered canvas layer; the counts of
 * orders represented on the map are written to data attributes (tests and wall scrapers read them).
 */
import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { CrewLoad, MapPoint } from '@shared/war-room';
import { useLang } from '@renderer/i18n/I18nProvider';
import { deskStore } from '@renderer/state/appStore';
import { commandStore } from '@renderer/state/commandStore';
import { estimateServerNow } from '@renderer/i18n/timeFormat';
import { matchesFilters } from '@renderer/state/mapFilters';
import { warRoomStore, type WarRoomState } from '@renderer/state/warRoomStore';
import { drawBasemap } from '@renderer/map/basemapLayers';
import { drawAreaLabels } from '@renderer/map/areaLabels';
import { ClusterLayer, type DotCounts } from '@renderer/map/clusterLayer';
import { inPlaceChanges } from '@renderer/map/orderDiff';
import { clusterTooltip, pointTooltip } from '@renderer/map/pointTooltip';
import { enableRectangleSelect } from '@renderer/map/rectangleSelect';
import { enableLasso } from '@renderer/map/lasso';
import { CrewLayer } from '@renderer/map/crewLayer';
import { PlanLayer } from '@renderer/map/planLayer';
import { translate } from '@renderer/i18n/messages';
import { insidePolygon } from '@renderer/map/polygon';
import { START_BOUNDS, WATER } from '@renderer/map/mapStyle';

/** More changed points than this in one delta: one re-index beats walking each point's clusters. */
const MAX_RESTYLE = 200;

function writeCounts(el: HTMLElement, counts: DotCounts): void {
  el.dataset.overdueDots = String(counts.overdue);
  el.dataset.atRiskDots = String(counts.atRisk);
}

/** The ids the map is narrowed to: a picked set, else the selected incident's orders. */
export function onlyIds(s: WarRoomState): ReadonlySet<string> | null {
  if (s.pickedOrderIds) return new Set(s.pickedOrderIds);
  const inc = s.selectedIncidentId ? s.board?.incidents.find((i) => i.id === s.selectedIncidentId) : undefined;
  return inc ? new Set(inc.orderIds) : null;
}

function serverNow(): number {
  const s = deskStore.get();
  return s.status?.serverNow ? estimateServerNow(s.status.serverNow, s.statusReceivedAt, Date.now(), s.status.clockRate) : Date.now();
}

export function WarMap({ readOnly = false }: { readOnly?: boolean }) {
  const elRef = useRef<HTMLDivElement>(null);
  const [lang] = useLang();
  const langRef = useRef(lang);
  useEffect(() => {
    langRef.current = lang;
  }, [lang]);

  useEffect(() => {
    const el = elRef.current;
    if (!el) return;
    writeCounts(el, { overdue: 0, atRisk: 0 });
    const map = L.map(el, { preferCanvas: true, zoomControl: true, attributionControl: false, boxZoom: false, minZoom: 6, maxZoom: 15, zoomSnap: 0.25 });
    el.style.background = WATER;
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
    const tip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'order-tip-box', opacity: 1 });
    const layer = new ClusterLayer(map, {
      onPoint: (p) => warRoomStore.set({ selectedOrderId: p.id }),
      onHover: (d, at) => {
        if (!d) return void map.closeTooltip(tip);
        tip.setLatLng(at).setContent(d.point ? pointTooltip(d.point, langRef.current, serverNow()) : clusterTooltip(d.count ?? 0, d.overdue ?? 0, langRef.current));
        map.openTooltip(tip);
      },
    });
    const offRect = readOnly
      ? () => {}
      : enableRectangleSelect(map, (bounds) => {
          const ids = layer.pointsIn(bounds).map((p) => p.id);
          warRoomStore.set({ pickedOrderIds: ids, pickedLabel: 'rectangle', selectedIncidentId: null });
        });
    const offLasso = readOnly
      ? () => {}
      : enableLasso(
          map,
          () => warRoomStore.get().lasso,
          (outline) => {
            const poly = outline.map((ll) => [ll.lng, ll.lat] as const);
            const ids = layer.pointsIn(L.latLngBounds(outline)).filter((p) => insidePolygon(p.lng, p.lat, poly)).map((p) => p.id);
            warRoomStore.set({ pickedOrderIds: ids, pickedLabel: 'lasso', selectedIncidentId: null, lasso: false });
          },
        );

    let shown = { mapVersion: -1, filters: null as unknown, only: null as unknown, selectedOrderId: null as string | null, board: null as unknown };
    const refresh = () => {
      const s = warRoomStore.get();
      const only = s.pickedOrderIds ?? s.selectedIncidentId;
      const onlyChanged = only !== shown.only || (s.selectedIncidentId !== null && s.board !== shown.board);
      const viewChanged = s.filters !== shown.filters || onlyChanged;
      if (s.mapVersion !== shown.mapVersion || viewChanged) {
        const t0 = performance.now();
        const ids = onlyIds(s);
        const shows = (p: MapPoint) => matchesFilters(p, s.filters, ids);
        // the one delta since the last draw, under the same filters and selection: recolour its
        // points where the layer shows them, keep the clusters
        const last = warRoomStore.lastDelta;
        const followsDrawn = !viewChanged && last !== null && last.mapVersion === s.mapVersion && shown.mapVersion === s.mapVersion - 1;
        const restyle = followsDrawn ? inPlaceChanges(last.ids, (id) => layer.shownPoint(id), (id) => warRoomStore.points.get(id), shows, MAX_RESTYLE) : null;
        const counts = restyle ? layer.restyle(restyle) : null;
        if (counts) writeCounts(el, counts);
        else {
          const points: MapPoint[] = [];
          for (const p of warRoomStore.points.values()) if (shows(p)) points.push(p);
          writeCounts(el, layer.setPoints(points));
          if (only !== shown.only && ids && ids.size > 0 && points.length > 0) {
            map.flyToBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number])).pad(0.2), { maxZoom: 11, duration: 0.6 });
          }
        }
        el.dataset.drawMs = (performance.now() - t0).toFixed(1);
        el.dataset.mapVersion = String(s.mapVersion);
        layer.setDensity(s.filters.density);
      }
      if (s.selectedOrderId !== shown.selectedOrderId) {
        const p = s.selectedOrderId ? (warRoomStore.points.get(s.selectedOrderId) ?? null) : null;
        layer.select(p);
        if (p && !map.getBounds().pad(-0.1).contains([p.lat, p.lng])) map.flyTo([p.lat, p.lng], Math.max(map.getZoom(), 11), { duration: 0.6 });
      }
      el.classList.toggle('war-map--lasso', s.lasso);
      shown = { mapVersion: s.mapVersion, filters: s.filters, only, selectedOrderId: s.selectedOrderId, board: s.board };
    };
    refresh();
    const unsubscribe = warRoomStore.subscribe(refresh);
    // crews as their own layer while shown, from the war room's one crew-load read (crewLoadSync.ts)
    const crews = new CrewLayer(map);
    let crewsDrawn: CrewLoad | null = null;
    const showCrews = () => {
      const s = warRoomStore.get();
      const data = s.filters.crews ? s.crewLoad : null;
      if (data === crewsDrawn) return;
      crewsDrawn = data;
      const l = langRef.current;
      el.dataset.crews = String(crews.show(data, { load: (name, load, cap) => translate(l, 'crew.tip', { name, load, cap }), off: (reason) => translate(l, 'crew.off', { reason }) }));
    };
    showCrews();
    const offCrews = warRoomStore.subscribe(showCrews);
    let pending: ReadonlySet<string> | null = null;
    const showPending = () => {
      const ids = commandStore.get().pendingOrderIds;
      if (ids === pending) return;
      pending = ids;
      layer.setPending(ids);
      el.dataset.pendingOrders = String(ids.size);
    };
    showPending();
    const offPending = commandStore.subscribe(showPending);
    // a contingency plan's ghost lines (issue 6)
    const plan = new PlanLayer(map);
    let previewed: unknown = null;
    const showPlan = () => {
      const preview = warRoomStore.get().planPreview;
      if (preview === previewed) return;
      previewed = preview;
      el.dataset.planLines = String(plan.show(preview?.lines ?? null));
      const b = preview ? plan.bounds(preview.lines) : null;
      if (b) map.flyToBounds(b.pad(0.15), { maxZoom: 12, duration: 0.6 });
    };
    showPlan();
    const offPlan = warRoomStore.subscribe(showPlan);
    const resize = new ResizeObserver(() => {
      map.invalidateSize({ pan: false });
      if (!userMoved) frame();
    });
    resize.observe(el);
    return () => {
      unsubscribe();
      offPending();
      offPlan();
      offRect();
      offLasso();
      offCrews();
      resize.disconnect();
      map.remove();
    };
  }, [readOnly]);

  return <div ref={elRef} className="war-map" data-testid="war-map" />;
}
