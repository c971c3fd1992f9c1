/** The plans and bulk moves this desk applied, newest first, each undoable while it stands (issue 6, item 4). */
import { useCallback, useEffect, useState } from 'react';
import type { AppliedAction } from '@shared/plans';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';
import { useCommands } from '@renderer/state/commandStore';
import { formatDateTime } from '@renderer/i18n/timeFormat';

export function AppliedActions({ onUndo }: { onUndo: (label: string, actionId: string) => void }) {
  const t = useT();
  const [lang] = useLang();
  const [actions, setActions] = useState<AppliedAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // re-read whenever the outbox changes (an answer arrived) and every 5 s
  const version = useCommands((s) => s.commands);
  const read = useCallback(() => {
    getDeskApi()
      .actions({ limit: 100 })
      .then(
        (r) => (setActions(r.actions), setError(null)),
        (err: unknown) => setError(describeError(err)),
      );
  }, []);
  useEffect(() => {
    read();
    const timer = setInterval(read, 5000);
    return () => clearInterval(timer);
  }, [read, version]);

  return (
    <div className="applied-actions" data-testid="applied-actions">
      <h3>{t('plan.actions')}</h3>
      {error && <p className="panel-error" role="alert">{t('plan.error', { error })}</p>}
      {actions && actions.length === 0 && <p className="panel-empty">{t('plan.actions.none')}</p>}
      <ol>
        {actions?.map((a) => (
          <li key={a.actionId} className={`applied-action applied-action--${a.state}`} data-testid="applied-action" data-state={a.state} data-action-id={a.actionId}>
            <time dateTime={a.at}>{formatDateTime(a.at, lang)}</time>
            <span className="applied-action__label">{a.label}</span>
            <span>{t('plan.jobs', { n: a.jobs })}</span>
            <span className="applied-action__state">{t(`plan.state.${a.state}` as MessageKey)}</span>
            {a.error && <span className="applied-action__error">{a.error}</span>}
            {a.state === 'applied' && (
              <button type="button" className="btn btn--small btn--warn" onClick={() => onUndo(a.label, a.actionId)} data-testid="applied-action-undo">
                {t('plan.undo')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
