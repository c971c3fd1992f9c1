/** Side drawer with what the map knows of one order (MapOrder). */
import { useEffect, useMemo, useRef } from 'react';
import type { MapOrder, Overview } from '@shared/contract';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel, reasonLabel, stageName } from '@renderer/i18n/labels';
import { formatPromised } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';

interface Props {
  orderId: string;
  onClose: () => void;
}

function findOrder(overview: Overview | null, id: string): MapOrder | null {
  if (!overview) return null;
  return overview.overdue.find((o) => o.id === id) ?? overview.atRisk.find((o) => o.id === id) ?? null;
}

export function OrderDrawer({ orderId, onClose }: Props) {
  const t = useT();
  const [lang] = useLang();
  const overview = useDeskState((s) => s.overview);
  const current = useMemo(() => findOrder(overview, orderId), [overview, orderId]);
  // keep showing the last known fields if the order leaves the lists
  const lastKnown = useRef<MapOrder | null>(null);
  if (current) lastKnown.current = current;
  else if (lastKnown.current?.id !== orderId) lastKnown.current = null;
  const order = current ?? lastKnown.current;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  if (!order) return null;
  const rows: [string, string][] = [
    [t('order.status'), t(order.status === 'overdue' ? 'order.status.overdue' : 'order.status.at_risk')],
    [t('order.stage'), `${order.stage} · ${stageName(order.stage, lang)}`],
    [t('order.where'), `${order.city} · ${order.district}`],
    [t('order.promised'), formatPromised(order.promisedDate, lang)],
  ];
  if (order.hoursLate > 0) rows.push([t(order.status === 'overdue' ? 'order.hoursLate' : 'order.hoursProjected'), t('order.hours', { n: order.hoursLate.toFixed(1) })]);
  if (order.reason) rows.push([t('order.reason'), reasonLabel(order.reason, lang)]);
  rows.push(
    [t('order.causes'), order.causes.length ? order.causes.map((c) => causeLabel(c, lang)).join(lang === 'en' ? ', ' : '、') : t('order.noCauses')],
    [t('order.coords'), `${order.lat.toFixed(4)}, ${order.lng.toFixed(4)}`],
  );

  return (
    <aside className={`order-drawer order-drawer--${order.status}`} data-testid="order-drawer">
      <div className="order-drawer__head">
        <div>
          <div className="order-drawer__label">{t('order.no')}</div>
          <div className="order-drawer__no">{order.orderNo}</div>
        </div>
        <button type="button" className="order-drawer__close" onClick={onClose} aria-label={t('order.close')} title={t('order.close')}>
          ✕
        </button>
      </div>
      {!current && <div className="order-drawer__gone">{t('order.gone')}</div>}
      <dl className="order-drawer__fields">
        {rows.map(([k, v]) => (
          <div key={k} className="order-drawer__field">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
