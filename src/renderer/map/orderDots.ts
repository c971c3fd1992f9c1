/**
 * The order dots: canvas circle markers in two feature groups (overdue, at risk), updated in
 * place from each overview by id, never rebuilt. One shared tooltip serves every dot.
 */
import * as L from 'leaflet';
import type { MapOrder, Overview } from '@shared/contract';
import type { Lang } from '@renderer/i18n/messages';
import { diffOrders } from '@renderer/map/orderDiff';
import { orderTooltip } from '@renderer/map/orderTooltip';
import { DOT_COLORS, dotRadius, dotStroke } from '@renderer/map/mapStyle';

export interface DotCounts {
  overdue: number;
  atRisk: number;
}

export class OrderDots {
  private readonly renderer: L.Canvas;
  private readonly overdueGroup = L.featureGroup();
  private readonly atRiskGroup = L.featureGroup();
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly idOf = new WeakMap<L.Layer, string>();
  private orders: ReadonlyMap<string, MapOrder> = new Map();
  private readonly tip = L.tooltip({ direction: 'top', offset: [0, -6], className: 'order-tip-box', opacity: 1 });
  private readonly highlight: L.CircleMarker;
  private selectedId: string | null = null;
  private showAtRisk = true;

  constructor(
    private readonly map: L.Map,
    private readonly hooks: { lang: () => Lang; onSelect: (id: string) => void },
  ) {
    map.createPane('orders').style.zIndex = '450';
    this.renderer = L.canvas({ pane: 'orders', padding: 0.3 });
    this.highlight = L.circleMarker([0, 0], { renderer: this.renderer, radius: 10, color: '#e8f1ff', weight: 2, fill: false, interactive: false });
    for (const group of [this.overdueGroup, this.atRiskGroup]) {
      group.on('mouseover', (e) => this.hover(e.propagatedFrom as L.Layer | undefined));
      group.on('mouseout', () => this.map.closeTooltip(this.tip));
      group.on('click', (e) => {
        const id = this.idOf.get(e.propagatedFrom as L.Layer);
        if (id) this.hooks.onSelect(id);
      });
    }
    this.overdueGroup.addTo(map);
    this.atRiskGroup.addTo(map);
    map.on('zoomend', () => this.resize());
  }

  update(overview: Overview): DotCounts {
    const diff = diffOrders(this.orders, overview.overdue, overview.atRisk);
    for (const id of diff.removed) {
      const m = this.markers.get(id);
      if (!m) continue;
      this.overdueGroup.removeLayer(m);
      this.atRiskGroup.removeLayer(m);
      this.markers.delete(id);
    }
    for (const order of diff.added) this.add(order);
    for (const order of diff.restyled) {
      const m = this.markers.get(order.id);
      if (!m) continue;
      this.groupOf(order.status === 'overdue' ? 'at_risk' : 'overdue').removeLayer(m);
      this.place(m, order);
    }
    for (const order of diff.moved) this.markers.get(order.id)?.setLatLng([order.lat, order.lng]);
    this.orders = diff.next;
    this.refreshHighlight();
    return this.counts();
  }

  setShowAtRisk(show: boolean): DotCounts {
    this.showAtRisk = show;
    if (show) {
      this.atRiskGroup.addTo(this.map);
      // re-added dots draw last: put them back under the overdue ones
      this.atRiskGroup.eachLayer((l) => (l as L.CircleMarker).bringToBack());
    } else this.atRiskGroup.remove();
    this.refreshHighlight();
    return this.counts();
  }

  /** Ring the selected order; `reveal` pans to it when it is off screen (picked from a list). */
  select(id: string | null, reveal = false): void {
    this.selectedId = id;
    this.refreshHighlight();
    const order = id ? this.orders.get(id) : undefined;
    if (reveal && order && !this.map.getBounds().pad(-0.1).contains([order.lat, order.lng])) {
      this.map.flyTo([order.lat, order.lng], Math.max(this.map.getZoom(), 10), { duration: 0.6 });
    }
  }

  counts(): DotCounts {
    return { overdue: this.overdueGroup.getLayers().length, atRisk: this.showAtRisk ? this.atRiskGroup.getLayers().length : 0 };
  }

  private groupOf(status: MapOrder['status']): L.FeatureGroup {
    return status === 'overdue' ? this.overdueGroup : this.atRiskGroup;
  }

  private add(order: MapOrder): void {
    const m = L.circleMarker([order.lat, order.lng], {
      renderer: this.renderer,
      radius: dotRadius(this.map.getZoom()),
      stroke: dotStroke(this.map.getZoom()),
      weight: 1,
      opacity: 0.9,
      fillOpacity: 0.88,
    });
    this.idOf.set(m, order.id);
    this.markers.set(order.id, m);
    this.place(m, order);
  }

  /** Style a dot for its status and put it in that group; overdue dots draw above at-risk ones. */
  private place(m: L.CircleMarker, order: MapOrder): void {
    m.setStyle(DOT_COLORS[order.status]);
    this.groupOf(order.status).addLayer(m);
    if (!this.map.hasLayer(m)) return;
    if (order.status === 'overdue') m.bringToFront();
    else m.bringToBack();
  }

  private hover(layer: L.Layer | undefined): void {
    const id = layer ? this.idOf.get(layer) : undefined;
    const order = id ? this.orders.get(id) : undefined;
    if (!order) return;
    this.tip.setLatLng([order.lat, order.lng]).setContent(orderTooltip(order, this.hooks.lang()));
    this.map.openTooltip(this.tip);
  }

  private resize(): void {
    const zoom = this.map.getZoom();
    const r = dotRadius(zoom);
    const stroke = dotStroke(zoom);
    for (const m of this.markers.values()) {
      if (m.getRadius() !== r) m.setRadius(r);
      if (m.options.stroke !== stroke) m.setStyle({ stroke });
    }
  }

  private refreshHighlight(): void {
    const order = this.selectedId ? this.orders.get(this.selectedId) : undefined;
    const visible = order && (order.status === 'overdue' || this.showAtRisk);
    if (!order || !visible) {
      this.highlight.remove();
      return;
    }
    this.highlight.setLatLng([order.lat, order.lng]);
    if (!this.map.hasLayer(this.highlight)) this.highlight.addTo(this.map);
    this.highlight.bringToFront();
  }
}
