/** The hover card of an order dot, built with textContent (order data is never parsed as HTML). */
import type { MapOrder } from '@shared/contract';
import { reasonLabel, stageName } from '@renderer/i18n/labels';
import { translate, type Lang } from '@renderer/i18n/messages';

function line(parent: HTMLElement, className: string, text: string): void {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  parent.appendChild(el);
}

export function orderTooltip(order: MapOrder, lang: Lang): HTMLElement {
  const root = document.createElement('div');
  root.className = `order-tip order-tip--${order.status}`;
  line(root, 'order-tip__no', order.orderNo);
  line(root, 'order-tip__stage', stageName(order.stage, lang));
  line(root, 'order-tip__where', `${order.city} · ${order.district}`);
  if (order.hoursLate > 0) {
    const hours = translate(lang, 'order.hours', { n: Math.round(order.hoursLate) });
    const label = translate(lang, order.status === 'overdue' ? 'order.hoursLate' : 'order.hoursProjected');
    line(root, 'order-tip__late', `${label} ${hours}`);
  } else if (order.reason) {
    line(root, 'order-tip__late', reasonLabel(order.reason, lang));
  }
  return root;
}
