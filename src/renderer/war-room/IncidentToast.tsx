/** A new incident appears with a toast (announced to screen readers) and, if switched on, a short tone. */
import { useEffect, useState } from 'react';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { incidentTitle } from '@renderer/i18n/labels';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { selectIncident } from '@renderer/war-room/IncidentPanel';

const SOUND_KEY = 'dutydesk.toastSound';

function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.18);
    osc.onended = () => void ctx.close();
  } catch {
    // no audio device: the toast is enough
  }
}

export function IncidentToast() {
  const t = useT();
  const [lang] = useLang();
  const toast = useWarRoom((s) => s.toast);
  const line = useWarRoom((s) => (s.toast ? s.board?.incidents.find((i) => i.id === s.toast!.incidentId) : undefined));
  const [sound, setSound] = useState(() => {
    try {
      return window.localStorage.getItem(SOUND_KEY) === '1';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    if (!toast) return;
    if (sound) beep();
    const timer = setTimeout(() => warRoomStore.set({ toast: null }), 12_000);
    return () => clearTimeout(timer);
  }, [toast, sound]);
  const toggleSound = () => {
    setSound(!sound);
    try {
      window.localStorage.setItem(SOUND_KEY, sound ? '0' : '1');
    } catch {
      // storage disabled
    }
  };
  return (
    <div className="toast-area" role="status" aria-live="polite">
      {toast && (
        <div className="toast" data-testid="incident-toast" key={toast.id}>
          <div className="toast__head">{t('toast.new')}</div>
          <div className="toast__title">
            {line ? incidentTitle(line, lang) : toast.title} · {t('inc.count', { n: line?.count ?? toast.count })}
          </div>
          {toast.more > 0 && <div className="toast__more">{t('toast.more', { n: toast.more })}</div>}
          <div className="toast__actions">
            <button type="button" className="btn btn--small" onClick={() => (selectIncident(toast.incidentId), warRoomStore.set({ toast: null }))}>
              {t('toast.view')}
            </button>
            <label className="toast__sound">
              <input type="checkbox" checked={sound} onChange={toggleSound} /> {t('toast.sound')}
            </label>
            <button type="button" className="toast__close" aria-label={t('toast.close')} onClick={() => warRoomStore.set({ toast: null })}>
              ✕
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
