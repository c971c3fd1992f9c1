/** Step 3: every order of the session's phone, each linking to its page by orderNo. */
import type { TrackOrderList } from '@shared/track';
import { api } from '../api';
import { failureWords, type Ctx } from '../context';
import { h, show } from '../dom';
import { forgetSession } from '../session';
import { dateWords } from '../text';
import { progressBar } from './bar';

export async function listScreen(ctx: Ctx): Promise<void> {
  const { t } = ctx;
  show(ctx.main, h('p', { class: 'loading', role: 'status' }, t.loading));
  const r = await api.orders();
  if (!r.ok) {
    if (r.kind === 'unauthorized') {
      forgetSession();
      return ctx.start(t.expired);
    }
    return show(ctx.main, h('h1', {}, t.myOrders), h('p', { class: 'error notice', role: 'alert' }, failureWords(r, t)), retry(ctx));
  }
  show(ctx.main, h('h1', {}, t.myOrders), orderList(r.data, ctx));
}

function orderList(list: TrackOrderList, ctx: Ctx): HTMLElement {
  const { t, lang } = ctx;
  if (list.orders.length === 0) return h('p', { class: 'notice' }, t.noOrders);
  return h(
    'ul',
    { class: 'orders' },
    ...list.orders.map((o) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: `#/orders/${encodeURIComponent(o.orderNo)}`, class: 'card', 'data-order-no': o.orderNo },
          h('span', { class: 'order-no' }, `${t.orderNo} ${o.orderNo}`),
          h('span', { class: 'product' }, o.productType),
          h('span', { class: 'now' }, `${t.nowAt}：${o.stageName}`),
          progressBar(o.stage, o.stageName, t),
          h('span', { class: 'expected' }, `${t.expected}：${dateWords(o.expectedCompletion, lang)}`),
        ),
      ),
    ),
  );
}

export function retry(ctx: Ctx): HTMLElement {
  return h('button', { type: 'button', class: 'secondary', onclick: () => ctx.go(location.hash || '#/orders') }, ctx.t.retry);
}
