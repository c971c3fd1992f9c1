/** Right panel: overdue orders grouped by cause and district, top 10 (client-side for now). */
import { useMemo } from 'react';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import { useDeskState } from '@renderer/state/appStore';
import { groupOverdue, UNTAGGED } from '@renderer/war-room/causeGroups';
import { formatCount } from '@renderer/war-room/syncFigures';

interface Props {
  onPick: (orderId: string) => void;
}

export function CausePanel({ onPick }: Props) {
  const t = useT();
  const [lang] = useLang();
  const overdue = useDeskState((s) => s.overview?.overdue ?? null);
  const all = useMemo(() => (overdue ? groupOverdue(overdue, Infinity) : []), [overdue]);
  const groups = all.slice(0, 10);
  const top = groups[0]?.count ?? 1;
  const groupCount = all.length;

  return (
    <aside className="cause-panel" data-testid="cause-panel">
      <div className="panel-head">
        <h2>{t('causes.title')}</h2>
        <div className="panel-head__sub">{overdue ? t('causes.total', { n: formatCount(overdue.length), groups: groupCount }) : t('causes.subtitle')}</div>
      </div>
      {overdue === null && <div className="cause-panel__empty">{t('causes.waiting')}</div>}
      {overdue !== null && groups.length === 0 && <div className="cause-panel__empty">{t('causes.empty')}</div>}
      <ol className="cause-list">
        {groups.map((g, i) => (
          <li key={g.key} className="cause-row" data-testid="cause-row">
            <button type="button" className="cause-row__button" onClick={() => g.orderIds[0] && onPick(g.orderIds[0])}>
              <span className="cause-row__rank">{i + 1}</span>
              <span className="cause-row__main">
                <span className={`cause-row__cause${g.cause === UNTAGGED ? ' cause-row__cause--untagged' : ''}`}>
                  {g.cause === UNTAGGED ? t('causes.untagged') : causeLabel(g.cause, lang)}
                </span>
                <span className="cause-row__where">
                  {g.city} · {g.district}
                  <span className="cause-row__worst">{t('causes.worst', { n: Math.round(g.maxHoursLate) })}</span>
                </span>
                <span className="cause-row__bar" style={{ width: `${Math.max(4, (g.count / top) * 100)}%` }} />
              </span>
              <span className="cause-row__count">{t('causes.count', { n: formatCount(g.count) })}</span>
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
