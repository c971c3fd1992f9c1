import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { Counters } from '@renderer/war-room/Counters';
import { OnDuty } from '@renderer/war-room/OnDuty';
import { OrderSearch } from '@renderer/war-room/OrderSearch';
import { ServerClock } from '@renderer/war-room/ServerClock';
import { SyncPanel } from '@renderer/war-room/SyncPanel';
import { TopBarLinks } from '@renderer/war-room/TopBarLinks';

export function TopBar({ wall = false }: { wall?: boolean }) {
  const t = useT();
  const [lang, setLang] = useLang();
  return (
    <header className={`top-bar${wall ? ' top-bar--wall' : ''}`}>
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
        {!wall && <TopBarLinks />}
        <button type="button" className="lang-toggle" title={t('lang.toggleTitle')} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-toggle">
          {t('lang.toggle')}
        </button>
      </div>
    </header>
  );
}
