/**
 * The self-service page's access log for the supervisor (issue 18: "every page and code request in
 * an access log a supervisor can see"): the latest code requests, sign-ins and page reads with the
 * masked phone, the outcome and, for supervisors, the address. Read when opened, and again on demand.
 */
import { useCallback, useState } from 'react';
import type { TrackAccessData } from '@shared/track';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';

type Entry = TrackAccessData & { id: string };

export function TrackAccessLog() {
  const t = useT();
  const [lang] = useLang();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    getDeskApi()
      .trackAccessLog({ limit: 100 })
      .then((r) => (setEntries(r.entries), setError(null)), (err: unknown) => setError(describeError(err)));
  }, []);
  return (
    <details className="requests__handled" data-testid="track-access" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>{t('trackAccess.title')}</summary>
      {error && (
        <p className="panel-error" role="alert">
          {t('trackAccess.error', { error })}
        </p>
      )}
      {entries && entries.length === 0 && <p className="requests__note">{t('trackAccess.empty')}</p>}
      {entries && entries.length > 0 && (
        <table className="requests__access" data-testid="track-access-table">
          <thead>
            <tr>
              <th scope="col">{t('trackAccess.at')}</th>
              <th scope="col">{t('trackAccess.kind')}</th>
              <th scope="col">{t('trackAccess.phone')}</th>
              <th scope="col">{t('trackAccess.outcome')}</th>
              <th scope="col">{t('trackAccess.order')}</th>
              <th scope="col">{t('trackAccess.address')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="track-access-row" data-kind={e.kind} data-outcome={e.outcome}>
                <td>{formatDateTime(e.at, lang)}</td>
                <td>{t(`trackAccess.kind.${e.kind}`)}</td>
                <td>{e.phone ?? '—'}</td>
                <td>{e.outcome}</td>
                <td>{e.orderNo ?? '—'}</td>
                <td>{e.address ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="btn btn--small" onClick={load}>
        {t('trackAccess.reload')}
      </button>
    </details>
  );
}
