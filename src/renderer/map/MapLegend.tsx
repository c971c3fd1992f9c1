/** Legend and the at-risk toggle, floating over the map. */
import { useT, useLang } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { formatCount } from '@renderer/war-room/syncFigures';

export function MapLegend() {
  const t = useT();
  const [lang] = useLang();
  const counters = useWarRoom((s) => s.counters);
  const showAtRisk = useWarRoom((s) => s.filters.showAtRisk);
  const asOf = useWarRoom((s) => s.asOf);
  return (
    <div className="map-legend">
      <div className="map-legend__row">
        <span className="dot dot--overdue" />
        <span>{t('map.legend.overdue')}</span>
        <span className="map-legend__n">{counters ? formatCount(counters.overdue) : '—'}</span>
      </div>
      <label className="map-legend__row map-legend__toggle" title={t('map.legend.showAtRisk')}>
        <input type="checkbox" checked={showAtRisk} onChange={(e) => warRoomStore.set({ filters: { ...warRoomStore.get().filters, showAtRisk: e.target.checked } })} data-testid="toggle-at-risk" />
        <span className="dot dot--at-risk" />
        <span>{t('map.legend.atRisk')}</span>
        <span className="map-legend__n">{counters ? formatCount(counters.atRisk) : '—'}</span>
      </label>
      <div className="map-legend__asof">{asOf ? t('map.asOf', { time: formatDateTime(asOf, lang) }) : t('map.loading')}</div>
      <div className="map-legend__asof">{t('filter.hint')}</div>
    </div>
  );
}
