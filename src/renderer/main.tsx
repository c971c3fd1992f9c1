import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@renderer/i18n/I18nProvider';
import { App } from '@renderer/App';
import { ReportView } from '@renderer/report/ReportView';
import '@renderer/styles/theme.css';
import '@renderer/styles/top-bar.css';
import '@renderer/styles/war-room.css';
import '@renderer/styles/map.css';
import '@renderer/styles/incidents.css';
import '@renderer/styles/diagnosis.css';
import '@renderer/styles/sync.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      {new URLSearchParams(window.location.search).get('view') === 'report' ? <ReportView /> : <App />}
    </I18nProvider>
  </StrictMode>,
);
