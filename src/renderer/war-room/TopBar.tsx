import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { Counters } from '@renderer/war-room/Counters';
import { OnDuty } from '@renderer/war-room/OnDuty';
import { OrderSearch } from '@renderer/war-room/OrderSearch';
import { ServerClock } from '@renderer/war-room/ServerClock';
import { SyncPanel } from '@renderer/war-room/SyncPanel';

export function TopBar({ wall = false }: { wall?: boolean }) {
  const t = useT();
  const [lang, setLang] = useLang();
  return (
    <header className="top-bar">
      <div className="top-bar__title">
        <h1>{t('app.title')}</h1>
        <div className="top-bar__subtitle">{t('app.subtitle')}</div>
      </div>
      {!wall && <OrderSearch />}
      {wall && <span className="badge badge--wall" data-testid="wall-badge">{t('wall.badge')}</span>}
      <Counters />
      <div className="top-bar__right">
        {!wall && <OnDuty />}
        <ServerClock />
        <SyncPanel wall={wall} />
        {!wall && (
          <a className="lang-toggle" href="./?view=report" title={t('topbar.reportTitle')} data-testid="open-report">
            {t('topbar.report')}
          </a>
        )}
        {!wall && (
          <a className="lang-toggle" href="./?view=reconciliation" title={t('topbar.reconTitle')} data-testid="open-recon">
            {t('topbar.recon')}
          </a>
        )}
        <button type="button" className="lang-toggle" title={t('lang.toggleTitle')} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-toggle">
          {t('lang.toggle')}
        </button>
      </div>
    </header>
  );
}
