/** The order server's clock in Asia/Shanghai, run forward between status reads. */
import { useEffect, useState } from 'react';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { estimateServerNow, formatClock, formatDate } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';

export function ServerClock() {
  const t = useT();
  const [lang] = useLang();
  const serverNow = useDeskState((s) => s.status?.serverNow ?? null);
  const clockRate = useDeskState((s) => s.status?.clockRate ?? 1);
  const receivedAt = useDeskState((s) => s.statusReceivedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const at = serverNow ? estimateServerNow(serverNow, receivedAt, now, clockRate) : null;
  return (
    <div className="server-clock" data-testid="server-clock" title={serverNow ?? undefined}>
      <div className="server-clock__label">
        {t('clock.label')}
        {at !== null && <span className="server-clock__date">{formatDate(at, lang)}</span>}
        {at !== null && clockRate !== 1 && <span className="server-clock__rate">×{clockRate}</span>}
      </div>
      <div className={`server-clock__time${at === null ? ' server-clock__time--unknown' : ''}`} title={at === null ? t('clock.unknown') : undefined}>
        {at === null ? '--:--:--' : formatClock(at, lang)}
      </div>
    </div>
  );
}
