import { lazy, StrictMode, Suspense, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@renderer/i18n/I18nProvider';
import '@renderer/styles/theme.css';
import '@renderer/styles/top-bar.css';
import '@renderer/styles/war-room.css';
import '@renderer/styles/map.css';
import '@renderer/styles/incidents.css';
import '@renderer/styles/diagnosis.css';
import '@renderer/styles/sync.css';

// Each view is its own chunk: the printed shift report (headless Chromium, `npm run report`) never
// parses the war room's map, base map and Leaflet, and the war room loads no more than before.
const App = lazy(() => import('@renderer/App').then((m) => ({ default: m.App })));
const ReportView = lazy(() => import('@renderer/report/ReportView').then((m) => ({ default: m.ReportView })));
const ReconciliationView = lazy(() => import('@renderer/promotions/ReconciliationView').then((m) => ({ default: m.ReconciliationView })));

// `?view=`: the printed shift report, the promotion reconciliation (issue 20); else the war room
const VIEWS = new Map<string, ReactElement>([
  ['report', <ReportView key="report" />],
  ['reconciliation', <ReconciliationView key="reconciliation" />],
]);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <Suspense fallback={null}>{VIEWS.get(new URLSearchParams(window.location.search).get('view') ?? '') ?? <App />}</Suspense>
    </I18nProvider>
  </StrictMode>,
);
