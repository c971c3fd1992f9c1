/** The four headline figures from overview.counters. */
import type { Counters as CounterFigures } from '@shared/contract';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { useDeskState } from '@renderer/state/appStore';

const ITEMS: { key: keyof CounterFigures; label: MessageKey; testId: string; tone: string }[] = [
  { key: 'inFlight', label: 'counter.inFlight', testId: 'counter-in-flight', tone: 'neutral' },
  { key: 'overdue', label: 'counter.overdue', testId: 'counter-overdue', tone: 'overdue' },
  { key: 'atRisk', label: 'counter.atRisk', testId: 'counter-at-risk', tone: 'at-risk' },
  { key: 'doneToday', label: 'counter.doneToday', testId: 'counter-done-today', tone: 'done' },
];

export function Counters() {
  const t = useT();
  const counters = useDeskState((s) => s.overview?.counters ?? null);
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
    </div>
  );
}
