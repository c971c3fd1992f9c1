/** Below the map: contingency plans, bottlenecks, crew load, audit trail, customers' requests. Picking an incident opens its plans. */
import { useEffect, useState } from 'react';
import { useWarRoom } from '@renderer/state/warRoomStore';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { AuditTimeline } from '@renderer/war-room/AuditTimeline';
import { Bottlenecks } from '@renderer/war-room/Bottlenecks';
import { CrewLoadHeatmap } from '@renderer/war-room/CrewLoadHeatmap';
import { PlansStrip } from '@renderer/war-room/PlansStrip';
import { CustomerRequests, RequestsTabLabel } from '@renderer/war-room/CustomerRequests';

export type BottomTab = 'plans' | 'bottlenecks' | 'crewLoad' | 'audit' | 'requests';
const TABS: { id: BottomTab; label: MessageKey }[] = [
  { id: 'plans', label: 'tab.plans' },
  { id: 'bottlenecks', label: 'tab.bottlenecks' },
  { id: 'crewLoad', label: 'tab.crewLoad' },
  { id: 'audit', label: 'tab.audit' },
  { id: 'requests', label: 'tab.requests' },
];

export function BottomPanel({ tab: forced }: { tab?: BottomTab }) {
  const t = useT();
  const [chosen, setTab] = useState<BottomTab>('bottlenecks');
  const tab = forced ?? chosen;
  const incidentId = useWarRoom((s) => s.selectedIncidentId);
  useEffect(() => {
    if (incidentId) setTab('plans');
  }, [incidentId]);
  return (
    <section className="bottom-panel" data-testid="bottom-panel">
      <div className="bottom-panel__tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={`tab${tab === x.id ? ' tab--on' : ''}`} onClick={() => setTab(x.id)} data-testid={`tab-${x.id}`}>
            {x.id === 'requests' ? <RequestsTabLabel /> : t(x.label)}
          </button>
        ))}
      </div>
      <div className="bottom-panel__body" role="tabpanel">
        {tab === 'plans' && <PlansStrip />}
        {tab === 'bottlenecks' && <Bottlenecks />}
        {tab === 'crewLoad' && <CrewLoadHeatmap />}
        {tab === 'audit' && <AuditTimeline />}
        {tab === 'requests' && <CustomerRequests />}
      </div>
    </section>
  );
}
