/** The one-paragraph summary of an order for a customer call, in the page's language (pure). */
import type { Diagnosis } from '@shared/war-room';
import { causeLabel, reasonLabel, stageName } from '@renderer/i18n/labels';
import { DICTIONARIES, translate, type Lang } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';

export function templateLabel(template: string, lang: Lang): string {
  return (DICTIONARIES[lang] as Record<string, string>)[`tpl.${template}`] ?? template;
}

/**
 * A text's delivery status in words (`sending`: being handed to the SMS gateway, whose answer is
 * not recorded yet); a status this desk does not know is shown as the server sent it.
 */
export function textStatusLabel(status: string, lang: Lang): string {
  return (DICTIONARIES[lang] as Record<string, string>)[`textStatus.${status}`] ?? status;
}

export function orderSummary(d: Diagnosis, lang: Lang): string {
  const o = d.order;
  const now = Date.parse(d.asOf);
  const join = (xs: string[]) => xs.join(lang === 'en' ? ', ' : '、');
  const parts = [
    translate(lang, 'sum.base', {
      no: o.orderNo, customer: o.customer, city: o.city, district: o.district, stage: o.stage, stageName: stageName(o.stage, lang),
      dwell: Math.round((now - Date.parse(o.stageEnteredAt)) / 3600_000),
    }),
  ];
  if (o.status === 'overdue') {
    const hours = o.lateSince ? Math.round((now - Date.parse(o.lateSince)) / 3600_000) : 0;
    parts.push(translate(lang, 'sum.late', { hours, causes: o.causes.length ? join(o.causes.map((c) => causeLabel(c, lang))) : translate(lang, 'sum.noCause') }));
  } else if (o.status === 'at_risk') parts.push(translate(lang, 'sum.atRisk', { reason: o.reason ? reasonLabel(o.reason, lang) : '' }));
  else parts.push(translate(lang, 'sum.onTrack'));
  parts.push(translate(lang, 'sum.promise', { promised: o.promisedDate, projected: o.projectedFinish ? formatDateTime(o.projectedFinish, lang) : '—' }));
  if (d.notifications.length) parts.push(translate(lang, 'sum.notified', { list: join(d.notifications.map((n) => templateLabel(n.template, lang))) }));
  return parts.join(lang === 'en' ? ' ' : '');
}
