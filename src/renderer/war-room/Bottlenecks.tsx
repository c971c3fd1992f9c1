/** Stage bottlenecks: average dwell against budget, ranked, with the orders behind each figure. */
import { useCallback } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { stageName } from '@renderer/i18n/labels';
import { warRoomStore } from '@renderer/state/warRoomStore';
import { usePolled } from '@renderer/war-room/usePolled';

export function Bottlenecks() {
  const t = useT();
  const [lang] = useLang();
  const read = useCallback(() => getDeskApi().bottlenecks({}), []);
  const { data, error } = usePolled(read, 5000);
  if (error) return <div className="panel-error" role="alert">{t('banner.action', { error })}</div>;
  if (!data) return <div className="panel-empty">{t('cl.loading')}</div>;
  const rows = data.stages.filter((s) => s.inStage > 0).slice(0, 6);
  if (rows.length === 0) return <div className="panel-empty">{t('bn.empty')}</div>;
  const maxRatio = Math.max(...rows.map((r) => r.ratio ?? 0), 1);
  return (
    <ol className="bottlenecks" data-testid="bottlenecks">
      {rows.map((b) => (
        <li key={b.stage} className={`bottleneck${b.ratio !== null && b.ratio > 1 ? ' bottleneck--over' : ''}`} data-testid="bottleneck-row" data-stage={b.stage}>
          <div className="bottleneck__name">
            <b>
              {b.stage} {stageName(b.stage, lang)}
            </b>
            <span>{t('bn.inStage', { n: b.inStage })}</span>
          </div>
          <div className="bottleneck__bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, ((b.ratio ?? 0) / maxRatio) * 100)}%` }} />
            {b.budgetHours !== null && <i style={{ left: `${Math.min(100, (1 / maxRatio) * 100)}%` }} />}
          </div>
          <div className="bottleneck__figures">
            {t('bn.avg', { avg: b.avgDwellHours })} · {b.budgetHours !== null ? t('bn.budget', { budget: b.budgetHours }) : t('bn.noBudget')}
          </div>
          <div className="bottleneck__over">
            {t('bn.over', { n: b.overBudget })}
            {b.worstPlace && <span> · {t('bn.worst', { place: b.worstPlace, n: b.worstPlaceCount })}</span>}
          </div>
          <div className="bottleneck__orders">{b.orders.slice(0, 3).map((o) => `${o.orderNo} ${Math.round(o.dwellHours)}h`).join(' · ')}</div>
          {b.overBudget > 0 && (
            <button type="button" className="btn btn--small" onClick={() => warRoomStore.set({ pickedOrderIds: b.orderIds, pickedLabel: `stage:${b.stage}`, selectedIncidentId: null })}>
              {t('bn.show')}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
