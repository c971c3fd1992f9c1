/** Who is on duty and which shift it is, as the server names this desk's token (issue 7, item 1). */
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatClock } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';

export function OnDuty() {
  const t = useT();
  const [lang] = useLang();
  const supervisor = useDeskState((s) => s.status?.supervisor ?? null);
  const shift = useDeskState((s) => s.status?.shift ?? null);
  if (!supervisor && !shift) return null;
  const span = shift ? `${formatClock(shift.start, lang).slice(0, 5)}–${formatClock(shift.end, lang).slice(0, 5)}` : '';
  return (
    <div className="on-duty" data-testid="on-duty" title={t('duty.title')}>
      <span className="on-duty__label">{t('duty.label')}</span>
      <b data-testid="on-duty-name">{supervisor ?? '—'}</b>
      {shift && (
        <span className="on-duty__shift" data-testid="on-duty-shift">
          {lang === 'en' ? shift.en : shift.zh} {span}
        </span>
      )}
    </div>
  );
}
