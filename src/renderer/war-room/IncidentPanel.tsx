/** Right panel: the incidents (one line per root cause and place) with count, trend, first seen and state. */
import type { IncidentLine, IncidentState } from '@shared/war-room';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { incidentTitle } from '@renderer/i18n/labels';
import type { MessageKey } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { useCommands } from '@renderer/state/commandStore';
import { formatCount } from '@renderer/war-room/syncFigures';
import { Sparkline } from '@renderer/war-room/Sparkline';

const NEXT: Record<IncidentState, { to: IncidentState; label: MessageKey }[]> = {
  new: [{ to: 'acknowledged', label: 'inc.ack' }, { to: 'resolved', label: 'inc.resolve' }],
  acknowledged: [{ to: 'handling', label: 'inc.handle' }, { to: 'resolved', label: 'inc.resolve' }],
  handling: [{ to: 'resolved', label: 'inc.resolve' }],
  resolved: [{ to: 'new', label: 'inc.reopen' }],
};

async function moveIncident(id: string, state: IncidentState): Promise<void> {
  try {
    const { incident } = await getDeskApi().setIncidentState({ id, state });
    const board = warRoomStore.get().board;
    if (board) warRoomStore.set({ board: { ...board, incidents: board.incidents.map((i) => (i.id === id ? incident : i)) } });
    warRoomStore.setProblem('action', null);
  } catch (err) {
    warRoomStore.setProblem('action', describeError(err));
  }
}

export function selectIncident(id: string | null): void {
  const s = warRoomStore.get();
  warRoomStore.set({ selectedIncidentId: s.selectedIncidentId === id ? null : id, pickedOrderIds: null, pickedLabel: null });
}

function Row({ inc, rank, selected, readOnly }: { inc: IncidentLine; rank: number; selected: boolean; readOnly: boolean }) {
  const t = useT();
  const [lang] = useLang();
  // orders of this incident that a command from this desk is still waiting on (pending overlay)
  const pending = useCommands((s) => (s.pendingOrderIds.size === 0 ? 0 : inc.orderIds.reduce((n, id) => n + (s.pendingOrderIds.has(id) ? 1 : 0), 0)));
  return (
    <li className={`incident incident--${inc.state}${selected ? ' incident--selected' : ''}${pending > 0 ? ' incident--pending' : ''}`} data-testid="incident-row" data-incident-id={inc.id} data-count={inc.count} data-state={inc.state} data-pending={pending} aria-current={selected ? 'true' : undefined}>
      <button type="button" className="incident__main" onClick={() => selectIncident(inc.id)} aria-pressed={selected}>
        <span className="incident__rank">{rank}</span>
        <span className="incident__text">
          <span className="incident__title">{incidentTitle(inc, lang)}</span>
          <span className="incident__meta">
            <span className={`state-pill state-pill--${inc.state}`}>{t(`inc.state.${inc.state}` as MessageKey)}</span>
            <span>{t('inc.split', { overdue: inc.overdue, atRisk: inc.atRisk })}</span>
            <span>{t('inc.firstSeen', { time: formatDateTime(inc.firstSeen, lang) })}</span>
          </span>
          {inc.crews.length > 0 && <span className="incident__meta">{t('inc.crews', { names: inc.crews.map((c) => c.name).join('、') })}</span>}
          {inc.jobIds.length > 0 && <span className="incident__meta">{t('inc.jobs', { n: inc.jobIds.length })}</span>}
          {pending > 0 && <span className="incident__meta incident__pending" data-testid="incident-pending">{t('inc.pending', { n: pending })}</span>}
          {inc.examples.length > 0 && (
            <span className="incident__examples">
              {t('inc.examples')}
              {inc.examples.map((e) => e.orderNo).join(' · ')}
            </span>
          )}
        </span>
        <span className="incident__figures">
          <span className="incident__count" data-testid="incident-count">{t('inc.count', { n: formatCount(inc.count) })}</span>
          <Sparkline values={inc.trend} label={t('inc.trend', { n: inc.trend.length - 1 })} />
        </span>
      </button>
      {selected && !readOnly && (
        <div className="incident__actions">
          {NEXT[inc.state].map((n) => (
            <button key={n.to} type="button" className="btn btn--small" onClick={() => void moveIncident(inc.id, n.to)} data-testid={`incident-${n.to}`}>
              {t(n.label)}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

export function IncidentPanel({ readOnly = false }: { readOnly?: boolean }) {
  const t = useT();
  const board = useWarRoom((s) => s.board);
  const selected = useWarRoom((s) => s.selectedIncidentId);
  return (
    <aside className="cause-panel" data-testid="cause-panel" aria-label={t('inc.title')}>
      <div className="panel-head">
        <h2>{t('inc.title')}</h2>
        <div className="panel-head__sub">{t('inc.subtitle', { n: board?.threshold ?? 5 })}</div>
      </div>
      {board === null && <div className="cause-panel__empty">{t('inc.waiting')}</div>}
      {board !== null && board.incidents.length === 0 && <div className="cause-panel__empty">{t('inc.empty')}</div>}
      <ol className="incident-list" data-testid="incident-list">
        {board?.incidents.map((inc, i) => <Row key={inc.id} inc={inc} rank={i + 1} selected={inc.id === selected} readOnly={readOnly} />)}
      </ol>
      {board !== null && board.unattributed > 0 && <div className="cause-panel__foot">{t('inc.unattributed', { n: formatCount(board.unattributed) })}</div>}
    </aside>
  );
}
