/** Below the map: contingency plans (placeholder until the plans issue lands), bottlenecks, crew load. */
import { useState } from 'react';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { Bottlenecks } from '@renderer/war-room/Bottlenecks';
import { CrewLoadHeatmap } from '@renderer/war-room/CrewLoadHeatmap';
import { PlansStrip } from '@renderer/war-room/PlansStrip';

export type BottomTab = 'plans' | 'bottlenecks' | 'crewLoad';
const TABS: { id: BottomTab; label: MessageKey }[] = [
  { id: 'bottlenecks', label: 'tab.bottlenecks' },
  { id: 'crewLoad', label: 'tab.crewLoad' },
  { id: 'plans', label: 'tab.plans' },
];

export function BottomPanel({ tab: forced }: { tab?: BottomTab }) {
  const t = useT();
  const [chosen, setTab] = useState<BottomTab>('bottlenecks');
  const tab = forced ?? chosen;
  return (
    <section className="bottom-panel" data-testid="bottom-panel">
      <div className="bottom-panel__tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={`tab${tab === x.id ? ' tab--on' : ''}`} onClick={() => setTab(x.id)} data-testid={`tab-${x.id}`}>
            {t(x.label)}
          </button>
        ))}
      </div>
      <div className="bottom-panel__body" role="tabpanel">
        {tab === 'plans' && <PlansStrip />}
        {tab === 'bottlenecks' && <Bottlenecks />}
        {tab === 'crewLoad' && <CrewLoadHeatmap />}
      </div>
    </section>
  );
}
