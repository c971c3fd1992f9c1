/** The order diagnosis: 12-stage timeline planned vs actual, causes, who is responsible, notes, texts, summary. */
import { useEffect, useState, type ReactNode } from 'react';
import type { Diagnosis } from '@shared/war-room';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel, reasonLabel, stageName } from '@renderer/i18n/labels';
import type { MessageKey } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';
import { useCommands } from '@renderer/state/commandStore';
import { useWarRoom } from '@renderer/state/warRoomStore';
import { DrawerActions } from '@renderer/war-room/DrawerActions';
import { RevealPhone } from '@renderer/war-room/RevealPhone';
import { orderSummary, templateLabel, textStatusLabel } from '@renderer/war-room/summary';

interface Props {
  orderId: string;
  onClose: () => void;
}

export function DiagnosisDrawer({ orderId, onClose }: Props) {
  const t = useT();
  const [lang] = useLang();
  const [diag, setDiag] = useState<Diagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  // re-read when the map moves (the order may have changed), at most as often as the map changes
  const mapVersion = useWarRoom((s) => s.mapVersion);
  // and when a command on this order was applied and the replica holds its version (the server's truth)
  const checkpoint = useDeskState((s) => s.status?.checkpoint ?? 0);
  const appliedSeen = useCommands((s) => {
    let v = 0;
    for (const c of s.commands) if (c.state === 'applied' && c.version !== null && c.version <= checkpoint && c.orderIds.includes(orderId)) v = Math.max(v, c.version);
    return v;
  });

  useEffect(() => {
    let live = true;
    getDeskApi()
      .diagnoseOrder({ orderId })
      .then((d) => live && (setDiag(d), setError(null)))
      .catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [orderId, mapVersion, appliedSeen]);
  useEffect(() => setCopied(null), [orderId]);

  const o = diag?.order.id === orderId ? diag.order : null;
  const summary = diag && o ? orderSummary(diag, lang) : '';
  const copy = () =>
    navigator.clipboard.writeText(summary).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );

  return (
    <aside className={`order-drawer order-drawer--${o?.status ?? 'on_track'}`} data-testid="order-drawer" aria-label={t('diag.title')}>
      <div className="order-drawer__head">
        <div>
          <div className="order-drawer__label">{t('diag.title')}</div>
          <div className="order-drawer__no" data-testid="diag-order-no">{o?.orderNo ?? '…'}</div>
        </div>
        <button type="button" className="order-drawer__close" onClick={onClose} aria-label={t('order.close')} title={t('order.close')}>
          ✕
        </button>
      </div>
      {error && <div className="order-drawer__error" role="alert">{t('diag.error', { error })}</div>}
      {!o && !error && <div className="order-drawer__gone">{t('diag.loading')}</div>}
      {o && diag && (
        <div className="diag">
          <dl className="order-drawer__fields">
            <Field k={t('order.status')} v={`${t(o.status === 'overdue' ? 'order.status.overdue' : o.status === 'at_risk' ? 'order.status.at_risk' : 'sum.onTrack')}${o.reason ? ` · ${reasonLabel(o.reason, lang)}` : ''}`} />
            <Field
              k={t('diag.customer')}
              v={
                <>
                  {o.customer} <RevealPhone orderId={o.id} masked={o.phoneMasked} /> · {o.city}
                  {o.district}
                </>
              }
            />
            <Field k={t('order.promised')} v={`${o.promisedDate} · ${t('diag.projected')} ${o.projectedFinish ? formatDateTime(o.projectedFinish, lang) : '—'}`} />
            {o.workstation && <Field k={t('diag.workstation')} v={o.workstation} />}
            {o.carrier && <Field k={t('diag.carrier')} v={`${o.carrier}${o.waybill ? ` · ${o.waybill}` : ''}`} />}
            {o.crew && <Field k={t('diag.crew')} v={`${o.crew}${o.bookedSlot ? ` · ${o.bookedSlot}` : ''}`} />}
            <Field k={t('diag.causes')} v={o.causes.length ? o.causes.map((c) => causeLabel(c, lang)).join(' · ') : t('order.noCauses')} testId="diag-causes" />
            {diag.incidents.length > 0 && <Field k={t('diag.incidents')} v={diag.incidents.map((i) => i.title).join(' · ')} />}
          </dl>
          <DrawerActions orderId={o.id} orderNo={o.orderNo} finished={o.stage >= 12} />
          <h3 className="diag__h">{t('diag.timeline')}</h3>
          <ol className="timeline" data-testid="diag-timeline">
            {diag.timeline.map((s) => (
              <li key={s.stage} className={`timeline__stage${s.late ? ' timeline__stage--late' : ''}${s.current ? ' timeline__stage--current' : ''}${s.actualAt ? '' : ' timeline__stage--future'}`} data-testid="timeline-stage" data-late={s.late ? 'true' : 'false'}>
                <span className="timeline__no">{s.stage}</span>
                <span className="timeline__body">
                  <span className="timeline__name">
                    {stageName(s.stage, lang)}
                    <span className="timeline__who">
                      {t(`role.${s.role}` as MessageKey)}
                      {s.who ? ` · ${s.who}` : ''}
                    </span>
                  </span>
                  <span className="timeline__times">
                    {t('diag.planned')} {s.plannedAt ? formatDateTime(s.plannedAt, lang) : '—'} · {t('diag.actual')} {s.actualAt ? formatDateTime(s.actualAt, lang) : '—'}
                  </span>
                  {s.dwellHours !== null && (
                    <span className="timeline__dwell">{s.budgetHours !== null ? t('diag.dwell', { h: s.dwellHours, b: s.budgetHours }) : t('diag.dwellNoBudget', { h: s.dwellHours })}</span>
                  )}
                </span>
              </li>
            ))}
          </ol>
          <h3 className="diag__h">{t('diag.notes')}</h3>
          {diag.notes.length === 0 && diag.causeEvents.length === 0 ? (
            <p className="diag__muted">{t('diag.noNotes')}</p>
          ) : (
            <ul className="diag__list">
              {diag.causeEvents.map((c, i) => (
                <li key={`c${i}`}>
                  {formatDateTime(c.at, lang)} · {c.actor} · {causeLabel(c.cause, lang)}
                  {c.note ? ` — ${c.note}` : ''}
                </li>
              ))}
              {diag.notes.map((n, i) => (
                <li key={`n${i}`}>
                  {formatDateTime(n.at, lang)} · {n.actor} — {n.text}
                </li>
              ))}
            </ul>
          )}
          <h3 className="diag__h">{t('diag.notifications')}</h3>
          {diag.notifications.length === 0 ? (
            <p className="diag__muted">{t('diag.noNotifications')}</p>
          ) : (
            <ul className="diag__list">
              {diag.notifications.map((n, i) => (
                <li key={i}>
                  {formatDateTime(n.at, lang)} · {templateLabel(n.template, lang)} · {textStatusLabel(n.status, lang)}
                </li>
              ))}
            </ul>
          )}
          <h3 className="diag__h">{t('diag.summary')}</h3>
          <p className="diag__summary" data-testid="diag-summary">{summary}</p>
          <button type="button" className="btn" onClick={() => void copy()} data-testid="diag-copy">
            {copied === 'ok' ? t('diag.copied') : t('diag.copy')}
          </button>
          {copied === 'failed' && <p className="order-drawer__error" role="alert">{t('diag.copyFailed')}</p>}
        </div>
      )}
    </aside>
  );
}

function Field({ k, v, testId }: { k: string; v: ReactNode; testId?: string }) {
  return (
    <div className="order-drawer__field" data-testid={testId}>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );
}
