/** The sync state, always in view: state, checkpoint, head, lag, last error, catch-up progress. */
import type { SyncState } from '@shared/contract';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { useDeskState } from '@renderer/state/appStore';
import { catchUpProgress, formatCount, syncLag } from '@renderer/war-room/syncFigures';

const STATE_LABEL: Record<SyncState, MessageKey> = {
  connecting: 'sync.connecting',
  syncing: 'sync.syncing',
  live: 'sync.live',
  offline: 'sync.offline',
  unauthorized: 'sync.unauthorized',
  forbidden: 'sync.forbidden',
  protocol_mismatch: 'sync.protocol_mismatch',
};

export function SyncPanel() {
  const t = useT();
  const status = useDeskState((s) => s.status);
  const state: SyncState = status?.state ?? 'connecting';
  const progress = catchUpProgress(status?.syncProgress ?? null);
  return (
    <div className={`sync-panel sync-panel--${state}`} data-testid="sync-state" data-state={state}>
      <div className="sync-panel__head">
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
            {status.pendingCommands > 0 && (
              <span>
                {t('sync.pending')} <b>{status.pendingCommands}</b>
              </span>
            )}
          </span>
        ) : (
          <span className="sync-panel__figures sync-panel__figures--muted">{t('sync.waiting')}</span>
        )}
        {status?.demo && (
          <span className="badge badge--demo" title={t('sync.demoTitle')} data-testid="demo-badge">
            {t('sync.demo')}
          </span>
        )}
      </div>
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
    </div>
  );
}
