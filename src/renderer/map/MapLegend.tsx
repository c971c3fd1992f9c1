/** Legend and the at-risk toggle, floating over the map. */
import { useT, useLang } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';
import { formatCount } from '@renderer/war-room/syncFigures';

interface Props {
  showAtRisk: boolean;
  onShowAtRisk: (show: boolean) => void;
}

export function MapLegend({ showAtRisk, onShowAtRisk }: Props) {
  const t = useT();
  const [lang] = useLang();
  const overdue = useDeskState((s) => s.overview?.overdue.length ?? null);
  const atRisk = useDeskState((s) => s.overview?.atRisk.length ?? null);
  const asOf = useDeskState((s) => s.overview?.asOf ?? null);
  return (
    <div className="map-legend">
      <div className="map-legend__row">
        <span className="dot dot--overdue" />
        <span>{t('map.legend.overdue')}</span>
        <span className="map-legend__n">{overdue === null ? '—' : formatCount(overdue)}</span>
      </div>
      <label className="map-legend__row map-legend__toggle" title={t('map.legend.showAtRisk')}>
        <input type="checkbox" checked={showAtRisk} onChange={(e) => onShowAtRisk(e.target.checked)} data-testid="toggle-at-risk" />
        <span className="dot dot--at-risk" />
        <span>{t('map.legend.atRisk')}</span>
        <span className="map-legend__n">{atRisk === null ? '—' : formatCount(atRisk)}</span>
      </label>
      <div className="map-legend__asof">{asOf ? t('map.asOf', { time: formatDateTime(asOf, lang) }) : t('map.loading')}</div>
    </div>
  );
}
