/// <reference lib="dom" />
/**
 * What runs inside Chromium for the war-room browser benchmarks (serialized by Playwright, so
 * every function here is self-contained): a desk API stand-in installed as `window.dutydesk` (the
 * preload's place) that serves 20,000 late orders and pushes map deltas on request, and the naive
 * baseline: the same orders as Leaflet DOM markers (divIcon), the changed one's icon replaced.
 */

/** Installed with page.addInitScript before the built renderer loads. */
export function installFakeDesk(n: number): void {
  type Listener = (event: unknown) => void;
  const listeners = new Set<Listener>();
  const now = new Date('2026-02-02T10:00:00+08:00');
  const iso = now.toISOString();
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const point = (i: number, status: 'overdue' | 'at_risk') => ({
    id: `o${i}`, orderNo: `DD2026${String(i).padStart(8, '0')}`, stage: 1 + (i % 11), status, reason: 'stage_budget',
    lateSince: status === 'overdue' ? iso : null, promisedDate: '2026-02-01', city: '上海市', district: '浦东新区',
    lat: 29.2 + rnd() * 3.4, lng: 118.6 + rnd() * 3.4, channel: 'tmall', productType: 'wardrobe', causes: i % 5 === 0 ? ['machine_fault'] : [],
    crewId: null, carrier: null, workstation: null,
  });
  const points = Array.from({ length: n }, (_, i) => point(i, i % 3 === 0 ? 'at_risk' : 'overdue'));
  const counters = { inFlight: n * 3, overdue: Math.ceil((n * 2) / 3), atRisk: Math.floor(n / 3), doneToday: 0, doneOnTimeToday: 0, onTimeRate: null };
  let version = 1;
  const bench = { points, snapshotResolvedAt: 0, pushedAt: 0 };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  const status = { connected: true, state: 'live', checkpoint: 1, head: 1, pendingCommands: 0, lastError: null, serverUrl: 'bench', serverId: 'bench', role: 'supervisor', supervisor: 'bench', shift: null, dataAsOf: iso, serverNow: iso, clockRate: 1, syncProgress: null, demo: false };
  // the snapshot is held until the bench releases it, once the page (base map included) has painted,
  // so that the figure is "data in hand → points drawn", not the page's start-up
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  (window as unknown as { __releaseSnapshot: () => void }).__releaseSnapshot = () => release();
  const answers: Record<string, () => unknown> = {
    status: () => status,
    mapView: () =>
      released.then(() => {
        bench.snapshotResolvedAt = performance.now();
        return { version, asOf: iso, counters, points };
      }),
    incidentBoard: () => ({ version: 1, asOf: iso, incidents: [], unattributed: 0, threshold: 5 }),
    incidents: () => ({ incidents: [] }),
    commands: () => ({ commands: [] }),
    bottlenecks: () => ({ asOf: iso, stages: [] }),
    crewLoad: () => ({ dates: [], crews: [] }),
    findOrders: () => ({ matches: [] }),
  };
  const api: Record<string, unknown> = {
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  for (const m of ['status', 'digest', 'commands', 'verify', 'tagCause', 'addNote', 'reassignJobs', 'incidents', 'incidentBoard', 'setIncidentState', 'mapView', 'bottlenecks', 'crewLoad', 'findOrders', 'diagnoseOrder']) {
    api[m] = () => {
      const answer = answers[m];
      return answer ? Promise.resolve(answer()) : Promise.reject(new Error(`bench: ${m} not served`));
    };
  }
  /** One order changes status (overdue ↔ at risk): a one-point delta, as the back end pushes it. */
  (window as unknown as { __push: (i: number) => void }).__push = (i: number) => {
    const p = points[i]!;
    const next = { ...p, status: p.status === 'overdue' ? 'at_risk' : 'overdue' };
    points[i] = next as typeof p;
    const delta = { from: version, to: version + 1, asOf: iso, counters, upserts: [next], removed: [], resync: false };
    version++;
    bench.pushedAt = performance.now();
    for (const l of listeners) l({ type: 'mapDelta', delta });
  };
  // any other method of the contract (the desk grows: plans, requests, reconciliation …) refuses as
  // a desk without it would, instead of being undefined and crashing the page the bench measures
  (window as unknown as { dutydesk: unknown }).dutydesk = new Proxy(api, {
    get: (target, key) => (key in target || typeof key !== 'string' ? target[key as string] : () => Promise.reject(new Error(`bench: ${key} not served`))),
  });
}

/** The naive baseline, in a blank page with Leaflet loaded: 20,000 DOM markers. Returns ms to the next painted frame. */
export async function naiveFirstPaint(n: number): Promise<number> {
  const L = (window as unknown as { L: typeof import('leaflet') }).L;
  document.body.style.margin = '0';
  const el = document.createElement('div');
  el.style.cssText = 'width:100vw;height:100vh';
  document.body.appendChild(el);
  const map = L.map(el, { zoomControl: false }).fitBounds([[29.2, 118.6], [32.6, 122]]);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const data = Array.from({ length: n }, (_, i) => ({ lat: 29.2 + rnd() * 3.4, lng: 118.6 + rnd() * 3.4, overdue: i % 3 !== 0 }));
  const icon = (overdue: boolean) => L.divIcon({ className: overdue ? 'dot-overdue' : 'dot-risk', iconSize: [8, 8], html: '' });
  const style = document.createElement('style');
  style.textContent = '.dot-overdue{background:#ff4d4f;border-radius:50%}.dot-risk{background:#f5a623;border-radius:50%}';
  document.head.appendChild(style);
  const layer = L.layerGroup().addTo(map);
  const frame = () => new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  const t0 = performance.now();
  const markers = data.map((d) => L.marker([d.lat, d.lng], { icon: icon(d.overdue) }).addTo(layer));
  const t1 = await frame();
  const w = window as unknown as { __naive: { data: typeof data; markers: typeof markers; icon: typeof icon; frame: () => Promise<number> } };
  w.__naive = { data, markers, icon, frame };
  return t1 - t0;
}

/** The naive update: the changed order's DOM marker gets its new icon (Leaflet setIcon), then the frame is painted. */
export async function naiveUpdate(i: number): Promise<number> {
  type Naive = { data: { overdue: boolean }[]; markers: import('leaflet').Marker[]; icon: (o: boolean) => import('leaflet').DivIcon; frame: () => Promise<number> };
  const naive = (window as unknown as { __naive: Naive }).__naive;
  const t0 = performance.now();
  const d = naive.data[i]!;
  d.overdue = !d.overdue;
  naive.markers[i]!.setIcon(naive.icon(d.overdue));
  return (await naive.frame()) - t0;
}
