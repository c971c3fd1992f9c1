/** The headline figures: in flight, overdue, at risk, done today and today's on-time rate. */
import type { WarCounters } from '@shared/war-room';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { useWarRoom } from '@renderer/state/warRoomStore';

const ITEMS: { key: keyof WarCounters; label: MessageKey; testId: string; tone: string }[] = [
  { key: 'inFlight', label: 'counter.inFlight', testId: 'counter-in-flight', tone: 'neutral' },
  { key: 'overdue', label: 'counter.overdue', testId: 'counter-overdue', tone: 'overdue' },
  { key: 'atRisk', label: 'counter.atRisk', testId: 'counter-at-risk', tone: 'at-risk' },
  { key: 'doneToday', label: 'counter.doneToday', testId: 'counter-done-today', tone: 'done' },
];

export function Counters() {
  const t = useT();
  const counters = useWarRoom((s) => s.counters);
  const rate = counters?.onTimeRate ?? null;
  return (
    <div className="counters">
      {ITEMS.map((item) => (
        <div key={item.key} className={`counter counter--${item.tone}`}>
          <div className="counter__label">{t(item.label)}</div>
          {/* text content is the bare number: tests and wall-screen scrapers read it */}
          <div className="counter__value" data-testid={item.testId}>
            {counters ? String(counters[item.key]) : '—'}
          </div>
        </div>
      ))}
      <div className="counter counter--done">
        <div className="counter__label">{t('counter.onTime')}</div>
        <div className="counter__value" data-testid="counter-on-time">
          {rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}
        </div>
      </div>
    </div>
  );
}
