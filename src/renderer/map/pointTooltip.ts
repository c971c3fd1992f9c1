/** Hover cards for the clustered map, built with textContent (order data is never parsed as HTML). */
import type { MapPoint } from '@shared/war-room';
import { causeLabel, reasonLabel, stageName } from '@renderer/i18n/labels';
import { translate, type Lang } from '@renderer/i18n/messages';

function line(parent: HTMLElement, className: string, text: string): void {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  parent.appendChild(el);
}

/** Hours since `lateSince` on the server clock `now` (ms). */
export function hoursLate(p: Pick<MapPoint, 'lateSince'>, now: number): number {
  return p.lateSince ? Math.max(0, (now - Date.parse(p.lateSince)) / 3600_000) : 0;
}

export function pointTooltip(p: MapPoint, lang: Lang, now: number): HTMLElement {
  const root = document.createElement('div');
  root.className = `order-tip order-tip--${p.status}`;
  line(root, 'order-tip__no', p.orderNo);
  line(root, 'order-tip__stage', `${p.stage} · ${stageName(p.stage, lang)}`);
  line(root, 'order-tip__where', `${p.city} · ${p.district}`);
  const h = hoursLate(p, now);
  line(root, 'order-tip__late', h > 0 ? `${translate(lang, 'order.hoursLate')} ${translate(lang, 'order.hours', { n: Math.round(h) })}` : reasonLabel(p.reason, lang));
  if (p.causes.length) line(root, 'order-tip__where', p.causes.map((c) => causeLabel(c, lang)).join(' · '));
  return root;
}

export function clusterTooltip(count: number, overdue: number, lang: Lang): HTMLElement {
  const root = document.createElement('div');
  root.className = `order-tip order-tip--${overdue > 0 ? 'overdue' : 'at_risk'}`;
  line(root, 'order-tip__no', translate(lang, 'map.cluster', { n: count }));
  line(root, 'order-tip__late', translate(lang, 'map.clusterSplit', { overdue, atRisk: count - overdue }));
  line(root, 'order-tip__where', translate(lang, 'map.clusterHint'));
  return root;
}
