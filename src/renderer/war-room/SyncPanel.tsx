/**
 * The sync state, always in view: state, checkpoint, head, lag, pending commands, last error,
 * catch-up progress. A click opens the sync panel (details, the outbox, verify).
 */
import { useState } from 'react';
import type { SyncState } from '@shared/contract';
import { useT } from '@renderer/i18n/I18nProvider';
import { useDeskState } from '@renderer/state/appStore';
import { useCommands } from '@renderer/state/commandStore';
import { STATE_LABEL, catchUpProgress, formatCount, syncLag } from '@renderer/war-room/syncFigures';
import { SyncDetails } from '@renderer/war-room/SyncDetails';


export function SyncPanel({ wall = false }: { wall?: boolean }) {
  const t = useT();
  const status = useDeskState((s) => s.status);
  const shownPending = useCommands((s) => s.commands.filter((c) => c.state === 'pending').length);
  const [open, setOpen] = useState(false);
  const state: SyncState = status?.state ?? 'connecting';
  const progress = catchUpProgress(status?.syncProgress ?? null);
  const pending = Math.max(shownPending, status?.pendingCommands ?? 0);
  return (
    <div className={`sync-panel sync-panel--${state}`} data-testid="sync-state" data-state={state}>
      <button type="button" className="sync-panel__head" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-haspopup="dialog" title={t('syncp.open')} data-testid="sync-open">
        <span className="sync-panel__lamp" />
        <span className="sync-panel__state">{t(STATE_LABEL[state])}</span>
        {status ? (
          <span className="sync-panel__figures">
            <span>
              {t('sync.checkpoint')} <b data-testid="sync-checkpoint">{formatCount(status.checkpoint)}</b>
            </span>
            <span>
              {t('sync.head')} <b data-testid="sync-head">{formatCount(status.head)}</b>
            </span>
            <span className={syncLag(status) > 0 ? 'sync-panel__lag--behind' : undefined}>
              {t('sync.lag')} <b data-testid="sync-lag">{formatCount(syncLag(status))}</b>
            </span>
          </span>
        ) : (
          <span className="sync-panel__figures sync-panel__figures--muted">{t('sync.waiting')}</span>
        )}
        {pending > 0 && (
          <span className="badge badge--pending" data-testid="pending-badge" title={t('cmd.pendingBadge', { n: pending })}>
            {t('sync.pending')} {pending}
          </span>
        )}
        {status?.demo && (
          <span className="badge badge--demo" title={t('sync.demoTitle')} data-testid="demo-badge">
            {t('sync.demo')}
          </span>
        )}
      </button>
      {progress && (
        <div className="sync-panel__catch-up" data-testid="sync-progress">
          <div className="sync-panel__progress">
            <div className="sync-panel__bar" style={{ width: `${(progress.fraction * 100).toFixed(1)}%` }} />
          </div>
          <span>{t('sync.progress', { done: formatCount(progress.done), total: formatCount(progress.total) })}</span>
        </div>
      )}
      {status?.lastError && (
        <div className="sync-panel__error" data-testid="sync-error" title={status.lastError}>
          {status.lastError}
        </div>
      )}
      {open && <SyncDetails wall={wall} onClose={() => setOpen(false)} />}
    </div>
  );
}
