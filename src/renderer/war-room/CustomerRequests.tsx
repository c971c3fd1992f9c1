/**
 * The war room's queue of customers' date-change requests (issue 18 item 4): what customers asked
 * for on the self-service page, oldest first. A supervisor opens the order's diagnosis, reschedules
 * its installation with the bulk re-assign dialog from the wanted date, and marks the request
 * handled (`customerRequest.handle` through the outbox: every desk sees it handled; undoable from
 * the audit timeline). The list is re-read when the replica moves and every 15 s. The week's usage
 * share of the page (自助查询使用率) heads the queue.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CustomerRequestList, CustomerRequestView } from '@shared/customer-requests';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT, type Translate } from '@renderer/i18n/I18nProvider';
import type { Lang } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';
import { commandStore } from '@renderer/state/commandStore';
import { submitCommand } from '@renderer/state/commandSync';
import { warRoomStore } from '@renderer/state/warRoomStore';
import { BulkReassignDialog } from '@renderer/war-room/BulkReassignDialog';
import { SelfServiceCounter } from '@renderer/war-room/SelfServiceCounter';
import { TrackAccessLog } from '@renderer/war-room/TrackAccessLog';
import '@renderer/styles/requests.css';

const EVERY_MS = 15_000;

/** The queue, re-read on every new checkpoint (a synced request or its handling) and every 15 s. */
export function useCustomerRequests(): { data: CustomerRequestList | null; error: string | null; reload: () => void; stamp: number } {
  const checkpoint = useDeskState((s) => s.status?.checkpoint ?? 0);
  const [data, setData] = useState<CustomerRequestList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    getDeskApi()
      .customerRequests({})
      .then(
        (d) => live && (setData(d), setError(null)),
        (err: unknown) => live && setError(describeError(err)),
      );
    return () => {
      live = false;
    };
  }, [checkpoint, tick]);
  useEffect(() => {
    const timer = setInterval(reload, EVERY_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { data, error, reload, stamp: checkpoint * 1000 + tick };
}

/** The bottom panel's tab label, with the number still waiting. */
export function RequestsTabLabel() {
  const t = useT();
  const { data } = useCustomerRequests();
  return <>{data && data.open > 0 ? t('tab.requestsOpen', { n: data.open }) : t('tab.requests')}</>;
}

type Sent = { kind: 'idle' } | { kind: 'sending' } | { kind: 'error'; error: string };

function Request({ r, t, lang, onReschedule, onSent }: { r: CustomerRequestView; t: Translate; lang: Lang; onReschedule: (r: CustomerRequestView) => void; onSent: () => void }) {
  const [sent, setSent] = useState<Sent>({ kind: 'idle' });
  const open = r.state === 'new';
  const handle = () => {
    setSent({ kind: 'sending' });
    submitCommand(commandStore, () => getDeskApi().handleCustomerRequest({ requestId: r.id })).then(
      () => {
        setSent({ kind: 'idle' });
        onSent();
      },
      (err: unknown) => setSent({ kind: 'error', error: (err as Error).message }),
    );
  };
  const current = r.job?.date ? t('requests.current', { crew: r.job.crewName ?? r.job.crewId ?? '—', date: r.job.date }) : t('requests.currentUnbooked');
  return (
    <li className={`request${open ? '' : ' request--handled'}`} data-testid="customer-request" data-request-id={r.id} data-state={r.pending ? 'pending' : r.state}>
      <div className="request__head">
        <span className="request__no">{r.orderNo}</span>
        <span className="request__wanted" data-testid="request-wanted">{t('requests.wanted', { date: r.wanted })}</span>
        <span className="request__at">{t('requests.asked', { time: formatDateTime(r.at, lang) })}</span>
      </div>
      <div className="request__body">
        {r.order ? (
          <span>
            {[r.order.customerName, r.order.district, t('requests.stage', { stage: r.order.stage })].filter(Boolean).join(' · ')} · {current}
          </span>
        ) : (
          <span className="request__missing">{t('requests.noOrder')}</span>
        )}
        {r.note && <span className="request__note">{t('requests.note', { note: r.note })}</span>}
      </div>
      <div className="request__actions">
        <button type="button" className="btn btn--small" title={t('requests.diagnoseTitle', { orderNo: r.orderNo })} onClick={() => warRoomStore.set({ selectedOrderId: r.orderId })} disabled={!r.order} data-testid="request-diagnose">
          {t('requests.diagnose')}
        </button>
        {open && (
          <>
            <button type="button" className="btn btn--small" title={t('requests.rescheduleTitle', { orderNo: r.orderNo, date: r.wanted })} onClick={() => onReschedule(r)} disabled={!r.order} data-testid="request-reschedule">
              {t('requests.reschedule')}
            </button>
            <button type="button" className="btn btn--small btn--primary" title={t('requests.handleTitle', { orderNo: r.orderNo })} onClick={handle} disabled={r.pending || sent.kind === 'sending'} data-testid="request-handle">
              {r.pending || sent.kind === 'sending' ? t('requests.pending') : t('requests.handle')}
            </button>
          </>
        )}
        {!open && <span className="request__done">{t('requests.handled')}</span>}
        {sent.kind === 'error' && (
          <span role="alert" className="request__error">
            {t('requests.failed', { error: sent.error })}
          </span>
        )}
      </div>
    </li>
  );
}

export function CustomerRequests() {
  const t = useT();
  const [lang] = useLang();
  const { data, error, reload, stamp } = useCustomerRequests();
  const [rescheduling, setRescheduling] = useState<CustomerRequestView | null>(null);
  if (!data) {
    return (
      <div className="requests" data-testid="customer-requests" data-state={error ? 'error' : 'loading'}>
        <p className={error ? 'panel-error' : 'requests__note'} role={error ? 'alert' : 'status'}>
          {error ? t('requests.error', { error }) : t('requests.loading')}
        </p>
      </div>
    );
  }
  const open = data.requests.filter((r) => r.state === 'new');
  const handled = data.requests.filter((r) => r.state !== 'new');
  return (
    <div className="requests" data-testid="customer-requests" data-state="ready">
      <header className="requests__head">
        <h3>{t('requests.title')}</h3>
        <span className="requests__count" data-testid="requests-open">
          {t('requests.open', { n: data.open })}
        </span>
        <span className="requests__note">{t('requests.hint')}</span>
        <SelfServiceCounter stamp={stamp} />
      </header>
      {error && (
        <p className="panel-error" role="alert">
          {t('requests.error', { error })}
        </p>
      )}
      {open.length === 0 ? (
        <p className="requests__note" data-testid="requests-empty">
          {t('requests.empty')}
        </p>
      ) : (
        <ul className="requests__list">
          {open.map((r) => (
            <Request key={r.id} r={r} t={t} lang={lang} onReschedule={setRescheduling} onSent={reload} />
          ))}
        </ul>
      )}
      {handled.length > 0 && (
        <details className="requests__handled">
          <summary>{t('requests.handledSection')}</summary>
          <ul className="requests__list">
            {handled.map((r) => (
              <Request key={r.id} r={r} t={t} lang={lang} onReschedule={setRescheduling} onSent={reload} />
            ))}
          </ul>
        </details>
      )}
      <TrackAccessLog />
      {rescheduling && <BulkReassignDialog orderIds={[rescheduling.orderId]} date={rescheduling.wanted} onClose={() => setRescheduling(null)} />}
    </div>
  );
}
