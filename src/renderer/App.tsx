/**
 * The war room: counters and sync across the top, the map in the centre with its filters, the
 * incidents on the right, bottlenecks / crew load / plans below, the order diagnosis as a drawer.
 * `?wall=1` is the wall screen: read only, large type, panels cycling.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang } from '@renderer/i18n/I18nProvider';
import { startDeskSync } from '@renderer/state/deskSync';
import { commandStore } from '@renderer/state/commandStore';
import { startCommandSync } from '@renderer/state/commandSync';
import { deskStore } from '@renderer/state/appStore';
import { loadFilters } from '@renderer/state/mapFilters';
import { startWarRoomSync } from '@renderer/state/warRoomSync';
import { startCrewLoadSync } from '@renderer/state/crewLoadSync';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { TopBar } from '@renderer/war-room/TopBar';
import { Banners } from '@renderer/war-room/Banners';
import { IncidentPanel } from '@renderer/war-room/IncidentPanel';
import { IncidentToast } from '@renderer/war-room/IncidentToast';
import { AutoNotice } from '@renderer/war-room/AutoRuleToggle';
import { CommandNotices } from '@renderer/war-room/CommandNotices';
import { BottomPanel, type BottomTab } from '@renderer/war-room/BottomPanel';
import { DiagnosisDrawer } from '@renderer/war-room/DiagnosisDrawer';
import { KeyboardHelp } from '@renderer/war-room/KeyboardHelp';
import { MapToolbar } from '@renderer/war-room/MapToolbar';
import { installKeyboard } from '@renderer/war-room/keyboard';
import { isWallMode } from '@renderer/war-room/wallMode';
import { WarMap } from '@renderer/map/WarMap';
import { MapLegend } from '@renderer/map/MapLegend';

const WALL = isWallMode();
const WALL_TABS: BottomTab[] = ['bottlenecks', 'crewLoad'];

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function App() {
  const selectedId = useWarRoom((s) => s.selectedOrderId);
  const closeDrawer = useCallback(() => warRoomStore.set({ selectedOrderId: null }), []);
  const [help, setHelp] = useState(false);
  const helpRef = useRef(help);
  helpRef.current = help;
  const [wallTab, setWallTab] = useState(0);

  useEffect(() => {
    warRoomStore.set({ filters: loadFilters(localStore()) });
    const api = getDeskApi();
    const stopDesk = startDeskSync(api, deskStore);
    const stopWar = startWarRoomSync(api, warRoomStore);
    const stopCommands = startCommandSync(api, commandStore);
    const stopCrews = startCrewLoadSync(api, warRoomStore);
    return () => {
      stopDesk();
      stopWar();
      stopCommands();
      stopCrews();
    };
  }, []);
  const [lang, setLang] = useLang();
  const langRef = useRef(lang);
  langRef.current = lang;
  useEffect(() => {
    if (WALL) {
      document.documentElement.classList.add('wall');
      const timer = setInterval(() => setWallTab((i) => (i + 1) % WALL_TABS.length), 15_000);
      return () => clearInterval(timer);
    }
    const keys = installKeyboard({
      toggleHelp: () => setHelp((h) => !h),
      closeHelp: () => (helpRef.current ? (setHelp(false), true) : false),
    });
    // the Electron menu's items run the same actions as the page's shortcuts
    const offMenu = getDeskApi().subscribe((event) => {
      if (event.type !== 'menu') return;
      if (event.action === 'toggleLanguage') setLang(langRef.current === 'en' ? 'zh-CN' : 'en');
      else keys.run(event.action);
    });
    return () => {
      keys.uninstall();
      offMenu();
    };
  }, [setLang]);

  return (
    <div className={`war-room${WALL ? ' war-room--wall' : ''}`} data-testid="war-room" data-wall={WALL ? '1' : undefined}>
      <TopBar wall={WALL} />
      <Banners />
      <main className="war-room__body">
        <section className="war-room__map" aria-label="map">
          <WarMap readOnly={WALL} />
          {!WALL && <MapToolbar />}
          <MapLegend />
          {selectedId && !WALL && <DiagnosisDrawer orderId={selectedId} onClose={closeDrawer} />}
        </section>
        <BottomPanel tab={WALL ? WALL_TABS[wallTab] : undefined} />
        <IncidentPanel readOnly={WALL} />
      </main>
      {!WALL && <IncidentToast />}
      {!WALL && <AutoNotice />}
      {!WALL && <CommandNotices />}
      {help && <KeyboardHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
