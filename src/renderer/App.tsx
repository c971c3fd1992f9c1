/** The war room: top bar, banners, map with plans strip below, causes on the right. */
import { useCallback, useEffect, useState } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { startDeskSync } from '@renderer/state/deskSync';
import { deskStore } from '@renderer/state/appStore';
import { TopBar } from '@renderer/war-room/TopBar';
import { Banners } from '@renderer/war-room/Banners';
import { CausePanel } from '@renderer/war-room/CausePanel';
import { PlansStrip } from '@renderer/war-room/PlansStrip';
import { OrderDrawer } from '@renderer/war-room/OrderDrawer';
import { WarMap } from '@renderer/map/WarMap';
import { MapLegend } from '@renderer/map/MapLegend';

export function App() {
  const [showAtRisk, setShowAtRisk] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelectedId(null), []);

  useEffect(() => startDeskSync(getDeskApi(), deskStore), []);

  return (
    <div className="war-room">
      <TopBar />
      <Banners />
      <main className="war-room__body">
        <section className="war-room__map">
          <WarMap showAtRisk={showAtRisk} selectedId={selectedId} onSelect={setSelectedId} />
          <MapLegend showAtRisk={showAtRisk} onShowAtRisk={setShowAtRisk} />
          {selectedId && <OrderDrawer orderId={selectedId} onClose={closeDrawer} />}
        </section>
        <PlansStrip />
        <CausePanel onPick={setSelectedId} />
      </main>
    </div>
  );
}
