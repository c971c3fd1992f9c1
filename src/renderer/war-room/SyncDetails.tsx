/** The sync panel: checkpoint, head, lag, pending commands, last error, catch-up, verify, the outbox. */
import { useEffect, useRef } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { runVerify } from '@renderer/state/commandSync';
import { COMMAND_STATE, rejectionText } from '@renderer/war-room/commandText';
import { STATE_LABEL, formatCount, syncLag } from '@renderer/war-room/syncFigures';
import { VerifyResultView } from '@renderer/war-room/VerifyResultView';

export function SyncDetails({ wall, onClose }: { wall: boolean; onClose: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const status = useDeskState((s) => s.status);
  const commands = useCommands((s) => s.commands);
  const problem = useCommands((s) => s.problem);
  const verify = useCommands((s) => s.verify);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), onClose());
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  const p = status?.syncProgress ?? null;
  const pending = commands.filter((c) => c.state === 'pending').length;
  return (
    <div className="sync-details" role="dialog" aria-labelledby="sync-details-title" data-testid="sync-details" ref={box} tabIndex={-1}>
      <div className="sync-details__head">
        <h2 id="sync-details-title">{t('syncp.title')}</h2>
        <button type="button" className="order-drawer__close" onClick={onClose} aria-label={t('syncp.close')} title={t('syncp.close')}>
          ✕
        </button>
      </div>
      <dl className="sync-details__grid">
        <dt>{t('syncp.state')}</dt>
        <dd>{t(STATE_LABEL[status?.state ?? 'connecting'])}</dd>
        <dt>{t('syncp.server')}</dt>
        <dd className="mono">{status?.serverUrl ?? '—'}</dd>
        <dt>{t('syncp.checkpoint')}</dt>
        <dd className="mono" data-testid="syncp-checkpoint">{status ? formatCount(status.checkpoint) : '—'}</dd>
        <dt>{t('syncp.head')}</dt>
        <dd className="mono" data-testid="syncp-head">{status ? formatCount(status.head) : '—'}</dd>
        <dt>{t('syncp.lag')}</dt>
        <dd className="mono" data-testid="syncp-lag">{status ? formatCount(syncLag(status)) : '—'}</dd>
        <dt>{t('syncp.pending')}</dt>
        <dd className="mono" data-testid="syncp-pending">{Math.max(pending, status?.pendingCommands ?? 0)}</dd>
        <dt>{t('syncp.lastError')}</dt>
        <dd className={status?.lastError ? 'sync-details__error' : undefined} data-testid="syncp-last-error">{status?.lastError ?? t('syncp.noError')}</dd>
        <dt>{t('syncp.catchUp')}</dt>
        <dd data-testid="syncp-catch-up">
          {p ? (
            <>
              <div className="sync-panel__progress">
                <div className="sync-panel__bar" style={{ width: `${Math.min(100, p.percent).toFixed(1)}%` }} />
              </div>
              {t('syncp.catchUpFigures', { rows: formatCount(p.rows), percent: p.percent.toFixed(1), rate: formatCount(p.rowsPerSecond) })}
              {p.phase === 'download' && <div className="sync-details__note" data-testid="syncp-phase">{t('syncp.phaseDownload')}</div>}
              {p.phase === 'load' && <div className="sync-details__note" data-testid="syncp-phase">{t('syncp.phaseLoad')}</div>}
              {p.phase === 'check' && <div className="sync-details__note" data-testid="syncp-phase">{t('syncp.phaseCheck')}</div>}
              {p.rebuilding && <div className="sync-details__note">{t('syncp.rebuilding')}</div>}
            </>
          ) : (
            t('syncp.catchUpIdle')
          )}
        </dd>
      </dl>
      {!wall && (
        <div className="sync-details__verify">
          <button type="button" className="btn" disabled={verify.kind === 'running'} onClick={() => void runVerify(getDeskApi(), commandStore)} data-testid="verify-button">
            {t('syncp.verify')}
          </button>
          <VerifyResultView verify={verify} />
        </div>
      )}
      <h3 className="diag__h">{t('syncp.commands')}</h3>
      {problem && <p className="order-drawer__error" role="alert">{t('syncp.commandsError', { error: problem })}</p>}
      {commands.length === 0 ? (
        <p className="diag__muted">{t('syncp.noCommands')}</p>
      ) : (
        <ul className="cmd-list" data-testid="command-list">
          {commands.slice(0, 20).map((c) => (
            <li key={c.seq} className={`cmd cmd--${c.state}`} data-testid="command-row" data-state={c.state}>
              <span className={`cmd__state cmd__state--${c.state}`}>{t(COMMAND_STATE[c.state])}</span>
              <span className="cmd__label">{c.label}</span>
              <span className="cmd__meta">
                {formatDateTime(c.createdAt, lang)} · {t('cmd.sent', { n: c.sendCount })}
              </span>
              {c.error && <span className="cmd__error">{rejectionText(c.error, t)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
