/**
 * Step 4: one order: where it is now on the 12 stages (planned and actual dates), who to call (the
 * role's service line), when it will be done, the installation slot, the delivery tracking link,
 * and the date-change request.
 */
import type { TrackOrderDetail, TrackStage } from '@shared/track';
import { api } from '../api';
import { failureWords, type Ctx } from '../context';
import { h, show } from '../dom';
import { safeWebLink, telLink } from '../links';
import { forgetSession } from '../session';
import { dateWords, timeWords, type Lang, type Words } from '../text';
import { progressBar } from './bar';
import { retry } from './list';
import { requestPart } from './request';

export async function orderScreen(ctx: Ctx, orderNo: string): Promise<void> {
  const { t } = ctx;
  show(ctx.main, h('p', { class: 'loading', role: 'status' }, t.loading));
  const r = await api.order(orderNo);
  const back = h('a', { href: '#/orders', class: 'back' }, `‹ ${t.back}`);
  if (!r.ok) {
    if (r.kind === 'unauthorized') {
      forgetSession();
      return ctx.start(t.expired);
    }
    return show(ctx.main, back, h('h1', {}, `${t.orderNo} ${orderNo}`), h('p', { class: 'error notice', role: 'alert' }, failureWords(r, t)), r.kind === 'not_found' ? null : retry(ctx));
  }
  const o = r.data;
  const current = o.stages[o.current - 1];
  const name = current ? stageName(current, ctx.lang) : '';
  show(
    ctx.main,
    back,
    h('h1', {}, `${t.orderNo} ${o.orderNo}`),
    h('p', { class: 'product' }, `${o.productType} · ${o.district}`),
    h('section', { class: 'summary', 'aria-label': t.nowAt }, h('p', { class: 'now-big' }, t.progress(o.current, name)), progressBar(o.current, name, t), h('p', { class: 'expected' }, `${t.expected}：`, h('strong', {}, dateWords(o.expectedCompletion, ctx.lang)))),
    contactPart(o, t, ctx.lang),
    installationPart(o, t, ctx.lang),
    trackingPart(o, t),
    requestPart(o, ctx),
    stagesPart(o, t, ctx.lang),
  );
}

const stageName = (s: TrackStage, lang: Lang) => (lang === 'zh' ? s.zh : s.en);

function card(title: string, ...body: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

function contactPart(o: TrackOrderDetail, t: Words, lang: Lang): HTMLElement {
  const who = lang === 'zh' ? o.contact.zh : o.contact.en;
  const tel = telLink(o.contact.phone);
  return card(
    t.contact,
    h('p', {}, who),
    tel ? h('a', { href: tel, class: 'call', 'aria-label': `${t.call(who)} ${o.contact.phone}` }, `☎ ${o.contact.phone}`) : h('p', {}, o.contact.phone),
    h('p', { class: 'hint' }, `${t.hours}：${o.contact.hours}`),
  );
}

function installationPart(o: TrackOrderDetail, t: Words, lang: Lang): HTMLElement {
  const slot = o.installation;
  return card(t.installation, slot ? h('p', { class: 'slot' }, `${dateWords(slot.date, lang)}${slot.window ? ` ${slot.window}` : ''}`) : h('p', {}, t.notBooked));
}

function trackingPart(o: TrackOrderDetail, t: Words): HTMLElement {
  const tr = o.tracking;
  if (!tr) return card(t.tracking, h('p', {}, t.notShipped));
  const url = safeWebLink(tr.url);
  return card(
    t.tracking,
    h('p', {}, `${tr.carrier} · ${t.waybill} ${tr.waybill}`),
    url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'track-link' }, `${t.trackLink} ›`) : null,
  );
}

function stagesPart(o: TrackOrderDetail, t: Words, lang: Lang): HTMLElement {
  const stateWord = { done: t.stageDone, current: t.stageCurrent, next: t.stageNext } as const;
  return card(
    t.stagesTitle,
    h(
      'ol',
      { class: 'stages' },
      ...o.stages.map((s) =>
        h(
          'li',
          { class: `stage ${s.state}`, 'aria-current': s.state === 'current' ? 'step' : null, 'data-stage': s.no },
          h('span', { class: 'stage-name' }, `${s.no}. ${stageName(s, lang)}`),
          h('span', { class: 'stage-state' }, stateWord[s.state]),
          h('span', { class: 'stage-dates' }, s.planned ? `${t.planned} ${dateWords(s.planned, lang)}` : '', s.actual ? ` · ${t.actual} ${timeWords(s.actual, lang)}` : ''),
        ),
      ),
    ),
  );
}
