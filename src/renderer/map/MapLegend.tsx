/** Legend and the at-risk toggle, floating over the map. */
import { useT, useLang } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import '@renderer/styles/plans.css';
import { formatCount } from '@renderer/war-room/syncFigures';

export function MapLegend() {
  const t = useT();
  const [lang] = useLang();
  const counters = useWarRoom((s) => s.counters);
  const showAtRisk = useWarRoom((s) => s.filters.showAtRisk);
  const asOf = useWarRoom((s) => s.asOf);
  const crews = useWarRoom((s) => s.filters.crews);
  const preview = useWarRoom((s) => s.planPreview !== null);
  // order moves (issue 14) are markers at the order, not lines: the legend names them when shown
  const orderMarks = useWarRoom((s) => s.planPreview?.lines.some((l) => l.mark === 'shipment' || l.mark === 'production') ?? false);
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
      {crews && (
        <div className="map-legend__crews" data-testid="crew-legend">
          <div className="map-legend__row"><span className="dot dot--crew-free" /><span>{t('map.legend.crewFree')}</span></div>
          <div className="map-legend__row"><span className="dot dot--crew-full" /><span>{t('map.legend.crewFull')}</span></div>
          <div className="map-legend__row"><span className="dot dot--crew-off" /><span>{t('map.legend.crewOff')}</span></div>
        </div>
      )}
      {preview && (
        <div className="map-legend__row" data-testid="plan-legend"><span className="dash dash--plan" /><span>{t('map.legend.plan')}</span></div>
      )}
      {orderMarks && (
        <div className="map-legend__row" data-testid="plan-legend-orders"><span className="dot dot--plan-shipment" /><span className="dot dot--plan-production" /><span>{t('map.legend.planOrder')}</span></div>
      )}
      <div className="map-legend__asof">{asOf ? t('map.asOf', { time: formatDateTime(asOf, lang) }) : t('map.loading')}</div>
      <div className="map-legend__asof">{t('filter.hint')}</div>
    </div>
  );
}
